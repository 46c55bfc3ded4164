"""The pre-commit hook in .pre-commit-hooks.yaml runs the real CLI as pre-commit would."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from conftest import SHELL_CALL, make_repo

ROOT = Path(__file__).resolve().parent.parent


def test_precommit_hook_runs_audit_and_fails_on_high(tmp_path: Path) -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "audit" and hook["entry"] == "audit" and hook["pass_filenames"] is False
    bad = make_repo(tmp_path / "bad", {"app.py": SHELL_CALL})
    # A used function: the dead-code rule (ARC005) has nothing to say about it.
    good = make_repo(tmp_path / "good", {"app.py": "def add(a, b):\n    return a + b\n\n\nTOTAL = add(1, 2)\n"})
    audit = [sys.executable, "-m", "auditor"]  # the `audit` entry point, from this environment
    failed = subprocess.run([*audit, *hook["args"]], cwd=bad, capture_output=True, text=True)
    passed = subprocess.run([*audit, *hook["args"]], cwd=good, capture_output=True, text=True)
    assert failed.returncode == 1 and "B602" in failed.stdout
    assert passed.returncode == 0 and "0 findings" in passed.stdout
    assert not list(bad.glob("audit-report.*"))  # the report went to stdout, nothing written
