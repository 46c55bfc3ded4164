"""Prioritization: stage profiles, the priority order, hotspots, grades and the action plan,
through the real CLI on fixture repositories (with a real git history where one is needed)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import COMPLEX_FUNCTION, SHELL_CALL, assert_usage_error, make_repo, run_cli, run_cli_many

from auditor.model import Category, Confidence, Finding, Severity
from auditor.prioritize import STAGE_WEIGHTS, action_plan, grades

SQL_IN_ROUTE = """\
import sqlite3
from flask import Flask, request

app = Flask(__name__)


@app.route("/user")
def user():
    db = sqlite3.connect("app.db")
    return db.execute(f"SELECT * FROM users WHERE name = '{request.args['name']}'").fetchall()
"""

# MNT001 with a threshold below 5 fires on COMPLEX_FUNCTION; the same shape in a test file.
OPTIONS = ("--select", "SEC001,MNT001,B602")


def _json(repo: Path, *args: str) -> dict:
    code, out, err = run_cli(".", "-f", "json", "-o", "-", *args, cwd=repo)
    assert "Traceback" not in err, err
    return json.loads(out)


def _config(threshold: int = 4) -> str:
    return f"[tool.auditor.options.MNT001]\nthreshold = {threshold}\n"


def test_sql_injection_in_a_route_outranks_a_complex_helper_in_a_test_file(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "r",
        {"shop/__init__.py": "", "shop/routes.py": SQL_IN_ROUTE, "tests/test_helpers.py": COMPLEX_FUNCTION, "pyproject.toml": _config()},
    )
    report = _json(repo, *OPTIONS)
    order = [(f["rule"], f["file"]) for f in report["findings"]]
    assert order[:2] == [("SEC001", "shop/routes.py"), ("MNT001", "tests/test_helpers.py")], order
    sql, helper = report["findings"][:2]
    assert sql["priority"] > helper["priority"] > 0
    assert "test code" in helper["priority_reason"]
    assert "reached from an entry point" in sql["priority_reason"]


def test_a_top_level_t_folder_is_test_code_and_a_nested_one_is_not(tmp_path: Path) -> None:
    """Celery and Kombu keep their tests in `t/` (t/unit, t/integration): the same test
    code as in tests/. A package's own `t` subfolder stays product code."""
    repo = make_repo(
        tmp_path / "r",
        {
            "t/unit/test_helpers.py": COMPLEX_FUNCTION,
            "t/integration/helpers.py": COMPLEX_FUNCTION,
            "shop/t/helpers.py": COMPLEX_FUNCTION,
            "pyproject.toml": _config(),
        },
    )
    reasons = {f["file"]: f["priority_reason"] for f in _json(repo, *OPTIONS)["findings"] if f["rule"] == "MNT001"}
    assert set(reasons) == {"t/unit/test_helpers.py", "t/integration/helpers.py", "shop/t/helpers.py"}
    assert "test code" in reasons["t/unit/test_helpers.py"] and "test code" in reasons["t/integration/helpers.py"]
    assert "test code" not in reasons["shop/t/helpers.py"]


def test_the_stage_changes_the_weight_of_an_area(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"app/logic.py": COMPLEX_FUNCTION, "pyproject.toml": _config()})
    runs = run_cli_many(
        [((".", "-f", "json", "-o", "-", "--select", "MNT001", "--stage", stage), repo) for stage in ("mvp", "enterprise")]
    )
    mvp, enterprise = (json.loads(r.out) for r in runs)
    assert mvp["summary"]["stage"] == {"name": "mvp", "chosen_by": "config", "reasons": ["stage mvp was set explicitly"]}
    assert enterprise["summary"]["stage"]["name"] == "enterprise"
    [low], [high] = mvp["findings"], enterprise["findings"]
    ratio = STAGE_WEIGHTS["enterprise"]["maintainability"] / STAGE_WEIGHTS["mvp"]["maintainability"]
    assert high["priority"] > low["priority"]
    assert abs(high["priority"] / low["priority"] - ratio) < 0.02
    assert "maintainability weighs 0.4 at mvp" in low["priority_reason"]


