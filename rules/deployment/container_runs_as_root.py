"""DPL002: the final image runs its process as root."""

from __future__ import annotations

from auditor.analysis.deployment import base_image, deployed_dockerfiles, image_is_nonroot, last_in_chain
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

_ROOT = frozenset({"root", "0", "root:root", "0:0", "root:0", "0:root"})
# Entrypoints that drop privileges themselves before running the service.
_DROPS_PRIVILEGES = ("gosu", "su-exec", "setpriv", "runuser", "chpst", "s6-setuidgid", "--user", "--uid")


class ContainerRunsAsRoot(ProjectRule):
    id = "DPL002"
    title = "Container runs as root"
    category = Category.DEPLOYMENT
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    cwe = (250,)
    effort = 15
    refs = (
        "https://docs.docker.com/build/building/best-practices/#user",
        "https://github.com/hadolint/hadolint/wiki/DL3002",
        "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html#rule-2-set-a-user",
    )
    tags = ("docker", "hardening")
    why = """
        Without `USER`, the service runs as root inside the container. A remote code
        execution in the app (a deserialization bug, a template injection, a vulnerable
        dependency) then owns the whole container: it can rewrite the code, read every
        mounted secret, install tools, and is one kernel or runtime bug away from the host.
        Many clusters (OpenShift, Kubernetes `runAsNonRoot`) refuse such images outright.
        Only the final stage counts; build stages may run as root.
        """
    fix = """
        Create an unprivileged user in the final stage and switch to it before CMD:
        `RUN useradd --create-home --uid 10001 app` then `USER app` (make the files it must
        write owned by it), or start from a non-root base such as distroless `:nonroot`.
        """
    example = Example(
        before="""
            # file: Dockerfile
            FROM python:3.12-slim  # expect
            COPY . /app
            CMD ["gunicorn", "app:app"]
            """,
        after="""
            # file: Dockerfile
            FROM python:3.12-slim
            RUN useradd --create-home --uid 10001 app
            COPY --chown=app . /app
            USER app
            CMD ["gunicorn", "app:app"]
            """,
    )
    VALID = [
        """
        # file: Dockerfile
        FROM python:3.12 AS build
        RUN pip wheel -w /wheels .
        FROM python:3.12-slim AS runtime
        USER 10001:10001
        FROM runtime AS final
        CMD ["python", "-m", "app"]
        """,
        """
        # file: Dockerfile
        FROM gcr.io/distroless/python3-debian12:nonroot
        CMD ["app.py"]
        # file: .devcontainer/Dockerfile
        FROM python:3.12
        # file: worker/Dockerfile
        FROM python:3.12-slim
        ENTRYPOINT ["gosu", "app", "celery", "-A", "proj", "worker"]
        """,
    ]
    INVALID = [
        """
        # file: Dockerfile
        FROM python:3.12 AS build
        USER app
        FROM python:3.12-slim
        USER app
        RUN apt-get update
        USER root  # expect
        """,
        """
        # file: services/api/Dockerfile
        FROM python:3.12-slim  # expect
        CMD ["uvicorn", "api:app"]
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        for dockerfile in deployed_dockerfiles(project):
            final = dockerfile.final
            if final is None or image_is_nonroot(base_image(dockerfile, final)):
                continue
            launcher = [last_in_chain(dockerfile, final, k) for k in ("ENTRYPOINT", "CMD")]
            words = " ".join(" ".join(i.words()) for i in launcher if i is not None)
            if any(tool in words for tool in _DROPS_PRIVILEGES):
                continue
            user = last_in_chain(dockerfile, final, "USER")
            if user is None:
                self.report_at(
                    dockerfile.path,
                    final.line,
                    "the final stage has no `USER`: the service runs as root in the container",
                    snippet=dockerfile.line_text(final.line),
                )
            elif (user.args.split() or [''])[0].lower() in _ROOT:
                self.report_at(
                    dockerfile.path,
                    user.line,
                    "the final stage switches to root last: the service runs as root in the container",
                    snippet=dockerfile.line_text(user.line),
                )
