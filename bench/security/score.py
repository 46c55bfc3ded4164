"""Score static analysers on the labelled security corpus in bench/security/cases/.

    python bench/security/score.py [--tool auditor|bandit|both] [--json OUT] [--list-misses]

Every case is one file, cases/cwe-<N>/<framework>_<name>_<vuln|safe>.py. The auditor runs
once, in-process, over the whole cases directory (`audit([cases], Config(), jobs=2)`), and
bandit runs once (`bandit -r cases -f json`). A case counts as flagged when any finding in
its file has a CWE of the case's class (CWE_CLASSES) and a severity of `low` or more
(`info` does not count). Per CWE: TPR = flagged vulnerable / vulnerable cases, FPR =
flagged safe / safe cases, and TPR - FPR; the average is the plain mean over the CWEs.
Nothing here asserts a score: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"

# The CWEs a finding may carry and still count for a case of the class (the key).
CWE_CLASSES: dict[int, frozenset[int]] = {
    89: frozenset({89, 564}),  # SQL injection (564: Hibernate/ORM flavour)
    78: frozenset({77, 78, 88}),  # OS command / argument injection
    94: frozenset({94, 95}),  # code injection, eval injection
    22: frozenset({22, 23, 36, 73}),  # path traversal, external control of a file name
    601: frozenset({601}),  # open redirect
    79: frozenset({79, 80}),  # cross-site scripting
    918: frozenset({918}),  # server-side request forgery
    502: frozenset({502}),  # deserialization of untrusted data
    611: frozenset({611, 776, 827}),  # XXE, entity expansion, DTD
    90: frozenset({90}),  # LDAP injection
    643: frozenset({643}),  # XPath injection
    501: frozenset({501}),  # trust boundary violation (tainted data in the session)
    1336: frozenset({1336}),  # server-side template injection
    117: frozenset({117, 93}),  # log injection, CRLF injection
}

CWE_NAMES = {
    89: "SQL injection", 78: "OS command injection", 94: "code injection",
    22: "path traversal", 601: "open redirect", 79: "XSS", 918: "SSRF",
    502: "deserialization", 611: "XXE", 90: "LDAP injection", 643: "XPath injection",
    501: "trust boundary", 1336: "template injection", 117: "log injection",
}

# Bandit labels some checks with a CWE that is not what the check is about (eval as OS
# command injection, the XML parsers as "improper input validation"...). A finding of these
# rules (bandit's, or the auditor's bandit-derived one with the same id) counts as the CWE
# below instead, so each tool gets credit for what its check means. `--raw-cwe` turns it off.
RULE_CWE: dict[str, tuple[int, ...]] = {
    "B102": (95,),  # exec_used: CWE-78 in bandit
    "B307": (95,),  # eval: CWE-78 in bandit
    "B310": (918,),  # urllib urlopen (URL scheme/target control): CWE-22 in bandit
    "B506": (502,),  # yaml_load: CWE-20 in bandit
    "B701": (79,),  # jinja2 autoescape=False: CWE-94 in bandit
    **{f"B{n}": (611,) for n in (*range(313, 321), *range(405, 411))},  # XML parsers: CWE-20
}

SEVERITY_RANK = {"info": 0, "undefined": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}
FRAMEWORKS = ("flask", "django", "fastapi")
CASE_NAME = re.compile(r"^(flask|django|fastapi)_[a-z0-9_]+_(vuln|safe)\.py$")


@dataclass(frozen=True)
class Case:
    file: str  # relative to the cases directory: "cwe-89/flask_concat_vuln.py"
    cwe: int
    framework: str
    vulnerable: bool


@dataclass(frozen=True)
class Hit:
    """One finding of a tool, reduced to what scoring needs."""

    file: str  # relative to the cases directory, POSIX
    rule: str
    cwe: tuple[int, ...]
    severity: str  # info, low, medium, high, critical


def load_cases(cases_dir: Path = CASES) -> list[Case]:
    cases = []
    for path in sorted(cases_dir.glob("cwe-*/*.py")):
        m = CASE_NAME.match(path.name)
        if not m:
            raise ValueError(f"badly named case: {path}")
        cases.append(Case(
            file=path.relative_to(cases_dir).as_posix(),
            cwe=int(path.parent.name.removeprefix("cwe-")),
            framework=m.group(1),
            vulnerable=m.group(2) == "vuln",
        ))
    return cases


def run_auditor(cases_dir: Path = CASES) -> list[Hit]:
    from auditor.api import audit
    from auditor.config import Config

    result = audit([cases_dir], Config(), jobs=2)
    for err in result.errors:
        print(f"auditor: {err.file}: {err.kind.value}: {err.message}", file=sys.stderr)
    return [Hit(f.file, f.rule, tuple(f.cwe), f.severity.value) for f in result.findings]


def run_bandit(cases_dir: Path = CASES) -> list[Hit]:
    exe = Path(sys.executable).with_name("bandit")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "bandit"]
    proc = subprocess.run([*cmd, "-r", str(cases_dir), "-f", "json", "-q"], capture_output=True, text=True)
    if proc.returncode not in (0, 1):  # 1: issues found
        raise RuntimeError(f"bandit failed ({proc.returncode}): {proc.stderr[-2000:]}")
    report = json.loads(proc.stdout)
    for err in report.get("errors", []):
        print(f"bandit: {err.get('filename')}: {err.get('reason')}", file=sys.stderr)
    return bandit_hits(report, cases_dir)


def bandit_hits(report: dict, cases_dir: Path) -> list[Hit]:
    """Bandit's JSON report as hits; file names made relative to the cases directory."""
    hits = []
    for r in report["results"]:
        cwe = (r.get("issue_cwe") or {}).get("id") or 0
        rel = Path(r["filename"]).resolve().relative_to(cases_dir.resolve()).as_posix()
        hits.append(Hit(rel, r["test_id"], (int(cwe),) if cwe else (), r["issue_severity"].lower()))
    return hits


