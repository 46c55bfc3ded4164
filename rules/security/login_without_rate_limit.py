"""SEC219: a service with login or token endpoints and no rate limiting anywhere."""

from __future__ import annotations

from auditor.analysis.service import is_product_path, repository_kind
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule
from auditor.rules.security._surface import KEY, RATE_LIMIT_SIGNS, SurfaceCollector, line_text, other_file_signs

_MANIFESTS = ("requirements*.txt", "requirements*.in", "pyproject.toml", "Pipfile", "setup.cfg", "poetry.lock")
# Limits enforced in front of the app: nginx `limit_req`, Traefik/Kong/Envoy plugins.
_PROXY_FILES = ("*.conf", "nginx*", "Caddyfile", "*.yaml", "*.yml", "*.toml")
_PROXY_SIGNS = ("limit_req", "ratelimit", "rate_limit", "rate-limit", "limit_conn")


class LoginWithoutRateLimit(ProjectRule):
    id = "SEC219"
    title = "Login endpoint without rate limiting"
    category = Category.SECURITY
    # Stage-sensitive: an internal MVP can live without it; a public service cannot.
    severity = Severity.MEDIUM
    # Limits can live in an API gateway or a WAF outside the repository.
    confidence = Confidence.MEDIUM
    cwe = (307, 799)
    tags = ("authentication", "stage-sensitive", "project")
    needs = (SurfaceCollector,)
    effort = 60
    refs = (
        "https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#protect-against-automated-attacks",
        "https://flask-limiter.readthedocs.io/",
        "https://slowapi.readthedocs.io/",
        "https://django-ratelimit.readthedocs.io/",
        "https://www.django-rest-framework.org/api-guide/throttling/",
    )
    why = """
        Without a limit on login, token and OTP endpoints an attacker can try passwords
        as fast as the server answers: credential stuffing with leaked password lists
        takes over every account whose password was reused, and a 6-digit OTP falls in
        minutes. It also makes the endpoint a cheap way to burn CPU (password hashing is
        slow on purpose). Reported for services (not libraries) whose code defines login
        or token endpoints when no rate-limiting library or configuration appears in the
        code, the dependency manifests or proxy configuration of the repository.
    """
    fix = """
        Limit attempts per account and per client IP on every authentication endpoint:
        flask-limiter (`@limiter.limit("5/minute")`), slowapi or fastapi-limiter for
        FastAPI, django-ratelimit or django-axes for Django, DRF throttle classes, or
        nginx `limit_req` in front of the app; lock or slow down an account after
        repeated failures.
    """
    example = Example(
        before="""
            # file: Dockerfile
            FROM python:3.12
            # file: app.py
            from flask import Flask
            app = Flask(__name__)

            @app.post("/login")
            def login():
                ...
        """,
        after="""
            # file: Dockerfile
            FROM python:3.12
            # file: app.py
            from flask import Flask
            from flask_limiter import Limiter
            from flask_limiter.util import get_remote_address
            app = Flask(__name__)
            limiter = Limiter(get_remote_address, app=app)

            @app.post("/login")
            @limiter.limit("5 per minute")
            def login():
                ...
        """,
    )
    VALID = [
        # A rate limiter in the project.
        """
        # file: Dockerfile
        FROM python:3.12
        # file: api/main.py
        from fastapi import FastAPI
        from slowapi import Limiter
        app = FastAPI()
        @app.post("/token")
        def token():
            pass
        """,
        # Limited by nginx in front of the app.
        """
        # file: Dockerfile
        FROM python:3.12
        # file: deploy/nginx.conf
        limit_req_zone $binary_remote_addr zone=login:10m rate=5r/m;
        # file: app.py
        from flask import Flask
        app = Flask(__name__)
        @app.route("/login", methods=["POST"])
        def login():
            pass
        """,
        # A library (no deployment evidence, package metadata): not a service.
        """
        # file: pyproject.toml
        [project]
        name = "flask-auth-helpers"
        # file: flask_auth_helpers/views.py
        from flask import Blueprint
        bp = Blueprint("auth", __name__)
        @bp.route("/login", methods=["POST"])
        def login():
            pass
        """,
    ]
    INVALID = [
        """
        # file: Dockerfile
        FROM python:3.12
        # file: accounts/urls.py
        from django.contrib.auth.views import LoginView
        from django.urls import path
        urlpatterns = [
            path("login/", LoginView.as_view()),  # expect
        ]
        # file: api/routes.py
        from fastapi import APIRouter
        router = APIRouter()
        @router.post("/auth/token")
        def issue_token():  # expect
            pass
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        if not repository_kind(project).is_service:
            return
        facts = {rel: fact for rel, fact in project.facts(KEY).items() if is_product_path(rel)}
        if any(fact.rate_limited for fact in project.facts(KEY).values()):
            return
        if other_file_signs(project, _MANIFESTS, RATE_LIMIT_SIGNS + ("limits",)):
            return
        if other_file_signs(project, _PROXY_FILES, _PROXY_SIGNS):
            return
        for rel in sorted(facts):
            for name, line in facts[rel].logins:
                self.report_at(
                    rel,
                    line,
                    f"login/token endpoint `{name}` with no rate limiting in the project",
                    snippet=line_text(project, rel, line),
                )
