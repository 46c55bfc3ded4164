"""The labelled security corpus (bench/security/cases) is well-formed, and the scorer
(bench/security/score.py) counts right. Nothing here runs the auditor or asserts its score."""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench" / "security"
CASES = BENCH / "cases"


def _load_scorer():
    spec = importlib.util.spec_from_file_location("security_score", BENCH / "score.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


score = _load_scorer()
ALL_CASES = sorted(CASES.glob("cwe-*/*.py"))


def test_every_cwe_of_the_issue_has_a_folder_and_nothing_else_does() -> None:
    folders = {int(p.name.removeprefix("cwe-")) for p in CASES.iterdir() if p.is_dir() and p.name.startswith("cwe-")}
    assert folders == set(score.CWE_CLASSES) == set(score.CWE_NAMES)
    assert {p.name for p in CASES.iterdir()} == {f"cwe-{c}" for c in folders}  # no stray files


@pytest.mark.parametrize("path", ALL_CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_case_is_a_parsable_module_with_a_one_line_labelled_docstring(path: Path) -> None:
    assert score.CASE_NAME.match(path.name), f"name must be <framework>_<short_name>_<vuln|safe>.py: {path.name}"
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, str(path))
    doc = ast.get_docstring(tree, clean=False)
    assert doc and "\n" not in doc and source.startswith('"""'), "first line: a one-line docstring"
    label = "vulnerable" if path.name.endswith("_vuln.py") else "safe"
    assert doc.rstrip(".").endswith(label), f"the docstring must end with '{label}' like the file name"
    framework = path.name.split("_", 1)[0]
    assert framework in _imported_packages(tree), f"a {framework} case imports {framework}"


def _imported_packages(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names.add((node.module or "").split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
    return names


def test_each_cwe_has_enough_cases_in_every_framework() -> None:
    cases = score.load_cases(CASES)
    assert len(cases) == len(ALL_CASES)
    for cwe in score.CWE_CLASSES:
        mine = [c for c in cases if c.cwe == cwe]
        assert sum(c.vulnerable for c in mine) >= 12, cwe
        assert sum(not c.vulnerable for c in mine) >= 12, cwe
        for fw in score.FRAMEWORKS:
            assert sum(c.vulnerable for c in mine if c.framework == fw) >= 3, (cwe, fw)
            assert sum(not c.vulnerable for c in mine if c.framework == fw) >= 3, (cwe, fw)


def test_no_two_cases_are_the_same_code() -> None:
    seen: dict[str, str] = {}
    for path in ALL_CASES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        body = ast.dump(ast.Module(body=tree.body[1:], type_ignores=[]))  # the code without its docstring
        assert body not in seen, f"{path.name} repeats {seen.get(body)}"
        seen[body] = path.name


def test_load_cases_reads_labels_and_rejects_bad_names(tmp_path: Path) -> None:
    (tmp_path / "cwe-89").mkdir()
    (tmp_path / "cwe-89" / "django_raw_vuln.py").write_text('"""x; vulnerable."""\n')
    (tmp_path / "cwe-89" / "fastapi_bound_params_safe.py").write_text('"""x; safe."""\n')
    assert score.load_cases(tmp_path) == [
        score.Case("cwe-89/django_raw_vuln.py", 89, "django", True),
        score.Case("cwe-89/fastapi_bound_params_safe.py", 89, "fastapi", False),
    ]
    (tmp_path / "cwe-89" / "bottle_thing_vuln.py").write_text("")
    with pytest.raises(ValueError, match="badly named"):
        score.load_cases(tmp_path)


def _case(file: str) -> "score.Case":
    cwe = int(file.split("/")[0].removeprefix("cwe-"))
    name = file.split("/")[1]
    return score.Case(file, cwe, name.split("_")[0], name.endswith("_vuln.py"))


SYNTHETIC = [
    _case("cwe-89/flask_a_vuln.py"),  # flagged (medium, CWE-89)
    _case("cwe-89/flask_b_vuln.py"),  # only an info finding: not flagged
    _case("cwe-89/django_c_safe.py"),  # flagged at low: a false positive
    _case("cwe-89/django_d_safe.py"),  # a finding of another class (78): not flagged
    _case("cwe-94/fastapi_e_vuln.py"),  # bandit's eval check says CWE-78; relabelled to 95
    _case("cwe-94/fastapi_f_safe.py"),  # nothing
    _case("cwe-22/flask_g_vuln.py"),  # CWE-73 is in the path traversal class
]
HITS = [
    score.Hit("cwe-89/flask_a_vuln.py", "SEC101", (89,), "medium"),
    score.Hit("cwe-89/flask_b_vuln.py", "SEC101", (89,), "info"),
    score.Hit("cwe-89/django_c_safe.py", "B608", (89,), "low"),
    score.Hit("cwe-89/django_d_safe.py", "B602", (78,), "high"),
    score.Hit("cwe-94/fastapi_e_vuln.py", "B307", (78,), "medium"),
    score.Hit("cwe-94/fastapi_f_safe.py", "B404", (78,), "low"),  # wrong class
    score.Hit("cwe-22/flask_g_vuln.py", "SEC104", (73,), "high"),
    score.Hit("cwe-22/elsewhere_vuln.py", "SEC104", (22,), "high"),  # no such case: ignored
]


def test_scorer_counts_per_cwe_and_averages() -> None:
    result = score.score(SYNTHETIC, HITS)
    per = result["per_cwe"]
    assert per[89] == {"vuln": 2, "safe": 2, "tp": 1, "fp": 1, "tpr": 0.5, "fpr": 0.5, "delta": 0.0}
    assert per[94] == {"vuln": 1, "safe": 1, "tp": 1, "fp": 0, "tpr": 1.0, "fpr": 0.0, "delta": 1.0}
    assert per[22]["tpr"] == 1.0 and per[22]["safe"] == 0 and per[22]["fpr"] == 0.0
    assert list(per) == [22, 89, 94]
    assert result["average"] == pytest.approx({"tpr": 2.5 / 3, "fpr": 0.5 / 3, "delta": 2.0 / 3})
    assert result["misses"] == [
        {"file": "cwe-89/flask_b_vuln.py", "kind": "false negative", "rules": []},
        {"file": "cwe-89/django_c_safe.py", "kind": "false positive", "rules": ["B608"]},
    ]


def test_raw_cwes_do_not_relabel_bandit_rules() -> None:
    per = score.score(SYNTHETIC, HITS, relabel=False)["per_cwe"]
    assert per[94]["tp"] == 0


@pytest.mark.parametrize(
    ("case_cwe", "finding_cwe", "counts"),
    [(94, 95, True), (78, 77, True), (22, 36, True), (79, 80, True), (611, 776, True), (611, 827, True),
     (117, 93, True), (89, 89, True), (89, 78, False), (502, 20, False), (1336, 94, False)],
)
def test_cwe_classes(case_cwe: int, finding_cwe: int, counts: bool) -> None:
    case = score.Case(f"cwe-{case_cwe}/flask_x_vuln.py", case_cwe, "flask", True)
    hit = score.Hit(case.file, "R1", (finding_cwe,), "high")
    assert bool(score.flagging_hits(case, [hit])) is counts


def test_severity_threshold_is_low() -> None:
    case = score.Case("cwe-89/flask_x_vuln.py", 89, "flask", True)
    flagged = {sev: bool(score.flagging_hits(case, [score.Hit(case.file, "R", (89,), sev)]))
               for sev in ("info", "undefined", "low", "medium", "high", "critical")}
    assert flagged == {"info": False, "undefined": False, "low": True, "medium": True, "high": True, "critical": True}


def test_bandit_report_is_mapped_to_case_files(tmp_path: Path) -> None:
    report = {"results": [
        {"filename": str(tmp_path / "cwe-94" / "flask_x_vuln.py"), "test_id": "B307",
         "issue_cwe": {"id": 78, "link": ""}, "issue_severity": "MEDIUM"},
        {"filename": str(tmp_path / "cwe-78" / "django_y_safe.py"), "test_id": "B404",
         "issue_cwe": {}, "issue_severity": "LOW"},
    ]}
    assert score.bandit_hits(report, tmp_path) == [
        score.Hit("cwe-94/flask_x_vuln.py", "B307", (78,), "medium"),
        score.Hit("cwe-78/django_y_safe.py", "B404", (), "low"),
    ]


def test_table_has_a_row_per_cwe_and_the_average() -> None:
    text = score.render_table({"a": score.score(SYNTHETIC, HITS), "b": score.score(SYNTHETIC, [])})
    lines = text.splitlines()
    assert lines[0].split()[:2] == ["CWE", "category"] and "a TPR" in lines[0] and "b TPR" in lines[0]
    assert [ln.split()[0] for ln in lines[2:5]] == ["22", "89", "94"]
    assert lines[-1].startswith("avg") and "+66.7%" in lines[-1] and "+0.0%" in lines[-1]
