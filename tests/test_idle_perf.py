"""Idle conditions of the performance and scalability rules (PERF001-011, SCAL001-004).

A rule that is idle in a file is left out of the walk (and the file may not be parsed by
libcst at all), so an idle condition must never hold where the rule reports. The shapes
below are those where a naive condition would go idle wrongly (aliases, attribute chains,
decorators, comprehensions, f-strings, test files...): each runs through the real engine
and must be reported on the exact lines marked `# expect`. A few snippets where the rule
cannot report check that it is idle, so dropping a condition fails a test.
"""

from __future__ import annotations

import ast
import textwrap

import pytest

from auditor.project import TEST_FILES
from auditor.examples import expected, reported_lines
from auditor.helpers import AstIndex, build_import_table_from_ast
from auditor.project import module_name_for
from auditor.registry import own_rules
from auditor.rule import FileContext
from auditor.source import walk_nodes

REPORTED = [
    # PERF001: an alias, a function imported under another name, the builtins module.
    (
        "PERF001",
        """
        import builtins
        import subprocess as sp
        from time import sleep as nap
        async def handler(path):
            nap(1)  # expect
            sp.run(["true"], check=True)  # expect
            return builtins.open(path)  # expect
        """,
    ),
    # PERF001: a decorator of a coroutine is visited in the coroutine's frame.
    (
        "PERF001",
        """
        import time
        def cached(value):
            return lambda f: f
        @cached(time.sleep(1))  # expect
        async def handler():
            return 1
        """,
    ),
    # PERF001: a module-level requests session used from a coroutine of the same file.
    (
        "PERF001",
        """
        from requests import Session as HttpSession
        http = HttpSession()
        async def fetch(url):
            return http.get(url, timeout=5)  # expect
        """,
    ),
    # PERF002: a requests function imported under another name, urlopen through its module.
    (
        "PERF002",
        """
        from requests import get as fetch
        from urllib import request
        def load(url):
            fetch(url)  # expect
            return request.urlopen(url)  # expect
        """,
    ),
    # PERF003: an ORM chain in a comprehension's element; a cursor call with a constant
    # SQL name in a `while` loop (a DB-API import).
    (
        "PERF003",
        """
        import sqlite3
        from shop.models import Customer
        INSERT = "insert into t values (?)"
        def names(ids, cursor, rows):
            found = [Customer.objects.get(pk=i).name for i in ids]  # expect
            while rows:
                cursor.execute(INSERT, rows.pop())  # expect
            return found
        """,
    ),
    # PERF004: the module under an alias, in a generator expression.
    (
        "PERF004",
        """
        import requests as r
        def fetch_all(urls):
            return list(r.get(u, timeout=5) for u in urls)  # expect
        """,
    ),
    # PERF005: a route of a Flask app, the factory imported under another name.
    (
        "PERF005",
        """
        from flask import Flask
        from sqlalchemy import create_engine as engine_for
        app = Flask(__name__)
        @app.get("/users")
        def users():
            engine = engine_for("postgresql://db/app")  # expect
            return str(engine)
        """,
    ),
    # PERF006: `compile` imported under another name, adjacent literals, in a `while` body.
    (
        "PERF006",
        """
        from re import compile as rx
        def scan(lines):
            while lines:
                pattern = rx("[a-z]+" r"\\d*")  # expect
                yield pattern.findall(lines.pop())
        """,
    ),
    # PERF007: functools under an alias, and a `functools.cache` never imported (matched
    # as written).
    (
        "PERF007",
        """
        import functools as ft
        class Prices:
            @ft.lru_cache(maxsize=None)  # expect
            def price(self, sku):
                return sku
            @functools.cache  # expect
            def rate(self, currency):
                return currency
        """,
    ),
    # PERF008: a list comprehension filtering rows is reported in tests too (only len()
    # and sum() skip tests and migrations).
    (
        "PERF008",
        """
        # file: tests/test_orders.py
        from shop.models import Order
        def test_paid():
            paid = [o for o in Order.objects.all() if o.paid]  # expect
            assert len(Order.objects.filter(paid=True)) == len(paid)
        """,
    ),
    # PERF009: a name assigned an f-string, grown in a comprehension-free `for` by an
    # f-string (not a plain literal).
    (
        "PERF009",
        """
        def render(items):
            html = f"<ul>"
            for item in items:
                html += f"<li>{item}</li>"  # expect
            return html
        """,
    ),
    # PERF010: an upload got with `.get()` and read later; an UploadFile parameter of a
    # coroutine, the type through its module.
    (
        "PERF010",
        """
        import fastapi
        def handle(request):
            upload = request.FILES.get("file")
            return upload.read()  # expect
        async def receive(doc: fastapi.UploadFile):
            return await doc.read()  # expect
        """,
    ),
    # PERF011: every row on a continuation line of a parenthesised return.
    (
        "PERF011",
        """
        from django.http import JsonResponse
        from shop.models import Product
        def products(request):
            return JsonResponse(  # expect
                list(Product.objects.all().values()),
                safe=False,
            )
        """,
    ),
    # SCAL001: a `global` counter and a container made by a call, in Django views.
    (
        "SCAL001",
        """
        from django.http import HttpResponse
        HITS = 0
        SEEN = dict()
        def track(request):
            global HITS
            HITS += 1  # expect
            SEEN.update({request.path: HITS})  # expect
            return HttpResponse("ok")
        """,
    ),
    # SCAL002: Thread imported under another name, in a route of a blueprint.
    (
        "SCAL002",
        """
        from flask import Blueprint
        from threading import Thread as Worker
        bp = Blueprint("reports", __name__)
        @bp.post("/reports")
        def create_report():
            Worker(target=print).start()  # expect
            return "", 202
        """,
    ),
    # SCAL003: a DRF function view (found by its decorator), os under an alias.
    (
        "SCAL003",
        """
        import os as system
        from rest_framework.decorators import api_view
        @api_view(["POST"])
        def rebuild(req):
            system.system("make")  # expect
            return None
        """,
    ),
    # SCAL004: production settings found by the path.
    (
        "SCAL004",
        """
        # file: mysite/settings/prod.py
        CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # expect
        """,
    ),
]


