"""DPL005: `ADD https://...` downloads into the image without checking what came back."""

from __future__ import annotations

import re

from auditor.analysis.deployment import deployed_dockerfiles
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

_REMOTE = re.compile(r"^(?:https?|ftp)://|^git@|\.git(?:#.*)?$", re.I)


class AddFromRemoteUrl(ProjectRule):
    id = "DPL005"
    title = "ADD of a remote URL without a checksum"
    category = Category.DEPLOYMENT
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    cwe = (494,)
    effort = 10
    refs = (
        "https://docs.docker.com/reference/dockerfile/#add",
        "https://github.com/hadolint/hadolint/wiki/DL3020",
    )
    tags = ("docker", "supply-chain")
    why = """
        `ADD <url>` fetches whatever the server returns at build time, with no integrity
        check: a compromised or hijacked download site, a moved release asset or a MITM on a
        build network puts arbitrary code into every image, and builds are not reproducible.
        """
    fix = """
        Pin the content: `ADD --checksum=sha256:<digest> <url> <dest>` (Dockerfile syntax
        1.6+), or download with `curl -fsSLo` and verify with `sha256sum -c` in the same
        `RUN`; for git sources pin a commit and use `ADD --keep-git-dir` with a checksum or
        a build stage.
        """
    example = Example(
        before="""
            # file: Dockerfile
            FROM python:3.12-slim
            ADD https://example.org/tool-1.2.tar.gz /opt/  # expect
            """,
        after="""
            # file: Dockerfile
            FROM python:3.12-slim
            ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.org/tool-1.2.tar.gz /opt/
            """,
    )
    VALID = [
        """
        # file: Dockerfile
        FROM python:3.12-slim
        ADD requirements.txt /app/
        ADD ["src", "/app/src"]
        COPY --from=build /wheels /wheels
        """,
    ]
    INVALID = [
        """
        # file: Dockerfile
        FROM python:3.12-slim
        ADD --chown=app ["https://example.org/a.tgz", "/opt/"]  # expect
        ADD git@github.com:acme/tool.git /src  # expect
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        for dockerfile in deployed_dockerfiles(project):
            for ins in dockerfile.instructions:
                if ins.keyword != "ADD" or "checksum" in ins.flags():
                    continue
                operands = _operands(ins.args)
                remote = [s for s in operands[:-1] if _REMOTE.search(s)]
                if remote:
                    self.report_at(
                        dockerfile.path,
                        ins.line,
                        f"`ADD {remote[0]}` downloads into the image with no checksum: pin it with `--checksum=sha256:...`",
                        snippet=dockerfile.line_text(ins.line),
                    )


def _operands(args: str) -> list[str]:
    """Sources and destination, after the `--flags`, in JSON or shell form."""
    import json

    words = args.split()
    while words and words[0].startswith("--"):
        words.pop(0)
    rest = " ".join(words)
    if rest.startswith("["):
        try:
            value = json.loads(rest[: rest.rindex("]") + 1])
            return [str(v) for v in value] if isinstance(value, list) else []
        except ValueError:
            pass
    return words
