"""README.md stays true: the rules table matches the registry, the commands are right."""

from __future__ import annotations

import re
from pathlib import Path

from auditor.registry import all_docs
from auditor.report.markdown import END, STAGE_END, STAGE_START, START, replace_table, rules_table, stage_table

README = Path(__file__).resolve().parent.parent / "README.md"


def test_rules_table_is_current() -> None:
    text = README.read_text(encoding="utf-8")
    fresh = replace_table(text, rules_table(all_docs()))
    assert fresh == text, "README rules table is stale: run `python -m auditor.report.markdown README.md`"


def test_stage_profiles_table_is_current() -> None:
    text = README.read_text(encoding="utf-8")
    fresh = replace_table(text, stage_table(), STAGE_START, STAGE_END)
    assert fresh == text, "README stage table is stale: run `python -m auditor.report.markdown README.md`"


def test_every_rule_is_in_the_table() -> None:
    table = README.read_text(encoding="utf-8").split(START, 1)[1].split(END, 1)[0]
    for rid in all_docs():
        assert re.search(rf"\b{rid}\b", table), rid


def test_two_commands_near_the_top() -> None:
    head = README.read_text(encoding="utf-8")[:1500]
    assert "python -m pip install . && audit path/to/repo" in head
    assert "python -m pip install -e '.[test]' && python -m pytest" in head
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "Run the tests" in head and "^python -m pip install -e" in ci


def test_ci_examples_are_valid_yaml_and_name_the_files_audit_writes() -> None:
    import yaml

    from auditor.cli import EXTENSIONS

    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    assert len(blocks) >= 3
    for block in blocks:
        yaml.safe_load(re.sub(r"<[^>]+>", "x", block))
    for name in re.findall(r"audit-out/(audit-report\.[\w.]+)", text):
        assert name.removeprefix("audit-report.") in EXTENSIONS.values(), name
