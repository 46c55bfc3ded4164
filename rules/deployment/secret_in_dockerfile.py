"""DPL003: a secret in a Dockerfile's ENV/ARG, or any key written into a Dockerfile."""

from __future__ import annotations

from auditor.analysis.dockerfile import Dockerfile, Instruction, dockerfiles, key_values
from auditor.analysis.secrets import (
    SecretHit,
    is_placeholder,
    known_secrets,
    looks_like_secret_value,
    mask,
    masked_snippet,
    secret_name_kind,
)
from auditor.analysis.service import is_product_path
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

_DOC_GITHUB = "ghp_" "R8mK2vQx9LpT4wZs7NcYb3Hd6Fj1Ga0Ue5Wo"


class SecretInDockerfile(ProjectRule):
    id = "DPL003"
    title = "Secret in a Dockerfile ENV or ARG"
    category = Category.DEPLOYMENT
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (798, 538)
    effort = 20
    refs = (
        "https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/",
        "https://docs.docker.com/build/building/secrets/",
    )
    tags = ("docker", "secrets")
    why = """
        `ENV` values are stored in the image config and `ARG` values in its build history:
        `docker history` and `docker inspect` print them for anyone who can pull the image,
        from any registry or cache it was pushed to, long after the key was rotated in the
        repository. A secret written into the Dockerfile itself is also in git. A
        secret-named `ARG` without a value is reported at medium severity: the value passed
        with `--build-arg` still ends up in the history. Values are masked in the report.
        """
    fix = """
        Pass build-time secrets with BuildKit secret mounts (`RUN --mount=type=secret,id=pip
        pip install ...`, `docker build --secret id=pip,env=PIP_TOKEN`), and runtime secrets
        as environment variables or files from the orchestrator (Docker/Kubernetes secrets, a
        secret manager), never baked into the image.
        """
    example = Example(
        before=f"""
            # file: Dockerfile
            FROM python:3.12-slim
            ARG PIP_INDEX_TOKEN  # expect
            ENV GITHUB_TOKEN={_DOC_GITHUB}  # expect
            """,
        after="""
            # file: Dockerfile
            FROM python:3.12-slim
            RUN --mount=type=secret,id=pip_token \\
                PIP_INDEX_URL="https://__token__:$(cat /run/secrets/pip_token)@pypi.example/simple" \\
                pip install -r requirements.txt
            """,
    )
    VALID = [
        """
        # file: Dockerfile
        FROM python:3.12-slim
        ARG PYTHON_VERSION=3.12
        ENV PASSWORD_FILE=/run/secrets/db_password
        ENV DB_PASSWORD=""
        ENV API_TOKEN=changeme
        ENV TOKEN_URL=https://auth.internal/token
        RUN --mount=type=secret,id=npmrc cat /run/secrets/npmrc
        """,
    ]
    INVALID = [
        f"""
        # file: deploy/Dockerfile
        FROM python:3.12-slim
        ARG SECRET_KEY  # expect
        ENV DJANGO_SECRET_KEY=${{SECRET_KEY}}  # expect
        ENV DB_HOST=db DB_PASSWORD=Vq7rT2mXz9Lp  # expect
        ENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq3t8Ld9Qa  # expect
        RUN git clone https://{_DOC_GITHUB}@github.com/acme/private.git  # expect
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        for dockerfile in dockerfiles(project):
            low = not is_product_path(dockerfile.path)
            reported: set[int] = set()
            for ins in dockerfile.instructions:
                if ins.keyword in ("ENV", "ARG"):
                    self._check_pairs(dockerfile, ins, low, reported)
            text = "\n".join(dockerfile.lines)
            for line, hit in known_secrets(text):
                if line not in reported:
                    reported.add(line)
                    shown = f" `{mask(hit.value)}`" if hit.value and hit.kind != "private key" else ""
                    message = f"hard-coded {hit.kind}{shown} in the Dockerfile: it is in git and in every image built"
                    self._report(dockerfile, line, message, low, hit.value)

    def _check_pairs(self, dockerfile: Dockerfile, ins: Instruction, low: bool, reported: set[int]) -> None:
        for name, value in key_values(ins):
            kind = secret_name_kind(name)
            if kind is None or ins.line in reported:
                continue
            if value and looks_like_secret_value(value):
                message = f"{kind} `{mask(value)}` in `{ins.keyword} {name}`: stored in the image for anyone who pulls it"
                self._report(dockerfile, ins.line, message, low, value)
            elif ins.keyword == "ARG" and (not value or is_placeholder(value)):
                message = f"{kind} passed as build argument `{name}`: its value is kept in the image history"
                self._report(dockerfile, ins.line, message, low, severity=Severity.MEDIUM)
            elif ins.keyword == "ENV" and value.startswith("$"):
                message = f"`ENV {name}` copies a build value into the image's environment: every container and `docker inspect` shows it"
                self._report(dockerfile, ins.line, message, low, severity=Severity.MEDIUM)
            else:
                continue
            reported.add(ins.line)

    def _report(
        self,
        dockerfile: Dockerfile,
        line: int,
        message: str,
        low: bool,
        value: str = "",
        severity: Severity | None = None,
    ) -> None:
        line_text = dockerfile.line_text(line, limit=10_000)
        values = [h for _, h in known_secrets(line_text)] + ([SecretHit("", value, 0, False)] if value else [])
        self.report_at(
            dockerfile.path,
            line,
            message,
            severity=Severity.LOW if low else severity,
            snippet=masked_snippet(line_text, values)[:300],
        )
