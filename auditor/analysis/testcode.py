"""Recognising test code for libcst rules: test files, test functions and test classes.

(Not named `test_*.py`: that would make it a test file itself.)
"""

from __future__ import annotations

from pathlib import PurePosixPath

import libcst as cst

from auditor.helpers import ImportTable

_TEST_BASES = frozenset({"unittest.TestCase", "unittest.IsolatedAsyncioTestCase", "django.test.TestCase", "django.test.SimpleTestCase", "django.test.TransactionTestCase", "django.test.LiveServerTestCase"})


def is_test_file(relpath: str, is_test: bool) -> bool:
    """The engine's test files, plus Django's `tests.py` and `tests_*.py` modules."""
    name = PurePosixPath(relpath).name
    return is_test or name == "tests.py" or (name.startswith("tests_") and name.endswith(".py"))


def is_test_class(node: cst.ClassDef, imports: ImportTable) -> bool:
    """`class TestX`, `class XTests`, `class XTestCase`, or a TestCase subclass."""
    name = node.name.value
    if name.startswith("Test") or name.endswith(("Test", "Tests", "TestCase")):
        return True
    return any(imports.qualify(base.value) in _TEST_BASES for base in node.bases)


def is_test_function(node: cst.FunctionDef, in_test_class: bool, at_module_level: bool) -> bool:
    """`def test...` at module level or directly in a test class (pytest's and
    unittest's default collection rules)."""
    return node.name.value.startswith("test") and (at_module_level or in_test_class)
