"""The visit phase's shortcuts find exactly what the plain work finds: compiled matchers
against libcst's `m.matches` on every node of real files, rules that declare themselves
idle against the same rules run anyway, and the qualify memo against `_qualify`."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import libcst.matchers as m
import pytest

import auditor
from auditor import helpers
from auditor.engine import FileTask, Worker, _with_trackers, analyze_file
from auditor.project import TEST_FILES
from auditor.api import plan_for
from auditor.config import Config
from auditor.helpers import build_import_table, compiled_matcher
from auditor.rule import FileContext
from auditor.rules.error_handling import retry_loop_without_backoff as retry
from auditor.rules.performance import blocking_call_in_async as blocking
from auditor.rules.performance import request_without_timeout as timeout
from auditor.rules.performance import string_concatenation_in_loop as concat
from auditor.rules.performance import upload_read_whole as upload
from auditor.rules.scalability import module_state_mutated_in_handler as state
from auditor.rules.security import sql_built_with_formatting as sql
from auditor.walk import children, visit_batched

ROOT = Path(auditor.__file__).resolve().parent.parent
# Real files: some of the project's own (calls, strings, dicts, with-items, loops).
SOURCES = [
    ROOT / name
    for name in (
        "auditor/engine.py", "auditor/walk.py", "auditor/helpers.py", "auditor/source.py", "auditor/api.py",
        "auditor/pool.py", "rules/security/sql_built_with_formatting.py", "rules/security/_patterns.py",
    )
]

PATTERNS = {
    "upload": (upload._UPLOAD_EXPR, upload._IS_UPLOAD_EXPR),
    "str": (concat._STR_LITERAL, concat._IS_STR_LITERAL),
    "plain-str": (m.SimpleString() | m.ConcatenatedString(), concat._IS_PLAIN_STRING),
    "with-as": (blocking._WITH_AS_NAME, blocking._IS_WITH_AS_NAME),
    "self-attr": (blocking._SELF_ATTRIBUTE, blocking._IS_SELF_ATTRIBUTE),
    "list-grow": (sql._LIST_GROW, sql._IS_LIST_GROW),
    "container": (state._CONTAINER_LITERAL, state._IS_CONTAINER_LITERAL),
    "number": (m.Integer() | m.Float(), state._IS_NUMBER),
    "forever": (retry._FOREVER, retry._IS_FOREVER),
}

# Nodes that make each pattern match at least once, so the comparison is not all-False.
MATCHING = """
x = request.files["a"]
y = self.request.FILES.get("b")
s = "a" "b"
t = f"{x}"
n = 1.5
d = {}
with open(p) as fh:
    pass
self.session = make()
parts.append(x)
while True:
    pass
"""


def _nodes(module: cst.Module) -> list[cst.CSTNode]:
    out, stack = [], [module]
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(children(node))
    return out


def _modules() -> list[cst.Module]:
    return [cst.parse_module(MATCHING)] + [cst.parse_module(path.read_bytes()) for path in SOURCES]


def test_the_installed_libcst_is_the_one_the_compiled_matchers_were_written_from() -> None:
    """Fails on another libcst: read its matching code, then update the digest."""
    assert helpers._matches_unchanged()
    for name, (_, compiled) in PATTERNS.items():
        assert compiled.__name__ == "matches_compiled", name


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_compiled_matcher_equals_libcst_matches_on_every_node(name: str) -> None:
    pattern, compiled = PATTERNS[name]
    fresh = compiled_matcher(pattern)
    hits = 0
    for module in _modules():
        for node in _nodes(module):
            expected = m.matches(node, pattern)
            assert compiled(node) is expected, (name, node)
            assert fresh(node) is expected
            hits += expected
        for value in (cst.MaybeSentinel.DEFAULT, cst.RemovalSentinel.REMOVE, None):
            assert compiled(value) is m.matches(value, pattern)  # type: ignore[arg-type]
    assert hits > 0


def test_unsupported_shapes_fall_back_to_libcst() -> None:
    pattern = timeout._TUPLE_WITH_NONE  # a sequence with wildcards
    compiled = compiled_matcher(pattern)
    assert compiled.__name__ == "matches_plainly"
    module = cst.parse_module("t = (1, None)\nu = (1, 2)\n")
    found = [node for node in _nodes(module) if compiled(node)]
    assert found == [node for node in _nodes(module) if m.matches(node, pattern)]
    assert len(found) == 1


IDLE_FILES = {
    "tests/test_tls.py": (
        "import ssl\nimport time\nimport pytest\n"
        "@pytest.mark.skip\ndef test_old():\n    time.sleep(1)\n    ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n"
        "def test_nothing():\n    run()\n"
    ),
    "app/tls.py": (
        "import ssl\nfrom OpenSSL import SSL\nctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)\n"
        "o = SSL.Context(SSL.SSLv3_METHOD)\ndef test_x():\n    pass\n"
    ),
    "app/ssl.py": "def PROTOCOL_SSLv3():\n    pass\nPROTOCOL_SSLv3()\n",
    "app/plain.py": "import time\ndef f():\n    time.sleep(1)\n    return PROTOCOL_TLSv1\n",
}


def _reports(relpath: str, code: str, force: bool) -> list[tuple[str, str, int, int]]:
    """Every libcst rule's reports on one file; `force` runs idle rules anyway."""
    worker = Worker(plan_for(Config()))
    module = cst.parse_module(code)
    module_name = relpath.removesuffix(".py").replace("/", ".")
    imports = build_import_table(module, module_name, False)
    is_test = bool(TEST_FILES.match_file(relpath))
    rules = []
    for rid in worker.plan.libcst_rules:
        rule = worker.rules[rid](FileContext(relpath, module_name, imports, worker.options.get(rid, {}), is_test))
        if force:
            rule.idle = False
        rules.append(rule)
    visit_batched(module, _with_trackers(rules, FileContext(relpath, module_name, imports, {}, is_test)))
    wrapper = cst.MetadataWrapper(module, unsafe_skip_copy=True)
    spans = wrapper.resolve(cst.metadata.PositionProvider)
    return sorted(
        (rule.id, report.message, spans[report.node].start.line, spans[report.node].start.column)
        for rule in rules
        for report in rule.reports
    )


@pytest.mark.parametrize("relpath", sorted(IDLE_FILES))
def test_idle_rules_would_have_reported_nothing(relpath: str) -> None:
    code = IDLE_FILES[relpath]
    assert _reports(relpath, code, force=False) == _reports(relpath, code, force=True)


def test_idle_rules_still_report_where_they_apply(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    for relpath in ("tests/test_tls.py", "app_tls.py"):
        (tmp_path / relpath).write_text(IDLE_FILES["tests/test_tls.py" if "tests" in relpath else "app/tls.py"])
    worker = Worker(plan_for(Config()))
    test_ids = {f.rule for f in analyze_file(FileTask(str(tmp_path / "tests/test_tls.py"), "tests/test_tls.py"), worker).findings}
    app = analyze_file(FileTask(str(tmp_path / "app_tls.py"), "app_tls.py"), worker).findings
    assert {"TST003", "TST004", "TST005"} <= test_ids
    assert sorted(f.line for f in app if f.rule == "SEC215") == [3, 4]


def test_qualify_memo_equals_resolving_each_time() -> None:
    for path in SOURCES:
        module = cst.parse_module(path.read_bytes())
        table = build_import_table(module, "pkg.mod", False)
        for node in _nodes(module):
            if isinstance(node, (cst.Name, cst.Attribute, cst.Call)):
                first = table.qualify(node)
                assert table.qualify(node) == first == table._qualify(node)