@pytest.mark.parametrize(("rule_id", "code"), REPORTED)
def test_reported_where_a_naive_idle_condition_would_skip(rule_id: str, code: str) -> None:
    got, errors = reported_lines(own_rules()[rule_id], code)
    assert not errors
    assert got == expected(code)


def _idle(rule_id: str, code: str, relpath: str = "app/views.py") -> bool:
    code = textwrap.dedent(code)
    tree = ast.parse(code)
    module_name, is_package = module_name_for(relpath)
    imports = build_import_table_from_ast(tree, code.splitlines(), module_name, is_package)
    index = AstIndex(walk_nodes(tree), code)
    context = FileContext(relpath, module_name, imports, {}, bool(TEST_FILES.match_file(relpath)), index)
    return bool(own_rules()[rule_id](context).idle)


IDLE = [
    # Blocking calls outside any coroutine, and a coroutine without one.
    ("PERF001", "import time\ndef f():\n    time.sleep(1)\nasync def g():\n    return 1\n"),
    # A requests call named only in a string; then the real call in a test file.
    ("PERF002", "import requests\nDOC = 'requests.get(url)'\n"),
    ("PERF002", "import requests\ndef f(u):\n    return requests.get(u)\n", "tests/test_api.py"),
    # Queries outside loops; a loop without queries.
    ("PERF003", "from m import Book\ndef f():\n    return Book.objects.filter(a=1)\nfor x in range(3):\n    print(x)\n"),
    # re.compile of a literal outside any loop.
    ("PERF006", "import re\nWORD = re.compile('[a-z]+')\ndef f(lines):\n    return [WORD.findall(x) for x in lines]\n"),
    # lru_cache on a function, not a method.
    ("PERF007", "from functools import lru_cache\nclass A:\n    pass\n@lru_cache\ndef f(x):\n    return x\n"),
    # A number grown in a loop: no name was assigned a string.
    ("PERF009", "def f(xs):\n    n = 0\n    for x in xs:\n        n += x\n    return n\n"),
    # Every row, but not in a request handler.
    ("PERF011", "from django.db import models\ndef export(rows):\n    return rows.objects.all()\n"),
    # `__all__` is module state, but nothing changes it.
    ("SCAL001", "from django.http import HttpResponse\n__all__ = ['v']\ndef v(request):\n    return HttpResponse('')\n"),
    # A thread started outside the handler.
    (
        "SCAL002",
        "import threading\nfrom flask import Flask\napp = Flask(__name__)\n"
        "threading.Thread(target=print).start()\n@app.get('/')\ndef home():\n    return ''\n",
    ),
    # A sleep in an async handler is PERF001's.
    ("SCAL003", "import time\nfrom fastapi import FastAPI\napp = FastAPI()\n@app.get('/')\nasync def home():\n    time.sleep(1)\n"),
    # Not production settings.
    ("SCAL004", "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3'}}\n", "mysite/settings/dev.py"),
]


@pytest.mark.parametrize("case", IDLE, ids=[case[0] for case in IDLE])
def test_idle_where_the_rule_cannot_report(case: tuple[str, ...]) -> None:
    rule_id, code, *relpath = case
    assert _idle(rule_id, code, *relpath)
    files = "".join(f"# file: {path}\n" for path in relpath) + code
    assert reported_lines(own_rules()[rule_id], files)[0] == {}
