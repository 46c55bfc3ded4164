"""Jinja2 and Django template files: where they are and the tags they hold, with lines.

A light tokenizer, not a template engine: `{{ ... }}` expressions and `{% ... %}` tags
(both may span lines), skipping `{# ... #}` comments, `{% comment %}` and raw/verbatim
blocks. Enough to find `|safe` and `{% autoescape false %}` with exact lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from auditor.project import ProjectIndex

TEMPLATE_FILES = ("*.html", "*.htm", "*.jinja", "*.jinja2", "*.j2", "*.djhtml", "*.jhtml", "*.xml", "*.txt")
# Read wherever they are (an .html file without template tags is skipped after one read);
# .txt and .xml only under a templates directory.
_ANYWHERE = (".jinja", ".jinja2", ".j2", ".djhtml", ".jhtml", ".html", ".htm")
_TEMPLATE_DIRS = frozenset({"templates", "template", "jinja2", "jinja"})
_LIMIT = 512 * 1024

_OPEN = re.compile(r"\{[{%#]")
_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_BLOCK_START = re.compile(r"^\s*(comment|raw|verbatim)\b")
_BLOCK_END = {"comment": "endcomment", "raw": "endraw", "verbatim": "endverbatim"}


@dataclass(frozen=True)
class Token:
    kind: str  # "expr" | "tag"
    body: str  # what is between the delimiters, stripped
    line: int  # 1-based line of the opening delimiter
    column: int  # 1-based


def template_files(project: ProjectIndex) -> list[str]:
    """Template files of the repository: Jinja/Django extensions anywhere, .html/.txt/.xml
    under a `templates/` (or `jinja2/`) directory, and .html files holding template tags."""
    out = []
    for rel in project.files_matching(*TEMPLATE_FILES):
        lower = rel.lower()
        parts = lower.split("/")[:-1]
        if any(p in ("docs", "doc") for p in parts):
            continue  # documentation shows template syntax; it is not rendered
        under_templates = any(p in _TEMPLATE_DIRS for p in parts)
        if lower.endswith(_ANYWHERE) or under_templates:
            out.append(rel)
    return out


def read_template(project: ProjectIndex, relpath: str) -> str | None:
    text = project.read_text(relpath, limit=_LIMIT)
    if not text or "\x00" in text[:2048] or ("{{" not in text and "{%" not in text):
        return None
    return text


def tokens(text: str) -> Iterator[Token]:
    """Expressions and tags in order, with their lines; comments and raw blocks skipped.
    Linear in the text: an opener without its closer ends the scan (as it ends Jinja's)."""
    line, last, pos, line_start = 1, 0, 0, 0
    inside: str | None = None  # the block being skipped (comment, raw, verbatim)
    while True:
        m = _OPEN.search(text, pos)
        if m is None:
            return
        start = m.start()
        closer = _CLOSERS[m.group(0)]
        end = text.find(closer, start + 2)
        if end < 0:
            return
        pos = end + 2
        if m.group(0) == "{#":
            continue
        newlines = text.count("\n", last, start)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", last, start) + 1
        last = start
        body = text[start + 2: end]
        column = start - line_start + 1
        if m.group(0) == "{{":
            if inside is None:
                yield Token("expr", body.strip(), line, column)
            continue
        tag = body.strip().strip("-+").strip()
        if inside is not None:
            if tag.split(" ", 1)[0] == _BLOCK_END[inside]:
                inside = None
            continue
        opened = _BLOCK_START.match(tag)
        if opened:
            inside = opened.group(1)
            continue
        yield Token("tag", tag, line, column)


def line_text(text: str, line: int, limit: int = 300) -> str:
    lines = text.splitlines()
    out = lines[line - 1] if 0 < line <= len(lines) else ""
    return out if len(out) <= limit else out[: limit - 1] + "…"


# --- filter chains ---------------------------------------------------------------------

_SAFE = re.compile(r"\|\s*(safe|safeseq)\b")
# Filters whose output is already escaped or cannot hold markup: `|safe` after them is moot.
ESCAPING_FILTERS = frozenset(
    {
        "escape", "e", "force_escape", "forceescape", "escapejs", "striptags", "urlencode", "tojson",
        "json_script", "int", "float", "length", "count", "filesizeformat", "date", "time", "naturaltime",
        "naturalday", "intcomma", "iriencode", "slugify", "wordcount", "urlize_escaped", "xmlattr",
    }
)
_LITERAL = re.compile(r"""^(?:"[^"]*"|'[^']*'|-?\d+(?:\.\d+)?|(?:_|gettext|trans|pgettext)\(\s*(?:"[^"]*"|'[^']*')\s*\))$""")
_NAME = re.compile(r"[A-Za-z_]\w*")


def split_top(text: str, sep: str) -> list[str]:
    """`a|b("x|y")|c` -> [a, b("x|y"), c]: split outside quotes and brackets."""
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(depth - 1, 0)
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


@dataclass(frozen=True)
class SafeUse:
    offset: int  # in the token body
    filter: str  # safe | safeseq
    base: str  # the value the chain starts from
    filters: tuple[str, ...]  # names of the filters applied before `|safe`
    constant: bool  # a literal (or a translated literal) with literal-only arguments


def safe_uses(token: Token) -> Iterator[SafeUse]:
    """Each `|safe` / `|safeseq` in an expression or tag, with the chain before it."""
    body = token.body
    if token.kind == "tag" and body.startswith("filter"):
        body = body[len("filter"):].strip()
        chain = split_top(body, "|")
        for i, name in enumerate(chain):
            if _filter_name(name) in ("safe", "safeseq"):
                yield SafeUse(0, _filter_name(name), "", tuple(_filter_name(c) for c in chain[:i]), False)
        return
    for m in _SAFE.finditer(body):
        before = body[: m.start()]
        if token.kind == "tag":  # `{% set x = y|safe %}`, `{% with a=b|safe %}`: the last operand
            before = _last_operand(before)
        chain = split_top(before, "|")
        base, filters = chain[0], chain[1:]
        # A filter chain that continues after an earlier `|safe` starts from that value.
        yield SafeUse(m.start(), m.group(1), base, tuple(_filter_name(f) for f in filters), _constant(base, filters))


def _filter_name(f: str) -> str:
    return re.split(r"[(:\s]", f.strip(), maxsplit=1)[0]


def _constant(base: str, filters: list[str]) -> bool:
    if not _LITERAL.match(base.strip()):
        return False
    for f in filters:
        args = re.split(r"[(:]", f, maxsplit=1)[1] if re.search(r"[(:]", f) else ""
        args = re.sub(r"\"[^\"]*\"|'[^']*'", "", args)
        if _NAME.search(args.replace("True", "").replace("False", "").replace("None", "")):
            return False
    return True


def _last_operand(text: str) -> str:
    """`set x = a|b` -> `a|b`; `with y=c|d` -> `c|d` (the operand `|safe` applies to)."""
    compact = re.sub(r"\s*\|\s*", "|", text.strip())
    last = split_top(compact, " ")[-1]
    return split_top(split_top(last, "=")[-1], ",")[-1]


def is_plain_text(relpath: str) -> bool:
    """A `.txt` template (an e-mail body, a subject line) renders text, not HTML."""
    return relpath.lower().endswith(".txt")
