"""Idle conditions of the security pattern rules (SEC001, SEC201-SEC218; see `Rule.idle`).

Each REPORTED snippet is a shape where a naive idle condition would go idle (aliases,
attribute chains, adjacent literals folded by `ast`, f-strings, `+=`, aliases of aliases,
async defs, class decorators, settings keys in subscripts and keywords...): it runs
through the real engine and the rule must still report exactly the `# expect` lines.
Each IDLE snippet is a file where the rule cannot report: the rule, made as the engine
makes it (import table and index from the stdlib tree), must be idle there, so that
dropping a condition fails here.
"""

from __future__ import annotations

import ast
import functools
import textwrap
from pathlib import Path

import pytest

from auditor.engine import FileTask, Plan, Worker, analyze_file
from auditor.project import TEST_FILES
from auditor.helpers import AstIndex, build_import_table_from_ast
from auditor.project import module_name_for
from auditor.rule import FileContext
from auditor.source import walk_nodes

REPORTED = [
    # SEC001: `+=` then an alias of an alias; an f-string folded with a literal; `%` with a
    # literal tuple on a built template; sqlalchemy's text under another name.
    (
        "SEC001",
        "db.py",
        """
        from sqlalchemy import text as sqltext
        QUERY = "SELECT * FROM t"
        def search(cursor, session, name, table):
            sql = "SELECT * FROM people"
            sql += " WHERE name = " + name
            alias = sql
            again = alias
            cursor.execute(again)  # expect
            cursor.execute("SELECT * FROM " f"{table}")  # expect
            template = "SELECT * FROM %s WHERE id = %%s" % table
            cursor.execute(template % (1,))  # expect
            session.execute(sqltext(QUERY + table))  # expect
            cursor.execute(sql="DELETE FROM t WHERE x = {}".format(name))  # expect
            rows.extra(where=[*["a = 1"], f"b = {name}"])  # expect
            TABLE = "t_" + name
            cursor.execute("SELECT * FROM %s" % TABLE)  # expect
        """,
    ),
    (
        "SEC001",
        "models.py",
        """
        from django.db import models
        async def annotate(qs, title):
            return qs.annotate(v=models.expressions.RawSQL("SELECT %s" % title, ()))  # expect
        """,
    ),
    # SEC201/SEC202: hashlib names imported under other names; a hash object fed later.
    (
        "SEC201",
        "sign.py",
        """
        from hashlib import md5 as digest, new
        async def sign(secret, body):
            signature = digest(secret + body).hexdigest()  # expect
            return signature, new("SHA1", secret).hexdigest()  # expect
        """,
    ),
    (
        "SEC202",
        "users.py",
        """
        import hashlib as hl
        class Users:
            def set_password(self, user, password):
                h = hl.sha256()  # expect
                h.update(password.encode())  # expect
        """,
    ),
    # SEC203: `import random as r`, a random.Random() instance on self.
    (
        "SEC203",
        "tokens.py",
        """
        import random as r
        class Tokens:
            def __init__(self):
                self.rng = r.Random()
            def issue(self, user):
                user.reset_token = self.rng.getrandbits(64)  # expect
                return r.choice("abc")
        """,
    ),
    (
        "SEC204",
        "views.py",
        """
        def login(response, token):
            response.set_signed_cookie("session", token, salt="s")  # expect
        """,
    ),
    # Settings: a Django settings module by its markers; keys in an `if` block, in a
    # subscript written as adjacent literals, and as `.update()` keywords.
    (
        "SEC205",
        "proj/settings/prod.py",
        """
        import os
        if os.environ.get("X"):
            SESSION_COOKIE_SECURE = False  # expect
        """,
    ),
    (
        "SEC206",
        "app.py",
        """
        from flask import Flask
        app = Flask(__name__)
        app.config["DE" "BUG"] = True  # expect
        app.config.update(DEBUG=True)  # expect
        class ProdConfig:
            DEBUG = True  # expect
        if __name__ == "__main__":
            app.run(debug=True)  # expect
        """,
    ),
    (
        "SEC207",
        "app.py",
        """
        from flask import Flask as F
        application = F(__name__)
        application.secret_key = "s3cr3t"  # expect
        application.config["SECRET" "_KEY"] = "x"  # expect
        """,
    ),
    (
        "SEC208",
        "mysite/settings.py",
        """
        ALLOWED_HOSTS: list = ["" "*"]  # expect
        """,
    ),
    (
        "SEC209",
        "mysite/settings.py",
        """
        INSTALLED_APPS = []
        try:
            MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]  # expect
        except ImportError:
            pass
        """,
    ),
    (
        "SEC210",
        "views.py",
        """
        from django.utils.decorators import method_decorator
        from django.views.decorators.csrf import csrf_exempt as no_csrf
        @method_decorator(no_csrf, name="dispatch")  # expect
        class Upload:
            pass
        urlpatterns = [no_csrf(upload)]  # expect
        """,
    ),
    (
        "SEC211",
        "mysite/settings.py",
        """
        ROOT_URLCONF = "mysite.urls"
        CORS_ORIGIN_ALLOW_ALL = True  # expect
        if True:
            CORS_ALLOW_CREDENTIALS = True
        """,
    ),
    (
        "SEC212",
        "render.py",
        """
        from jinja2 import sandbox
        env = sandbox.SandboxedEnvironment()  # expect
        """,
    ),
    (
        "SEC213",
        "auth.py",
        """
        from jwt import PyJWT
        def read(token, key):
            return PyJWT().decode(token, key, options={"verify_signature": False})  # expect
        """,
    ),
    (
        "SEC214",
        "client.py",
        """
        import ssl, aiohttp
        ssl._create_default_https_context = ssl._create_unverified_context  # expect
        async def fetch(s, url):
            async with s.get(url, ssl=False) as r:  # expect
                return await r.text()
        """,
    ),
    (
        "SEC215",
        "tls.py",
        """
        import ssl as s
        from OpenSSL import SSL
        ctx = s.SSLContext(s.PROTOCOL_TLSv1)  # expect
        legacy = SSL.Context(SSL.SSLv3_METHOD)  # expect
        """,
    ),
    # SEC216: async FastAPI routes, the write one decorated with `.delete(...)`.
    (
        "SEC216",
        "api.py",
        """
        from fastapi import APIRouter, Depends
        router = APIRouter()
        @router.get("/items")
        async def items(user=Depends(get_current_user)):
            return []
        @router.delete("/items/{id}")
        async def remove(id: int):  # expect
            pass
        """,
    ),
    # SEC217: adjacent literals folded into one URL; an f-string with a literal host.
    (
        "SEC217",
        "partner.py",
        """
        import requests
        API_URL = "http://" "api.partner-bank.com/v2"  # expect
        def send(session, path, msg):
            session.post(f"http://hooks.slack.com/services/{path}", json=msg)  # expect
        """,
    ),
    (
        "SEC218",
        "db.py",
        """
        DATABASES = {"default": {"HOST": "db.acme-corp.io", "OPTIONS": {"ssl" "mode": "disable"}}}  # expect
        engine = create_engine(
            "postgresql://u@db.acme-corp.io/app?sslmode=disable"  # expect
        )
        """,
    ),
]


