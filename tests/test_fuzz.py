"""Fuzzing the parser-facing code: SourceFile, suppression comments and the whole per-file
analysis (`analyze_file`), with generated Python and with mutated real files.

Properties: SourceFile's views raise nothing but SourceError; `analyze_file` raises
nothing, and every problem is an `errors` entry (never an internal error or a crashed
rule); findings' lines lie within the file; the same bytes give the same result; the
line endings (LF, CRLF, CR) do not move a finding.

Runs are derandomized and small, for CI. `AUDITOR_FUZZ_SCALE=20` multiplies the example
counts and `AUDITOR_FUZZ_RANDOM=1` draws fresh examples, for a longer hunt by hand.
Every input that once found a bug is kept in tests/fuzz/ and replayed here.
"""

from __future__ import annotations

import codecs
import os
import tempfile
from dataclasses import fields, replace
from pathlib import Path
from typing import Any, Iterator

import libcst as cst
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from auditor import engine
from auditor.engine import FileResult, FileTask, analyze_file
from auditor.model import ErrorKind
from auditor.source import _LINE_BREAK, SourceError, SourceFile
from auditor.suppressions import parse_suppressions

ROOT = Path(__file__).resolve().parent.parent
KEPT = Path(__file__).resolve().parent / "fuzz"
# The per-process state run_files builds (it was `_Worker` before the worker pool came).
Worker: Any = getattr(engine, "Worker", None) or getattr(engine, "_Worker")
SCALE = max(1, int(os.environ.get("AUDITOR_FUZZ_SCALE", "1")))
RANDOM = os.environ.get("AUDITOR_FUZZ_RANDOM") == "1"


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        derandomize=not RANDOM,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


# -- generated Python ----------------------------------------------------------------------

NAMES = ["x", "y", "data", "cmd", "self", "café", "π", "_", "__init__", "match", "type", "print", "request"]
CALLS = [
    "subprocess.call({a}, shell=True)",
    "subprocess.run([{a}])",
    "os.system({a})",
    "eval({a})",
    "exec({a})",
    "pickle.loads({a})",
    "yaml.load({a})",
    "requests.get({a})",
    "hashlib.md5({a})",
    "random.random()",
    "open({a}).read()",
    "print({a})",
    "sys.exit({a})",
    "importlib.import_module({a})",
    "cursor.execute('SELECT * FROM t WHERE id = ' + {a})",
    "logging.info('%s', {a})",
    "{a}.format(password={a})",
]
IMPORTS = [
    "import os",
    "import subprocess as sp",
    "from os import system",
    "import os.path, sys",
    "from . import sibling",
    "from ..pkg.mod import (a as b,\n    c)",
    "from __future__ import annotations",
    "import pickle, yaml, requests, hashlib, random, importlib, logging",
    "from typing import *",
]
IDS = ["B602", "B307", "ERR001", "AUD001", "NOPE9", "b404", "", "B602, B404", "SEC001,,", "*"]

names = st.sampled_from(NAMES)


def _string(quote: str, body: str, prefix: str) -> str:
    """A string literal, escaped so that it is mostly valid (a bytes literal with
    non-ASCII text is not, on purpose)."""
    if "f" in prefix.lower():
        body = body.replace("{", "{{").replace("}", "}}")
    if "\n" in body and len(quote) == 1:
        body = body.replace("\n", "\\n")
    body = body.replace("\\", "\\\\") if "r" not in prefix.lower() else body.replace("\\", "")
    body = body.replace(quote[0], "\\" + quote[0]) if "r" not in prefix.lower() else body.replace(quote[0], "")
    if "b" in prefix.lower():
        body = body.encode("ascii", "backslashreplace").decode("ascii").replace("\\\\u", "u")
    return f"{prefix}{quote}{body}{quote}"


strings = st.builds(
    _string,
    st.sampled_from(["'", '"', "'''", '"""']),
    st.text(st.sampled_from(list("ab {}\\'\"\n\té€\U0001f600#:=")), max_size=12),
    st.sampled_from(["", "r", "b", "rb", "u", "f", "rf", "F"]),
)
escapes = st.sampled_from(
    ["'\\x00'", "'\\N{BULLET}'", "'\\u00e9'", "b'\\xff'", "'a' 'b'", "'''a\\\nb'''", '"\\\\"', "'\\\n'"]
)


