"""OBS007: a service that configures logging nowhere."""

from __future__ import annotations

from auditor.analysis.monitoring import OperationsCollector, operations, report_gap
from auditor.analysis.service import repository_kind
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule


class ServiceWithoutLoggingConfiguration(ProjectRule):
    id = "OBS007"
    title = "Service without logging configuration"
    category = Category.OBSERVABILITY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    effort = 30
    tags = ("logging", "stage-sensitive", "service-only")
    needs = (OperationsCollector,)
    refs = (
        "https://docs.python.org/3/howto/logging.html#configuring-logging",
        "https://docs.djangoproject.com/en/stable/topics/logging/#configuring-logging",
        "https://www.structlog.org/en/stable/configuration.html",
    )
    why = """
        Without a logging configuration Python's last-resort handler prints only WARNING
        and above, unformatted, with no timestamp, logger name or request id: every
        `logger.info` the team wrote is dropped, and what does come out cannot be parsed,
        filtered or correlated by the log platform. At 3 a.m. the one line that explains
        the outage is not there. Looked for: `logging.config.dictConfig/fileConfig`,
        `basicConfig`, Django's `LOGGING`, structlog/loguru set-up, gunicorn/uvicorn log
        config files and flags. Reported only for services.
    """
    fix = """
        Configure logging once at start-up, from the environment: `dictConfig` (or Django's
        `LOGGING`) with a formatter that includes time, level, logger name and request id
        (JSON for a log platform), the level from `LOG_LEVEL`, handlers on stdout.
    """
    example = Example(
        before="""
            # file: app.py
            from flask import Flask
            app = Flask(__name__)  # expect
        """,
        after="""
            # file: app.py
            import logging.config
            import os
            from flask import Flask
            logging.config.dictConfig({
                "version": 1,
                "handlers": {"out": {"class": "logging.StreamHandler"}},
                "root": {"handlers": ["out"], "level": os.environ.get("LOG_LEVEL", "INFO")},
            })
            app = Flask(__name__)
        """,
    )
    VALID = [
        """
        # file: pyproject.toml
        [project]
        name = "lib"
        # file: lib/__init__.py
        import logging
        log = logging.getLogger(__name__)
        """,
        """
        # file: manage.py
        import django
        # file: shop/settings.py
        LOGGING = {"version": 1}
        """,
        """
        # file: Procfile
        web: gunicorn shop.wsgi --log-config logging.ini
        # file: shop/wsgi.py
        from django.core.wsgi import get_wsgi_application
        application = get_wsgi_application()
        """,
        """
        # file: main.py
        import structlog
        from fastapi import FastAPI
        structlog.configure(processors=[])
        app = FastAPI()
        """,
    ]
    INVALID = [
        """
        # file: manage.py
        import django
        # file: shop/__init__.py
        # file: shop/settings.py
        DEBUG = False  # expect
        """,
        """
        # file: service/main.py
        import logging
        from fastapi import FastAPI
        log = logging.getLogger(__name__)
        app = FastAPI()  # expect
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        if not repository_kind(project).is_service or operations(project).logging_config:
            return
        report_gap(
            self,
            project,
            "no logging configuration",
            "only unformatted WARNING+ lines reach the logs, every info line is dropped",
        )