@functools.cache
def _worker(rule: str) -> Worker:
    return Worker(Plan(libcst_rules=(rule,), file_rules=(), bandit_tests=(), engine_rules=()))


def _write(tmp_path: Path, relpath: str, code: str) -> tuple[Path, str]:
    text = textwrap.dedent(code).lstrip("\n")
    path = tmp_path / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path, text


@pytest.mark.parametrize(("rule", "relpath", "code"), REPORTED, ids=[f"{r}-{p}" for r, p, _ in REPORTED])
def test_still_reported(tmp_path: Path, rule: str, relpath: str, code: str) -> None:
    path, text = _write(tmp_path, relpath, code)
    expected = [n for n, line in enumerate(text.splitlines(), 1) if line.rstrip().endswith("# expect")]
    result = analyze_file(FileTask(str(path), relpath), _worker(rule))
    assert sorted(f.line for f in result.findings if f.rule == rule) == expected
    assert not _made(rule, relpath, text).idle


IDLE = [
    # SEC001: SQL only from literals, or formatting that never reaches an execute call;
    # a `.format()` of literals; `%` of a numeric template.
    (
        "SEC001",
        "db.py",
        """
        def f(cursor, name, n):
            message = f"hello {name}"
            cursor.execute("SELECT * FROM t " "WHERE a = %s", (name,))
            cursor.execute("SELECT {}".format(1))
            cursor.execute("SELECT * FROM t LIMIT %d" % n)
            sql = "SELECT 1"
            cursor.execute(sql)
        """,
    ),
    ("SEC001", "m.py", "from myapp.i18n import text\nlabel = text(f'Hello {name}')\n"),
    # Quoting helpers, placeholder lists and UPPER_CASE constants are constants.
    (
        "SEC001",
        "db.py",
        """
        TABLE = "t"
        def f(cursor, connection, ids, name):
            cursor.execute("SET CONSTRAINTS %s IMMEDIATE" % connection.ops.quote_name(name))
            cursor.execute("SELECT " + ", ".join(["%s"] * len(ids)), ids)
            cursor.execute(f"SELECT * FROM {TABLE} WHERE a IN ({', '.join('?' for _ in ids)})", ids)
        """,
    ),
    # Hashing and random without the module, or under a name that is not a hash call.
    ("SEC201", "h.py", "import hashlib\ntoken = hashlib.sha256(secret).hexdigest()\n"),
    ("SEC202", "h.py", "from myproject import hashlib\npassword_hash = hashlib.md5(password)\n"),
    ("SEC203", "r.py", "import secrets\ntoken = secrets.choice('abc')\n"),
    ("SEC203", "tests/test_r.py", "import random\ntoken = random.random()\n"),
    ("SEC204", "c.py", "jar.set('session', token)\n"),
    # Settings rules: no such key; a development module; a key only read, not set.
    ("SEC205", "mysite/settings.py", "INSTALLED_APPS = []\nSESSION_COOKIE_AGE = 60\n"),
    ("SEC206", "mysite/settings/dev.py", "INSTALLED_APPS = []\nDEBUG = True\n"),
    ("SEC206", "views.py", "from django.conf import settings\nshow = settings.DEBUG\n"),
    ("SEC207", "app.py", "from myforms import Form\nform = Form()\nform.secret_key = 'x'\n"),
    ("SEC208", "mysite/settings.py", "ALLOWED_HOSTS = ['example.com']\n"),
    ("SEC209", "mysite/settings.py", "ROOT_URLCONF = 'mysite.urls'\n"),
    ("SEC210", "views.py", "from django.views.decorators.csrf import csrf_protect\n"),
    ("SEC211", "mysite/settings.py", "INSTALLED_APPS = []\nCORS_ALLOW_ALL_ORIGINS = True\n"),
    ("SEC212", "t.py", "from jinja2 import Template\nTemplate('x')\n"),
    ("SEC213", "t.py", "import json\njson.decode(token)\n"),
    ("SEC214", "t.py", "import requests\nrequests.get(url, timeout=5)\n"),
    ("SEC215", "t.py", "import ssl\nctx = ssl.create_default_context()\n"),
    (
        "SEC216",
        "views.py",
        """
        from django.contrib.auth.decorators import login_required
        @login_required
        def index(request):
            pass
        def delete(self):
            pass
        """,
    ),
    ("SEC217", "u.py", "HOME_URL = 'https://example.com'\nLOCAL = 'http://localhost:8000/'\n"),
    ("SEC218", "d.py", "DSN = 'host=db sslmode=require'\nconnect(host='db', ssl=False)\n"),
]


