"""Shared fixtures: small repositories on disk and the real CLI run as a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Iterator, NamedTuple

import pytest


# The tests never read or fill the user's advisory store (`audit advisories import`).
os.environ["AUDITOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="auditor-test-cache-")

# A plain terminal: no colour codes, wide enough that rich never wraps a finding line.
_ENV = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200", "PYTHONIOENCODING": "utf-8"}
_ENV.pop("FORCE_COLOR", None)


class CliResult(NamedTuple):
    """What a user sees: exit code, stdout, stderr. Unpacks as a 3-tuple."""

    code: int
    out: str
    err: str


def make_repo(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `{relpath: content}` below `root` and return `root`.

    Text is dedented (so snippets can be written indented in tests) and written as UTF-8
    with LF endings; bytes are written exactly as given.
    """
    root.mkdir(parents=True, exist_ok=True)
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(textwrap.dedent(content).lstrip("\n").encode("utf-8"))
    return root


def run_cli(
    *args: str | os.PathLike[str], cwd: str | os.PathLike[str], prefix: tuple[str, ...] = ()
) -> CliResult:
    """Run `python -m auditor ARGS` in `cwd` (under a wrapper command such as `unshare -n`
    when `prefix` is given) and return (exit code, stdout, stderr)."""
    proc = subprocess.run(
        [*prefix, sys.executable, "-m", "auditor", *map(str, args)],
        cwd=cwd,
        env=_ENV,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
    )
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def run_cli_many(calls: list[tuple[tuple[str | os.PathLike[str], ...], str | os.PathLike[str]]]) -> list[CliResult]:
    """Several independent CLI runs `[(args, cwd), ...]` at once; results in the same order.

    Each run is still a separate `python -m auditor` process: this only saves wall time.
    """
    with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
        return list(pool.map(lambda call: run_cli(*call[0], cwd=call[1]), calls))


def assert_usage_error(result: CliResult, *needles: str) -> str:
    """Exit 2, exactly one line on stderr starting `audit: error:`, no traceback anywhere.

    Every string in `needles` must appear in that line. Returns the line.
    """
    code, out, err = result
    assert "Traceback" not in out + err, err
    assert code == 2, f"expected exit 2, got {code}\nstdout: {out}\nstderr: {err}"
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{err}"
    assert lines[0].startswith("audit: error: "), lines[0]
    for needle in needles:
        assert needle in lines[0], f"{needle!r} not in {lines[0]!r}"
    return lines[0]


def found(report: dict[str, Any], rule: str | None = None, file: str | None = None) -> list[tuple[str, str, int]]:
    """(rule, file, line) of the report's findings, optionally filtered, sorted."""
    return sorted(
        (f["rule"], f["file"], f["line"])
        for f in report["findings"]
        if (rule is None or f["rule"] == rule) and (file is None or f["file"] == file)
    )


# Project-hygiene rules (dead code, missing tests, tooling, service defences) that fire on
# almost any toy repository. Tests about the CLI, configuration, discovery and formats
# pass `--ignore` with these, so their fixtures stay about what they test.
HYGIENE = "ARC004,ARC005,TST001,TST002,DPL012,DPL013,OBS007,OBS008,OBS009"
NO_HYGIENE = ("--ignore", HYGIENE)

# Code that triggers known, stable rules at known lines.
SHELL_CALL = """\
import subprocess


def run(cmd):
    subprocess.call(cmd, shell=True)
"""  # B404 (low) at line 1, B602 (high) at line 5

EVAL_CALL = """\
def load(text):
    return eval(text)
"""  # B307 (medium) at line 2: the only finding

COMPLEX_FUNCTION = """\
def classify(a, b, c, d):
    if a:
        return 1
    if b:
        return 2
    if c:
        return 3
    if d:
        return 4
    return 0
"""  # cyclomatic complexity 5: MNT001 fires at line 1 only with a threshold below 5


def as_nobody() -> list[str] | None:
    """A command prefix that runs as user nobody ([] when not root); None if impossible."""
    if os.geteuid() != 0:
        return []  # already a normal user
    for prefix in (["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"], ["runuser", "-u", "nobody", "--"]):
        if shutil.which(prefix[0]) and subprocess.run([*prefix, "true"], capture_output=True).returncode == 0:
            return prefix
    return None


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory another user can enter (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="audit-shared-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for p in [path, *path.rglob("*")]:
            if not p.is_symlink():
                p.chmod(0o755)
        shutil.rmtree(path)
