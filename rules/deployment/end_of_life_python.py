"""DPL008: a Python version past its end of life in a base image or the project metadata."""

from __future__ import annotations

import datetime as dt
import re

from auditor.analysis.deployment import deployed_dockerfiles, is_stage_reference
from auditor.analysis.dockerfile import image_ref
from auditor.analysis.python_versions import END_OF_LIFE, allowed_versions, end_of_life, image_python
from auditor.analysis.service import repository_kind
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

_REQUIRES = re.compile(r"""^\s*requires-python\s*=\s*["']([^"']*)["']""", re.M)
_PINNED = re.compile(r"^\s*(?:python-)?(\d)\.(\d{1,2})")


class EndOfLifePython(ProjectRule):
    id = "DPL008"
    title = "End-of-life Python version"
    category = Category.DEPLOYMENT
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    cwe = (1104,)
    effort = 120
    options = {"today": ""}  # ISO date to judge against; empty: the current date
    refs = (
        "https://devguide.python.org/versions/",
        "https://endoflife.date/python",
    )
    tags = ("runtime", "stage-sensitive")
    why = """
        A Python past its end of life gets no security fixes: CVEs in the interpreter and
        the standard library (ssl, http, xml, tarfile...) stay open for good. Libraries drop
        it too, so dependency upgrades, including security fixes, stop installing, and base
        images stop being rebuilt with OS patches. The versions and dates are a data table
        (devguide.python.org). A `requires-python` whose lowest admitted version is past its
        end of life is reported at low severity (info for a library, which may choose to
        keep supporting it); one that admits only such versions at medium.
        """
    fix = """
        Move to a supported Python (3.12 or 3.13 are safe choices): change the base image tag
        (`python:3.12-slim`), `.python-version` / `runtime.txt`, raise `requires-python`,
        and run the test suite on the new version in CI before switching production.
        """
    example = Example(
        before="""
            # file: Dockerfile
            FROM python:3.8-slim  # expect
            # file: pyproject.toml
            [project]
            name = "shop"
            requires-python = ">=3.7,<3.9"  # expect
            """,
        after="""
            # file: Dockerfile
            FROM python:3.14-slim
            # file: pyproject.toml
            [project]
            name = "shop"
            requires-python = ">=3.14"
            """,
    )
    VALID = [
        """
        # file: Dockerfile
        FROM python:3.14-slim AS build
        FROM build
        FROM ubuntu:22.04
        FROM python:3
        # file: .python-version
        3.14.1
        # file: pyproject.toml
        [project]
        requires-python = ">=3.14"
        """,
    ]
    INVALID = [
        """
        # file: docker/Dockerfile
        FROM cimg/python:3.7.12 AS ci  # expect
        FROM python:3.6-alpine  # expect
        # file: runtime.txt
        python-3.8.10  # expect
        # file: pyproject.toml
        [project]
        requires-python = ">=3.7"  # expect
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        today = dt.date.fromisoformat(self.opts["today"]) if self.opts.get("today") else dt.date.today()
        self._images(project, today)
        self._pins(project, today)
        self._requires(project, today)

    def _images(self, project: ProjectIndex, today: dt.date) -> None:
        for dockerfile in deployed_dockerfiles(project):
            for stage in dockerfile.stages:
                if is_stage_reference(dockerfile, stage):
                    continue
                ref = image_ref(stage.image)
                version = image_python(ref.name, ref.tag)
                eol = end_of_life(version, today) if version else None
                if version and eol:
                    self.report_at(
                        dockerfile.path,
                        stage.line,
                        f"base image `{stage.image}` runs Python {version}, end of life since {eol.isoformat()}: no security fixes",
                        snippet=dockerfile.line_text(stage.line),
                    )

    def _pins(self, project: ProjectIndex, today: dt.date) -> None:
        for relpath in project.files_matching(".python-version", "runtime.txt"):
            if "/" in relpath:
                continue
            text = project.read_text(relpath, limit=4096) or ""
            for number, line in enumerate(text.splitlines(), 1):
                m = _PINNED.match(line)
                if not m:
                    continue
                version = f"{m.group(1)}.{m.group(2)}"
                eol = end_of_life(version, today)
                if eol:
                    self.report_at(
                        relpath,
                        number,
                        f"`{relpath}` selects Python {version}, end of life since {eol.isoformat()}: no security fixes",
                        snippet=line.strip()[:200],
                    )
                break

    def _requires(self, project: ProjectIndex, today: dt.date) -> None:
        text = project.read_text("pyproject.toml", limit=512 * 1024) if "pyproject.toml" in project.other_files else None
        m = _REQUIRES.search(text or "")
        if not m:
            return
        allowed = allowed_versions(m.group(1))
        if not allowed:
            return
        line = text.count("\n", 0, m.start(1)) + 1 if text else 1
        dead = [v for v in allowed if end_of_life(v, today)]
        if not dead:
            return
        oldest = dead[0]
        if len(dead) == len(allowed):
            message = f"`requires-python = \"{m.group(1)}\"` admits only end-of-life Pythons (newest {dead[-1]}, EOL {END_OF_LIFE[dead[-1]].isoformat()})"
            severity = None
        else:
            message = f"`requires-python = \"{m.group(1)}\"` still admits Python {oldest}, end of life since {END_OF_LIFE[oldest].isoformat()}"
            severity = Severity.LOW if repository_kind(project).kind != "library" else Severity.INFO
        self.report_at("pyproject.toml", line, message, severity=severity, snippet=m.group(0).strip())
