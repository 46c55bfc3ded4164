"""DPL004: a service's image that never tells Docker whether the app is healthy."""

from __future__ import annotations

from auditor.analysis.deployment import deployed_dockerfiles, has_orchestrator_probes, last_in_chain
from auditor.analysis.service import repository_kind
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule


class ServiceImageWithoutHealthcheck(ProjectRule):
    id = "DPL004"
    title = "Service image without a HEALTHCHECK"
    category = Category.DEPLOYMENT
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    effort = 15
    refs = (
        "https://docs.docker.com/reference/dockerfile/#healthcheck",
        "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
    )
    tags = ("docker", "stage-sensitive", "service-only")
    why = """
        Without a health check, Docker (Compose, Swarm, ECS) only knows whether the process
        exists. A service that is deadlocked, has lost its database pool or is stuck at
        start-up keeps receiving traffic and is never restarted; deploys roll forward onto
        containers that never became ready. Reported only when the repository is a service
        and no Compose healthcheck or Kubernetes probe covers it.
        """
    fix = """
        Add a cheap health endpoint (`/healthz` that checks the process, `/readyz` that
        checks dependencies) and declare it in the final stage:
        `HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost:8000/healthz || exit 1`
        (or a `python -c` one-liner in slim images without curl), or define liveness and
        readiness probes in the orchestrator.
        """
    example = Example(
        before="""
            # file: Dockerfile
            FROM python:3.12-slim  # expect
            CMD ["gunicorn", "shop.wsgi"]
            # file: manage.py
            import django
            """,
        after="""
            # file: Dockerfile
            FROM python:3.12-slim
            HEALTHCHECK CMD python -c "import urllib.request as u; u.urlopen('http://localhost:8000/healthz', timeout=2)"
            CMD ["gunicorn", "shop.wsgi"]
            # file: manage.py
            import django
            """,
    )
    VALID = [
        """
        # file: docker/base.Dockerfile
        FROM python:3.12-slim
        RUN pip install gunicorn
        # file: app.py
        from flask import Flask
        app = Flask(__name__)
        """,
        """
        # file: Dockerfile
        FROM python:3.12-slim
        CMD ["gunicorn", "app:app"]
        # file: docker-compose.yml
        services:
          web:
            build: .
            healthcheck:
              test: ["CMD", "curl", "-f", "http://localhost:8000/healthz"]
        """,
    ]
    INVALID = [
        """
        # file: Dockerfile
        FROM python:3.12-slim AS base
        HEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1
        FROM base AS web
        CMD ["gunicorn", "app:app"]
        FROM python:3.12-slim  # expect
        HEALTHCHECK NONE
        CMD ["gunicorn", "app:app"]
        # file: app.py
        from flask import Flask
        app = Flask(__name__)
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        if not repository_kind(project).is_service:
            return
        candidates = deployed_dockerfiles(project)
        if not candidates or has_orchestrator_probes(project):
            return
        for dockerfile in candidates:
            final = dockerfile.final
            if final is None:
                continue
            launcher = last_in_chain(dockerfile, final, "CMD") or last_in_chain(dockerfile, final, "ENTRYPOINT")
            if launcher is None:
                continue  # a base image for others: they declare the check
            check = last_in_chain(dockerfile, final, "HEALTHCHECK")
            if check is not None and check.args.split()[:1] != ["NONE"]:
                continue
            self.report_at(
                dockerfile.path,
                final.line,
                "the service's final image has no HEALTHCHECK: a hung or half-started container keeps taking traffic",
                snippet=dockerfile.line_text(final.line),
            )
