"""`audit init`: a starter [tool.auditor] written into pyproject.toml by the real CLI,
keeping what the file already had, and accepted by the audit that follows."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from conftest import assert_usage_error, make_repo, run_cli

EXISTING = """\
# Project metadata: keep this comment.
[project]
name = "shop"  # and this one
version = "1.0"

[tool.black]
line-length = 100
"""


def test_init_adds_the_table_and_keeps_everything_else(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"pyproject.toml": EXISTING, "shop/app.py": "x = 1\n", "docs/conf.py": "y = 2\n"})
    code, out, err = run_cli("init", ".", cwd=repo)
    assert code == 0, err
    assert out.startswith("wrote [tool.auditor] to pyproject.toml (stage mvp: ")
    text = (repo / "pyproject.toml").read_text()
    assert text.startswith(EXISTING), "existing content, comments and layout are untouched"
    table = tomllib.loads(text)["tool"]["auditor"]
    assert table["stage"] == "mvp" and table["fail-on"] == "high"
    assert table["exclude"] == ["docs/"]
    assert "B101" in table["per-file-ignores"]["tests/**"]
    # the audit reads it: docs/ is excluded, the stage is the configured one
    code, out, err = run_cli(".", "-f", "json", "-o", "-", "-q", cwd=repo)
    assert code == 0, err
    report = json.loads(out)
    assert report["summary"]["files_analyzed"] == 1
    assert report["summary"]["stage"]["chosen_by"] == "config"


def test_init_creates_the_file_and_takes_the_stage(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"app.py": "x = 1\n"})
    code, out, err = run_cli("init", "--stage", "enterprise", cwd=repo)
    assert code == 0, err
    assert out.strip() == "wrote [tool.auditor] to pyproject.toml (stage enterprise)"
    assert tomllib.loads((repo / "pyproject.toml").read_text())["tool"]["auditor"]["stage"] == "enterprise"


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"pyproject.toml": '[tool.auditor]\nstage = "mvp"\nselect = ["SEC"]\n'})
    assert_usage_error(run_cli("init", ".", cwd=repo), "already has [tool.auditor]", "--force")
    code, _, err = run_cli("init", ".", "--force", "--stage", "scaling", cwd=repo)
    assert code == 0, err
    table = tomllib.loads((repo / "pyproject.toml").read_text())["tool"]["auditor"]
    assert table["stage"] == "scaling" and "select" not in table


def test_init_bad_input_is_one_line(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"pyproject.toml": "[project\nname = 1\n"})
    assert_usage_error(run_cli("init", ".", cwd=repo), "invalid TOML")
    assert_usage_error(run_cli("init", ".", "--stage", "huge", cwd=repo), "--stage", "huge")
    assert_usage_error(run_cli("init", "nowhere", cwd=repo), "not a directory")
