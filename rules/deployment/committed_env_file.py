"""DPL009: a `.env` file with values committed to the repository."""

from __future__ import annotations

from auditor.analysis.secrets import is_placeholder, key_values
from auditor.analysis.service import is_product_path
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

ENV_FILES = (".env", ".env.*", "*.env")
_TEMPLATE_SUFFIXES = (".example", ".sample", ".template", ".dist", ".defaults", ".tpl", ".tmpl", ".in", ".default", ".j2")


class CommittedEnvFile(ProjectRule):
    id = "DPL009"
    title = "Environment file committed to the repository"
    category = Category.DEPLOYMENT
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    cwe = (538,)
    effort = 15
    refs = (
        "https://12factor.net/config",
        "https://github.com/motdotla/dotenv#should-i-commit-my-env-file",
    )
    tags = ("secrets", "configuration")
    why = """
        A `.env` file holds one environment's real settings: database URLs, API keys, debug
        flags. Committed, it is shared with everyone who can read the repository and every
        system that clones it, it drifts from what is actually deployed, and the next person
        who adds a key to it leaks that key too. (Secrets in it are also reported one by one;
        templates such as `.env.example` are fine.)
        """
    fix = """
        `git rm --cached .env`, add `.env` and `.env.*` (with `!.env.example`) to
        `.gitignore`, commit a `.env.example` with the variable names and empty or dummy
        values, and rotate any secret the file held.
        """
    example = Example(
        before="""
            # file: .env
            DATABASE_URL=postgres://shop@db/shop  # expect
            DEBUG=1
            """,
        after="""
            # file: .env.example
            DATABASE_URL=
            DEBUG=0
            """,
    )
    VALID = [
        """
        # file: .env.example
        DATABASE_URL=postgres://user:password@localhost/db
        # file: .env.sample
        API_KEY=changeme
        # file: tests/fixtures/.env
        DEBUG=1
        # file: .env
        # every value comes from the platform
        API_KEY=
        SECRET=${VAULT_SECRET}
        """,
    ]
    INVALID = [
        """
        # file: deploy/.env.production
        # production settings
        SENTRY_DSN=https://abc@o1.ingest.sentry.io/1  # expect
        # file: docker/app.env
        export LOG_LEVEL=info  # expect
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        for relpath in project.files_matching(*ENV_FILES):
            name = relpath.rsplit("/", 1)[-1].lower()
            if name.endswith(_TEMPLATE_SUFFIXES) or not is_product_path(relpath) or name in (".envrc",):
                continue
            text = project.read_text(relpath, limit=256 * 1024)
            if not text or "\x00" in text[:1024]:
                continue
            first = next((kv for kv in key_values(text) if not is_placeholder(kv.value)), None)
            if first is None:
                continue
            self.report_at(
                relpath,
                first.line,
                f"`{relpath}` is committed with real values (first: `{first.key}`): keep it out of git, commit a template",
                snippet=f"{first.key}=…",
            )