def _fstring(parts: list[str]) -> str:
    inner = "".join("{" + p + "}" if i % 2 else p.replace("{", "{{").replace("}", "}}").replace("'", "") for i, p in enumerate(parts))
    return f"f'{inner}'"


atoms = st.one_of(
    names,
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["0x_ff", "1_000", "1e-9", "3j", "0o17", "...", "None", "True", "__debug__"]),
    strings,
    escapes,
)


def _exprs(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.builds(lambda c, a: c.format(a=a), st.sampled_from(CALLS), children),
        st.builds(lambda a, op, b: f"({a} {op} {b})", children, st.sampled_from(["+", "%", "and", "if x else", "@", "**", "is not", "not in", "<"]), children),
        st.builds(lambda a: f"not {a}", children),
        st.builds(lambda a, b: f"{a}[{b}:]", children, children),
        st.builds(lambda a, b: f"{a}.attr({b}, *{a}, key={b}, **{{}})", children, children),
        st.builds(lambda a, n: f"[{a} for {n} in {a} if {n}]", children, names),
        st.builds(lambda a, n: f"{{{n}: {a} async for {n} in {a}}}", children, names),
        st.builds(lambda a: f"lambda *a, b=1, **k: {a}", children),
        st.builds(lambda n, a: f"({n} := {a})", names, children),
        st.builds(lambda a: f"await {a}", children),
        st.builds(lambda a: f"(yield {a})", children),
        st.builds(_fstring, st.lists(children, min_size=1, max_size=4)),
        st.builds(lambda a, b: f"f'{{{a}!r:>{{{b}}}}}'", names, names),
    )


exprs = st.recursive(atoms, _exprs, max_leaves=6)


def _indent(block: list[str], unit: str) -> list[str]:
    return [unit + line if line else line for line in block]


def _compound(children: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    unit = st.sampled_from(["    ", "  ", "\t", " \t"])
    return st.one_of(
        st.builds(lambda n, d, b, u, a: [*d, f"{a}def {n}(x, /, y=1, *args, z: int = 2, **kw) -> None:", *_indent(b, u)],
                  names, st.lists(st.sampled_from(["@property", "@app.route('/x')", "@functools.cache", "@ (lambda f: f)"]), max_size=2),
                  children, unit, st.sampled_from(["", "async "])),
        st.builds(lambda n, b, u: [f"class {n}(Base, metaclass=Meta):", *_indent(b, u)], names, children, unit),
        st.builds(lambda e, b, o, u: [f"if {e}:", *_indent(b, u), "else:", *_indent(o, u)], exprs, children, children, unit),
        st.builds(lambda b, h, u, bare: ["try:", *_indent(b, u), "except:" if bare else "except (ValueError, OSError) as exc:", *_indent(h, u), "finally:", *_indent(["pass"], u)],
                  children, children, unit, st.booleans()),
        st.builds(lambda e, b, u: [f"with {e} as (a, b), open(x):", *_indent(b, u)], exprs, children, unit),
        st.builds(lambda n, e, b, u: [f"for {n} in {e}:", *_indent(b, u), "else:", *_indent(["break"], u)], names, exprs, children, unit),
        st.builds(lambda e, b, u: [f"while {e}:", *_indent(b, u)], exprs, children, unit),
        st.builds(lambda e, b, u: [f"match {e}:", *_indent(["case [1, *rest] | {'k': _}:", *_indent(b, u), "case Point(x=0) if x:", *_indent(["pass"], u)], u)], exprs, children, unit),
    )


simple_statements = st.one_of(
    st.builds(lambda n, e: f"{n} = {e}", names, exprs),
    st.builds(lambda n, e: f"{n}: list[int] = {e}", names, exprs),
    st.builds(lambda n, e: f"{n} += {e}", names, exprs),
    st.builds(lambda e: e, exprs),
    st.builds(lambda e: f"return {e}", exprs),
    st.builds(lambda e: f"raise {e} from None", exprs),
    st.builds(lambda e: f"assert {e}, 'msg'", exprs),
    st.sampled_from(IMPORTS),
    st.sampled_from(["pass", "global x", "nonlocal y", "del x[0]", "x = y = 1; z = 2", "type Alias = int", "password = 'hunter2'", "SECRET_KEY = 'AKIAIOSFODNN7EXAMPLE'"]),
    st.builds(lambda s: f"{s}", strings),
)


def _with_comment(line: str, comment: str) -> str:
    return f"{line}  {comment}" if comment else line


comments = st.one_of(
    st.just(""),
    st.builds(lambda ids: f"# audit: ignore[{ids}]", st.sampled_from(IDS)),
    st.sampled_from(["# nosec", "# nosec B602", "# type: ignore", "# noqa", "# AUDIT:IGNORE[b602]", "# audit: ignore[", "#", "# é \U0001f600"]),
)
statements = st.builds(lambda s, c: [_with_comment(s, c)], simple_statements, comments)
blocks = st.recursive(
    statements, lambda children: st.one_of(_compound(children), st.lists(children, min_size=1, max_size=4).map(lambda bs: [x for b in bs for x in b])),
    max_leaves=8,
)


@st.composite
def python_files(draw: st.DrawFn) -> bytes:
    """A Python file: optional BOM, shebang, coding cookie; statements; a line ending."""
    lines: list[str] = []
    if draw(st.booleans()):
        lines.append("#!/usr/bin/env python3")
    cookie = draw(st.sampled_from([None, "utf-8", "latin-1", "cp1252", "ascii", "utf-8-sig", "euc-jp", "nope-encoding"]))
    if cookie:
        lines.append(draw(st.sampled_from(["# -*- coding: {} -*-", "# vim: set fileencoding={} :", "#coding={}"])).format(cookie))
    if draw(st.booleans()):
        lines.append('"""Docstring with ""quotes"" and \\u00e9."""')
    for block in draw(st.lists(blocks, min_size=1, max_size=5)):
        lines.extend(block)
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", "\f", "   ", "# trailing comment", "\\"])))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    if newline == "mixed":
        text = "".join(line + draw(st.sampled_from(["\n", "\r\n", "\r"])) for line in lines)
    else:
        text = newline.join(lines) + draw(st.sampled_from([newline, ""]))
    encoding = cookie if cookie and _known(cookie) else "utf-8"
    if draw(st.integers(0, 4)) == 0:  # a cookie that lies about the bytes
        encoding = "utf-8"
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 5)) == 0:
        data = codecs.BOM_UTF8 + data
    return data


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