def hit_cwes(hit: Hit, relabel: bool = True) -> tuple[int, ...]:
    return RULE_CWE.get(hit.rule, hit.cwe) if relabel else hit.cwe


def flagging_hits(case: Case, hits: list[Hit], relabel: bool = True) -> list[Hit]:
    """The hits in the case's file that count for its CWE class (severity low or more)."""
    wanted = CWE_CLASSES[case.cwe]
    return [
        h for h in hits
        if h.file == case.file
        and SEVERITY_RANK.get(h.severity, 0) >= SEVERITY_RANK["low"]
        and wanted.intersection(hit_cwes(h, relabel))
    ]


def score(cases: list[Case], hits: list[Hit], relabel: bool = True) -> dict:
    """Per CWE counts and rates, their mean over CWEs, and the misclassified files."""
    by_file: dict[str, list[Hit]] = {}
    for h in hits:
        by_file.setdefault(h.file, []).append(h)
    found = {c.file: flagging_hits(c, by_file.get(c.file, []), relabel) for c in cases}
    per_cwe = _tally(cases, found)
    n = len(per_cwe) or 1
    average = {k: sum(r[k] for r in per_cwe.values()) / n for k in ("tpr", "fpr", "delta")}
    misses = [_miss(c, found[c.file]) for c in cases if bool(found[c.file]) != c.vulnerable]
    return {"per_cwe": dict(sorted(per_cwe.items())), "average": average, "misses": misses}


def _tally(cases: list[Case], found: dict[str, list[Hit]]) -> dict[int, dict]:
    """Cases and flagged cases per CWE, then TPR, FPR and TPR - FPR."""
    per_cwe: dict[int, dict] = {}
    for case in cases:
        row = per_cwe.setdefault(case.cwe, {"vuln": 0, "safe": 0, "tp": 0, "fp": 0})
        row["vuln" if case.vulnerable else "safe"] += 1
        row["tp" if case.vulnerable else "fp"] += bool(found[case.file])
    for row in per_cwe.values():
        row.update(tpr=_ratio(row["tp"], row["vuln"]), fpr=_ratio(row["fp"], row["safe"]))
        row["delta"] = row["tpr"] - row["fpr"]
    return per_cwe


