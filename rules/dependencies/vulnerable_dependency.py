from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

from auditor.analysis.advisories import AdvisoryDB, AdvisoryError, Match, load_path, load_store
from auditor.analysis.manifests import DEV, Manifests, manifests
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

_SUMMARIES = 3  # advisories whose one-line summary the message quotes
_RANK = {Severity.INFO: 0, Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3, Severity.CRITICAL: 4}


@dataclass(frozen=True)
class _Pin:
    name: str
    version: str
    file: str
    line: int
    text: str
    dev: bool
    locked: bool


class VulnerableDependency(ProjectRule):
    """A pinned or locked dependency version with a known vulnerability (OSV advisories)."""

    id = "DEP005"
    title = "Dependency version with a known vulnerability"
    category = Category.DEPENDENCIES
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (1395, 937)
    refs = (
        "https://ossf.github.io/osv-schema/",
        "https://github.com/pypa/advisory-database",
        "https://cwe.mitre.org/data/definitions/1395.html",
    )
    tags = ("supply-chain", "security", "advisories")
    # `advisories`: an OSV folder, zip export or file (the `--advisories` option and the
    # `advisories` key of [tool.auditor] set it); empty: the local store of
    # `audit advisories import/update`. `repository-advisories`: a folder of the audited
    # repository with OSV files of its own (advisories for private packages).
    options = {"advisories": "", "repository-advisories": ".advisories"}
    effort = 30
    why = """
        The version the project pins or locks has a published vulnerability: attackers read
        the same advisories, and exploits for popular packages (request smuggling, header
        leaks on redirect, template or deserialisation code execution) follow within days.
        Only exact versions are judged, `==` pins and lock files, since a range says nothing
        about what is installed. Advisories come from OSV data, e.g. the PyPA advisory
        database (CC-BY 4.0); the audit reads a local copy and never uses the network.
        """
    fix = """
        Upgrade to the fixed version the finding names (the lowest release that fixes every
        listed advisory) and re-lock. If no fix exists, check whether the vulnerable feature
        is used, mitigate, and record the decision with a suppression that names the advisory.
        Refresh the advisory data regularly: `audit advisories update`.
        """
    example = Example(
        before="""
            # file: requirements.txt
            requests==2.19.0
            # file: .advisories/PYSEC-2018-28.json
            {"id": "PYSEC-2018-28", "aliases": ["CVE-2018-18074"], "modified": "2018-10-09T00:29:00Z",
             "details": "Requests before 2.20.0 sends an HTTP Authorization header to an http URI upon a https-to-http redirect.",
             "affected": [{"package": {"ecosystem": "PyPI", "name": "requests"},
               "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.20.0"}]}]}]}
            """,
        after="""
            # file: requirements.txt
            requests==2.32.3
            # file: .advisories/PYSEC-2018-28.json
            {"id": "PYSEC-2018-28", "aliases": ["CVE-2018-18074"], "modified": "2018-10-09T00:29:00Z",
             "details": "Requests before 2.20.0 sends an HTTP Authorization header to an http URI upon a https-to-http redirect.",
             "affected": [{"package": {"ecosystem": "PyPI", "name": "requests"},
               "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.20.0"}]}]}]}
            """,
    )
    VALID = [
        """
        # file: requirements.txt
        requests>=2.0
        urllib3==2.2.2
        # file: .advisories/PYSEC-2018-28.yaml
        id: PYSEC-2018-28
        aliases: [CVE-2018-18074]
        details: Requests before 2.20.0 leaks the Authorization header on redirects.
        affected:
        - package: {ecosystem: PyPI, name: requests}
          ranges:
          - type: ECOSYSTEM
            events: [{introduced: "0"}, {fixed: 2.20.0}]
        # file: .advisories/GHSA-withdrawn.yaml
        id: GHSA-xxxx-withdrawn
        withdrawn: "2024-01-01T00:00:00Z"
        details: Withdrawn after review.
        affected:
        - package: {ecosystem: PyPI, name: urllib3}
          versions: [2.2.2]
        """,
    ]
    INVALID = [
        """
        # file: requirements.txt
        requests==2.19.0  # expect
        jinja2==3.1.4
        # file: poetry.lock
        [[package]]
        name = "urllib3"  # expect
        version = "1.26.4"
        # file: .advisories/PYSEC-2018-28.yaml
        id: PYSEC-2018-28
        aliases: [CVE-2018-18074]
        details: Requests before 2.20.0 leaks the Authorization header on redirects.
        severity:
        - {type: CVSS_V3, score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"}
        affected:
        - package: {ecosystem: PyPI, name: requests}
          ranges:
          - type: ECOSYSTEM
            events: [{introduced: "0"}, {fixed: 2.20.0}]
        # file: .advisories/PYSEC-2021-108.yaml
        id: PYSEC-2021-108
        aliases: [CVE-2021-33503]
        details: Catastrophic backtracking in the authority regex of urllib3 before 1.26.5.
        affected:
        - package: {ecosystem: PyPI, name: urllib3}
          ranges:
          - type: ECOSYSTEM
            events: [{introduced: "1.25.4"}, {last_affected: 1.26.4}]
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        found = manifests(project)
        for file, message in found.errors:
            self.report_error(file, message)
        pins = _pins(found)
        if not pins:
            return
        db = self._advisories(project, {p.name for p in pins})
        if db is None:
            return
        for pin in pins:
            matches = db.match(pin.name, pin.version)
            if matches:
                self._report(pin, matches)

    def _advisories(self, project: ProjectIndex, names: set[str]) -> AdvisoryDB | None:
        """The configured source (or the local store) plus the repository's own folder."""
        db = AdvisoryDB()
        any_source = False
        try:
            if self.opts["advisories"]:
                db.merge(load_path(self.opts["advisories"], names))
                any_source = True
            else:
                stored = load_store(names)
                if stored is not None:
                    db.merge(stored)
                    any_source = True
            folder = str(self.opts["repository-advisories"]).strip("/")
            if folder and project.root and any(f.startswith(folder + "/") for f in project.other_files):
                db.merge(load_path(Path(project.root) / folder, names))
                any_source = True
        except AdvisoryError as exc:
            self.report_error(str(self.opts["advisories"] or folder), str(exc))
            return None
        if db.problems:
            where, problem = db.problems[0]
            self.report_error(
                db.sources[0] if db.sources else "", f"{len(db.problems)} advisory document(s) skipped; first: {where}: {problem}"
            )
        return db if any_source else None

    def _report(self, pin: _Pin, matches: list[Match]) -> None:
        # The worst first; summaries for the first few, every id and alias regardless.
        ranked = sorted(matches, key=lambda m: (-_RANK[m.advisory.severity or Severity.HIGH], -(m.advisory.score or 0), m.advisory.id))
        parts = []
        for i, m in enumerate(ranked):
            aliases = f" ({', '.join(m.advisory.aliases)})" if m.advisory.aliases else ""
            parts.append(f"{m.advisory.id}{aliases}" + (f": {m.advisory.summary}" if i < _SUMMARIES else ""))
        fixes = [m.fixed for m in matches if m.fixed]
        unfixed = [m.advisory.id for m in matches if not m.fixed]
        advice = f"upgrade to {_highest(fixes)} or later" if fixes else "no fixed release is known"
        if fixes and unfixed:
            advice += f" (no fixed release for {', '.join(unfixed)})"
        count = f"{len(matches)} known vulnerabilit{'y' if len(matches) == 1 else 'ies'}"
        where = " (development dependency)" if pin.dev else ""
        message = f"{pin.name} {pin.version}{where} has {count}: {'; '.join(parts)}; {advice}"
        self.report_at(pin.file, pin.line, message, severity=_severity(matches, pin.dev), snippet=pin.text)


def _pins(found: Manifests) -> list[_Pin]:
    """One entry per (package, exact version): declared `==` pins first, then locks."""
    seen: dict[tuple[str, str], _Pin] = {}
    candidates = [
        _Pin(d.name, v, d.file, d.line, d.text, d.group == DEV, False)
        for d in found.declared
        if (v := d.pinned_version) is not None
    ]
    candidates += [_Pin(lk.name, lk.version, lk.file, lk.line, lk.text, False, True) for lk in found.locked]
    for pin in candidates:
        key = (pin.name, _normal(pin.version))
        if key not in seen:
            seen[key] = pin
        elif seen[key].dev and not pin.dev and not pin.locked:
            seen[key] = pin
    return sorted(seen.values(), key=lambda p: (p.file, p.line, p.name))


def _normal(version: str) -> str:
    try:
        return str(Version(version))
    except InvalidVersion:
        return version


def _highest(versions: list[str]) -> str:
    try:
        return str(max(versions, key=Version))
    except InvalidVersion:
        return sorted(versions)[-1]


def _severity(matches: list[Match], dev: bool) -> Severity:
    worst = max((m.advisory.severity or Severity.HIGH for m in matches), key=lambda s: _RANK[s])
    if dev and _RANK[worst] > _RANK[Severity.MEDIUM]:
        return Severity.MEDIUM  # not installed where the application runs
    return worst
