"""DPL010: credentials written into a docker-compose file."""

from __future__ import annotations

from auditor.analysis.deployment import COMPOSE_FILES
from auditor.analysis.secrets import masked_snippet, secret_message, secrets_in_config
from auditor.analysis.service import is_product_path
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

_DOC_STRIPE = "sk_live_" "4eC39HqLyjWDarjtT1zdp7dc"
_DOC_URL = "postgres://shop:" "Kx82mLq0pZ@db:5432/shop"


class CredentialInComposeFile(ProjectRule):
    id = "DPL010"
    title = "Credential in a docker-compose file"
    category = Category.DEPLOYMENT
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (798,)
    effort = 20
    refs = (
        "https://docs.docker.com/compose/how-tos/use-secrets/",
        "https://docs.docker.com/compose/how-tos/environment-variables/set-environment-variables/",
    )
    tags = ("docker", "secrets")
    why = """
        Values under `environment:` in a compose file are in git, in `docker inspect` of
        every container and in the process environment that crash reporters and debug pages
        dump. Compose files written for development get reused for staging and production,
        and with them the password. Key formats are matched with detect-secrets' patterns;
        a secret-named variable is reported when its value looks real (`POSTGRES_PASSWORD:
        postgres` for a local database is not). Values are masked in the report.
        """
    fix = """
        Reference variables instead (`API_KEY: ${API_KEY}`, filled from an untracked `.env`
        or the CI/CD environment), or use Compose `secrets:` mounted as files
        (`POSTGRES_PASSWORD_FILE: /run/secrets/db_password`), and rotate the exposed value.
        """
    example = Example(
        before=f"""
            # file: docker-compose.yml
            services:
              web:
                environment:
                  STRIPE_API_KEY: {_DOC_STRIPE}  # expect
            """,
        after="""
            # file: docker-compose.yml
            services:
              web:
                environment:
                  STRIPE_API_KEY: ${STRIPE_API_KEY}
            """,
    )
    VALID = [
        """
        # file: docker-compose.yml
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_PASSWORD: postgres
              POSTGRES_PASSWORD_FILE: /run/secrets/db_password
          web:
            environment:
              - SECRET_KEY=${SECRET_KEY}
              - API_TOKEN
        secrets:
          db_password:
            file: ./db_password.txt
        """,
    ]
    INVALID = [
        f"""
        # file: deploy/docker-compose.prod.yml
        services:
          web:
            environment:
              - DJANGO_SECRET_KEY=q8!vT2z#Lm9xR4pW  # expect
              - DATABASE_URL={_DOC_URL}  # expect
            command: ["gunicorn", "--access-logfile", "-", "shop.wsgi"]
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        for relpath in project.files_matching(*COMPOSE_FILES):
            text = project.read_text(relpath, limit=512 * 1024)
            if not text or "\x00" in text[:1024]:
                continue
            low = not is_product_path(relpath)
            found = secrets_in_config(text, names=not low)
            lines = text.splitlines()
            for item in found:
                line_text = lines[item.line - 1] if item.line <= len(lines) else ""
                self.report_at(
                    relpath,
                    item.line,
                    f"{secret_message(item.hit, item.name)}: reference a variable or a compose secret instead",
                    column=item.hit.column + 1,
                    severity=Severity.LOW if low else None,
                    snippet=masked_snippet(line_text, [s.hit for s in found if s.line == item.line]),
                )
                if not item.hit.known_format:
                    self.reports[-1].confidence = Confidence.MEDIUM
