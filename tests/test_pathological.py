"""Real files that stall or crash other analyzers (tests/fixtures/pathological/, see its
README): the real CLI audits each one on its own and gives a verdict, with the file
either analysed or listed in `errors` with its reason, and never a traceback.

- FastAPI's test file with one `assert` of 6,859 lines: radon's raw metrics take minutes
  on it (tokenizing the whole statement again for each of its lines).
- SymPy's Galois resolvent table: arithmetic nested about 570 levels deep, past the
  recursion limit of recursive tree visitors (vulture's `RecursionError`).

No network: the files are vendored. No timing assertion: `bench/` measures time.
"""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import CliResult, run_cli_many

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pathological"
# vendored name -> the original file name, under which it is audited
FASTAPI = "test_include_router_defaults_overrides.py"
SYMPY = "resolvent_lookup.py"
VENDORED = {FASTAPI: "fastapi_test_include_router_defaults_overrides.py.txt", SYMPY: "sympy_resolvent_lookup.py.txt"}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[CliResult, Path]]:
    """One audit per file, each in a folder holding just that file (both run at once)."""
    folders = {}
    for name, vendored in VENDORED.items():
        folder = tmp_path_factory.mktemp(name.removesuffix(".py"))
        shutil.copyfile(FIXTURES / vendored, folder / name)
        folders[name] = folder
    results = run_cli_many(
        [((folder, "-j", "1", "--no-cache", "-f", "json", "-o", "-"), folder) for folder in folders.values()]
    )
    return {name: (result, folders[name]) for name, result in zip(folders, results)}


def report_of(result: CliResult) -> dict[str, Any]:
    assert "Traceback" not in result.out + result.err, result.err
    assert "audit: error" not in result.err, result.err
    assert result.code in (0, 1), f"exit {result.code}: {result.err}"
    return json.loads(result.out)


def test_the_fixtures_are_the_pathological_originals() -> None:
    """The vendored bytes still hold what makes them hard (a formatter or an editor
    reflowing them would quietly turn these tests into easy ones)."""
    fastapi = (FIXTURES / VENDORED[FASTAPI]).read_text(encoding="utf-8")
    longest = max(
        (node for node in ast.walk(ast.parse(fastapi)) if isinstance(node, ast.Assert)),
        key=lambda node: (node.end_lineno or node.lineno) - node.lineno,
    )
    assert (longest.lineno, (longest.end_lineno or 0) - longest.lineno + 1) == (446, 6859)
    sympy = (FIXTURES / VENDORED[SYMPY]).read_text(encoding="utf-8")
    assert sympy.count("\n") == 456
    assert "(6, 1): [" in sympy


@pytest.mark.parametrize("name", [FASTAPI, SYMPY])
def test_the_file_is_audited_or_reported_with_a_reason(runs: dict[str, tuple[CliResult, Path]], name: str) -> None:
    result, _ = runs[name]
    report = report_of(result)
    errors = [e for e in report["errors"] if e["file"] == name]
    assert all(e["kind"] and e["message"].strip() for e in errors), errors
    assert not any("Traceback" in e["message"] or "NameError" in e["message"] for e in errors), errors
    if report["summary"]["files_analyzed"] == 0:
        assert errors, "a file not analysed must be listed in errors with its reason"
    else:
        assert report["summary"]["files_analyzed"] == 1
        # an analyzer that gave up on the file says so, by name
        assert all(e["kind"] == "rule-crash" and e["rule"] and "nesting too deep" in e["message"] for e in errors), errors
    assert report["summary"]["errors"] == len(report["errors"])


def test_bandit_reads_the_deep_file_as_its_own_cli_does(runs: dict[str, tuple[CliResult, Path]]) -> None:
    """`bandit resolvent_lookup.py` walks this file without error: 570 levels fit in
    CPython's default recursion limit at bandit's one frame per level. The adapter must
    not need more (the rule visitors and radon's complexity may give up, with a reason)."""
    result, _ = runs[SYMPY]
    report = report_of(result)
    gave_up = {e["rule"] for e in report["errors"] if e["file"] == SYMPY}
    assert "bandit" not in gave_up, report["errors"]
    assert report["summary"]["files_analyzed"] == 1


def test_the_6859_line_assert_gets_its_raw_metrics(runs: dict[str, tuple[CliResult, Path]]) -> None:
    result, _ = runs[FASTAPI]
    report = report_of(result)
    assert report["errors"] == []
    assert report["summary"]["files_analyzed"] == 1
    assert report["summary"]["lines_analyzed"] == 7304
    metrics = report["metrics"]["files"][FASTAPI]
    assert metrics["loc"] == 7304
    assert metrics["blank"] + metrics["comments"] <= metrics["loc"]
    assert 7000 < metrics["sloc"] <= 7304
    assert metrics["all_functions"] == 27  # one per test function in the file
