"""The observability (OBS006-OBS009) and testing (TST001-TST006) rules on small real
repositories: a service with the gaps a reviewer would flag, a well-run service, a
library; coverage data as Cobertura `coverage.xml` and as coverage.py's SQLite `.coverage`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from auditor.api import audit
from auditor.config import Config
from conftest import make_repo, run_cli

SELECT = ("OBS006", "OBS007", "OBS008", "OBS009", "TST")

BAD_SERVICE = {
    "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\nCMD gunicorn web.app:app\n",
    "requirements.txt": "flask==3.1.0\ngunicorn==23.0.0\n",
    "web/__init__.py": "",
    "web/app.py": """
        import logging
        from flask import Flask, request
        from web import billing
        log = logging.getLogger(__name__)
        app = Flask(__name__)

        @app.post("/login")
        def login():
            password = request.form["password"]
            log.info("login for %s with %s", request.form["email"], password)
            log.debug("headers %s", request.headers)
            return billing.charge(1)
    """,
    "web/billing.py": """
        def charge(amount):
            if amount <= 0:
                raise ValueError(amount)
            return {"charged": amount}
    """,
    "web/reports.py": """
        import csv
        import io
        def export(rows):
            out = io.StringIO()
            writer = csv.writer(out)
            for row in rows:
                writer.writerow(row)
            return out.getvalue()
    """,
    "tests/test_app.py": """
        import time
        import pytest
        from web.app import app

        def test_login():
            client = app.test_client()
            client.post("/login", data={"email": "a@b.c", "password": "x"})

        def test_slow():
            time.sleep(1)
            assert app is not None

        @pytest.mark.skip
        def test_later():
            assert False
    """,
}

BAD_FINDINGS = {
    ("OBS006", "web/app.py", 10, "medium"),
    ("OBS006", "web/app.py", 11, "medium"),
    ("OBS007", "web/app.py", 5, "low"),
    ("OBS008", "web/app.py", 5, "medium"),
    ("OBS009", "web/app.py", 5, "medium"),
    ("TST002", "web/reports.py", 1, "low"),
    ("TST003", "tests/test_app.py", 5, "low"),
    ("TST004", "tests/test_app.py", 10, "low"),
    ("TST005", "tests/test_app.py", 13, "low"),
}

GOOD_SERVICE = {
    "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\nCMD gunicorn web.app:app\n",
    "requirements.txt": "flask==3.1.0\nsentry-sdk==2.19.0\n",
    "web/__init__.py": "",
    "web/app.py": """
        import logging
        import logging.config
        import os
        import sentry_sdk
        from flask import Flask, request
        logging.config.dictConfig({"version": 1, "root": {"level": os.environ.get("LOG_LEVEL", "INFO")}})
        sentry_sdk.init(dsn=os.environ.get("SENTRY_DSN"))
        log = logging.getLogger(__name__)
        app = Flask(__name__)

        @app.get("/healthz")
        def healthz():
            return {"status": "ok"}

        @app.post("/login")
        def login():
            log.info("login attempt for %s", request.form["email"])
            return {"ok": True}
    """,
    "tests/test_app.py": """
        from web.app import app

        def test_health():
            assert app.test_client().get("/healthz").status_code == 200
    """,
}

LIBRARY = {
    "pyproject.toml": '[project]\nname = "tidy"\nversion = "1.0"\n',
    "src/tidy/__init__.py": "from tidy.core import parse\n",
    "src/tidy/core.py": """
        import logging
        log = logging.getLogger(__name__)
        def parse(text, token=None):
            log.debug("parsing %d characters", len(text))
            return text.split()
    """,
    "src/tidy/contrib/__init__.py": "",
    "src/tidy/contrib/extra.py": """
        def shout(words):
            out = []
            for word in words:
                out.append(word.upper())
            return out
    """,
    "tests/test_core.py": """
        from tidy import parse
        def test_parse():
            assert parse("a b") == ["a", "b"]
    """,
}

COMPLEX = """
def price(kind, qty, vip, day):
    if kind == "a" and qty > 10 or vip:
        return 1 if day == "mon" else 2
    if kind == "b" or qty < 0 and not vip:
        return 3 if day in ("sat", "sun") else 4
    if kind == "c" or (qty and vip and day):
        return 5
    return 0


def label(kind):
    return kind.upper()
