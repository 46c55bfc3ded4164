"""Security pattern rules (SEC201-SEC220) on a small service written to disk: what each
rule reports, line by line, through the real engine and the real CLI; test code left
alone unless asked; bandit's findings on the same line replaced; the project-level
rules silenced by the defences they look for."""

from __future__ import annotations

import json
from pathlib import Path

from auditor.api import audit
from auditor.config import Config
from tests.conftest import make_repo, run_cli

APP = {
    "Dockerfile": "FROM python:3.12\nCMD gunicorn shop.app:app\n",
    "shop/__init__.py": "",
    "shop/app.py": '''
        import hashlib
        import random

        import requests
        from flask import Flask, make_response, request
        from flask_login import login_required

        app = Flask(__name__)
        app.secret_key = "dev-secret"


        @app.route("/orders")
        @login_required
        def orders():
            return "[]"


        @app.route("/orders/<int:order_id>", methods=["DELETE"])
        def cancel_order(order_id):
            return ""


        @app.post("/login")
        def login():
            password = request.form["password"]
            digest = hashlib.md5(password.encode()).hexdigest()
            session_token = "".join(random.choice("abcdef0123456789") for _ in range(32))
            resp = make_response(digest)
            resp.set_cookie("session", session_token)
            return resp


        def etag(body):
            return hashlib.md5(body).hexdigest()


        def backoff(attempt):
            return 2 ** attempt + random.random()


        def fetch_rates():
            return requests.get("https://rates.example-bank.com/v1", verify=False, timeout=5).json()


        if __name__ == "__main__":
            app.run(host="0.0.0.0", debug=True)
    ''',
    "mysite/settings.py": '''
        INSTALLED_APPS = ["django.contrib.sessions"]
        MIDDLEWARE = ["django.contrib.sessions.middleware.SessionMiddleware"]
        DEBUG = True
        SECRET_KEY = "django-insecure-abc123"
        ALLOWED_HOSTS = ["*"]
        SESSION_COOKIE_SECURE = False
    ''',
    "mysite/settings_dev.py": '''
        DEBUG = True
        SECRET_KEY = "dev"
        ALLOWED_HOSTS = ["*"]
    ''',
}

# (rule, file, line) the mini-app must produce, and nothing else from SEC2xx.
EXPECTED = {
    ("SEC207", "shop/app.py", 9),  # app.secret_key literal
    ("SEC216", "shop/app.py", 19),  # DELETE route without the sibling's login_required
    ("SEC219", "shop/app.py", 24),  # login endpoint, no limiter in the project
    ("SEC202", "shop/app.py", 26),  # md5 of the password
    ("SEC203", "shop/app.py", 27),  # random.choice for a session token
    ("SEC204", "shop/app.py", 29),  # cookie without Secure/HttpOnly
    ("SEC214", "shop/app.py", 42),  # verify=False
    ("SEC206", "shop/app.py", 46),  # app.run(debug=True) on 0.0.0.0
    ("SEC220", "shop/app.py", 8),  # Flask app without security headers
    ("SEC209", "mysite/settings.py", 2),  # MIDDLEWARE without Csrf/Security middleware
    ("SEC206", "mysite/settings.py", 3),
    ("SEC207", "mysite/settings.py", 4),
    ("SEC208", "mysite/settings.py", 5),
    ("SEC205", "mysite/settings.py", 6),
    ("SEC220", "mysite/settings.py", 1),
}


def _found(root: Path, **config: object) -> set[tuple[str, str, int]]:
    result = audit([root], Config(select=("SEC2",), **config), jobs=1)  # type: ignore[arg-type]
    assert not result.errors, result.errors
    return {(f.rule, f.file, f.line) for f in result.findings}


def test_mini_app_reports_each_problem_once_on_its_line(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "svc", APP)
    assert _found(root) == EXPECTED


