"""OBS009: a service with no metrics, tracing or error-reporting integration."""

from __future__ import annotations

from auditor.analysis.monitoring import OperationsCollector, operations, report_gap
from auditor.analysis.service import repository_kind
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule


class ServiceWithoutMonitoring(ProjectRule):
    id = "OBS009"
    title = "Service without metrics, tracing or error reporting"
    category = Category.OBSERVABILITY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    effort = 120
    tags = ("monitoring", "stage-sensitive", "service-only")
    needs = (OperationsCollector,)
    refs = (
        "https://sre.google/sre-book/monitoring-distributed-systems/",
        "https://opentelemetry.io/docs/languages/python/",
        "https://docs.sentry.io/platforms/python/",
        "https://prometheus.github.io/client_python/",
    )
    why = """
        Logs say what one request did; they do not say that error rates doubled after the
        last deploy, that p99 latency is climbing, or which downstream call is slow.
        Without metrics, tracing or an error tracker, failures are found by customers,
        unhandled exceptions vanish into log files nobody reads, and capacity problems
        are discovered during the outage. Looked for in imports, settings strings,
        manifests and launch commands: prometheus_client (and the Django/FastAPI/Flask
        exporters), OpenTelemetry, OpenCensus, Sentry, StatsD, Datadog/ddtrace, New Relic,
        Elastic APM, Scout, Honeybadger, Rollbar, Bugsnag, Logfire, X-Ray. Reported only
        for services.
    """
    fix = """
        Start with error reporting (`sentry_sdk.init(dsn=os.environ["SENTRY_DSN"])` or your
        platform's agent), then request metrics (rate, errors, duration per endpoint, e.g.
        `django-prometheus` or `prometheus-fastapi-instrumentator`) and OpenTelemetry
        tracing for calls to databases and other services.
    """
    example = Example(
        before="""
            # file: main.py
            from fastapi import FastAPI
            app = FastAPI()  # expect
        """,
        after="""
            # file: main.py
            import os
            import sentry_sdk
            from fastapi import FastAPI
            sentry_sdk.init(dsn=os.environ.get("SENTRY_DSN"))
            app = FastAPI()
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
        # file: shop/settings.py
        INSTALLED_APPS = ["django_prometheus"]
        """,
        """
        # file: requirements.txt
        fastapi==0.115.0
        ddtrace==2.14.0
        # file: main.py
        from fastapi import FastAPI
        app = FastAPI()
        """,
    ]
    INVALID = [
        """
        # file: requirements.txt
        flask==3.1.0
        # file: web/app.py
        import logging
        from flask import Flask
        def create_app():  # expect
            return Flask(__name__)
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        if not repository_kind(project).is_service or operations(project).monitoring:
            return
        report_gap(
            self,
            project,
            "no metrics, tracing or error-reporting integration",
            "failures and slowdowns are found by customers first",
        )
