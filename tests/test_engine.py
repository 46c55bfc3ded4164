"""The engine with real libcst, bandit and radon: positions, crash isolation, newer syntax,
fingerprints, and parity with bandit and radon run on their own."""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
from pathlib import Path

import libcst as cst
import pytest
from radon.complexity import cc_visit

from auditor.api import audit
from auditor.config import Config
from auditor.engine import FileTask, Plan, Worker, analyze_file
from auditor.model import Category, Confidence, Example, ErrorKind, Severity
from auditor.rule import Rule
from auditor.source import SourceFile

CORPUS = Path(__file__).resolve().parent / ".corpus"


def sdist(spec: str) -> Path:
    """An unpacked sdist from the package index, downloaded once into tests/.corpus/."""
    name, _, version = spec.partition("==")
    target = CORPUS / f"{name}-{version}"
    if not target.is_dir():
        CORPUS.mkdir(exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:", "-d", str(CORPUS), spec],
            check=True,
        )
        archive = next(CORPUS.glob(f"{name}-{version}.tar.gz"))
        with tarfile.open(archive) as tar:
            tar.extractall(CORPUS, filter="data")
    return target


def test_positions_of_reported_nodes_only() -> None:
    code = "import os\n\n# c\n@deco\ndef f(a,\n      b):\n    x = os.system('ls')  # t\n    return x\n"
    source = SourceFile("a.py", code.encode())
    module = source.module
    fn = module.body[1]
    assert isinstance(fn, cst.FunctionDef)
    stmt = fn.body.body[0]
    call = stmt.body[0].value  # type: ignore[union-attr]
    spans = source.positions([fn, call, module.body[0]])
    assert (spans[fn].line, spans[fn].column, spans[fn].end_line) == (5, 1, 8)  # the def, not the decorator
    assert (spans[call].line, spans[call].column, spans[call].end_column) == (7, 9, 24)
    assert (spans[module.body[0]].line, spans[module.body[0]].end_column) == (1, 10)


class _Crashes(Rule):
    id = "TST901"
    title = "Crashes on every call"
    category = Category.MAINTAINABILITY
    severity = Severity.LOW
    confidence = Confidence.LOW
    why = "A rule with a bug: the engine must keep the other rules' findings and say which rule failed."
    fix = "Nothing to fix in the audited code; the rule is broken."
    example = Example("f()  # expect", "pass")
    VALID = ["pass"]
    INVALID = ["f()  # expect"]

    def visit_Call(self, node: cst.Call) -> None:
        raise ZeroDivisionError("boom")


