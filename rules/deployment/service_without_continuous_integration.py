"""DPL012: a service repository with no CI configuration at all."""

from __future__ import annotations

from auditor.analysis.deployment import CI_FILES, anchor
from auditor.analysis.service import repository_kind
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule


class ServiceWithoutContinuousIntegration(ProjectRule):
    id = "DPL012"
    title = "Service without continuous integration"
    category = Category.DEPLOYMENT
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    effort = 60
    refs = (
        "https://docs.github.com/en/actions/use-cases-and-examples/building-and-testing/building-and-testing-python",
        "https://docs.gitlab.com/ee/ci/quick_start/",
    )
    tags = ("ci", "stage-sensitive", "service-only")
    why = """
        Without CI nothing checks a change before it is deployed: tests run when someone
        remembers, on their machine, with their local packages. Broken builds, failing
        tests and vulnerable dependency bumps reach production, and every release depends on
        one person's laptop. Looked for: GitHub Actions, GitLab CI, CircleCI, Jenkins, Azure
        Pipelines, Travis, Bitbucket, Drone, Woodpecker, Buildkite, AppVeyor, Cloud Build,
        Semaphore, CodeBuild, TeamCity, Gitea/Forgejo Actions. Reported only for services.
        """
    fix = """
        Add a pipeline that runs on every push and pull request: install from the lock
        file, run the linters and the test suite, and build the image; e.g.
        `.github/workflows/ci.yml` with `actions/setup-python` and `pytest`. Make merging
        require it to pass.
        """
    example = Example(
        before="""
            # file: Dockerfile
            FROM python:3.12-slim  # expect
            # file: app.py
            from flask import Flask
            app = Flask(__name__)
            """,
        after="""
            # file: Dockerfile
            FROM python:3.12-slim
            # file: app.py
            from flask import Flask
            app = Flask(__name__)
            # file: .github/workflows/ci.yml
            on: [push, pull_request]
            """,
    )
    VALID = [
        """
        # file: pyproject.toml
        [project]
        name = "lib"
        # file: lib/__init__.py
        """,
        """
        # file: manage.py
        import django
        # file: .gitlab-ci.yml
        test:
          script: pytest
        """,
    ]
    INVALID = [
        """
        # file: manage.py
        import django  # expect
        # file: shop/settings.py
        DEBUG = False
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        kind = repository_kind(project)
        if not kind.is_service or project.files_matching(*CI_FILES):
            return
        file, line = anchor(project)
        if not file:
            return
        self.report_at(
            file,
            line,
            f"no CI configuration found for this service ({'; '.join(kind.evidence[:3])}): nothing tests a change before it ships",
            snippet=_first_line(project, file),
        )


def _first_line(project: ProjectIndex, relpath: str) -> str:
    text = project.read_text(relpath, limit=1024 * 1024) or ""
    return text.splitlines()[0][:300] if text else ""