"""


def _run(root: Path) -> tuple[set[tuple[str, str, int, str]], dict]:
    result = audit([root], Config(select=SELECT, per_file_ignores=()), jobs=1)
    assert not result.errors, result.errors
    got = {(f.rule, f.file, f.line, f.severity.value) for f in result.findings}
    return got, result.sections


def test_bad_service_is_reported_at_the_lines_a_reviewer_would(tmp_path: Path) -> None:
    got, sections = _run(make_repo(tmp_path, BAD_SERVICE))
    assert got == BAD_FINDINGS
    testing = sections["testing"]
    assert testing["coverage_found"] is False and testing["coverage_file"] is None
    assert testing["untested_modules"] == 1 and testing["tested_modules"] == 2


def test_messages_name_what_leaks_and_what_is_untested(tmp_path: Path) -> None:
    result = audit([make_repo(tmp_path, BAD_SERVICE)], Config(select=SELECT, per_file_ignores=()), jobs=1)
    messages = {(f.rule, f.line): f.message for f in result.findings}
    assert "`password`" in messages[("OBS006", 10)]
    assert "request.headers" in messages[("OBS006", 11)]
    assert "web.reports" in messages[("TST002", 1)]
    assert "test_login" in messages[("TST003", 5)]


def test_well_run_service_is_quiet(tmp_path: Path) -> None:
    got, sections = _run(make_repo(tmp_path, GOOD_SERVICE))
    assert got == set()
    assert sections["repository"]["kind"] == "service"


def test_library_gets_no_service_findings(tmp_path: Path) -> None:
    got, sections = _run(make_repo(tmp_path, LIBRARY))
    # `token=None` as a parameter is not logged; the library needs no health endpoint
    assert got == {("TST002", "src/tidy/contrib/extra.py", 1, "low")}
    assert sections["testing"]["tested_modules"] == 1  # packages' tiny __init__ files do not count


def test_repository_without_tests(tmp_path: Path) -> None:
    files = {k: v for k, v in BAD_SERVICE.items() if not k.startswith("tests/")}
    got, sections = _run(make_repo(tmp_path, files))
    assert ("TST001", "Dockerfile", 1, "high") in got
    assert not {g for g in got if g[0] in ("TST002", "TST003")}
    assert sections["testing"]["test_modules"] == 0


def _with_coverage(tmp_path: Path) -> Path:
    return make_repo(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "shop"\n',
            "src/shop/__init__.py": "",
            "src/shop/rules.py": COMPLEX,
            "src/shop/small.py": "def one():\n    return 1\n",
            "tests/test_rules.py": "from shop import rules, small\n\ndef test_label():\n    assert rules.label('a') == 'A'\n",
        },
    )


def test_cobertura_coverage_xml(tmp_path: Path) -> None:
    root = _with_coverage(tmp_path)
    # As `coverage xml` writes it: paths relative to a <source> on the CI machine.
    lines = "".join(f'<line number="{n}" hits="{1 if n in (1, 11, 12) else 0}"/>' for n in (1, 2, 3, 4, 5, 6, 7, 8, 11, 12))
    (root / "coverage.xml").write_text(
        '<?xml version="1.0" ?>\n<coverage line-rate="0.25" version="7.6">'
        "<sources><source>/builds/ci/shop/src</source></sources><packages><package name=\"shop\"><classes>"
        f'<class name="rules.py" filename="shop/rules.py" line-rate="0.3"><lines>{lines}</lines></class>'
        '<class name="small.py" filename="shop/small.py" line-rate="0"><lines><line number="1" hits="0"/>'
        '<line number="2" hits="0"/></lines></class>'
        "</classes></package></packages></coverage>\n",
        encoding="utf-8",
    )
    result = audit([root], Config(select=("TST006",), per_file_ignores=()), jobs=1)
    assert [(f.rule, f.file, f.line) for f in result.findings] == [("TST006", "src/shop/rules.py", 1)]
    message = result.findings[0].message
    assert message.startswith("30% of 10 statements covered (coverage.xml)")
    assert "price (complexity" in message
    testing = result.sections["testing"]
    assert testing["coverage_found"] is True
    assert testing["coverage_file"] == "coverage.xml"
    assert testing["line_rate"] == 0.25
    assert testing["coverage_files"] == 2


def _numbits(lines: set[int]) -> bytes:
    """coverage.py's numbits encoding: bit n % 8 of byte n // 8 for line n."""
    out = bytearray(max(lines) // 8 + 1)
    for n in lines:
        out[n // 8] |= 1 << (n % 8)
    return bytes(out)


def _write_coverage_db(path: Path, files: dict[str, set[int]]) -> None:
    """A `.coverage` file with coverage.py 7's schema (version 7), built by hand: the
    `coverage` package is not a dependency of the auditor."""
    db = sqlite3.connect(path)
    db.executescript(
        """
        create table coverage_schema (version integer);
        create table meta (key text, value text, unique (key));
        create table file (id integer primary key, path text, unique (path));
        create table context (id integer primary key, context text, unique (context));
        create table line_bits (file_id integer, context_id integer, numbits blob,
            foreign key (file_id) references file (id), foreign key (context_id) references context (id),
            unique (file_id, context_id));
        create table arc (file_id integer, context_id integer, fromno integer, tono integer,
            foreign key (file_id) references file (id), foreign key (context_id) references context (id),
            unique (file_id, context_id, fromno, tono));
        create table tracer (file_id integer primary key, tracer text, foreign key (file_id) references file (id));
        insert into coverage_schema (version) values (7);
        insert into meta (key, value) values ('version', '7.6.1'), ('has_arcs', '0');
        insert into context (id, context) values (1, '');
        """
    )
    for i, (name, lines) in enumerate(sorted(files.items()), 1):
        db.execute("insert into file (id, path) values (?, ?)", (i, name))
        db.execute("insert into line_bits (file_id, context_id, numbits) values (?, 1, ?)", (i, _numbits(lines)))
    db.commit()
    db.close()


def test_sqlite_dot_coverage(tmp_path: Path) -> None:
    root = _with_coverage(tmp_path / "repo")
    # Absolute paths of the machine that ran the tests; only `def` lines and `label` ran.
    _write_coverage_db(
        root / ".coverage",
        {"/home/dev/shop/src/shop/rules.py": {1, 11, 12}, "/home/dev/shop/src/shop/small.py": {1, 2}},
    )
    result = audit([root], Config(select=("TST006",), per_file_ignores=()), jobs=1)
    assert [(f.rule, f.file, f.line) for f in result.findings] == [("TST006", "src/shop/rules.py", 1)]
    assert "(.coverage)" in result.findings[0].message
    testing = result.sections["testing"]
    assert testing["coverage_found"] is True and testing["coverage_file"] == ".coverage"
    # rules.py: 10 statements, 3 run; small.py: 2 of 2
    assert testing["line_rate"] == round(5 / 12, 4)


def test_corrupt_coverage_is_said_not_raised(tmp_path: Path) -> None:
    root = _with_coverage(tmp_path)
    (root / "coverage.xml").write_text("<coverage><unclosed>", encoding="utf-8")
    result = audit([root], Config(select=("TST006",), per_file_ignores=()), jobs=1)
    assert not [f for f in result.findings if f.rule == "TST006"]
    testing = result.sections["testing"]
    assert testing["coverage_found"] is False and testing["coverage_file"] == "coverage.xml"
    assert "ParseError" in testing["coverage_error"]


def test_cli_json_has_the_testing_section(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", BAD_SERVICE)
    code, out, err = run_cli("check", root, "--select", "TST", "-f", "json", "-o", "-", "--fail-on", "never", "-q", cwd=tmp_path)
    assert code == 0, err
    report = json.loads(out)
    assert report["testing"]["coverage_found"] is False
    assert {f["rule"] for f in report["findings"]} == {"TST002", "TST003", "TST004", "TST005"}


def test_plugins_found_by_walking_packages_count_as_loaded(tmp_path: Path) -> None:
    files = {
        "pyproject.toml": '[project]\nname = "lint"\n',
        "lint/__init__.py": "",
        "lint/registry.py": """
            import importlib
            import pkgutil
            import lint.checks
            def load():
                for info in pkgutil.walk_packages(lint.checks.__path__, "lint.checks."):
                    importlib.import_module(info.name)
        """,
        "lint/checks/__init__.py": "",
        "lint/checks/naming.py": "from lint import util\n\ndef check(name):\n    return util.ok(name)\n\n\nRULE = 'N001'\n",
        "lint/util.py": "def ok(name):\n    return name.islower()\n\n\nLIMIT = 80\nWIDTH = 4\n",
        "tests/test_registry.py": "from lint.registry import load\n\ndef test_load():\n    assert load() is None\n",
    }
    got, sections = _run(make_repo(tmp_path, files))
    assert not {g for g in got if g[0] == "TST002"}
    assert sections["testing"]["untested_modules"] == 0
