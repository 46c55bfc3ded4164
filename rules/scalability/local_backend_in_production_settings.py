"""SCAL004: SQLite, a local-memory cache or local-memory sessions in production settings."""

from __future__ import annotations

import libcst as cst

from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule

# Backend string -> why it does not scale past one process.
_LOCAL: dict[str, str] = {
    "django.db.backends.sqlite3": "SQLite: one writer at a time, a file on one machine's disk",
    "django.core.cache.backends.locmem.LocMemCache": "LocMemCache: a separate cache in every worker process",
    "django.core.cache.backends.filebased.FileBasedCache": "FileBasedCache: a cache on one machine's disk",
}
_PRODUCTION_WORDS = ("prod", "production", "live", "deploy")


_SETTINGS_DIRS = frozenset({"settings", "config", "conf"})
# The settings that hold backends.
_SETTINGS_NAMES = frozenset({"DATABASES", "CACHES"})


def _production_settings(relpath: str) -> bool:
    """`settings/production.py`, `settings_prod.py`, `prod_settings.py`, `config/prod.py`."""
    parts = relpath.lower().split("/")
    words = parts[-1].removesuffix(".py").replace("-", "_").split("_")
    if len(words) == 1:
        return words[0] in _PRODUCTION_WORDS and len(parts) > 1 and parts[-2] in _SETTINGS_DIRS
    return len(words) == 2 and "settings" in words and bool(set(words) & set(_PRODUCTION_WORDS))


class LocalBackendInProductionSettings(Rule):
    id = "SCAL004"
    title = "Single-process backend (SQLite, LocMemCache) in production settings"
    category = Category.SCALABILITY
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    effort = 60
    tags = ("django", "settings", "workers")
    refs = (
        "https://docs.djangoproject.com/en/stable/ref/databases/#sqlite-notes",
        "https://docs.djangoproject.com/en/stable/topics/cache/#local-memory-caching",
        "https://docs.djangoproject.com/en/stable/topics/http/sessions/#using-cached-sessions",
    )
    why = """
        Production settings that point at SQLite or a local-memory cache tie the service to
        one process on one machine. SQLite serialises writes (`database is locked` under
        concurrent requests) and lives on a container's disk that is lost on redeploy;
        `LocMemCache` gives every worker its own cache, so invalidation does not reach the
        others, hit rates fall as workers are added, and sessions or rate limits stored in
        it are lost between requests served by different workers.
    """
    fix = """
        Use a database server (PostgreSQL, MySQL) and a shared cache (Redis, Memcached) in
        production, configured from the environment (`dj-database-url`, `env("REDIS_URL")`);
        keep SQLite and LocMemCache for development and tests.
    """
    example = Example(
        before="""
            # file: mysite/settings/production.py
            DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}
            CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        """,
        after="""
            # file: mysite/settings/production.py
            import os

            DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": os.environ["DB_NAME"]}}
            CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}}
        """,
    )
    VALID = [
        # A production settings file that names the backends in a comment or a list of
        # what not to use is not configuring them.
        """
        # file: mysite/settings/production.py
        DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}
        FORBIDDEN = ["django.db.backends.sqlite3"]
        """,
        """
        # file: tools/production_settings_check.py
        DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3"}}
        """,
        """
        # file: mysite/settings/dev.py
        DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}
        """,
        """
        # file: mysite/settings/production.py
        DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql"}}
        CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
        SESSION_ENGINE = "django.contrib.sessions.backends.cache"
        """,
    ]
    INVALID = [
        """
        # file: config/settings_prod.py
        DATABASES = {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",  # expect
            }
        }
        CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}  # expect
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._on = _production_settings(context.relpath)
        self._setting = 0  # inside `DATABASES = ...` / `CACHES = ...`
        # Reports only in production settings, inside an assignment to one of _SETTINGS_NAMES.
        index = context.index
        self.idle = not self._on or (index is not None and index.names.isdisjoint(_SETTINGS_NAMES))

    def visit_Assign(self, node: cst.Assign) -> None:
        if any(isinstance(t.target, cst.Name) and t.target.value in _SETTINGS_NAMES for t in node.targets):
            self._setting += 1

    def leave_Assign(self, original_node: cst.Assign) -> None:
        if any(isinstance(t.target, cst.Name) and t.target.value in _SETTINGS_NAMES for t in original_node.targets):
            self._setting -= 1

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if not self._on or not self._setting:
            return
        value = node.evaluated_value
        reason = _LOCAL.get(value) if isinstance(value, str) else None
        if reason:
            self.report(node, f"production settings use {reason}")