def test_fixed_mini_app_is_quiet(tmp_path: Path) -> None:
    files = dict(APP)
    files["shop/app.py"] = '''
        import hashlib
        import os
        import secrets

        import requests
        from argon2 import PasswordHasher
        from flask import Flask, make_response, request
        from flask_limiter import Limiter
        from flask_login import login_required
        from flask_talisman import Talisman

        app = Flask(__name__)
        app.secret_key = os.environ["FLASK_SECRET_KEY"]
        limiter = Limiter(app=app)
        Talisman(app)


        @app.route("/orders")
        @login_required
        def orders():
            return "[]"


        @app.route("/orders/<int:order_id>", methods=["DELETE"])
        @login_required
        def cancel_order(order_id):
            return ""


        @app.post("/login")
        @limiter.limit("5/minute")
        def login():
            digest = PasswordHasher().hash(request.form["password"])
            session_token = secrets.token_urlsafe(32)
            resp = make_response(digest)
            resp.set_cookie("session", session_token, secure=True, httponly=True, samesite="Lax")
            return resp


        def etag(body):
            return hashlib.md5(body).hexdigest()


        def fetch_rates():
            return requests.get("https://rates.example-bank.com/v1", timeout=5).json()
    '''
    files["mysite/settings.py"] = '''
        import os
        INSTALLED_APPS = ["django.contrib.sessions"]
        MIDDLEWARE = [
            "django.middleware.security.SecurityMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
        ]
        DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
        SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
        ALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")
        SESSION_COOKIE_SECURE = True
        SECURE_HSTS_SECONDS = 31536000
    '''
    root = make_repo(tmp_path / "svc", files)
    assert _found(root) == set()


def test_test_code_is_skipped_unless_asked(tmp_path: Path) -> None:
    code = '''
        import hashlib
        import random
        import requests

        def test_login(client):
            password = "pw"
            token = random.getrandbits(64)
            requests.get("https://staging.example-bank.com", verify=False, timeout=5)
            assert hashlib.md5(password.encode()).hexdigest()
    '''
    root = make_repo(tmp_path / "repo", {"tests/test_login.py": code})
    assert _found(root) == set()
    opts = (("SEC202", (("include-tests", True),)), ("SEC203", (("include-tests", True),)), ("SEC214", (("include-tests", True),)))
    assert _found(root, options=opts) == {
        ("SEC203", "tests/test_login.py", 7),
        ("SEC214", "tests/test_login.py", 8),
        ("SEC202", "tests/test_login.py", 9),
    }


def test_our_finding_replaces_bandits_on_the_same_line_only(tmp_path: Path) -> None:
    code = '''
        import hashlib
        import random

        def make_token():
            token = random.getrandbits(128)
            return token

        def jitter():
            return random.random()

        def sign(secret, body):
            signature = hashlib.md5(secret + body).hexdigest()
            return signature

        def etag(body):
            return hashlib.md5(body).hexdigest()
    '''
    root = make_repo(tmp_path / "repo", {"lib/tokens.py": code})
    result = audit([root], Config(select=("SEC201", "SEC203", "B311", "B324")), jobs=1)
    got = {(f.rule, f.line) for f in result.findings}
    # Ours where the value is a secret; bandit's stays where ours is silent (jitter, ETag).
    assert got == {("SEC203", 5), ("B311", 9), ("SEC201", 12), ("B324", 16)}


def test_a_digest_our_rule_judges_benign_settles_bandits_check_to_info(tmp_path: Path) -> None:
    """SEC201 looked at the call and saw a cache key or ETag: bandit's B324 there drops to
    info with the reason. Where the names say nothing either way, B324 stays as bandit
    rates it; where they say security, SEC201 reports and B324 goes."""
    code = '''
        import hashlib

        def etag(body):
            return hashlib.md5(body).hexdigest()

        def normalise(record):
            return hashlib.md5(record).hexdigest()

        def sign(secret, body):
            signature = hashlib.sha1(secret + body).hexdigest()
            return signature

        def key_for(url):
            cache_key = hashlib.sha1(url.encode()).hexdigest()
            return cache_key

        def pin_cookie_name(machine_id):
            return hashlib.sha1(machine_id).hexdigest()
    '''
    root = make_repo(tmp_path / "repo", {"lib/digests.py": code})
    result = audit([root], Config(select=("SEC201", "B324")), jobs=1)
    got = {(f.rule, f.line): f for f in result.findings}
    assert set(got) == {("B324", 4), ("B324", 7), ("SEC201", 10), ("B324", 14), ("B324", 18)}
    assert got["B324", 18].severity.value == "high"  # `name` is benign, but `pin` is not: no verdict
    assert got["B324", 4].severity.value == "info"
    assert got["B324", 4].message.endswith("(SEC201: MD5 for `etag`, not a security use)")
    assert got["B324", 14].severity.value == "info" and "`cache`" in got["B324", 14].message
    assert got["B324", 7].severity.value == "high" and "SEC201" not in got["B324", 7].message
    # In test code, every weak digest is settled: tests ship nowhere.
    make_repo(root, {"tests/test_digests.py": code})
    in_tests = audit([root], Config(select=("SEC201", "B324")), jobs=1)
    tests = {(f.rule, f.line): f for f in in_tests.findings if f.file == "tests/test_digests.py"}
    assert set(tests) == {("B324", 4), ("B324", 7), ("B324", 10), ("B324", 14), ("B324", 18)}
    assert all(f.severity.value == "info" and f.message.endswith("in test code, not a security use)") for f in tests.values())
    (root / "tests" / "test_digests.py").unlink()
    # Without bandit's check selected, a verdict alone is nothing.
    alone = audit([root], Config(select=("SEC201",)), jobs=1)
    assert [(f.rule, f.line) for f in alone.findings] == [("SEC201", 10)]


