"""The HTML report: one self-contained file (inline CSS and JS, no network) from an AuditResult.

Everything that comes from the audited repository (paths, messages, snippets) is escaped by
Jinja's autoescape or by Pygments. The page carries a Content-Security-Policy that allows
only its own inline script (by hash) and no network at all, so a mistake in escaping still
cannot run code or fetch anything. Renders only the result: no source file is read here.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import jinja2
from markupsafe import Markup, escape
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from auditor.model import AuditResult, Category, Finding, RuleDoc, Severity

TEMPLATE = "report.html.j2"

SEVERITIES: tuple[Severity, ...] = tuple(sorted(Severity, key=lambda s: -s.rank))


@dataclass(frozen=True)
class RuleEntry:
    """A rule that fired, with its doc (None when the result does not carry it).

    `severity` is that of its most important finding (a finding may be rated above or
    below the rule's default), so the rules section reads in the same order as the findings.
    """

    id: str
    title: str
    category: Category
    severity: Severity
    count: int
    doc: RuleDoc | None


def render_html(result: AuditResult) -> str:
    """The report for `result` as one HTML document."""
    return _environment().get_template(TEMPLATE).render(**_context(result))


def _context(result: AuditResult) -> dict[str, object]:
    findings = result.findings
    fired = _rules_fired(result)
    by_category = _categories_found(result)
    by_severity = result.counts_by_severity()
    urgent = [(s, by_severity[s.value]) for s in (Severity.CRITICAL, Severity.HIGH)]
    return {
        "result": result,
        "findings": findings,
        "errors": result.errors,
        "documented": {r.id for r in fired if r.doc is not None},
        "rules_fired": fired,
        "severities": SEVERITIES,
        "by_severity": by_severity,
        "urgent": sum(n for _, n in urgent),
        "urgent_parts": [f"{n:,} {s.value}" for s, n in urgent if n],
        "by_category": by_category,
        "max_category": max((n for _, n in by_category), default=0),
        "files_with_findings": len({f.file for f in findings}),
        "timings": sorted(result.timings.items(), key=lambda kv: -kv[1]),
    }


def _categories_found(result: AuditResult) -> list[tuple[Category, int]]:
    """(category, count) for the categories with findings, most findings first."""
    found = [(Category(k), n) for k, n in result.counts_by_category().items() if n]
    return sorted(found, key=lambda kv: (-kv[1], kv[0].value))


def _rules_fired(result: AuditResult) -> list[RuleEntry]:
    """Each rule that fired, once, in the order of its most important finding."""
    counts = Counter(f.rule for f in result.findings)
    first: dict[str, Finding] = {}
    for f in result.findings:  # already priority-sorted
        first.setdefault(f.rule, f)
    entries = []
    for rule_id, f in first.items():
        doc = result.rules.get(rule_id)
        entries.append(
            RuleEntry(
                id=rule_id,
                title=doc.title if doc else f.title,
                category=doc.category if doc else f.category,
                severity=f.severity,
                count=counts[rule_id],
                doc=doc,
            )
        )
    return entries


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    package = files("auditor.templates")
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: package.joinpath(name).read_text("utf-8")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        code=_code,
        prose=_prose,
        inline=_inline,
        label=_label,
        duration=_duration,
        csp_hash=_csp_hash,
        safe_url=_safe_url,
        anchor=_anchor,
        quantity=_quantity,
    )
    return env


_LEXER = PythonLexer(stripnl=False, ensurenl=False)
_FORMATTER = HtmlFormatter(nowrap=True)


@lru_cache(maxsize=4096)
def _code(text: str) -> Markup:
    """Python source highlighted by Pygments (which escapes it), as a Markup string.

    Cached: the same few lines (`except: pass`, an import) recur across a large report.
    """
    if not text:
        return Markup("")
    return Markup(highlight(text, _LEXER, _FORMATTER).rstrip("\n"))  # nosec B704: Pygments escapes


_BACKTICKS = re.compile(r"`([^`\n]+)`")
_BULLET = re.compile(r"^\s*[-*]\s+")


def _inline(text: str) -> Markup:
    """One line of text, escaped, with `code` spans as <code> (finding messages, prose)."""
    return Markup(_BACKTICKS.sub(r"<code>\1</code>", str(escape(text))))  # nosec B704: escaped first


def _prose(text: str) -> Markup:
    """Rule prose as HTML: blank-line paragraphs, `- ` bullet lists, `code` spans.

    The text is escaped first; only then are the tags added.
    """

    def inline(part: str) -> str:
        return str(_inline(part.strip()))

    out = []
    for block in re.split(r"\n\s*\n", text or ""):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all(_BULLET.match(line) for line in lines):
            items = "".join(f"<li>{inline(_BULLET.sub('', line))}</li>" for line in lines)
            out.append(f"<ul>{items}</ul>")
        else:
            out.append(f"<p>{inline(' '.join(line.strip() for line in lines))}</p>")
    return Markup("\n".join(out))  # nosec B704: every part built from escaped text


def _label(value: Category | Severity | str) -> str:
    """`error-handling` -> `Error handling`, `Severity.HIGH` -> `High`."""
    raw = value.value if isinstance(value, (Category, Severity)) else value
    return raw.replace("-", " ").capitalize()


def _duration(seconds: float) -> str:
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 120:
        return f"{seconds:.1f} s"
    return f"{int(seconds // 60)} min {seconds % 60:.0f} s"


def _quantity(n: int, noun: str) -> str:
    """`1 finding`, `1,204 findings`."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _csp_hash(script: str) -> str:
    """The CSP source expression allowing exactly this inline script."""
    digest = hashlib.sha256(str(script).encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _safe_url(url: str) -> str | None:
    """The URL if it is a plain http(s) link (rule refs), else None: rendered as text."""
    return url if re.match(r"^https?://[^\s\"'<>]+$", url or "") else None


def _anchor(rule_id: str) -> str:
    """A fragment id for a rule; ids are [A-Z0-9] by contract, anything else is replaced."""
    return "rule-" + re.sub(r"[^A-Za-z0-9_-]", "_", rule_id)
