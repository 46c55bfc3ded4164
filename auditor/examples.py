"""Running a rule's documented examples through the real engine.

Used by the test suite (every VALID/INVALID snippet and before/after pair is proven) and
usable by anyone writing a rule: `check_examples(RuleClass)` returns what went wrong.
"""

from __future__ import annotations

import re
import tempfile
import textwrap
from pathlib import Path

from auditor.config import Config
from auditor.rule import EngineRule, expected_lines

FILE_MARKER = re.compile(r"^#\s*file:\s*(\S+)\s*$")


def split_files(code: str, default: str = "example.py") -> dict[str, str]:
    """A snippet as files: `# file: path` lines start a new file (for project rules)."""
    code = textwrap.dedent(code).strip("\n") + "\n"
    files: dict[str, list[str]] = {}
    current = default
    for line in code.splitlines():
        m = FILE_MARKER.match(line.strip())
        if m:
            current = m.group(1)
            files.setdefault(current, [])
            continue
        files.setdefault(current, []).append(line)
    return {path: "\n".join(lines).strip("\n") + "\n" for path, lines in files.items() if path != default or lines}


def reported_lines(rule_cls: type, code: str) -> tuple[dict[str, list[int]], list[str]]:
    """{file: sorted lines} that `rule_cls` reports on the snippet, and any errors."""
    from auditor.api import audit

    files = split_files(code)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text, encoding="utf-8")
        # Engine rules judge other rules' findings, so they run with every rule.
        select = () if issubclass(rule_cls, EngineRule) else (rule_cls.id,)
        result = audit([root], Config(select=select, per_file_ignores=()), jobs=1)
    got: dict[str, list[int]] = {}
    for f in result.findings:
        if f.rule == rule_cls.id:
            got.setdefault(f.file, []).append(f.line)
    errors = [f"{e.file}: {e.kind.value}: {e.message}" for e in result.errors]
    return {k: sorted(v) for k, v in got.items()}, errors


def expected(code: str) -> dict[str, list[int]]:
    return {p: expected_lines(t) for p, t in split_files(code).items() if expected_lines(t)}


def check_examples(rule_cls: type) -> list[str]:
    """Every problem with a rule's examples, as readable lines (empty: all proven)."""
    problems: list[str] = []
    cases = [("VALID", s, False) for s in rule_cls.VALID] + [("INVALID", s, True) for s in rule_cls.INVALID]
    for label, snippet, invalid in cases:
        got, errors = reported_lines(rule_cls, snippet)
        want = expected(snippet) if invalid else {}
        if errors:
            problems.append(f"{label} snippet did not analyse cleanly: {errors}")
        if got != want:
            problems.append(f"{label} snippet: expected {want}, reported {got}\n{textwrap.dedent(snippet)}")
    before, _ = reported_lines(rule_cls, rule_cls.example.before)
    if not before:
        problems.append("example.before is not reported")
    after, _ = reported_lines(rule_cls, rule_cls.example.after)
    if after:
        problems.append(f"example.after is still reported: {after}")
    return problems


__all__ = ["check_examples", "split_files"]
