"""SEC220: a web service that sets no HSTS or other security headers anywhere."""

from __future__ import annotations

from auditor.analysis.service import is_product_path, repository_kind
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule
from auditor.rules.security._surface import KEY, SurfaceCollector, line_text, other_file_signs

_MANIFESTS = ("requirements*.txt", "requirements*.in", "pyproject.toml", "Pipfile", "setup.cfg")
_MANIFEST_SIGNS = ("flask-talisman", "flask_talisman", "secure==", "secure>", "secure\n", "django-csp", "starlette-securityheaders")
_PROXY_FILES = ("*.conf", "nginx*", "Caddyfile", "*.yaml", "*.yml", "*.toml", "*.json")
_PROXY_SIGNS = ("strict-transport-security", "hsts")
_DEV = ("dev", "local", "test", "example", "sample", "demo")


class SecurityHeadersMissing(ProjectRule):
    id = "SEC220"
    title = "Web service without security headers"
    category = Category.SECURITY
    # Stage-sensitive hardening: a gap, not a hole.
    severity = Severity.LOW
    # A reverse proxy or CDN outside the repository may add them.
    confidence = Confidence.MEDIUM
    cwe = (693, 319, 1021)
    tags = ("web", "stage-sensitive", "project", "configuration")
    needs = (SurfaceCollector,)
    effort = 30
    refs = (
        "https://docs.djangoproject.com/en/stable/ref/middleware/#http-strict-transport-security",
        "https://github.com/wntrblm/flask-talisman",
        "https://secure.readthedocs.io/",
        "https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html",
    )
    why = """
        Without `Strict-Transport-Security` a user who types the domain or follows an
        `http://` link makes a first request in clear text that an attacker on the
        network can intercept and keep on HTTP (SSL stripping), session cookie
        included; without `X-Content-Type-Options: nosniff`, a `Content-Security-Policy`
        and frame protection, an uploaded file can run as script and the site can be
        framed for clickjacking. Django sets none of HSTS/SSL redirect by default (they
        need `SECURE_HSTS_SECONDS`, `SECURE_SSL_REDIRECT`), Flask and FastAPI set no
        header at all. Reported once per application object or Django settings module
        of a service when no HSTS setting, header middleware (Talisman, `secure`) or
        header literal appears in the code, manifests or proxy configuration.
    """
    fix = """
        Django: `SECURE_HSTS_SECONDS = 31536000`, `SECURE_SSL_REDIRECT = True`,
        `SECURE_CONTENT_TYPE_NOSNIFF = True` (with SecurityMiddleware) and django-csp.
        Flask: `Talisman(app)` (flask-talisman). FastAPI/Starlette: the `secure` package
        or a small middleware setting HSTS, nosniff, CSP and frame-ancestors; or set them
        at the reverse proxy and keep that configuration in the repository.
    """
    example = Example(
        before="""
            # file: Dockerfile
            FROM python:3.12
            # file: app.py
            from flask import Flask
            app = Flask(__name__)
        """,
        after="""
            # file: Dockerfile
            FROM python:3.12
            # file: app.py
            from flask import Flask
            from flask_talisman import Talisman
            app = Flask(__name__)
            Talisman(app)
        """,
    )
    VALID = [
        """
        # file: Dockerfile
        FROM python:3.12
        # file: mysite/settings.py
        import os
        INSTALLED_APPS = []
        SECURE_HSTS_SECONDS = int(os.environ.get("HSTS", "31536000"))
        """,
        """
        # file: Dockerfile
        FROM python:3.12
        # file: main.py
        from fastapi import FastAPI
        app = FastAPI()
        @app.middleware("http")
        async def headers(request, call_next):
            response = await call_next(request)
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
            return response
        """,
        # Not a service: a reusable Django app with settings for its own test runs.
        """
        # file: pyproject.toml
        [project]
        name = "django-widgets"
        # file: widgets/settings.py
        INSTALLED_APPS = ["widgets"]
        """,
    ]
    INVALID = [
        """
        # file: Dockerfile
        FROM python:3.12
        # file: mysite/settings.py
        INSTALLED_APPS = []  # expect
        SECURE_HSTS_SECONDS = 0
        # file: mysite/settings_dev.py
        INSTALLED_APPS = []
        # file: api/main.py
        from fastapi import FastAPI
        app = FastAPI()  # expect
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        if not repository_kind(project).is_service:
            return
        facts = project.facts(KEY)
        if any(fact.headers for fact in facts.values()):
            return
        if other_file_signs(project, _MANIFESTS, _MANIFEST_SIGNS) or other_file_signs(project, _PROXY_FILES, _PROXY_SIGNS):
            return
        for rel in sorted(facts):
            fact = facts[rel]
            if not is_product_path(rel):
                continue
            stem = rel.rsplit("/", 1)[-1]
            if fact.django_settings and not any(d in stem for d in _DEV):
                self.report_at(
                    rel,
                    fact.django_settings,
                    "Django settings without HSTS (SECURE_HSTS_SECONDS) or other security headers",
                    snippet=line_text(project, rel, fact.django_settings),
                )
            for framework, line in fact.apps:
                self.report_at(
                    rel,
                    line,
                    f"{framework} application without HSTS or other security headers",
                    snippet=line_text(project, rel, line),
                )
