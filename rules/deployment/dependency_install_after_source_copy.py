"""DPL006: dependencies installed after `COPY . .`: every code change reinstalls them."""

from __future__ import annotations

import re

from auditor.analysis.deployment import deployed_dockerfiles
from auditor.analysis.dockerfile import Instruction, Stage
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

_INSTALL = re.compile(
    r"\b(?:pip3?|python3?(?:\.\d+)?\s+-m\s+pip|uv\s+pip)\s+install\b|\b(?:poetry|pipenv|pdm|hatch)\s+install\b"
    r"|\buv\s+sync\b|\bnpm\s+(?:ci|install)\b|\byarn(?:\s+install)?\s*(?:$|&&|;|--)|\bpnpm\s+install\b|\bbundle\s+install\b"
    r"|\bgo\s+mod\s+download\b"
)
_WHOLE_CONTEXT = frozenset({".", "./", "*", "./*", "/"})


class DependencyInstallAfterSourceCopy(ProjectRule):
    id = "DPL006"
    title = "Dependencies installed after copying the whole source"
    category = Category.DEPLOYMENT
    severity = Severity.LOW
    confidence = Confidence.HIGH
    effort = 10
    refs = (
        "https://docs.docker.com/build/cache/optimize/#order-your-layers",
        "https://pythonspeed.com/articles/docker-caching-model/",
    )
    tags = ("docker", "build-time")
    why = """
        Docker reuses a layer only if nothing before it changed. After `COPY . .`, any edit
        to any file invalidates the cache, so the `pip install` that follows downloads and
        builds every dependency again on every commit: minutes added to each CI run and
        deploy, more registry traffic, and slower rollbacks and hotfixes when time matters.
        """
    fix = """
        Copy only the dependency manifests first, install, then copy the code:
        `COPY requirements.txt .` / `RUN pip install -r requirements.txt` / `COPY . .`
        (for a package: copy `pyproject.toml` and the lock file, install the dependencies,
        then `COPY . .` and `pip install --no-deps .`). A cache mount
        (`RUN --mount=type=cache,target=/root/.cache/pip`) helps further.
        """
    example = Example(
        before="""
            # file: Dockerfile
            FROM python:3.12-slim
            WORKDIR /app
            COPY . .
            RUN pip install -r requirements.txt  # expect
            """,
        after="""
            # file: Dockerfile
            FROM python:3.12-slim
            WORKDIR /app
            COPY requirements.txt .
            RUN pip install -r requirements.txt
            COPY . .
            """,
    )
    VALID = [
        """
        # file: Dockerfile
        FROM python:3.12-slim AS build
        COPY pyproject.toml poetry.lock ./
        RUN poetry install --no-root
        COPY . .
        RUN poetry install --only-root
        FROM python:3.12-slim
        COPY --from=build /app /app
        RUN pip install --no-deps /app/dist/*.whl
        """,
        """
        # file: Dockerfile
        FROM python:3.12-slim
        COPY . .
        RUN pip install --no-deps .
        """,
    ]
    INVALID = [
        """
        # file: Dockerfile
        FROM node:20 AS assets
        COPY . /src
        RUN cd /src && npm ci && npm run build  # expect
        FROM python:3.12-slim
        ADD . /app
        RUN python -m pip install -r /app/requirements.txt  # expect
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        for dockerfile in deployed_dockerfiles(project):
            for stage in dockerfile.stages:
                found = _install_after_copy(stage)
                if found is None:
                    continue
                copied, ins = found
                self.report_at(
                    dockerfile.path,
                    ins.line,
                    f"installs dependencies after `{copied.keyword} {copied.args}` (line {copied.line}): "
                    "every source change re-runs the whole install",
                    end_line=ins.end_line,
                    snippet=dockerfile.line_text(ins.line),
                )


def _install_after_copy(stage: Stage) -> tuple[Instruction, Instruction] | None:
    """(the whole-context COPY, the first dependency install after it) in a stage, unless
    dependencies were installed before the copy (the right layout)."""
    copied: Instruction | None = None
    for ins in stage.instructions:
        if ins.keyword in ("COPY", "ADD") and copied is None and _copies_everything(ins):
            copied = ins
        elif ins.keyword == "RUN" and _installs(ins):
            return (copied, ins) if copied is not None else None
    return None


def _copies_everything(ins: Instruction) -> bool:
    if "from" in ins.flags():
        return False
    operands = ins.operands()
    return len(operands) >= 2 and any(src in _WHOLE_CONTEXT for src in operands[:-1])


def _installs(ins: Instruction) -> bool:
    text = " ".join([ins.args, *ins.heredocs])
    if not _INSTALL.search(text):
        return False
    return "--no-deps" not in text and "--only-root" not in text
