"""DPL007: a Dockerfile with no `.dockerignore` for its build context."""

from __future__ import annotations

from auditor.analysis.deployment import deployed_dockerfiles
from auditor.analysis.dockerfile import Dockerfile
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule


class DockerBuildWithoutDockerignore(ProjectRule):
    id = "DPL007"
    title = "Docker build context without a .dockerignore"
    category = Category.DEPLOYMENT
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    cwe = (538,)
    effort = 5
    refs = (
        "https://docs.docker.com/build/concepts/context/#dockerignore-files",
        "https://docs.docker.com/build/building/best-practices/#exclude-with-dockerignore",
    )
    tags = ("docker",)
    why = """
        Without a `.dockerignore`, the whole directory is sent to the builder and
        `COPY . .` puts all of it in the image: `.git` (the full history, including deleted
        secrets), local `.env` files, credentials, virtualenvs, caches and test data. Images
        get large and slow to pull, and anyone who pulls one can read those files. Builds
        also lose caching, since any touched file changes the context. Reported at low
        severity when the Dockerfile does not copy the whole context.
        """
    fix = """
        Add a `.dockerignore` next to the build context (usually the repository root) that
        excludes at least `.git`, `.env*`, `**/__pycache__`, `.venv`, `*.pem`, `tests/` and
        build outputs; or an allow-list: `*` then `!src/`, `!pyproject.toml`.
        """
    example = Example(
        before="""
            # file: Dockerfile
            FROM python:3.12-slim  # expect
            COPY . /app
            """,
        after="""
            # file: Dockerfile
            FROM python:3.12-slim
            COPY . /app
            # file: .dockerignore
            .git
            .env*
            """,
    )
    VALID = [
        """
        # file: docker/web/Dockerfile
        FROM python:3.12-slim
        COPY . /app
        # file: docker/web/Dockerfile.dockerignore
        .git
        # file: Dockerfile
        FROM python:3.12-slim
        COPY . /app
        # file: .dockerignore
        .git
        """,
    ]
    INVALID = [
        """
        # file: services/api/Dockerfile
        FROM python:3.12-slim  # expect
        COPY requirements.txt /app/
        # file: services/worker/Dockerfile
        FROM python:3.12-slim  # expect
        ADD . /app
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        ignores = set(project.files_matching(".dockerignore", "*.dockerignore"))
        if ".dockerignore" in ignores:
            return  # the root context is covered, and it is the usual one
        for dockerfile in deployed_dockerfiles(project):
            folder = dockerfile.path.rpartition("/")[0]
            prefix = f"{folder}/" if folder else ""
            if f"{prefix}.dockerignore" in ignores or f"{dockerfile.path}.dockerignore" in ignores:
                continue
            first = dockerfile.instructions[0].line if dockerfile.instructions else 1
            whole = _copies_everything(dockerfile)
            self.report_at(
                dockerfile.path,
                first,
                "no .dockerignore for this build: "
                + ("`.git`, `.env` files and local clutter are copied into the image" if whole else "the whole directory is sent as build context"),
                severity=None if whole else Severity.LOW,
                snippet=dockerfile.line_text(first),
            )


def _copies_everything(dockerfile: Dockerfile) -> bool:
    for ins in dockerfile.instructions:
        if ins.keyword in ("COPY", "ADD") and "from" not in ins.flags():
            operands = ins.operands()
            if any(src in (".", "./", "*", "./*") for src in operands[:-1]):
                return True
    return False
