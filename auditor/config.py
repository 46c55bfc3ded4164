"""`[tool.auditor]` configuration: loading, validation, and merging with CLI options.

Every user mistake here is a ConfigError with a message that names the key; the CLI turns
it into one line on stderr and exit code 2.
"""

from __future__ import annotations

import tomllib
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable

import pathspec

from auditor.model import Severity


class ConfigError(Exception):
    """A bad option or configuration value; the message names what is wrong."""


FAIL_ON_CHOICES = ("critical", "high", "medium", "low", "info", "never")
STAGE_CHOICES = ("auto", "mvp", "scaling", "enterprise")

# Asserts are how pytest tests check things, and tests call local test servers without a
# timeout: bandit's B101 and B113 there are noise, not findings (PERF002, which replaces
# B113, skips test files for the same reason).
_TEST_NOISE = ["B101", "B113"]
DEFAULT_PER_FILE_IGNORES: dict[str, list[str]] = {
    "**/test_*.py": _TEST_NOISE,
    "**/*_test.py": _TEST_NOISE,
    "**/tests/**": _TEST_NOISE,
    "**/testing/**": _TEST_NOISE,
    "t/**": _TEST_NOISE,  # the top-level t/ of Celery and Kombu (auditor.project.TEST_PATTERNS)
    "**/conftest.py": _TEST_NOISE,
}


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()  # empty: every rule
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fail_on: Severity | None = Severity.HIGH  # None: never fail on findings
    severity: tuple[tuple[str, Severity], ...] = ()
    options: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    stage: str = "auto"  # the team's stage: weights of the priority score (auditor.prioritize)
    # OSV advisories for DEP005 (a folder, zip export or file; `--advisories`); empty: the
    # local store of `audit advisories import/update`. Relative to the config file.
    advisories: str = ""
    # The per-file result cache (auditor.cache): on by default, in `<root>/.audit_cache/`
    # unless `cache-dir` (relative to the config file) says where; `--no-cache` wins.
    cache: bool = True
    cache_dir: str = ""
    # What one file may cost (auditor.pool): CPU seconds of analysis and MiB of a worker's
    # resident memory; over either, the file is reported as skipped. 0: no limit.
    file_timeout: float = 60.0
    file_memory: int = 2048
    source: str = ""  # where the config came from, for the report

    def severity_overrides(self) -> dict[str, Severity]:
        return dict(self.severity)

    def rule_options(self) -> dict[str, dict[str, Any]]:
        out = {rule: dict(opts) for rule, opts in self.options}
        if self.advisories:  # the top-level key feeds the rule that reads advisories
            out.setdefault(ADVISORIES_RULE, {})["advisories"] = self.advisories
        return out

    def all_per_file_ignores(self) -> list[tuple[str, tuple[str, ...]]]:
        user = dict(self.per_file_ignores)
        merged = {glob: tuple(ids) for glob, ids in DEFAULT_PER_FILE_IGNORES.items() if glob not in user}
        merged.update(user)
        return sorted(merged.items())

    def with_cli(
        self,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        exclude: list[str] | None = None,
        fail_on: str | None = None,
        stage: str | None = None,
    ) -> Config:
        """CLI options: --select replaces, --ignore and --exclude add, --fail-on and
        --stage replace."""
        out = self
        if select:
            out = replace(out, select=tuple(select))
        if ignore:
            out = replace(out, ignore=(*out.ignore, *ignore))
        if exclude:
            out = replace(out, exclude=(*out.exclude, *check_globs(exclude, "--exclude")))
        if fail_on is not None:
            out = replace(out, fail_on=parse_fail_on(fail_on, "--fail-on"))
        if stage is not None:
            out = replace(out, stage=parse_stage(stage, "--stage"))
        return out


_KEYS = {
    "select", "ignore", "exclude", "per-file-ignores", "fail-on", "severity", "options", "stage", "advisories",
    "cache", "cache-dir", "file-timeout", "file-memory",
}
ADVISORIES_RULE = "DEP005"


def check_globs(patterns: Iterable[str], where: str) -> tuple[str, ...]:
    """The patterns, each checked as pathspec (gitignore syntax) will read it: a trailing
    backslash, a bare `!` or a reversed range `[z-a]` is a ConfigError naming it."""
    out = tuple(patterns)
    for glob in out:
        try:
            with warnings.catch_warnings():  # re's "possible nested set" on `[[x]`: not the user's concern
                warnings.simplefilter("ignore")
                pathspec.GitIgnoreSpec.from_lines([glob])
        except Exception as exc:  # pathspec raises several kinds for a bad pattern
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise ConfigError(f"{where}: bad glob {glob!r}: {reason}") from None
    return out


def parse_stage(value: str, where: str) -> str:
    value = value.strip().lower()
    if value not in STAGE_CHOICES:
        raise ConfigError(f"{where}: expected one of {', '.join(STAGE_CHOICES)}, got {value!r}")
    return value


def parse_limit(value: Any, where: str, whole: bool = False) -> float:
    """A per-file budget: a number >= 0 (seconds, or whole MiB); 0 means no limit."""
    if isinstance(value, str):
        try:
            value = int(value) if whole else float(value)
        except ValueError:
            raise ConfigError(f"{where}: expected a number, got {value!r}") from None
    wrong_type = isinstance(value, bool) or not isinstance(value, (int, float)) or (whole and not float(value).is_integer())
    if wrong_type or value < 0 or value != value:
        kind = "a whole number of MiB" if whole else "a number of seconds"
        raise ConfigError(f"{where}: expected {kind}, 0 or more (0: no limit), got {value!r}")
    return float(value)