def test_project_rules_need_a_service(tmp_path: Path) -> None:
    # A library (package metadata, no deployment files, no app object) that ships a
    # login blueprint: no rate limiting or headers to ask for.
    root = make_repo(
        tmp_path / "lib",
        {
            "pyproject.toml": '[project]\nname = "flask-login-views"\nversion = "1.0"\n',
            "flask_login_views/__init__.py": '''
                from flask import Blueprint
                bp = Blueprint("auth", __name__)

                @bp.route("/login", methods=["POST"])
                def login():
                    return ""
            ''',
        },
    )
    assert _found(root) == set()


def test_rate_limit_declared_in_requirements_counts(tmp_path: Path) -> None:
    files = {
        "Dockerfile": "FROM python:3.12\n",
        "requirements.txt": "fastapi==0.115.0\nslowapi==0.1.9\n",
        "api/main.py": '''
            from fastapi import FastAPI
            app = FastAPI()

            @app.post("/token")
            def token():
                return {}
        ''',
    }
    root = make_repo(tmp_path / "svc", files)
    found = _found(root)
    assert ("SEC219", "api/main.py", 5) not in found
    assert ("SEC220", "api/main.py", 2) in found
    files["requirements.txt"] = "fastapi==0.115.0\n"
    root = make_repo(tmp_path / "svc2", files)
    assert ("SEC219", "api/main.py", 5) in _found(root)


def test_cli_json_carries_cwe_and_severity(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "svc", APP)
    code, out, err = run_cli("check", root, "--select", "SEC202,SEC206", "-f", "json", "-o", "-", "-q", "--fail-on", "never", cwd=tmp_path)
    assert code == 0, err
    findings = {(f["rule"], f["file"], f["line"]): f for f in json.loads(out)["findings"]}
    assert set(findings) == {
        ("SEC202", "shop/app.py", 26),
        ("SEC206", "shop/app.py", 46),
        ("SEC206", "mysite/settings.py", 3),
    }
    password = findings[("SEC202", "shop/app.py", 26)]
    assert password["severity"] == "high" and password["cwe"][0] == 916
    assert "`password`" in password["message"]
    assert findings[("SEC206", "shop/app.py", 46)]["severity"] == "high"  # bound to 0.0.0.0


def test_bad_input_never_raises(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "repo",
        {
            "settings.py": "INSTALLED_APPS = [\nDEBUG = (\n",  # does not parse
            "weird.py": '''
                import hashlib, jwt, ssl, random
                hashlib.new()
                hashlib.new(*args)
                jwt.decode()
                random.choice()
                x.set_cookie()
                ssl.PROTOCOL_TLSv1 = 3
                requests.get(url=None, verify=False)
                CORS(supports_credentials=True)
                env = jinja2.Environment
                urlpatterns = [path()]
                SECRET_KEY = os.environ.get()
            ''',
        },
    )
    result = audit([root], Config(select=("SEC2",)), jobs=1)
    assert [e.kind.value for e in result.errors] == ["parse-error"]
