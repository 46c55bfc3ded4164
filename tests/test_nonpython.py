"""Non-Python files and repository-level judgements: the service/library detector, secrets
in every file type (masked in every report format), template files, Dockerfiles and other
deployment files; and files that must never break a run (binary, huge, undecodable)."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from auditor.analysis.service import RepositoryKind, repository_kind
from auditor.api import project_index

from conftest import make_repo

CORPUS = Path(__file__).resolve().parent.parent / "bench" / "corpus"


def kind_of(root: Path) -> RepositoryKind:
    return repository_kind(project_index([root]))


# --- service / library / application ------------------------------------------------


def test_flask_app_with_dockerfile_is_a_service(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "Dockerfile": "FROM python:3.12-slim\n",
            "app/__init__.py": "",
            "app/web.py": "from flask import Flask\n\napp = Flask(__name__)\n",
            "tests/test_web.py": "import fastapi\n",
            "pyproject.toml": "[project]\nname = 'x'\n",
        },
    )
    kind = kind_of(root)
    assert kind.kind == "service"
    assert kind.frameworks == ("flask",)  # fastapi only in tests: not evidence
    assert kind.evidence == ("Dockerfile", "application object in app/web.py", "imports flask in app/web.py")
    assert kind.evidence == tuple(sorted(kind.evidence))


def test_django_project_is_a_service(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings')\n",
            "site/__init__.py": "",
            "site/wsgi.py": "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
        },
    )
    kind = kind_of(root)
    assert kind.kind == "service"
    assert kind.frameworks == ("django",)
    assert "manage.py" in kind.evidence
    assert "WSGI entry point site/wsgi.py" in kind.evidence


def test_procfile_and_compose_are_evidence(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {"Procfile": "web: gunicorn app:app\n", "deploy/docker-compose.yml": "services: {}\n", "app.py": "print(1)\n"},
    )
    kind = kind_of(root)
    assert kind.kind == "service"
    assert kind.evidence == ("Procfile", "deploy/docker-compose.yml")


def test_flask_extension_is_a_library(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path,
        {
            "pyproject.toml": "[project]\nname = 'flask-thing'\n",
            "src/flask_thing/__init__.py": 'from flask import current_app\n\ndef init(app):\n    """\n    app = Flask(__name__)\n    """\n',
            "examples/demo/Dockerfile": "FROM python:3.12\n",
            "examples/demo/app.py": "from flask import Flask\napp = Flask(__name__)\n",
        },
    )
    kind = kind_of(root)
    assert kind.kind == "library"
    assert kind.frameworks == ("flask",)
    assert kind.evidence == ("[project] in pyproject.toml", "imports flask in src/flask_thing/__init__.py")


def test_plain_package_is_a_library_without_a_web_framework(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"setup.cfg": "[metadata]\nname = x\n", "setup.py": "from setuptools import setup\nsetup()\n", "x/__init__.py": ""})
    kind = kind_of(root)
    assert kind == RepositoryKind("library", (), ("[metadata] in setup.cfg without a web framework", "setup.py"))


def test_scripts_are_an_application(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"tool.py": "import argparse\n", "django/wsgi.py": "def handler(): pass\n"})
    kind = kind_of(root)
    assert kind.kind == "application"
    assert kind.frameworks == ()


def test_framework_imports_without_package_metadata_make_a_service(tmp_path: Path) -> None:
    root = make_repo(tmp_path, {"handlers.py": "from aiohttp import web\n", "client.py": "import aiohttp\n"})
    kind = kind_of(root)
    assert kind.kind == "service"
    assert kind.frameworks == ("aiohttp",)


def test_kind_is_cached_per_run(tmp_path: Path) -> None:
    index = project_index([make_repo(tmp_path, {"a.py": ""})])
    assert repository_kind(index) is repository_kind(index)
    assert index.cache["repository-kind"].kind == "application"
    from auditor.analysis.service import repository_section

    assert repository_section(index) == {
        "kind": "application",
        "frameworks": [],
        "evidence": ["no package metadata and no service evidence"],
    }


def _unpacked(name: str, tmp_path: Path) -> Path | None:
    folder = CORPUS / name
    if folder.is_dir():
        return folder
    archive = CORPUS / f"{name}.tar.gz"
    if not archive.is_file():
        return None
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path, filter="data")
    return tmp_path / name


def test_flask_sdist_is_a_library(tmp_path: Path) -> None:
    root = _unpacked("flask-3.1.2", tmp_path)
    if root is None:
        pytest.skip("Flask sdist not downloaded (bench/corpus)")
    kind = kind_of(root)
    assert kind.kind == "library"  # its examples/ are Flask apps with Dockerfile-free factories
    assert kind.evidence == ("[project] in pyproject.toml without a web framework",)
    tutorial = kind_of(root / "examples" / "tutorial")
    assert tutorial.kind == "service" and tutorial.frameworks == ("flask",)


# --- secrets: every file type, masked in every output format --------------------------

# Fake credentials in real key formats (never real ones), split so no line of this test
# file holds one whole.
AWS_ID = "AKIA" "QX4TZ7RM2LWN9VBD"
AWS_SECRET = "kJ8rT2vLq9" "Xw3Zp5Nm7Bc1Df4Gh6Jk8Lm0Pq2RsT"
GITHUB = "ghp_" "T5vK8mQ2xR9pL4wZ7nC3bY6hD1jF0gA2sE8u"
SLACK = "xoxb-" "1357924680-2468013579246-" "Zq7WmR4tKp9Lx2Vb8Nc5Hd3F"
STRIPE = "sk_live_" "9Xq2Lm7Vt4Rz8Kp3Wn6Ys1Bd"
DB_PASSWORD = "Vt8#qLm2" "!xR9zWp4"
YAML_PASSWORD = "N3w-Pr0d" "-Passw0rd-7Q"
INI_TOKEN = "Zm9vYmFy" "YmF6cXV4MTIzNDU2Nzg5MA"
COMPOSE_SECRET = "c0mp0se" "-S3cret!9kq"
DOCKER_SECRET = "d0ck3r" "-Env-S3cret!4x"
PEM_BODY = "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi6" "Z1qF1sJtTk0XkP8aDWk8pM0yQr7"
RAW = [AWS_ID, AWS_SECRET, GITHUB, SLACK, STRIPE, DB_PASSWORD, YAML_PASSWORD, INI_TOKEN, COMPOSE_SECRET, DOCKER_SECRET, PEM_BODY]

SECRET_REPO = {
    "app/__init__.py": "",
    "app/storage.py": f'''\
        import boto3

        s3 = boto3.client("s3", aws_access_key_id="{AWS_ID}", aws_secret_access_key="{AWS_SECRET}")
        DB_PASSWORD = "{DB_PASSWORD}"
        stripe_client = make_client(api_key="{STRIPE}")
        password = "hunter2"
        DEPLOY_KEY = """-----BEGIN RSA PRIVATE KEY-----
        {PEM_BODY}
        -----END RSA PRIVATE KEY-----"""
        ''',
    "tests/test_storage.py": f'AWS = "{AWS_ID}"\n',
    ".env": f"DEBUG=0\nGITHUB_TOKEN={GITHUB}\n",
    ".env.example": "GITHUB_TOKEN=\nAPI_KEY=changeme\nSECRET=${VAULT_SECRET}\n",
    "config/settings.yaml": f"database:\n  host: db\n  password: {YAML_PASSWORD}\nslack:\n  webhook_token: '{SLACK}'\n",
    "config/app.json": f'{{"payments": {{"stripe_key": "{STRIPE}"}}, "token_url": "https://x/token"}}\n',
    "deploy/app.ini": f"[auth]\nauth_token = {INI_TOKEN}\npassword = changeme\n",
    "Dockerfile": f"FROM python:3.12-slim\nENV APP_PASSWORD={DOCKER_SECRET}\nUSER app\nCMD [\"gunicorn\", \"app:app\"]\n",
    "docker-compose.yml": f"services:\n  web:\n    environment:\n      - ADMIN_PASSWORD={COMPOSE_SECRET}\n      - API_KEY=${{API_KEY}}\n",
    ".dockerignore": ".git\n",
}

EXPECTED_SECRETS = {
    ("SEC301", "app/storage.py", 3),  # AWS key id and secret: two findings on line 3
    ("SEC301", "app/storage.py", 4),
    ("SEC301", "app/storage.py", 5),
    ("SEC301", "app/storage.py", 7),
    ("SEC301", "tests/test_storage.py", 1),
    ("SEC302", ".env", 2),
    ("SEC302", "config/settings.yaml", 3),
    ("SEC302", "config/settings.yaml", 5),
    ("SEC302", "config/app.json", 1),
    ("SEC302", "deploy/app.ini", 2),
    ("DPL003", "Dockerfile", 2),
    ("DPL010", "docker-compose.yml", 4),
}


@pytest.fixture(scope="module")
def secret_outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    import json

    from conftest import run_cli

    root = make_repo(tmp_path_factory.mktemp("secrets") / "repo", SECRET_REPO)
    out = root.parent / "out"
    code, stdout, stderr = run_cli(
        "check", root, "-f", "json,sarif,html,text,gitlab,junit", "-o", out, "--fail-on", "never", "-v", "-j", "1", cwd=root.parent
    )
    assert code == 0, stderr
    (out / "stdout.txt").write_text(stdout + stderr, encoding="utf-8")
    return out, json.loads((out / "audit-report.json").read_text(encoding="utf-8"))


def test_secrets_found_in_every_file_type(secret_outputs: tuple[Path, dict]) -> None:
    _, report = secret_outputs
    got = {(f["rule"], f["file"], f["line"]) for f in report["findings"] if f["rule"] in ("SEC301", "SEC302", "DPL003", "DPL010")}
    assert got == EXPECTED_SECRETS
    by_line = {(f["rule"], f["file"], f["line"]): f for f in report["findings"]}
    assert by_line[("SEC301", "tests/test_storage.py", 1)]["severity"] == "low"  # a test fixture
    assert by_line[("SEC301", "app/storage.py", 4)]["confidence"] == "medium"  # named, not a key format
    line3 = [f for f in report["findings"] if (f["rule"], f["file"], f["line"]) == ("SEC301", "app/storage.py", 3)]
    assert sorted(f["message"].split("`")[0] for f in line3) == ["hard-coded AWS access key ", "hard-coded AWS secret access key "]
    assert {f["confidence"] for f in line3} == {"high"}  # both are key formats


def test_no_output_format_holds_a_raw_secret(secret_outputs: tuple[Path, dict]) -> None:
    out, report = secret_outputs
    files = sorted(p for p in out.iterdir() if p.is_file())
    assert {p.suffix for p in files} >= {".json", ".sarif", ".html", ".txt"}
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for raw in RAW:
            assert raw not in text, f"{path.name} shows a raw secret"
    # ... while the masked forms are there for a reviewer to recognise.
    messages = " ".join(f["message"] + " " + f["snippet"] for f in report["findings"])
    assert "AKIA************9VBD" in messages
    assert f"{GITHUB[:4]}{'*' * (len(GITHUB) - 8)}{GITHUB[-4:]}" in messages


def test_bandit_password_findings_are_superseded_on_reported_lines(secret_outputs: tuple[Path, dict]) -> None:
    _, report = secret_outputs
    bandit = {(f["rule"], f["line"]) for f in report["findings"] if f["file"] == "app/storage.py" and f["rule"].startswith("B10")}
    assert not {line for _, line in bandit} & {3, 4, 5, 7}
    assert ("B105", 6) in bandit  # `password = "hunter2"`: too weak a value for SEC301, bandit keeps it


def test_placeholders_and_templates_are_not_secrets(secret_outputs: tuple[Path, dict]) -> None:
    _, report = secret_outputs
    files = {f["file"] for f in report["findings"] if f["rule"].startswith(("SEC30", "DPL0"))}
    assert ".env.example" not in files
    lines = {(f["file"], f["line"]) for f in report["findings"] if f["rule"] in ("SEC302", "DPL010")}
    assert ("deploy/app.ini", 3) not in lines and ("docker-compose.yml", 5) not in lines


def test_masking_and_placeholder_helpers() -> None:
    from auditor.analysis.secrets import is_placeholder, mask, mask_line, secret_name_kind

    assert mask(AWS_ID) == "AKIA************9VBD"
    assert mask("Sh0rtPw!") == "S*******" and mask("abc") == "***"
    assert mask_line(f'key = "{AWS_ID}"', [AWS_ID]) == 'key = "AKIA************9VBD"'
    for value in ("", "changeme", "<your-api-key>", "${API_KEY}", "{{ vault_token }}", "xxxxxxxx", "dummy-token", "%(pw)s"):
        assert is_placeholder(value), value
    assert not is_placeholder(DB_PASSWORD)
    assert secret_name_kind("AWS_SECRET_ACCESS_KEY") and secret_name_kind("dbPassword") == "password"
    assert secret_name_kind("token_url") is None and secret_name_kind("PASSWORD_RESET_TIMEOUT") is None


# --- templates -------------------------------------------------------------------------


def test_template_rules_report_file_and_line(tmp_path: Path) -> None:
    import json

    from conftest import run_cli

    root = make_repo(
        tmp_path / "repo",
        {
            "shop/templates/shop/product.html": """\
                {% extends "base.html" %}
                {% block body %}
                <h1>{{ product.name }}</h1>
                <div>{{ product.description|markdown|safe }}</div>
                {# {{ old|safe }} #}
                {% verbatim %}{{ vue_expr|safe }}{% endverbatim %}
                {{ "<hr>"|safe }}
                {% autoescape off %}
                  {{ product.footer }}
                {% endautoescape %}
                {% endblock %}
                """,
            "web/jinja2/mail.j2": "Hi {{ user.name|e|safe }}\n{% filter safe %}{{ body }}{% endfilter %}\n",
            "tests/templates/t.html": "{{ x|safe }}\n",
            "static/page.html": "<p>plain html, no tags</p>\n",
            "templates/binary.html": b"\xff\xfe{{ x|safe }}\x00\x00",
        },
    )
    code, out, err = run_cli("check", root, "--select", "SEC303,SEC304", "-f", "json", "-o", "-", "--fail-on", "never", cwd=tmp_path)
    assert code == 0, err
    report = json.loads(out)
    got = {(f["rule"], f["file"], f["line"], f["severity"]) for f in report["findings"]}
    assert got == {
        ("SEC303", "shop/templates/shop/product.html", 4, "medium"),
        ("SEC303", "shop/templates/shop/product.html", 7, "low"),  # a constant
        ("SEC304", "shop/templates/shop/product.html", 8, "medium"),
        ("SEC303", "web/jinja2/mail.j2", 1, "low"),  # already escaped by |e
        ("SEC303", "web/jinja2/mail.j2", 2, "medium"),
        ("SEC303", "tests/templates/t.html", 1, "low"),  # test template
    }
    assert not report["errors"]


# --- Dockerfile grammar ------------------------------------------------------------------


def test_dockerfile_grammar_edge_cases() -> None:
    from auditor.analysis.dockerfile import image_ref, key_values, parse_dockerfile

    text = (
        "\ufeff# syntax=docker/dockerfile:1\r\n"
        "ARG PY=3.12\r\n"
        "FROM --platform=$BUILDPLATFORM python:${PY}-slim AS build\r\n"
        "RUN pip install \\\r\n"
        "    # a comment inside the continuation\r\n"
        "\r\n"
        "    -r requirements.txt\r\n"
        "RUN <<EOF\r\n"
        "USER root\r\n"
        "EOF\r\n"
        "FROM build\r\n"
        "ENV LEGACY some value\r\n"
        'ENV A=1 B="two words"\r\n'
        'CMD ["gunicorn", "app:app"]\r\n'
        "ENTRYPOINT [broken json\r\n"
        "RUN echo unterminated \\"
    )
    d = parse_dockerfile(text)
    summary = [(i.keyword, i.line, i.end_line) for i in d.instructions]
    assert summary == [
        ("ARG", 2, 2), ("FROM", 3, 3), ("RUN", 4, 7), ("RUN", 8, 10), ("FROM", 11, 11),
        ("ENV", 12, 12), ("ENV", 13, 13), ("CMD", 14, 14), ("ENTRYPOINT", 15, 15), ("RUN", 16, 16),
    ]
    assert d.instructions[2].args == "pip install -r requirements.txt"
    assert d.instructions[3].heredocs == ("USER root",)  # not an instruction
    assert [(s.image, s.name) for s in d.stages] == [("python:3.12-slim", "build"), ("build", "")]
    assert key_values(d.instructions[5]) == [("LEGACY", "some value")]
    assert key_values(d.instructions[6]) == [("A", "1"), ("B", "two words")]
    assert d.instructions[7].exec_form() == ["gunicorn", "app:app"]
    assert d.instructions[8].exec_form() is None
    assert image_ref("localhost:5000/team/app:1.2@sha256:ab") == image_ref("localhost:5000/team/app:1.2@sha256:ab")
    assert (image_ref("localhost:5000/app").tag, image_ref("python:3.8").tag) == ("", "3.8")

    windows = parse_dockerfile("# escape=`\nFROM mcr.microsoft.com/windows:ltsc2022\nRUN dir `\n  c:\\\nUSER ContainerUser\n")
    assert [(i.keyword, i.line, i.end_line) for i in windows.instructions] == [("FROM", 2, 2), ("RUN", 3, 4), ("USER", 5, 5)]


def test_dockerfile_rules_on_a_service(tmp_path: Path) -> None:
    import json

    from conftest import run_cli

    root = make_repo(
        tmp_path / "repo",
        {
            "app.py": "from flask import Flask\napp = Flask(__name__)\n",
            "Dockerfile": """\
                FROM python:3.8 AS build
                COPY . /src
                RUN pip install \\
                    -r /src/requirements.txt
                FROM python
                ADD https://example.org/tool.tgz /opt/
                ENV FLASK_DEBUG=1
                CMD flask run --host=0.0.0.0
                """,
            "Procfile": "web: python manage.py runserver 0.0.0.0:$PORT\nworker: celery -A app worker\n",
            ".env.production": "LOG_LEVEL=info\n",
        },
    )
    code, out, err = run_cli("check", root, "--select", "DPL", "-f", "json", "-o", "-", "--fail-on", "never", cwd=tmp_path)
    assert code == 0, err
    report = json.loads(out)
    got = {(f["rule"], f["file"], f["line"]) for f in report["findings"]}
    assert got == {
        ("DPL001", "Dockerfile", 5),  # FROM python: no tag
        ("DPL002", "Dockerfile", 5),  # no USER in the final stage
        ("DPL004", "Dockerfile", 5),  # a service, no HEALTHCHECK
        ("DPL005", "Dockerfile", 6),
        ("DPL006", "Dockerfile", 3),  # install after COPY . (continuation lines)
        ("DPL007", "Dockerfile", 1),
        ("DPL008", "Dockerfile", 1),  # python:3.8
        ("DPL009", ".env.production", 1),
        ("DPL011", "Dockerfile", 7),  # FLASK_DEBUG=1
        ("DPL011", "Dockerfile", 8),  # flask run on 0.0.0.0
        ("DPL011", "Procfile", 1),
        ("DPL012", "Dockerfile", 1),  # no CI for a service
    }
    severities = {(f["rule"], f["line"]): f["severity"] for f in report["findings"] if f["file"] == "Dockerfile"}
    assert severities[("DPL011", 7)] == "high"


def test_library_gets_no_service_only_findings(tmp_path: Path) -> None:
    import json

    from conftest import run_cli

    root = make_repo(
        tmp_path / "repo",
        {
            "pyproject.toml": '[project]\nname = "lib"\nrequires-python = ">=3.7"\n\n[tool.ruff]\n',
            "lib/__init__.py": "",
            "lib/core.py": "def f():\n    return 1\n",
        },
    )
    code, out, err = run_cli("check", root, "--select", "DPL", "-f", "json", "-o", "-", "--fail-on", "never", cwd=tmp_path)
    assert code == 0, err
    got = {(f["rule"], f["file"], f["line"], f["severity"]) for f in json.loads(out)["findings"]}
    assert got == {("DPL008", "pyproject.toml", 3, "info")}  # a library may keep old Pythons


# --- files that must never break a run -------------------------------------------------


def test_binary_huge_and_undecodable_files_do_not_break_the_run(tmp_path: Path) -> None:
    import json

    from conftest import run_cli

    huge_line = "x" * 100_000
    root = make_repo(
        tmp_path / "repo",
        {
            "app.py": "import os\n",
            "Dockerfile": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe" * 50,
            "docker/Dockerfile": "FROM python:3.12 \\\n",  # ends inside a continuation
            "worker/Dockerfile": 'FROM python:3.12-slim\nCMD ["unterminated\nUSER\nENV\nARG =\nHEALTHCHECK\n',
            ".env": b"KEY=\xff\xfe\xfd\nTOKEN=\x00\x01\n",
            "config/big.json": "[" + ",".join(['{"password": "Aa1!aaaaaaaa"}'] * 120_000) + "]",
            "config/long.yaml": f"key: {huge_line}\npassword: {huge_line}\n",
            "config/bad.yaml": "a: [unclosed\n\t- :\n::::\n",
            "templates/latin1.html": "{{ caf\xe9|safe }}".encode("latin-1"),
            "templates/deep.html": "{{" * 50_000 + "{% autoescape false %}" * 1000,
            "compose.yaml": b"\xef\xbb\xbfservices:\n  web:\n    environment:\n      - \xff=\xfe\n",
            "Procfile": b"web: \xff\xfe --reload\n",
            "pyproject.toml": '[project]\nrequires-python = ">=3.x; junk"\n',
            "sub/pyproject.toml": b'[project]\nrequires-python = "\xff>=3"\n',
        },
    )
    code, out, err = run_cli("check", root, "--select", "SEC3,DPL", "-f", "json", "-o", "-", "--fail-on", "never", cwd=tmp_path)
    assert code == 0, err
    report = json.loads(out)
    assert [e for e in report["errors"] if e["kind"] in ("rule-crash", "internal-error")] == []
    assert ("SEC303", "templates/latin1.html", 1) in {(f["rule"], f["file"], f["line"]) for f in report["findings"]}


def test_a_well_kept_service_has_no_deployment_or_secret_findings(tmp_path: Path) -> None:
    import json

    from conftest import run_cli

    root = make_repo(
        tmp_path / "repo",
        {
            "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings')\n",
            "shop/__init__.py": "",
            "shop/settings.py": "import os\nDATABASE_PASSWORD = os.environ['DATABASE_PASSWORD']\n",
            "shop/wsgi.py": "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
            "shop/views.py": "def index(request):\n    return None\n",
            "shop/templates/shop/index.html": "{% extends 'base.html' %}{% block body %}<p>{{ user.name }}</p>{% endblock %}\n",
            "shop/templates/shop/welcome.txt": "{% autoescape off %}Hello {{ user.name }}{% endautoescape %}\n",
            "Dockerfile": """\
                # syntax=docker/dockerfile:1
                FROM python:3.14-slim-trixie AS base
                WORKDIR /app
                COPY requirements.txt .
                RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
                COPY . .
                RUN useradd --create-home --uid 10001 app
                USER app
                HEALTHCHECK --interval=30s CMD python -c "import urllib.request as u; u.urlopen('http://localhost:8000/healthz')"
                CMD ["gunicorn", "shop.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
                """,
            ".dockerignore": ".git\n.env*\n",
            "docker-compose.yml": "services:\n  web:\n    build: .\n    environment:\n      DATABASE_PASSWORD: ${DATABASE_PASSWORD}\n",
            "Procfile": "web: gunicorn shop.wsgi --bind 0.0.0.0:$PORT\nrelease: python manage.py migrate\n",
            ".env.example": "DATABASE_PASSWORD=\n",
            ".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    steps:\n      - run: ruff check . && pytest\n",
            "pyproject.toml": '[project]\nname = "shop"\nrequires-python = ">=3.14"\n\n[tool.ruff]\nline-length = 100\n',
            ".python-version": "3.14.1\n",  # supported until 2030-10

        },
    )
    code, out, err = run_cli("check", root, "--select", "SEC3,DPL", "-f", "json", "-o", "-", "--fail-on", "never", cwd=tmp_path)
    assert code == 0, err
    report = json.loads(out)
    assert report["findings"] == []
    assert kind_of(root).kind == "service"