def test_a_crashing_rule_becomes_an_error_and_others_still_report(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text("def f():\n    try:\n        g()\n    except:\n        pass\n")
    state = Worker(Plan(libcst_rules=("ERR001",), file_rules=(), bandit_tests=("B110",), engine_rules=()))
    state.rules = {**state.rules, "TST901": _Crashes}
    state.docs = {**state.docs, "TST901": _Crashes.doc()}
    state.plan = Plan(libcst_rules=("TST901", "ERR001"), file_rules=(), bandit_tests=("B110",), engine_rules=())
    result = analyze_file(FileTask(str(path), "m.py"), state)
    # ERR001 still reports; bandit's B110 on the same line is superseded by it.
    assert {(f.rule, f.line) for f in result.findings} == {("ERR001", 4)}
    crash = [e for e in result.errors if e.kind is ErrorKind.RULE_CRASH]
    assert len(crash) == 1 and crash[0].rule == "TST901" and "ZeroDivisionError: boom" in crash[0].message


def test_newer_syntax_runs_libcst_rules_and_reports_skipped_analyzers(tmp_path: Path) -> None:
    (tmp_path / "new.py").write_text(
        'type Point = tuple[float, float]\n\nname = "x"\nmsg = f"{"nested"} {name!r}"\n\n'
        "def f():\n    try:\n        g()\n    except Exception:\n        pass\n"
    )
    result = audit([tmp_path], Config(), jobs=1)
    assert [(f.rule, f.line) for f in result.findings if f.rule == "ERR001"] == [("ERR001", 9)]
    if sys.version_info < (3, 12):
        skipped = [e for e in result.errors if e.kind is ErrorKind.ANALYZER_SKIPPED]
        assert len(skipped) == 1 and "bandit" in skipped[0].message and "MNT001" in skipped[0].message


def test_fingerprints_survive_edits_elsewhere(tmp_path: Path) -> None:
    body = "import subprocess\n\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)\n"
    (tmp_path / "a.py").write_text(body)
    before = {f.rule: f for f in audit([tmp_path], Config(select=("B602",)), jobs=1).findings}
    (tmp_path / "a.py").write_text("# a new header\nimport os\n\n" + body.replace("\n\n\ndef", "\n\nX = 1\n\n\ndef"))
    after = {f.rule: f for f in audit([tmp_path], Config(select=("B602",)), jobs=1).findings}
    assert before["B602"].line != after["B602"].line
    assert before["B602"].fingerprint == after["B602"].fingerprint


def test_bandit_findings_match_bandit_run_alone() -> None:
    """Every bandit test runs on every file: the same (test, file, line) as `bandit -r`."""
    tree = sdist("flask==3.1.2") / "src"
    proc = subprocess.run(
        [sys.executable, "-m", "bandit", "-r", str(tree), "-f", "json", "-q"], capture_output=True, text=True
    )
    theirs = {
        (r["test_id"], Path(r["filename"]).relative_to(tree).as_posix(), r["line_number"])
        for r in json.loads(proc.stdout)["results"]
    }
    result = audit([tree], Config(select=("B",), per_file_ignores=(("__none__", ()),)), jobs=2)
    ours = {(f.rule, f.file, f.line) for f in result.findings if f.rule.startswith("B")}
    assert theirs and ours == theirs


@pytest.mark.parametrize("relpath", ["src/flask/app.py", "src/flask/sansio/app.py", "src/flask/cli.py"])
def test_complexity_equals_radon(relpath: str, tmp_path: Path) -> None:
    path = sdist("flask==3.1.2") / relpath
    config = Config(select=("MNT001",), options=(("MNT001", (("threshold", 0),)),))
    result = audit([path], config, jobs=1)
    ours = sorted((f.line, int(f.message.split("complexity ")[1].split(" ")[0])) for f in result.findings)

    def flatten(blocks: list) -> list:  # type: ignore[type-arg]
        out = []
        for b in blocks:
            if hasattr(b, "methods"):
                out += flatten(b.methods) + flatten(b.inner_classes)
            else:
                out.append((b.lineno, b.complexity))
                out += flatten(b.closures)
        return out

    theirs = sorted(set(flatten(cc_visit(path.read_text()))))
    assert ours and ours == theirs


def test_walk_visits_what_libcst_visits_in_the_same_order() -> None:
    """auditor.walk reads children from fields; it must match libcst's own visitor."""
    from auditor.walk import child_fields

    class Trace(cst.CSTVisitor):
        def __init__(self) -> None:
            super().__init__()
            self.seq: list[str] = []

        def on_visit(self, node: cst.CSTNode) -> bool:
            self.seq.append(type(node).__name__)
            return True

        def on_leave(self, original_node: cst.CSTNode) -> None:
            self.seq.append("/" + type(original_node).__name__)

    def ours(node: cst.CSTNode, seq: list[str]) -> None:
        seq.append(type(node).__name__)
        for name in child_fields(type(node)):
            value = getattr(node, name)
            for child in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(child, cst.CSTNode):
                    ours(child, seq)
        seq.append("/" + type(node).__name__)

    files = sorted((sdist("flask==3.1.2") / "src").rglob("*.py")) + sorted(Path(__file__).parent.glob("*.py"))
    for path in files:
        module = cst.parse_module(path.read_text(encoding="utf-8"))
        trace, seq = Trace(), []
        module.visit(trace)
        ours(module, seq)
        assert seq == trace.seq, path


class _Recorder(cst.BatchableCSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.seq: list[tuple[str, str, int]] = []


def test_batched_walk_calls_what_libcst_batched_visit_calls() -> None:
    """visit_batched skips whitespace/operator subtrees only when no visitor wants them:
    every visit_/leave_ call libcst's own batched visit makes, it makes, in order."""
    from libcst._batched_visitor import visit_batched as libcst_visit_batched

    from auditor.walk import TRIVIA, visit_batched

    def recorder(types: tuple[str, ...]) -> type:
        def method(kind: str, name: str):  # type: ignore[no-untyped-def]
            def record(self: _Recorder, node: cst.CSTNode) -> None:
                self.seq.append((kind, name, id(node)))

            record.__name__ = f"{kind}_{name}"  # libcst finds visitor methods by name
            return record

        members = {f"{kind}_{name}": method(kind, name) for name in types for kind in ("visit", "leave")}
        return type("Recorder", (_Recorder,), members)

    plain = recorder(("Call", "Name", "FunctionDef", "IndentedBlock", "Attribute", "Param"))
    with_trivia = recorder(("Comma", "SimpleWhitespace", "Call"))
    assert cst.Comma in TRIVIA and cst.Name not in TRIVIA
    for path in sorted((sdist("flask==3.1.2") / "src").rglob("*.py"))[:12]:
        module = cst.parse_module(path.read_text(encoding="utf-8"))
        for kind in (plain, with_trivia):
            ours, theirs = kind(), kind()
            visit_batched(module, [ours])
            libcst_visit_batched(module, [theirs])
            assert ours.seq == theirs.seq and ours.seq, (path, kind)
    assert any(k == "visit" and n == "Comma" for k, n, _ in ours.seq)


def test_import_lines_from_ast_match_libcst_positions() -> None:
    """Import lines come from the stdlib tree (cheap); they must equal libcst's positions."""
    from auditor.helpers import build_import_table

    tricky = (
        '"""Doc: import fake"""\nimport os, sys\nif TYPE_CHECKING:\n    from a import b\nelif x:\n    import c\n'
        "else:\n    import d\ntry:\n    import e\nexcept ImportError:\n    import f\nelse:\n    import g\n"
        "finally:\n    import h\nclass K:\n    import i\n    def m(self):\n        from . import j\n"
        "match v:\n    case 1:\n        import k\n    case _:\n        import l\nwith w: import m2\n"
    )
    sources = [SourceFile("pkg/t.py", tricky.encode(), "pkg.t")]
    sources += [
        SourceFile(p.name, p.read_bytes(), p.stem) for p in sorted((sdist("flask==3.1.2") / "src").rglob("*.py"))
    ]
    for source in sources:
        table = build_import_table(source.module, source.module_name, False)
        spans = source.positions(table.statements)
        assert source.import_lines() == [spans[s].line for s in table.statements], source.relpath
    assert sources[0].import_lines() == [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 23, 25, 26]


def test_lines_and_columns_as_python_counts_them(tmp_path: Path) -> None:
    """A form feed does not start a line; bandit's byte offsets become character columns."""
    (tmp_path / "a.py").write_text(
        "import subprocess\n\f\ndef f(cmd):\n    x = 'é'; subprocess.call(cmd, shell=True)\n", encoding="utf-8"
    )
    result = audit([tmp_path], Config(select=("B602",)), jobs=1)
    [finding] = result.findings
    assert (finding.line, finding.column) == (4, 14)
    assert finding.snippet == "    x = 'é'; subprocess.call(cmd, shell=True)"