# -- mutated real files --------------------------------------------------------------------


def _seeds() -> list[bytes]:
    """Small real files: this repository's own, and flask's when the corpus is present."""
    paths = sorted(p for area in ("auditor", "rules") for p in (ROOT / area).rglob("*.py") if p.stat().st_size < 3000)
    flask = ROOT / "bench" / "corpus" / "flask-3.1.2"
    if flask.is_dir():
        paths += sorted(p for p in flask.rglob("*.py") if p.stat().st_size < 4000)
    return [p.read_bytes() for p in paths] or [b"import os\nos.system('x')\n"]


SEEDS = _seeds()
TOKENS = [
    b"(", b")", b"[", b"{", b"}", b"\r", b"\n", b"\r\n", b"\t", b"\f", b"\\", b"\x00", b"\xff", b"\xc3", b"\xe2\x80\xa8",
    codecs.BOM_UTF8, b'"""', b"'", b'f"{', b"}\"", b"# audit: ignore[B602]", b"# audit: ignore[", b"# nosec",
    b"# -*- coding: latin-1 -*-\n", b"# coding: utf-16\n", b"# coding=bogus\n", b"lambda", b"not " * 50, b"(" * 300,
    b"\n    ", b"\n\t", b"async ", b"await ", b"yield ", b"match x:\n case 1: pass\n", b":=", b"*", b"@",
]


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    """A real file with one to four byte flips, deletions, insertions, duplications or a cut."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "delete", "insert", "duplicate", "truncate"]))
        at = draw(st.integers(0, len(data)))
        if op == "flip" and data:
            at = min(at, len(data) - 1)
            data[at] ^= draw(st.integers(1, 255))
        elif op == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif op == "insert":
            data[at:at] = draw(st.one_of(st.sampled_from(TOKENS), st.binary(min_size=1, max_size=8)))
        elif op == "duplicate":
            data[at:at] = data[at:at + draw(st.integers(1, 200))]
        else:
            del data[at:]
    return bytes(data)


any_bytes = st.one_of(
    python_files(), mutated_files(), st.binary(max_size=200), st.text(max_size=100).map(lambda t: t.encode("utf-8", "surrogatepass"))
)


# -- properties ----------------------------------------------------------------------------


def check_source_file(data: bytes) -> None:
    """Every view of SourceFile: only SourceError, and lines/positions within the file."""
    source = SourceFile("pkg/mod.py", data, "pkg.mod")
    try:
        text = source.text
    except SourceError as exc:
        assert exc.kind == "decode-error" and exc.message and "\n" not in exc.message
        with pytest.raises(SourceError) as again:  # every view says the same
            SourceFile("pkg/mod.py", data).module
        assert again.value.kind == "decode-error"
        return
    assert isinstance(text, str)
    assert source.encoding
    _check_lines(source)
    try:
        module = source.module
    except SourceError as exc:
        assert exc.kind == "parse-error" and exc.message and "\n" not in exc.message
        module = None
    try:
        source.ast
    except SourceError as exc:
        assert exc.kind == "analyzer-skipped" and exc.message
    if module is not None:
        _check_positions(source, module, text)


def _check_lines(source: SourceFile) -> None:
    """Lines, comments, snippets and import lines agree with each other."""
    lines = source.lines
    count = len(lines)
    assert source.line_count == count
    assert all("\n" not in line and "\r" not in line for line in lines)
    for line, texts in source.comments.items():
        assert 1 <= line <= count
        assert all(t.startswith("#") for t in texts)
    for line in (0, 1, count, count + 1):
        source.snippet(line, line + 2)
    assert source.snippet(1, 1) == (lines[0] if lines else "")
    imports = source.import_lines()
    assert imports is None or all(1 <= n <= count for n in imports)


def _check_positions(source: SourceFile, module: cst.Module, text: str) -> None:
    """Positions come from libcst's code generation, which must give the text back, line
    for line. libcst drops a form feed that starts a statement's line (and then that
    line's indentation: columns on that line only) and some blank lines at the end."""
    lines = source.lines
    count = len(lines)
    assert _same_lines(module.code, text)
    for node, span in source.positions(_some_nodes(module)).items():
        assert 1 <= span.line <= span.end_line <= max(count, 1), (node, span, count)
        assert span.column >= 1 and span.end_column >= 1
        if span.line == span.end_line:
            assert span.column <= span.end_column
        first = lines[span.line - 1] if lines else ""
        assert span.column <= len(first) + 1, (node, span, first)


