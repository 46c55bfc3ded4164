"""OBS008: a web service without a health, readiness or liveness endpoint."""

from __future__ import annotations

from auditor.analysis.monitoring import OperationsCollector, is_web_service, operations, report_gap
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule


class ServiceWithoutHealthEndpoint(ProjectRule):
    id = "OBS008"
    title = "Web service without a health endpoint"
    category = Category.OBSERVABILITY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    effort = 30
    tags = ("monitoring", "stage-sensitive", "service-only")
    needs = (OperationsCollector,)
    refs = (
        "https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
        "https://microservices.io/patterns/observability/health-check-api.html",
    )
    why = """
        Load balancers, Kubernetes and uptime monitors decide whether an instance gets
        traffic by probing an endpoint. Without one they either probe `/` (slow, needs a
        session, fails on redirects) or nothing: a worker that has lost its database
        connection or deadlocked keeps receiving requests, deploys route traffic to
        instances that have not finished starting, and nobody is paged until customers
        complain. Looked for: a route or URL pattern named health, healthz, ready,
        readiness, live, liveness, ping, status or heartbeat, a health-check package, or
        orchestrator probes. Reported only for web services.
    """
    fix = """
        Add a cheap `/healthz` (liveness: the process answers) and a `/readyz` (readiness:
        it can reach the database and cache) that need no authentication, and point the
        load balancer or the orchestrator's probes at them.
    """
    example = Example(
        before="""
            # file: app.py
            from flask import Flask
            app = Flask(__name__)  # expect

            @app.get("/orders")
            def orders():
                return []
        """,
        after="""
            # file: app.py
            from flask import Flask
            app = Flask(__name__)

            @app.get("/orders")
            def orders():
                return []

            @app.get("/healthz")
            def healthz():
                return {"status": "ok"}
        """,
    )
    VALID = [
        """
        # file: pyproject.toml
        [project]
        name = "lib"
        # file: lib/__init__.py
        from flask import Flask
        """,
        """
        # file: manage.py
        import django
        # file: shop/urls.py
        from django.urls import path
        from shop import views
        urlpatterns = [path("health/", views.health)]
        """,
        """
        # file: Dockerfile
        FROM python:3.12-slim
        HEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1
        # file: main.py
        from fastapi import FastAPI
        app = FastAPI()
        """,
        """
        # file: worker.py
        from celery import Celery
        app = Celery("tasks")
        """,
    ]
    INVALID = [
        """
        # file: manage.py
        import django
        # file: shop/__init__.py
        # file: shop/settings.py
        ROOT_URLCONF = "shop.urls"  # expect
        # file: shop/urls.py
        from django.urls import path
        from shop import views
        urlpatterns = [path("orders/", views.orders)]
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        if not is_web_service(project) or operations(project).health:
            return
        report_gap(
            self,
            project,
            "no health, readiness or liveness endpoint",
            "load balancers and orchestrators cannot tell a stuck instance from a healthy one",
        )
