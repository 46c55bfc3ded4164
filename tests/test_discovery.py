"""Which files an audit reads, and how it reads them: real trees on disk, the real CLI."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest

from conftest import EVAL_CALL, NO_HYGIENE, SHELL_CALL, found, make_repo, run_cli_many

SHELL_CRLF = SHELL_CALL.replace("\n", "\r\n").encode()
LATIN1 = (
    "# -*- coding: latin-1 -*-\n"
    'GREETING = "café"\n'
    "\n"
    "\n"
    "def load(text):\n"
    "    return eval(text)\n"
).encode("latin-1")  # B307 at line 6; the é is one byte, invalid as UTF-8

TREE: dict[str, str | bytes] = {
    "ok.py": SHELL_CALL,  # B404 1, B602 5
    "build.py": EVAL_CALL,  # a file named like an excluded directory is audited
    "buildtools/tool.py": EVAL_CALL,  # so is a directory whose name only starts like one
    "notes.txt": EVAL_CALL,  # not Python
    # default excludes
    ".venv/lib/python3.11/site-packages/pkg/mod.py": EVAL_CALL,
    "venv/mod.py": EVAL_CALL,
    "node_modules/pkg/mod.py": EVAL_CALL,
    "build/lib/mod.py": EVAL_CALL,
    "dist/mod.py": EVAL_CALL,
    "vendored/lib/site-packages/pkg/mod.py": EVAL_CALL,
    "__pycache__/mod.py": EVAL_CALL,
    ".git/hooks/mod.py": EVAL_CALL,
    ".tox/py311/mod.py": EVAL_CALL,
    # .gitignore, including a nested one that re-includes a file
    ".gitignore": "generated/\n*_pb2.py\n!keep_pb2.py\n",
    "generated/mod.py": EVAL_CALL,
    "api_pb2.py": EVAL_CALL,
    "keep_pb2.py": EVAL_CALL,
    "sub/.gitignore": "local.py\n!sub_pb2.py\n",
    "sub/local.py": EVAL_CALL,  # ignored by sub/.gitignore
    "sub/kept.py": EVAL_CALL,
    "sub/sub_pb2.py": EVAL_CALL,  # excluded by the root .gitignore, re-included below
    "local.py": EVAL_CALL,  # sub/.gitignore does not reach the parent directory
    # encodings and line endings
    "latin1.py": LATIN1,
    "bom.py": codecs.BOM_UTF8 + SHELL_CALL.encode(),  # B404 1, B602 5
    "crlf.py": SHELL_CRLF,  # B404 1, B602 5
    "bad_utf8.py": 'GREETING = "café"\n'.encode("latin-1"),  # no cookie: not UTF-8
    "nul.py": b"x = 1\n\x00\ny = 2\n",
    # syntax newer than the interpreter: libcst reads it, the ast-based analyzers skip it
    "py312.py": "type Alias = int\n\n\ndef load(text):\n    return eval(text)\n",
}

EXPECTED = [
    ("B307", "build.py", 2),
    ("B307", "buildtools/tool.py", 2),
    ("B307", "keep_pb2.py", 2),
    ("B307", "latin1.py", 6),
    ("B307", "local.py", 2),
    ("B307", "sub/kept.py", 2),
    ("B307", "sub/sub_pb2.py", 2),
    ("B404", "bom.py", 1),
    ("B404", "crlf.py", 1),
    ("B404", "ok.py", 1),
    ("B602", "bom.py", 5),
    ("B602", "crlf.py", 5),
    ("B602", "ok.py", 5),
]


def _make_tree(root: Path) -> Path:
    make_repo(root, TREE)
    os.symlink("..", root / "sub" / "back")  # a directory loop: sub/back/sub/back/...
    os.symlink("missing_target.py", root / "dangling.py")
    os.symlink("selfloop.py", root / "selfloop.py")  # a link to itself
    return root


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _make_tree(tmp_path_factory.mktemp("tree"))


@pytest.fixture(scope="module")
def runs(tree: Path) -> dict[str, dict]:
    base = ("-q", "-f", "json", "-o", "-", "-j", "1", "--fail-on", "never", *NO_HYGIENE)
    cases = {
        "default": (tree,),
        "exclude": (tree, "--exclude", "buildtools/,latin*.py", "--exclude", "sub/"),
        "one file": (tree / "crlf.py",),
        "a subdirectory": (tree / "sub",),
    }
    results = run_cli_many([((*args, *base), tree) for args in cases.values()])
    out = {}
    for name, r in zip(cases, results):
        assert r.code == 0, f"{name}: {r.err}"
        assert "Traceback" not in r.err
        out[name] = json.loads(r.out)
    return out


def errors(report: dict) -> dict[str, tuple[str, str]]:
    return {e["file"]: (e["kind"], e["message"]) for e in report["errors"]}


def test_finds_the_right_files(runs: dict[str, dict]) -> None:
    assert found(runs["default"]) == EXPECTED


def test_default_excludes_and_gitignore(runs: dict[str, dict]) -> None:
    files = {f["file"] for f in runs["default"]["findings"]} | set(errors(runs["default"]))
    for skipped in (
        ".venv/lib/python3.11/site-packages/pkg/mod.py",
        "venv/mod.py",
        "node_modules/pkg/mod.py",
        "build/lib/mod.py",
        "dist/mod.py",
        "vendored/lib/site-packages/pkg/mod.py",
        "__pycache__/mod.py",
        ".git/hooks/mod.py",
        ".tox/py311/mod.py",
        "generated/mod.py",
        "api_pb2.py",
        "sub/local.py",
        "notes.txt",
    ):
        assert skipped not in files


def test_files_analysed_counts_what_was_read(runs: dict[str, dict]) -> None:
    # ok, build, buildtools/tool, keep_pb2, local, sub/kept, sub/sub_pb2, latin1, bom,
    # crlf, py312 (+ sub/back/... never: the loop is cut)
    assert runs["default"]["summary"]["files_analyzed"] == 11


def test_symlink_loop_is_skipped_and_reported(runs: dict[str, dict]) -> None:
    kind, message = errors(runs["default"])["sub/back"]
    assert kind == "skipped"
    assert "loop" in message
    assert not any("sub/back/" in f["file"] for f in runs["default"]["findings"])


def test_dangling_symlinks_are_reported(runs: dict[str, dict]) -> None:
    errs = errors(runs["default"])
    assert errs["dangling.py"][0] == "read-error"
    assert "dangling" in errs["dangling.py"][1]
    assert errs["selfloop.py"][0] == "read-error"
    assert "symbolic links" in errs["selfloop.py"][1]


def test_undecodable_files_are_reported_with_a_reason(runs: dict[str, dict]) -> None:
    errs = errors(runs["default"])
    assert errs["bad_utf8.py"][0] == "decode-error"
    assert "utf-8" in errs["bad_utf8.py"][1]
    assert errs["nul.py"][0] == "decode-error"
    assert "NUL" in errs["nul.py"][1]


def test_errors_are_exactly_the_unreadable_files(runs: dict[str, dict]) -> None:
    assert sorted(errors(runs["default"])) == [
        "bad_utf8.py",
        "dangling.py",
        "nul.py",
        "py312.py",
        "selfloop.py",
        "sub/back",
    ]


def test_latin1_cookie_bom_and_crlf_files_are_read_correctly(runs: dict[str, dict]) -> None:
    by_key = {(f["rule"], f["file"]): f for f in runs["default"]["findings"]}
    assert by_key[("B307", "latin1.py")]["line"] == 6
    for name in ("bom.py", "crlf.py"):
        b602 = by_key[("B602", name)]
        # same position and text as in the plain LF file: no BOM offset, no stray \r
        assert (b602["line"], b602["column"], b602["end_line"], b602["end_column"]) == (5, 5, 5, 37)
        assert b602["snippet"] == "    subprocess.call(cmd, shell=True)"
        assert by_key[("B404", name)]["snippet"] == "import subprocess"


def test_newer_syntax_is_parsed_by_libcst_and_skipped_by_ast_analyzers(runs: dict[str, dict]) -> None:
    kind, message = errors(runs["default"])["py312.py"]
    assert kind == "analyzer-skipped"
    assert "bandit" in message
    assert not found(runs["default"], file="py312.py", rule="B307")  # bandit could not run on it


def test_exclude_globs(runs: dict[str, dict]) -> None:
    excluded = {"buildtools/tool.py", "latin1.py", "sub/kept.py", "sub/sub_pb2.py"}
    assert found(runs["exclude"]) == [f for f in EXPECTED if f[1] not in excluded]
    assert runs["exclude"]["summary"]["files_analyzed"] == 11 - len(excluded)


def test_a_single_file(runs: dict[str, dict]) -> None:
    report = runs["one file"]
    assert found(report) == [("B404", "crlf.py", 1), ("B602", "crlf.py", 5)]
    assert report["summary"]["files_analyzed"] == 1
    assert report["errors"] == []


def test_a_subdirectory_is_its_own_root(runs: dict[str, dict]) -> None:
    report = runs["a subdirectory"]
    # paths relative to sub/; sub/.gitignore still applies; `back` leads to an ancestor of
    # the root, so it is a loop and the parent tree is not audited under back/
    assert found(report) == [("B307", "kept.py", 2), ("B307", "sub_pb2.py", 2)]
    assert [(e["file"], e["kind"]) for e in report["errors"]] == [("back", "skipped")]