def _same_lines(code: str, text: str) -> bool:
    """The same lines, up to blanks at their start and the blank and comment lines at the
    end of the file (libcst drops a blank line before a dedented comment there)."""

    def lines(s: str) -> list[str]:
        out = [line.lstrip(" \t\f") for line in _LINE_BREAK.split(s)]
        while out and (not out[-1] or out[-1].startswith("#")):
            out.pop()
        return out

    return lines(code) == lines(text)


def _some_nodes(module: cst.Module, limit: int = 200) -> list[cst.CSTNode]:
    """Statements, calls, names and strings (what rules report), at most `limit`. Read through
    the dataclass fields: `visit` and `children` rebuild (and so validate) every node."""
    kinds = (cst.SimpleStatementLine, cst.BaseCompoundStatement, cst.Call, cst.Name, cst.BaseString)
    out: list[cst.CSTNode] = []
    stack: list[cst.CSTNode] = [module]
    while stack and len(out) < limit:
        node = stack.pop()
        if isinstance(node, kinds):
            out.append(node)
        for f in reversed(fields(node)):
            value = getattr(node, f.name)
            items = value if isinstance(value, (list, tuple)) else [value]
            stack.extend(v for v in reversed(items) if isinstance(v, cst.CSTNode))
    return out


@pytest.fixture(scope="module")
def worker() -> Worker:
    """The per-process state `run_files` builds for jobs=1, for every rule (the defaults)."""
    from auditor.api import plan_for
    from auditor.config import Config

    plan = plan_for(Config())
    return Worker(plan)


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="audit-fuzz-") as tmp:
        yield Path(tmp)


def analyze(data: bytes, state: Worker, workdir: Path, relpath: str = "pkg/mod.py") -> FileResult:
    path = workdir / "input.py"
    path.write_bytes(data)
    return analyze_file(FileTask(str(path), relpath), state)


def comparable(result: FileResult) -> FileResult:
    return replace(result, timings=())


