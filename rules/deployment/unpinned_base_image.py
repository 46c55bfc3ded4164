"""DPL001: a base image without a tag, or tagged `latest`."""

from __future__ import annotations

from auditor.analysis.deployment import deployed_dockerfiles, is_stage_reference
from auditor.analysis.dockerfile import image_ref
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule


class UnpinnedBaseImage(ProjectRule):
    id = "DPL001"
    title = "Base image not pinned to a version"
    category = Category.DEPLOYMENT
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    cwe = (1357,)
    effort = 5
    refs = (
        "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions",
        "https://github.com/hadolint/hadolint/wiki/DL3006",
        "https://github.com/hadolint/hadolint/wiki/DL3007",
    )
    tags = ("docker", "reproducibility")
    why = """
        `FROM python` and `FROM python:latest` mean "whatever was pushed last". The same
        commit builds a different image next week: a new Python minor or Debian release
        breaks the build or, worse, changes behaviour in production with no code change to
        blame, and a rollback rebuilds onto the new base instead of the old one.
        """
    fix = """
        Pin a version tag (`python:3.12-slim-bookworm`), or a digest for fully reproducible
        builds (`python:3.12-slim@sha256:...`) with Renovate or Dependabot to bump it.
        """
    example = Example(
        before="""
            # file: Dockerfile
            FROM python:latest  # expect
            """,
        after="""
            # file: Dockerfile
            FROM python:3.12-slim-bookworm
            """,
    )
    VALID = [
        """
        # file: Dockerfile
        ARG PY=3.12
        FROM python:${PY}-slim AS build
        FROM build AS test
        FROM scratch
        FROM registry.local:5000/team/base@sha256:4f1b7a5c
        FROM --platform=$BUILDPLATFORM node:20-alpine
        FROM ${BASE_IMAGE}
        # file: tests/fixtures/Dockerfile
        FROM ubuntu
        """,
    ]
    INVALID = [
        """
        # file: docker/Dockerfile.web
        FROM node AS assets  # expect
        FROM registry.local:5000/team/base  # expect
        FROM python:latest  # expect
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        for dockerfile in deployed_dockerfiles(project):
            for stage in dockerfile.stages:
                if stage.image.lower() == "scratch" or is_stage_reference(dockerfile, stage):
                    continue
                ref = image_ref(stage.image)
                if ref.unresolved or ref.digest or not ref.name:
                    continue
                if ref.tag and ref.tag.lower() != "latest":
                    continue
                what = "is tagged `latest`" if ref.tag else "has no tag (Docker pulls `latest`)"
                self.report_at(
                    dockerfile.path,
                    stage.line,
                    f"base image `{stage.image}` {what}: the build changes whenever the image is re-pushed",
                    snippet=dockerfile.line_text(stage.line),
                )