def parse_fail_on(value: str, where: str) -> Severity | None:
    value = value.strip().lower()
    if value not in FAIL_ON_CHOICES:
        raise ConfigError(f"{where}: expected one of {', '.join(FAIL_ON_CHOICES)}, got {value!r}")
    return None if value == "never" else Severity(value)


def load_config(root: Path, config_file: Path | None) -> Config:
    """Read `config_file`, or `[tool.auditor]` of `root/pyproject.toml` if it exists."""
    if config_file is not None:
        path = config_file
        if path.is_dir():
            raise ConfigError(f"--config {path}: is a directory, not a TOML file")
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")
        data = _read_toml(path)
        if "tool" not in data:  # a file of bare `[tool.auditor]` keys
            return _resolve_paths(parse_table(data, str(path)), path.parent)
        return _resolve_paths(parse_table(_tool_auditor(data, path) or {}, f"{path} [tool.auditor]"), path.parent)
    base = root if root.is_dir() else root.parent
    pyproject = base / "pyproject.toml"
    if pyproject.is_file():
        table = _tool_auditor(_read_toml(pyproject), pyproject)
        if table is not None:
            return _resolve_paths(parse_table(table, f"{pyproject} [tool.auditor]"), pyproject.parent)
    return Config()


def _resolve_paths(config: Config, base: Path) -> Config:
    """Paths in a config file are relative to that file; advisories must exist."""
    if config.cache_dir:
        config = replace(config, cache_dir=str(base / Path(config.cache_dir).expanduser()))
    if not config.advisories:
        return config
    path = base / Path(config.advisories).expanduser()
    if not path.exists():
        raise ConfigError(f"{config.source}: `advisories`: {path}: no such file or directory")
    return replace(config, advisories=str(path))


def _tool_auditor(data: dict[str, Any], path: Path) -> Any:
    """`tool.auditor` of a parsed TOML file, None if absent. A non-table is an error."""
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: `tool` must be a table")
    table = tool.get("auditor")
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{path}: `tool.auditor` must be a table, got {type(table).__name__}")
    return table


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def _str_list(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [v for v in (p.strip() for p in value.split(",")) if v]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: `{key}` must be a list of strings")
    return tuple(value)


def _cache_keys(table: dict[str, Any], where: str) -> tuple[bool, str]:
    cache = table.get("cache", True)
    if not isinstance(cache, bool):
        raise ConfigError(f"{where}: `cache` must be true or false, got {cache!r}")
    cache_dir = table.get("cache-dir", "")
    if not isinstance(cache_dir, str):
        raise ConfigError(f"{where}: `cache-dir` must be a path (string), got {cache_dir!r}")
    return cache, cache_dir.strip()


def parse_table(table: dict[str, Any], where: str) -> Config:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key `{unknown[0]}` (known: {', '.join(sorted(_KEYS))})")
    pfi = table.get("per-file-ignores", {})
    if not isinstance(pfi, dict):
        raise ConfigError(f"{where}: `per-file-ignores` must be a table of glob = [rule ids]")
    per_file: list[tuple[str, tuple[str, ...]]] = []
    for glob, ids in pfi.items():
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise ConfigError(f"{where}: `per-file-ignores.\"{glob}\"` must be a list of rule ids")
        check_globs([glob], f"{where}: `per-file-ignores`")
        per_file.append((glob, tuple(ids)))
    fail_on: Severity | None = Severity.HIGH
    if "fail-on" in table:
        if not isinstance(table["fail-on"], str):
            raise ConfigError(f"{where}: `fail-on` must be a string")
        fail_on = parse_fail_on(table["fail-on"], f"{where}: `fail-on`")
    sev = table.get("severity", {})
    if not isinstance(sev, dict):
        raise ConfigError(f"{where}: `severity` must be a table of rule id = severity")
    severity: list[tuple[str, Severity]] = []
    for rule, value in sev.items():
        try:
            severity.append((rule, Severity(str(value).lower())))
        except ValueError:
            raise ConfigError(
                f"{where}: `severity.{rule}`: expected critical, high, medium, low or info, got {value!r}"
            ) from None
    opts = table.get("options", {})
    if not isinstance(opts, dict) or not all(isinstance(v, dict) for v in opts.values()):
        raise ConfigError(f"{where}: `options` must be a table of rule id = {{option = value}}")
    options = tuple((rule, tuple(sorted(v.items()))) for rule, v in sorted(opts.items()))
    stage = table.get("stage", "auto")
    if not isinstance(stage, str):
        raise ConfigError(f"{where}: `stage` must be a string, got {stage!r}")
    advisories = table.get("advisories", "")
    if not isinstance(advisories, str):
        raise ConfigError(f"{where}: `advisories` must be a path (string), got {advisories!r}")
    cache, cache_dir = _cache_keys(table, where)
    return Config(
        file_timeout=parse_limit(table.get("file-timeout", Config.file_timeout), f"{where}: `file-timeout`"),
        file_memory=int(parse_limit(table.get("file-memory", Config.file_memory), f"{where}: `file-memory`", whole=True)),
        cache=cache,
        cache_dir=cache_dir,
        advisories=advisories.strip(),
        stage=parse_stage(stage, f"{where}: `stage`"),
        select=_str_list(table, "select", where),
        ignore=_str_list(table, "ignore", where),
        exclude=check_globs(_str_list(table, "exclude", where), f"{where}: `exclude`"),
        per_file_ignores=tuple(per_file),
        fail_on=fail_on,
        severity=tuple(severity),
        options=options,
        source=where,
    )