def check_analysis(data: bytes, state: Worker, workdir: Path, relpath: str = "pkg/mod.py") -> FileResult:
    """analyze_file never raises, reports no bug of ours, keeps findings in the file, and
    gives the same result for the same bytes."""
    first = analyze(data, state, workdir, relpath)
    problems = [
        e for e in first.errors
        if e.kind is ErrorKind.INTERNAL or (e.kind is ErrorKind.RULE_CRASH and "nesting too deep" not in e.message)
    ]
    assert not problems, problems
    for e in first.errors:
        assert e.file == relpath and e.message and "\n" not in e.message, e
    try:
        count = len(SourceFile(relpath, data).lines)
    except SourceError:
        count = 0
    for f in first.findings:
        assert 1 <= f.line <= f.end_line <= max(count, 1), (f.rule, f.line, f.end_line, count)
        assert f.column >= 1 and f.end_column >= 1
    if first.facts is not None:
        for imp in first.facts.imports:
            assert 0 <= imp.line <= count, imp
    second = analyze(data, state, workdir, relpath)
    assert comparable(first) == comparable(second)
    return first


@fuzz_settings(400)
@given(any_bytes)
def test_source_file_views_raise_only_source_error(data: bytes) -> None:
    check_source_file(data)


@fuzz_settings(300)
@given(
    st.dictionaries(st.integers(-3, 30), st.lists(st.text(max_size=40).map(lambda t: "#" + t), max_size=3), max_size=6),
    st.lists(st.text(max_size=40), max_size=20),
)
def test_parse_suppressions_takes_any_comments(comments: dict[int, list[str]], lines: list[str]) -> None:
    out = parse_suppressions(comments, lines)
    assert set(out) <= set(comments)
    for line, sup in out.items():
        assert sup.line == line and 1 <= sup.column <= sup.end_column
        assert all(i == i.strip().upper() and i for i in sup.ids)


@fuzz_settings(150)
@given(python_files())
def test_suppressions_of_generated_files(data: bytes) -> None:
    source = SourceFile("mod.py", data)
    try:
        comments, lines = source.comments, source.lines
    except SourceError:
        return
    for line, sup in parse_suppressions(comments, lines).items():
        assert 1 <= line <= len(lines)
        assert "audit" in lines[line - 1].lower()


@fuzz_settings(150)
@given(python_files(), st.sampled_from(["pkg/mod.py", "tests/test_mod.py", "pkg/__init__.py", "setup.py"]))
def test_analysis_of_generated_files(worker: Worker, workdir: Path, data: bytes, relpath: str) -> None:
    check_analysis(data, worker, workdir, relpath)


@fuzz_settings(100)
@given(mutated_files())
def test_analysis_of_mutated_real_files(worker: Worker, workdir: Path, data: bytes) -> None:
    check_analysis(data, worker, workdir)


def _where(result: FileResult) -> list[tuple[str, int, int, int]]:
    return sorted((f.rule, f.line, f.column, f.end_line) for f in result.findings)


@fuzz_settings(50)
@given(python_files().map(lambda d: d.replace(b"\r\n", b"\n").replace(b"\r", b"\n")))
def test_line_endings_do_not_move_findings(worker: Worker, workdir: Path, data: bytes) -> None:
    """The same code with CRLF or lone-CR line endings has its findings on the same lines
    and columns (string literals spanning lines aside, which the generator keeps on one)."""
    # CPython 3.11 itself disagrees there: `x = 1\r\n\\\r\n` parses, `x = 1\n\\\n` does not.
    assume(not data.rstrip().endswith(b"\\"))
    lf = analyze(data, worker, workdir)
    for newline in (b"\r\n", b"\r"):
        other = analyze(data.replace(b"\n", newline), worker, workdir)
        assert _where(other) == _where(lf), newline
        assert [e.kind for e in other.errors] == [e.kind for e in lf.errors]


def _kept() -> list[Path]:
    return sorted(p for p in KEPT.iterdir() if p.is_file() and p.name != "README.md") if KEPT.is_dir() else []


@pytest.mark.parametrize("path", _kept(), ids=lambda p: p.name)
def test_kept_inputs(worker: Worker, workdir: Path, path: Path) -> None:
    """Each input that once found a bug (tests/fuzz/) passes every property again."""
    data = path.read_bytes()
    check_source_file(data)
    check_analysis(data, worker, workdir)
    if "line-endings" in path.name:  # the same code with LF line endings: the same findings
        normal = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        assert _where(analyze(data, worker, workdir)) == _where(analyze(normal, worker, workdir))


def test_there_are_kept_inputs() -> None:
    assert len(_kept()) >= 1