def _miss(case: Case, found: list[Hit]) -> dict:
    kind = "false positive" if found else "false negative"
    return {"file": case.file, "kind": kind, "rules": sorted({h.rule for h in found})}


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _rates(r: dict) -> str:
    return f" | {100 * r['tpr']:>11.1f}%{100 * r['fpr']:>6.1f}%{100 * r['delta']:>+8.1f}%"


def render_table(results: dict[str, dict]) -> str:
    """One row per CWE and the average; for each tool TPR, FPR and TPR - FPR."""
    first = next(iter(results.values()))["per_cwe"]
    head = f"{'CWE':<6}{'category':<22}{'vuln/safe':>10}" + "".join(
        f" | {t + ' TPR':>12}{'FPR':>7}{'TPR-FPR':>9}" for t in results
    )
    rule = "-" * len(head)
    rows = [
        f"{c:<6}{CWE_NAMES.get(c, ''):<22}{_counts(first[c]):>10}" + "".join(_rates(r["per_cwe"][c]) for r in results.values())
        for c in sorted(first)
    ]
    total = {k: sum(r[k] for r in first.values()) for k in ("vuln", "safe")}
    avg = f"{'avg':<6}{'(mean over CWEs)':<22}{_counts(total):>10}" + "".join(_rates(r["average"]) for r in results.values())
    return "\n".join([head, rule, *rows, rule, avg])


def _counts(row: dict) -> str:
    return f"{row['vuln']}/{row['safe']}"


def print_misses(results: dict[str, dict], out) -> None:
    for tool, r in results.items():
        print(f"\n{tool}: {len(r['misses'])} cases wrong", file=out)
        for m in r["misses"]:
            rules = f" ({', '.join(m['rules'])})" if m["rules"] else ""
            print(f"  {m['kind']:<15} {m['file']}{rules}", file=out)


def to_json(cases: list[Case], results: dict[str, dict], relabel: bool) -> str:
    return json.dumps({
        "cases": [c.__dict__ for c in cases],
        "cwe_classes": {str(k): sorted(v) for k, v in CWE_CLASSES.items()},
        "relabelled": relabel,
        "tools": {t: {
            "per_cwe": {str(k): v for k, v in r["per_cwe"].items()},
            "average": r["average"],
            "misses": r["misses"],
        } for t, r in results.items()},
    }, indent=2)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tool", choices=("auditor", "bandit", "both"), default="both")
    ap.add_argument("--json", metavar="OUT", help="write machine-readable results to OUT ('-' for stdout)")
    ap.add_argument("--list-misses", action="store_true", help="print the cases each tool got wrong")
    ap.add_argument("--raw-cwe", action="store_true", help="use the CWEs as the tools report them (no RULE_CWE relabelling)")
    ap.add_argument("--cases", type=Path, default=CASES, help="the cases directory (default: %(default)s)")
    args = ap.parse_args(argv)

    cases_dir = args.cases.resolve()
    cases = load_cases(cases_dir)
    runners = {"auditor": run_auditor, "bandit": run_bandit}
    tools = list(runners) if args.tool == "both" else [args.tool]
    results = {t: score(cases, runners[t](cases_dir), relabel=not args.raw_cwe) for t in tools}

    out = sys.stderr if args.json == "-" else sys.stdout
    print(f"{len(cases)} cases in {cases_dir}", file=out)
    print(render_table(results), file=out)
    if args.list_misses:
        print_misses(results, out)
    if args.json == "-":
        print(to_json(cases, results, not args.raw_cwe))
    elif args.json:
        Path(args.json).write_text(to_json(cases, results, not args.raw_cwe) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
