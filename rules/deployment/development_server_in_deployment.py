"""DPL011: a development server, auto-reload or debug mode in what gets deployed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.analysis.deployment import PROCFILES, deployed_dockerfiles, last_in_chain
from auditor.analysis.dockerfile import Dockerfile, key_values
from auditor.analysis.service import is_product_path
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

_SERVERS = ("gunicorn", "uvicorn", "hypercorn", "daphne", "granian", "flask", "manage.py", "django-admin", "waitress-serve", "fastapi")
_DEV_SUFFIXES = (".dev", ".local", ".development", ".develop")
_DEBUG_ENV = re.compile(r"^(FLASK_DEBUG|DJANGO_DEBUG|DEBUG)$", re.I)
_DEBUG_ENV_ON = frozenset({"1", "true", "yes", "on"})


@dataclass(frozen=True)
class _Problem:
    message: str
    severity: Severity | None


def judge_command(words: list[str]) -> _Problem | None:
    """What is wrong with a process command line, if anything."""
    words = [w.strip("[]\"',") for w in words]  # an exec form Docker could not parse as JSON
    text = " ".join(words)
    lowered = [w.lower() for w in words]
    everywhere = "0.0.0.0" in text  # nosec B104: a pattern looked for, not an address bound
    bound = " and listens on all interfaces" if everywhere else ""
    if "--debug" in lowered or "--debugger" in lowered:
        return _Problem(f"runs in debug mode{bound}: the interactive debugger executes code sent to it", Severity.HIGH)
    if "runserver" in lowered:
        return _Problem(f"serves with Django's development server (`runserver`){bound}: single process, unhardened, not for production", None)
    if _has_sequence(lowered, "flask", "run") or _has_sequence(lowered, "fastapi", "dev"):
        tool = "`flask run`" if "flask" in lowered else "`fastapi dev`"
        return _Problem(f"serves with the development server {tool}{bound}: not for production traffic", None)
    if "--reload" in lowered and any(s in text for s in _SERVERS):
        return _Problem("runs the server with `--reload`: a file watcher restarts workers in production and costs CPU", None)
    return None


def _has_sequence(words: list[str], first: str, second: str) -> bool:
    for i, w in enumerate(words[:-1]):
        if w.rsplit("/", 1)[-1] == first and second in words[i + 1:i + 4]:
            return True
    return False


class DevelopmentServerInDeployment(ProjectRule):
    id = "DPL011"
    title = "Development server or debug mode in a deployment command"
    category = Category.DEPLOYMENT
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    cwe = (489,)
    effort = 15
    refs = (
        "https://flask.palletsprojects.com/en/stable/deploying/",
        "https://docs.djangoproject.com/en/stable/ref/django-admin/#runserver",
        "https://www.uvicorn.org/deployment/",
    )
    tags = ("docker", "procfile")
    why = """
        `manage.py runserver` and `flask run` are development servers: one process, no
        worker management, no request limits, not security-reviewed; Django's docs say not
        to use runserver in production. `--reload` watches files and restarts workers in
        production. `--debug` or `FLASK_DEBUG=1` turns on the Werkzeug debugger, which runs
        any Python code sent from the browser: remote code execution for anyone who can
        reach the port, and a container binds `0.0.0.0`, so everyone can. Procfiles and
        the final stage's CMD/ENTRYPOINT/ENV are read.
        """
    fix = """
        Run a production server: `gunicorn -w 4 -b 0.0.0.0:8000 shop.wsgi`, `uvicorn
        app:app --workers 4` (or gunicorn with uvicorn workers), without `--reload` or
        `--debug`, and leave debug flags off in the image (set them only in a development
        compose override).
        """
    example = Example(
        before="""
            # file: Procfile
            web: python manage.py runserver 0.0.0.0:$PORT  # expect
            """,
        after="""
            # file: Procfile
            web: gunicorn shop.wsgi --bind 0.0.0.0:$PORT --workers 3
            """,
    )
    VALID = [
        """
        # file: Procfile
        web: gunicorn shop.wsgi --bind 0.0.0.0:$PORT
        release: python manage.py migrate
        worker: celery -A shop worker --loglevel=info
        # file: Dockerfile
        FROM python:3.12-slim AS dev
        CMD ["flask", "run", "--debug"]
        FROM python:3.12-slim
        ENV FLASK_DEBUG=0
        CMD ["uvicorn", "app:app", "--host", "0.0.0.0", "--workers", "4"]
        # file: Procfile.dev
        web: flask run --debug
        # file: .devcontainer/Dockerfile
        FROM python:3.12
        CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]
        """,
    ]
    INVALID = [
        """
        # file: Dockerfile
        FROM python:3.12-slim
        ENV FLASK_DEBUG=1  # expect
        CMD ["flask", "run", "--host=0.0.0.0"]  # expect
        # file: Procfile
        web: uvicorn app:app --reload --port $PORT  # expect
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        for relpath in project.files_matching(*PROCFILES):
            if is_product_path(relpath) and not relpath.lower().endswith(_DEV_SUFFIXES):
                self._procfile(project, relpath)
        for dockerfile in deployed_dockerfiles(project):
            self._dockerfile(dockerfile)

    def _procfile(self, project: ProjectIndex, relpath: str) -> None:
        text = project.read_text(relpath, limit=64 * 1024) or ""
        for number, line in enumerate(text.splitlines(), 1):
            name, sep, command = line.partition(":")
            if not sep or line.lstrip().startswith("#"):
                continue
            problem = judge_command(command.split())
            if problem:
                self.report_at(relpath, number, f"`{name.strip()}` process {problem.message}", severity=problem.severity, snippet=line.strip()[:300])

    def _dockerfile(self, dockerfile: Dockerfile) -> None:
        final = dockerfile.final
        if final is None:
            return
        for keyword in ("ENTRYPOINT", "CMD"):
            ins = last_in_chain(dockerfile, final, keyword)
            problem = judge_command(ins.words()) if ins is not None else None
            if ins is not None and problem:
                self.report_at(dockerfile.path, ins.line, f"the image {problem.message}", severity=problem.severity, snippet=dockerfile.line_text(ins.line))
        for ins in final.instructions:
            if ins.keyword != "ENV":
                continue
            for name, value in key_values(ins):
                if _DEBUG_ENV.match(name) and value.strip("'\"").lower() in _DEBUG_ENV_ON:
                    self.report_at(
                        dockerfile.path,
                        ins.line,
                        f"the image sets `{name}={value}`: debug mode in production (the Werkzeug debugger runs code sent to it)",
                        severity=Severity.HIGH,
                        snippet=dockerfile.line_text(ins.line),
                    )