def _made(rule: str, relpath: str, text: str):  # type: ignore[no-untyped-def]
    """The rule as the engine makes it before any libcst parse."""
    tree = ast.parse(text)
    module_name, is_package = module_name_for(relpath)
    imports = build_import_table_from_ast(tree, text.splitlines(), module_name, is_package)
    index = AstIndex(walk_nodes(tree), text)
    is_test = bool(TEST_FILES.match_file(relpath))
    state = _worker(rule)
    context = FileContext(relpath, module_name, imports, state.options.get(rule, {}), is_test, index)
    return state.rules[rule](context)


@pytest.mark.parametrize(("rule", "relpath", "code"), IDLE, ids=[f"{r}-{p}" for r, p, _ in IDLE])
def test_idle(rule: str, relpath: str, code: str) -> None:
    assert _made(rule, relpath, textwrap.dedent(code).lstrip("\n")).idle


def test_no_stdlib_tree_means_open() -> None:
    """Without the index (a file this Python cannot parse) only other facts may idle a rule."""
    imports = build_import_table_from_ast(ast.parse(""), [], "m", False)
    for rule in ("SEC001", "SEC217"):
        state = _worker(rule)
        assert not state.rules[rule](FileContext("m.py", "m", imports, state.options.get(rule, {}), False, None)).idle