def test_stage_from_config_and_bad_values(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"app.py": "x = 1\n", "pyproject.toml": '[tool.auditor]\nstage = "scaling"\n'})
    assert _json(repo)["summary"]["stage"]["name"] == "scaling"
    assert _json(repo, "--stage", "enterprise")["summary"]["stage"]["name"] == "enterprise"
    assert_usage_error(run_cli(".", "--stage", "startup", cwd=repo), "--stage", "startup", "mvp")
    (repo / "pyproject.toml").write_text('[tool.auditor]\nstage = "huge"\n')
    assert_usage_error(run_cli(".", cwd=repo), "stage", "huge")


def test_auto_stage_says_why(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"app.py": "x = 1\n"})
    stage = _json(repo)["summary"]["stage"]
    assert stage["name"] == "mvp" and stage["chosen_by"] == "auto"
    assert "no git history" in stage["reasons"] and "no tests" in stage["reasons"]


def _git(repo: Path, *args: str) -> None:
    cmd = ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", *args]
    subprocess.run(cmd, cwd=repo, check=True, capture_output=True)


def test_hotspots_come_from_git_history(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", {"app/busy.py": SHELL_CALL, "app/calm.py": SHELL_CALL})
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "start")
    for i in range(4):
        with (repo / "app/busy.py").open("a") as fh:
            fh.write(f"\nX{i} = {i}\n")
        _git(repo, "commit", "-qam", f"change {i}")
    report = _json(repo, "--select", "B602")
    assert [(h["file"], h["churn"]) for h in report["hotspots"]] == [("app/busy.py", 5)]
    busy, calm = sorted(report["findings"], key=lambda f: f["file"])
    assert busy["priority"] > calm["priority"]
    assert "hotspot (5 commits)" in busy["priority_reason"]
    assert "hotspot" not in calm["priority_reason"]
    # Without git there is no history, and no error.
    plain = make_repo(tmp_path / "plain", {"app/busy.py": SHELL_CALL})
    assert _json(plain, "--select", "B602")["hotspots"] == []


def _finding(rule: str, file: str, severity: Severity, category: Category = Category.SECURITY, priority: float = 50.0) -> Finding:
    return Finding(
        rule=rule, title=f"{rule} title", category=category, severity=severity, confidence=Confidence.HIGH,
        file=file, line=1, column=1, end_line=1, end_column=1, message="m", effort=15, priority=priority,
    )


def test_grades_follow_density_and_a_critical_caps_the_area() -> None:
    clean = grades([], 10_000)
    assert set(clean) == {c.value for c in Category} and set(clean.values()) == {"A"}
    one_critical = grades([_finding("X", "app/a.py", Severity.CRITICAL)], 100_000)
    assert one_critical["security"] == "D"  # 10 points per 100 kLOC would be an A
    many = grades([_finding("X", f"app/{i}.py", Severity.HIGH) for i in range(60)], 2_000)
    assert many["security"] == "F"  # 60 x 7 points / 2 kLOC = 210
    tests_only = grades([_finding("X", f"tests/test_{i}.py", Severity.HIGH) for i in range(60)], 2_000)
    assert tests_only["security"] == "A"


def test_action_plan_groups_by_rule_and_directory() -> None:
    findings = [_finding("SEC001", f"shop/dao/q{i}.py", Severity.HIGH, priority=70) for i in range(3)]
    findings.append(_finding("SEC001", "admin/x.py", Severity.HIGH, priority=70))
    findings.append(_finding("MNT001", "shop/dao/q0.py", Severity.MEDIUM, Category.MAINTAINABILITY, priority=20))
    plan = action_plan(findings)
    first = plan[0]
    assert first["rule"] == "SEC001" and first["count"] == 3 and first["files"] == [f"shop/dao/q{i}.py" for i in range(3)]
    assert first["title"] == "SEC001 title: 3 findings in shop/dao/"
    assert first["effort_minutes"] == 45 and first["impact"] == 210
    assert [a["rule"] for a in plan] == ["SEC001", "SEC001", "MNT001"]
