"""`audit init`: a starter `[tool.auditor]` table in the repository's pyproject.toml.

tomlkit edits the file in place, so existing content, comments and formatting survive.
The stage comes from `--stage` or from the same guess the audit makes (size, history,
CI, containers, tests); the excludes list only directories that exist.
"""

from __future__ import annotations

from pathlib import Path

import tomlkit
from tomlkit.exceptions import TOMLKitError

from auditor.config import ConfigError, parse_table

# Test code: asserts are how tests check, fixtures hold fake passwords and temp paths,
# random data is fine, and tests shell out to the tools they test.
TEST_IGNORES = ["B101", "B105", "B106", "B107", "B108", "B311", "B404", "B603"]
TEST_GLOBS = ["tests/**", "**/test_*.py", "**/conftest.py"]
# Directories that are usually not the product: excluded when the repository has them.
EXCLUDE_CANDIDATES = ["docs/", "examples/", "bench/", "benchmarks/", "migrations/", "vendor/", "third_party/"]


class InitError(Exception):
    """pyproject.toml cannot be read or written, or already has the table."""


def starter_table(root: Path, stage: str) -> tomlkit.items.Table:
    table = tomlkit.table()
    table.add(tomlkit.comment("The team's stage weights the ranking: mvp, scaling or enterprise (auto guesses)."))
    table.add("stage", stage)
    table.add(tomlkit.comment("The CI gate: `audit .` exits 1 on a finding at or above this severity."))
    table.add("fail-on", "high")
    excludes = [d for d in EXCLUDE_CANDIDATES if (root / d).is_dir()]
    table.add(tomlkit.comment("Paths to skip (.gitignore syntax; .gitignore itself is always honoured)."))
    table.add("exclude", tomlkit.array(excludes) if excludes else tomlkit.array())
    ignores = tomlkit.table()
    for glob in TEST_GLOBS:
        ignores.add(glob, TEST_IGNORES)
    table.add("per-file-ignores", ignores)
    return table


def write_config(root: Path, stage: str, force: bool = False) -> Path:
    """Add `[tool.auditor]` to root/pyproject.toml (created if missing); returns its path."""
    path = root / "pyproject.toml"
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except OSError as exc:
        raise InitError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        doc = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise InitError(f"{path}: invalid TOML: {exc}") from None
    tool = doc.get("tool")
    if tool is None:
        tool = tomlkit.table(is_super_table=True)
        doc["tool"] = tool
    if "auditor" in tool and not force:
        raise InitError(f"{path} already has [tool.auditor] (use --force to replace it)")
    table = starter_table(root, stage)
    parse_table(table.unwrap(), str(path))  # the starter must be a valid configuration
    tool["auditor"] = table
    try:
        path.write_text(tomlkit.dumps(doc), encoding="utf-8")
    except OSError as exc:
        raise InitError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


__all__ = ["ConfigError", "InitError", "starter_table", "write_config"]
