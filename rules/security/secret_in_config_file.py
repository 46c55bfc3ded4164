"""SEC302: a credential or key committed in a configuration file."""

from __future__ import annotations

from auditor.analysis.secrets import masked_snippet, secret_message, secrets_in_config
from auditor.analysis.service import is_product_path
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

# Sample keys for the examples, split so this file does not itself hold a key-shaped string.
_DOC_SLACK = "xoxb-" "2417530981-4721580239114-" "q8dWvR0kLmZt5Yx2NcPa7Hf3"
_DOC_GITHUB = "ghp_" "R8mK2vQx9LpT4wZs7NcYb3Hd6Fj1Ga0Ue5Wo"
_DOC_URL = "postgres://shop:" "Kx82mLq0pZ@db:5432/shop"

# Files read for secrets; Dockerfiles and compose files belong to the deployment rules.
CONFIG_FILES = (
    ".env", ".env.*", "*.env", "*.yml", "*.yaml", "*.json", "*.ini", "*.cfg", "*.conf", "*.toml",
    "*.properties", ".npmrc", ".pypirc", ".netrc", ".pgpass", "*.tfvars", "*.pem", "*.key", "id_rsa",
    "id_dsa", "id_ecdsa", "id_ed25519", "credentials",
)
_SKIP = (
    "docker-compose*", "compose.yml", "compose.yaml", "package-lock.json", "*.lock", "*.min.*", "*.map",
    "composer.json", "tsconfig*.json", ".eslintrc*",
)
# Committed templates of a .env: their names are placeholders by intent, key formats are not.
_TEMPLATES = (".env.example", ".env.sample", ".env.template", ".env.dist", ".env.defaults", "*.example.*", "*.sample.*")
_LIMIT = 1024 * 1024


class SecretInConfigFile(ProjectRule):
    id = "SEC302"
    title = "Hard-coded secret in a configuration file"
    category = Category.SECURITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    cwe = (798,)
    effort = 30
    refs = (
        "https://cwe.mitre.org/data/definitions/798.html",
        "https://12factor.net/config",
        "https://github.com/Yelp/detect-secrets",
    )
    tags = ("secrets",)
    why = """
        A committed `.env`, `settings.yaml`, `config.json` or `.npmrc` travels with every
        clone, fork, CI artifact and image built from the repository, and stays in git
        history after it is deleted. A leaked cloud, payment or chat key is used by strangers
        within minutes of a push to a public repository; a leaked database password turns any
        network foothold into a data breach. Known key formats are matched with
        detect-secrets' patterns; a value given to a key such as `password`, `api_key` or
        `client_secret` is reported when it looks real (not `${VAR}`, `{{ vault_pw }}`,
        `changeme`, `<your-key>`). Files under tests/ and fixtures are reported at low
        severity, and only for key formats. Values are masked in the report.
        """
    fix = """
        Revoke and rotate the key, then remove the file from the repository (and its history
        if it was ever public). Commit a template (`.env.example` with empty values) and
        inject real values at deploy time: environment variables from the platform, Docker
        or Kubernetes secrets, a secret manager, or CI secrets (`${{ secrets.X }}`).
        """
    example = Example(
        before=f"""
            # file: config/settings.yaml
            slack:
              token: {_DOC_SLACK}  # expect
            database:
              password: Vq7!rT2mXz9#Lp  # expect
            """,
        after="""
            # file: config/settings.yaml
            slack:
              token: ${SLACK_TOKEN}
            database:
              password: ${DB_PASSWORD}
            """,
    )
    VALID = [
        """
        # file: .github/workflows/ci.yml
        env:
          PYPI_TOKEN: ${{ secrets.PYPI_TOKEN }}
          DB_PASSWORD: postgres
        # file: config.ini
        [db]
        password = changeme
        password_file = /run/secrets/db
        # file: .env.example
        API_KEY=
        SECRET_TOKEN=<your-token>
        DB_PASSWORD=Sup3r-S3cret-Here9
        """,
        """
        # file: package-lock.json
        {"integrity": "sha512-Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA=="}
        # file: settings.json
        {"token_url": "https://auth.example.com/token", "password_min_length": 12}
        """,
    ]
    INVALID = [
        f"""
        # file: .env
        DEBUG=false
        GITHUB_TOKEN={_DOC_GITHUB}  # expect
        export DATABASE_URL={_DOC_URL}  # expect
        # file: config/app.json
        {{"stripe": {{"api_key": "Rk3p9Qm2Lx7vTz4Wn8Ys"}}}} <!-- # expect -->
        # file: deploy/db.ini
        [client]
        password = 9fK!2mQz@Lr8  # expect
        # file: tests/fixtures/keys.yml
        token: {_DOC_GITHUB}  # expect
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        skip = set(project.files_matching(*_SKIP))
        templates = set(project.files_matching(*_TEMPLATES))
        for relpath in project.files_matching(*CONFIG_FILES):
            if relpath in skip:
                continue
            text = project.read_text(relpath, limit=_LIMIT)
            if not text or "\x00" in text[:4096]:
                continue
            incidental = not is_product_path(relpath)
            found = secrets_in_config(text, names=not incidental and relpath not in templates)
            if not found:
                continue
            lines = text.splitlines()
            for item in found:
                line_text = lines[item.line - 1] if item.line <= len(lines) else ""
                same_line = [s.hit for s in found if s.line == item.line]
                self.report_at(
                    relpath,
                    item.line,
                    f"{secret_message(item.hit, item.name)}: rotate it and inject it at deploy time",
                    column=item.hit.column + 1,
                    end_column=item.hit.column + 1 + len(item.hit.value),
                    severity=Severity.LOW if incidental else None,
                    snippet=masked_snippet(line_text, same_line),
                )
                if not item.hit.known_format:
                    self.reports[-1].confidence = Confidence.MEDIUM

