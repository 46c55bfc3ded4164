"""The shortcuts that make the bandit adapter, radon and MNT012 cheaper find exactly what
the full work finds: bandit's own CLI on files made to hit each pre-check, and the
commented-out-code rule's prose filter on lines that start code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from auditor.adapters import bandit as adapter
from auditor.api import audit
from auditor.config import Config
from auditor.rules.maintainability import commented_out_code as mnt012

FILES = {
    "bidi.py": 'access = "user"\nif access != "none\u202e\u2066":  # admin \u2069\u2066\n    pass\n',
    "rlm_cp1255.py": b"# -*- coding: cp1255 -*-\nname = '\xfe'\n",
    "calls.py": (
        "import pickle, importlib, hashlib, subprocess\n"
        "pickle.loads(b'')\n"
        "__import__('pickle')\n"
        "importlib.import_module('pickle')\n"
        "eval('1')  # nosec\n"
        "eval('2')  # nosec B307\n"
        "eval('3')  # nosec B101\n"
        "hashlib.md5(b'')\n"
        "subprocess.call('ls', shell=True)\n"
        "from pickle import loads as l\n"
        "l(b'')\n"
        "x = [1, 2.0, None, True, b'b', 'password']\n"
        '"""a docstring-like statement"""\n'
        "password = 'hunter2'\n"
    ),
}


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shortcuts")
    for name, body in FILES.items():
        path = root / name
        path.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    return root


def test_prechecks_are_tied_to_the_installed_bandit() -> None:
    """Each pre-check was written from one test's source; a bandit that changed it
    turns the pre-check off (this fails then: read the new test and the pre-check again)."""
    adapter.BanditRunner(["B613", "B301"])
    assert {"trojansource", "blacklist"} <= {test.__name__ for test in adapter._PRECHECKS}


def test_bandit_adapter_equals_bandit_on_precheck_cases(tree: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bandit", "-r", str(tree), "-f", "json", "-q"], capture_output=True, text=True
    )
    theirs = {
        (r["test_id"], Path(r["filename"]).name, r["line_number"])
        for r in json.loads(proc.stdout)["results"]
    }
    result = audit([tree], Config(select=("B",), per_file_ignores=(("__none__", ()),)), jobs=1)
    ours = {(f.rule, f.file, f.line) for f in result.findings if f.rule.startswith("B")}
    assert {("B613", "bidi.py", 2), ("B613", "rlm_cp1255.py", 2), ("B301", "calls.py", 2)} <= theirs
    assert ours == theirs


@pytest.mark.parametrize(
    "line",
    [
        " match command:",
        " case _:",
        " x = rb'a b'",
        " value if flag else other",
        " import a as b",
        " for item in items:",
        " print(total)  # the old total",
        " f(a,  # the first one",
        " not ready and done",
        " await task",
    ],
)
def test_lines_that_may_start_code_are_parsed(line: str) -> None:
    assert not mnt012._never_code(line)


@pytest.mark.parametrize(
    "line", [" The total is the sum", " Note: prices are in cents", " Copyright (c) 2007, Robert Coup <r@x>"]
)
def test_prose_lines_are_not_parsed(line: str) -> None:
    assert mnt012._never_code(line)
