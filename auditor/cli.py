"""The command line: the only module that imports typer. Thin: parse, call the API, render, exit.

Exit codes: 0 no finding at or above --fail-on; 1 at least one; 2 the tool could not do
its job (bad option or config, missing path, unwritable output, internal failure).
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup
from typer.exceptions import Abort, TyperException

from auditor import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("html", "json", "text", "sarif", "gitlab", "junit")
# File names in an output directory: audit-report.<ext>. The CI formats say what they are
# (GitLab's Code Quality report is JSON, JUnit's is XML) so that they sit beside json.
EXTENSIONS = {
    "html": "html",
    "json": "json",
    "text": "txt",
    "sarif": "sarif",
    "gitlab": "gitlab.json",
    "junit": "junit.xml",
}
DEFAULT_COMMAND = "check"


class UserError(Exception):
    """Something the user can fix; printed as one line, exit code 2."""


class _DefaultGroup(TyperGroup):
    """`audit PATH ...` means `audit check PATH ...`: the audit is the default command."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_DefaultGroup,
    name="audit",
    help="Offline static auditor for Python repositories. `audit PATH` writes a prioritized report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"auditor {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Offline static auditor for Python repositories.

    `audit PATH` (same as `audit check PATH`) audits a repository; `audit rules` lists the
    rules; `audit explain RULE` shows what a rule flags and how to fix it.
    """


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


def _split(values: Optional[list[str]]) -> list[str]:
    out: list[str] = []
    for v in values or []:
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return out


@app.command(DEFAULT_COMMAND)
def check(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories to audit.", show_default=False)],
    format: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated: html, json, text, sarif, gitlab, junit.")
    ] = "html",
    output: Annotated[
        Optional[str],
        typer.Option(
            "--output", "-o",
            help="A file for one format, a directory for several, '-' for stdout. "
            "Default: ./audit-report.<ext> in the working directory.",
        ),
    ] = None,
    fail_on: Annotated[
        Optional[str], typer.Option("--fail-on", help="critical|high|medium|low|info|never (default: high).")
    ] = None,
    select: Annotated[Optional[list[str]], typer.Option("--select", help="Rule ids, id prefixes or categories.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Rule ids, id prefixes or categories.")] = None,
    exclude: Annotated[Optional[list[str]], typer.Option("--exclude", help="Glob patterns to skip.")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="A TOML config file.")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Worker processes (default: CPU count).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No terminal summary.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every finding and error.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
    baseline: Annotated[
        Optional[Path], typer.Option("--baseline", help="Report and gate only findings not in this baseline file.")
    ] = None,
    changed_since: Annotated[
        Optional[str], typer.Option("--changed-since", help="Keep only findings on lines added or changed since this git ref.")
    ] = None,
    stage: Annotated[
        Optional[str],
        typer.Option("--stage", help="auto|mvp|scaling|enterprise: the team's stage, which weights the ranking (default: auto)."),
    ] = None,
    advisories: Annotated[
        Optional[Path],
        typer.Option(
            "--advisories",
            help="OSV advisories for the vulnerability check (DEP005): a folder of OSV files, an OSV zip "
            "export or one file. Default: the store of `audit advisories import/update`.",
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Analyse every file afresh; read and write no result cache.")
    ] = False,
    cache_dir: Annotated[
        Optional[Path],
        typer.Option("--cache-dir", help="The per-file result cache's directory (default: PATH/.audit_cache)."),
    ] = None,
    file_timeout: Annotated[
        Optional[float],
        typer.Option(
            "--file-timeout",
            help="CPU seconds one file's analysis may take before it is stopped and reported as skipped "
            "(default: 60; 0: no limit).",
        ),
    ] = None,
) -> None:
    """Audit PATH... and write the report; the exit code is the verdict."""
    narrow = _Narrowing(baseline, changed_since)
    code = _guard(
        debug,
        lambda: _check(
            paths, format, output, fail_on, select, ignore, exclude, config, jobs, quiet, verbose, narrow, stage=stage,
            advisories=advisories, cache=(no_cache, cache_dir), file_timeout=file_timeout,
        ),
    )
    raise typer.Exit(code)


def _checked_options(
    paths: list[Path], format: str, jobs: Optional[int], quiet: bool, verbose: bool, cache: tuple[bool, Optional[Path]]
) -> list[str]:
    """The formats asked for; a UserError for a bad or contradictory option or a missing path."""
    formats = _split([format])
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UserError(f"--format: unknown format {bad[0] if bad else format!r} (choose from {', '.join(FORMATS)})")
    if quiet and verbose:
        raise UserError("--quiet and --verbose contradict each other: give one of them")
    if cache[0] and cache[1] is not None:
        raise UserError(f"--no-cache and --cache-dir {cache[1]} contradict each other: give one of them")
    _check_jobs_and_paths(jobs, paths)
    return list(dict.fromkeys(formats))


def _check_jobs_and_paths(jobs: Optional[int], paths: list[Path]) -> None:
    if jobs is not None and jobs < 1:
        raise UserError(f"--jobs must be 1 or more, got {jobs}")
    for path in paths:
        if not path.exists():
            raise UserError(f"path not found: {path}")


def _check(
    paths: list[Path],
    format: str,
    output: Optional[str],
    fail_on: Optional[str],
    select: Optional[list[str]],
    ignore: Optional[list[str]],
    exclude: Optional[list[str]],
    config_file: Optional[Path],
    jobs: Optional[int],
    quiet: bool,
    verbose: bool,
    narrow: Optional["_Narrowing"] = None,
    stage: Optional[str] = None,
    advisories: Optional[Path] = None,
    cache: tuple[bool, Optional[Path]] = (True, None),
    file_timeout: Optional[float] = None,
) -> int:
    from dataclasses import replace

    from auditor.config import load_config, parse_limit

    # Everything a user can get wrong is checked before the engine (libcst, bandit) is
    # imported: a typo costs a fraction of a second, and nothing is written for a run
    # that cannot happen.
    formats = _checked_options(paths, format, jobs, quiet, verbose, cache)
    root = paths[0]
    cfg = load_config(root, config_file).with_cli(_split(select), _split(ignore), _split(exclude), fail_on, stage)
    if advisories is not None:
        cfg = replace(cfg, advisories=_advisories_source(advisories))
    if file_timeout is not None:
        cfg = replace(cfg, file_timeout=parse_limit(file_timeout, "--file-timeout"))
    targets = _targets(formats, output)
    cfg = replace(cfg, exclude=(*cfg.exclude, *_own_outputs(targets, paths)))
    cache_options = _cache_options(cfg, *cache, verbose)

    from auditor.api import audit
    from auditor.registry import check_selectors

    check_selectors(_split(select), "--select")
    check_selectors(_split(ignore), "--ignore")
    narrow = narrow or _Narrowing(None, None)
    narrow.prepare(paths)
    from auditor.report.terminal import FileProgress

    from auditor.pool import tune_gc

    tune_gc()  # this process only builds trees when it audits in-process (-j 1, few files)
    with FileProgress(sys.stderr) as progress:
        result = narrow.apply(
            audit(list(paths), cfg, jobs=jobs, on_file=None if quiet else progress, cache=cache_options)
        )
    written, to_stdout = _write_reports(targets, result, cfg.fail_on)
    if not quiet:
        from auditor.report.terminal import print_summary

        stream = sys.stderr if to_stdout else sys.stdout
        if verbose:
            from auditor.report.text_report import render_text

            stream.write(render_text(result))
        print_summary(result, stream, written, cfg.fail_on)
        narrow.print_notes(stream)
    if cfg.fail_on is None:
        return EXIT_OK
    return EXIT_FINDINGS if result.at_or_above(cfg.fail_on) else EXIT_OK


def _cache_options(cfg: Any, no_cache: bool, cache_dir: Optional[Path], verbose: bool) -> Any:
    """The result cache's settings: --no-cache and --cache-dir over the config's `cache`
    and `cache-dir`; None for no cache. Warnings (a corrupt cache file) always reach
    stderr; notes (why the cache is off, e.g. a read-only root) only with --verbose."""
    from auditor.cache import CacheOptions

    if no_cache or not cfg.cache:
        return None
    directory = cache_dir if cache_dir is not None else (Path(cfg.cache_dir) if cfg.cache_dir else None)
    if directory is not None and directory.exists() and not directory.is_dir():
        raise UserError(f"--cache-dir {directory}: not a directory")

    def warn(message: str) -> None:
        typer.echo(f"audit: warning: {message}", err=True)

    def note(message: str) -> None:
        typer.echo(f"audit: note: {message}", err=True)

    return CacheOptions(directory, warn=warn, note=note if verbose else None)


class _Narrowing:
    """`--baseline FILE` and `--changed-since REF`: both are checked before the audit runs;
    afterwards the result keeps only the findings that are new (and on changed lines), so
    every report format and the gate see the same findings."""

    def __init__(self, baseline: Optional[Path], changed_since: Optional[str]) -> None:
        self.baseline = baseline
        self.changed_since = changed_since
        self.baseline_text: Optional[str] = None
        self.changes: Any = None
        self.notes: list[str] = []

    def prepare(self, paths: list[Path]) -> None:
        if self.baseline is not None:
            self.baseline_text = _read_baseline_file(self.baseline)
        if self.changed_since is not None:
            from auditor.changes import ChangesError, changed_lines

            bases = [(p if p.is_dir() else p.parent).absolute() for p in paths]
            try:
                self.changes = changed_lines(Path(os.path.commonpath([str(b) for b in bases])), self.changed_since)
            except ChangesError as exc:
                raise UserError(str(exc)) from None

    def apply(self, result: Any) -> Any:
        from dataclasses import replace

        if self.baseline_text is None and self.changes is None:
            return result
        findings = list(result.findings)
        if self.baseline_text is not None:
            from auditor.baseline import apply_baseline

            findings, resolved = apply_baseline(result, self.baseline_text)
            self.notes.append(
                f"baseline {self.baseline}: {len(result.findings) - len(findings)} finding(s) baselined, "
                f"{len(resolved)} baseline entr{'y' if len(resolved) == 1 else 'ies'} resolved (fixed since)"
            )
            self.notes.extend(f"  resolved: {e.rule} {e.file} {e.message}" for e in resolved[:10])
            if len(resolved) > 10:
                self.notes.append(f"  ... and {len(resolved) - 10} more resolved")
        if self.changes is not None:
            from auditor.changes import touches

            before = len(findings)
            findings = [f for f in findings if touches(f, self.changes)]
            self.notes.append(
                f"changed since {self.changed_since}: {before - len(findings)} finding(s) outside changed lines not shown"
            )
        return replace(result, findings=tuple(findings))

    def print_notes(self, stream: Any) -> None:
        for note in self.notes:
            stream.write(note + "\n")


def _read_baseline_file(path: Path) -> str:
    """The baseline's text, validated; any problem is a UserError (exit 2)."""
    from auditor.baseline import BaselineError, read_baseline

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"--baseline {path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"--baseline {path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        read_baseline(text)
    except BaselineError as exc:
        raise UserError(f"--baseline {path}: {exc}") from None
    return text


@app.command("baseline")
def baseline_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories to audit.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="The baseline file to write (JSON).")],
    select: Annotated[Optional[list[str]], typer.Option("--select", help="Rule ids, id prefixes or categories.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option("--ignore", help="Rule ids, id prefixes or categories.")] = None,
    exclude: Annotated[Optional[list[str]], typer.Option("--exclude", help="Glob patterns to skip.")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", help="A TOML config file.")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Worker processes (default: CPU count).")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Record the current findings of PATH... in a baseline file, for `audit PATH --baseline FILE`."""
    code = _guard(debug, lambda: _baseline(paths, output, select, ignore, exclude, config, jobs))
    raise typer.Exit(code)


def _baseline(
    paths: list[Path],
    output: Path,
    select: Optional[list[str]],
    ignore: Optional[list[str]],
    exclude: Optional[list[str]],
    config_file: Optional[Path],
    jobs: Optional[int],
) -> int:
    from auditor.config import load_config

    _check_jobs_and_paths(jobs, paths)
    if not output.parent.is_dir() and str(output.parent) not in ("", "."):
        raise UserError(f"--output {output}: directory {output.parent} does not exist")
    cfg = load_config(paths[0], config_file).with_cli(_split(select), _split(ignore), _split(exclude), None)

    from auditor.api import audit
    from auditor.baseline import write_baseline
    from auditor.registry import check_selectors

    check_selectors(_split(select), "--select")
    check_selectors(_split(ignore), "--ignore")
    result = audit(list(paths), cfg, jobs=jobs, cache=_cache_options(cfg, False, None, False))
    try:
        output.write_text(write_baseline(result), encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {output}: {exc.strerror or exc}") from None
    typer.echo(f"{len(result.findings)} findings recorded in {output}")
    return EXIT_OK


def _write_reports(targets: list[tuple[str, str]], result: Any, fail_on: Any = None) -> tuple[list[str], bool]:
    """Render and write each report; returns the files written and whether stdout was used.
    `fail_on` (a Severity or None for never) is the gate, which the JUnit report mirrors."""
    from auditor.report import render
    from auditor.report.files import ReportWriteError, write_reports

    files = [(fmt, target) for fmt, target in targets if target != "-"]
    for fmt, target in targets:
        if target == "-":
            sys.stdout.write(render(fmt, result, fail_on=fail_on))
            sys.stdout.flush()
    try:
        write_reports(files, result, fail_on)
    except ReportWriteError as exc:
        raise UserError(str(exc)) from None
    return [target for _, target in files], len(files) < len(targets)


def _own_outputs(targets: list[tuple[str, str]], paths: list[Path]) -> list[str]:
    """Exclude patterns for the report files this run writes inside an audited folder
    (`audit .` writes ./audit-report.html there): they are not the project's files, and
    as files of the tree their new size and time would change the whole-audit key, so
    that no run could ever reuse the one before."""
    out: list[str] = []
    for _, target in targets:
        if target == "-":
            continue
        written = Path(target).absolute()
        for base in paths:
            base = base.absolute()
            if base.is_dir() and written.is_relative_to(base):
                rel = written.relative_to(base).as_posix()
                out.append("/" + "".join("\\" + c if c in "[]*?\\" else c for c in rel))
    return out


def _targets(formats: list[str], output: Optional[str]) -> list[tuple[str, str]]:
    """(format, path or '-') pairs. Checked before the audit runs, so a typo costs nothing."""
    if output == "-":
        if len(formats) > 1:
            raise UserError("--output -: only one format can go to stdout")
        return [(formats[0], "-")]
    if output is None:
        return [(f, f"audit-report.{EXTENSIONS[f]}") for f in formats]
    out = Path(output)
    # `-o reports/` names a directory even for one format; it is created when the report
    # is written, so a run that fails before that leaves nothing behind.
    if len(formats) > 1 or out.is_dir() or output.endswith(("/", os.sep)):
        if out.exists() and not out.is_dir():
            raise UserError(f"--output {output}: several formats need a directory, and this is a file")
        if not out.exists() and not out.parent.is_dir():
            raise UserError(f"--output {output}: parent directory does not exist")
        return [(f, str(out / f"audit-report.{EXTENSIONS[f]}")) for f in formats]
    if not out.parent.is_dir() and str(out.parent) not in ("", "."):
        raise UserError(f"--output {output}: directory {out.parent} does not exist")
    return [(formats[0], str(out))]


@app.command("init")
def init_cmd(
    path: Annotated[Path, typer.Argument(help="The repository (default: the working directory).")] = Path("."),
    stage: Annotated[
        Optional[str], typer.Option("--stage", help="mvp|scaling|enterprise; default: guessed from the repository.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing [tool.auditor] table.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Write a starter [tool.auditor] into PATH/pyproject.toml (comments and content kept)."""
    raise typer.Exit(_guard(debug, lambda: _init(path, stage, force)))


def _init(path: Path, stage: Optional[str], force: bool) -> int:
    from auditor.config import parse_stage

    if not path.is_dir():
        raise UserError(f"not a directory: {path}")
    chosen = parse_stage(stage, "--stage") if stage is not None else "auto"
    reasons = ""
    if chosen == "auto":
        from auditor.api import project_index
        from auditor.history import read_history
        from auditor.prioritize import choose_stage

        guess = choose_stage("auto", project_index([path]), read_history(path.absolute()))
        chosen, reasons = guess.name, "; ".join(guess.reasons)
    from auditor.init import InitError, write_config

    try:
        written = write_config(path, chosen, force)
    except InitError as exc:
        raise UserError(str(exc)) from None
    typer.echo(f"wrote [tool.auditor] to {written} (stage {chosen}{': ' + reasons if reasons else ''})")
    return EXIT_OK


@app.command("rules")
def rules_cmd(
    format: Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json")] = TextOrJson.text,
) -> None:
    """List every rule: id, title, category, severity."""
    docs = _rule_docs()
    if format is TextOrJson.json:
        keys = ("id", "name", "title", "category", "severity", "confidence", "cwe")
        typer.echo(json.dumps([{k: d.to_dict()[k] for k in keys} for d in docs.values()], indent=2))
        return
    for d in docs.values():
        typer.echo(f"{d.id:7} {d.severity.value:8} {d.category.value:16} {d.title}")


@app.command("explain")
def explain_cmd(
    rule: Annotated[str, typer.Argument(help="A rule id, e.g. SEC001 or B602.")],
    format: Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json")] = TextOrJson.text,
) -> None:
    """What a rule flags, why it matters, and how to fix it, with before/after code."""
    docs = _rule_docs()
    doc = docs.get(rule.upper()) or next((d for d in docs.values() if d.name == rule.lower()), None)
    if doc is None:
        _fail(f"no rule {rule!r} (see `audit rules`)")
    if format is TextOrJson.json:
        typer.echo(json.dumps(doc.to_dict(), indent=2))
        return
    lines = [
        f"{doc.id} {doc.name}: {doc.title}",
        f"category: {doc.category.value}   severity: {doc.severity.value}   confidence: {doc.confidence.value}"
        + (f"   CWE: {', '.join(f'CWE-{c}' for c in doc.cwe)}" if doc.cwe else ""),
        "",
        "Why it matters",
        _indent(doc.why),
        "",
        "How to fix",
        _indent(doc.fix),
    ]
    if doc.example:
        lines += ["", "Before", _indent(doc.example.before), "", "After", _indent(doc.example.after)]
    if doc.options:
        lines += ["", "Options"] + [f"  {k} = {v!r}" for k, v in doc.options]
    if doc.refs:
        lines += ["", "References"] + [f"  {r}" for r in doc.refs]
    typer.echo("\n".join(lines))


advisories_app = typer.Typer(
    name="advisories",
    help="The local store of OSV advisories that the vulnerability check (DEP005) reads offline.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(advisories_app)


def _advisories_source(path: Path, label: str = "--advisories") -> str:
    """`--advisories PATH`, checked before the audit runs: a folder, zip or OSV file."""
    import zipfile

    if not path.exists():
        raise UserError(f"{label} {path}: no such file or directory")
    if not (path.is_dir() or path.suffix in (".json", ".yaml", ".yml") or zipfile.is_zipfile(path)):
        raise UserError(f"{label} {path}: not a folder, zip archive or OSV file (.json, .yaml)")
    return str(path.absolute())


@advisories_app.command("import")
def advisories_import(
    source: Annotated[Path, typer.Argument(help="A folder of OSV files (JSON/YAML), an OSV zip export, or one file.")],
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Add OSV advisories to the local store (newer copies replace older ones)."""

    def run() -> int:
        from auditor.analysis.advisories import AdvisoryError, import_into_store

        try:
            summary = import_into_store(_advisories_source(source, "advisories import"))
        except AdvisoryError as exc:
            raise UserError(str(exc)) from None
        typer.echo(
            f"imported {summary.stored} PyPI advisories from {summary.read} documents"
            f" ({summary.withdrawn} withdrawn, {summary.skipped} unreadable); "
            f"{summary.total} in {summary.store}"
        )
        return EXIT_OK

    raise typer.Exit(_guard(debug, run))


@advisories_app.command("update")
def advisories_update(
    url: Annotated[str, typer.Option("--url", help="The OSV export to download.")] = "",
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Download the PyPI OSV export and import it (needs the network; the audit never does)."""

    def run() -> int:
        from auditor.analysis.advisories import OSV_PYPI_URL, AdvisoryError, update_store

        try:
            summary = update_store(url or OSV_PYPI_URL)
        except AdvisoryError as exc:
            raise UserError(str(exc)) from None
        typer.echo(f"imported {summary.stored} PyPI advisories; {summary.total} in {summary.store}")
        return EXIT_OK

    raise typer.Exit(_guard(debug, run))


@advisories_app.command("info")
def advisories_info(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False) -> None:
    """Where the local store is, how many advisories it holds and when they were imported."""

    def run() -> int:
        from auditor.analysis.advisories import AdvisoryError, store_info, store_path

        try:
            info = store_info()
        except AdvisoryError as exc:
            raise UserError(str(exc)) from None
        if info is None:
            typer.echo(f"no advisory store at {store_path()} (fill it with `audit advisories import PATH` or `update`)")
            return EXIT_OK
        typer.echo(
            f"{info['advisories']} advisories in {info['store']}; imported {info.get('imported', '?')} "
            f"from {info.get('source', '?')}"
        )
        return EXIT_OK

    raise typer.Exit(_guard(debug, run))


def _rule_docs() -> dict[str, Any]:
    """Every RuleDoc, without importing the rules (libcst, bandit) when the per-user
    cache of this very code has them."""
    from auditor.cache import cached_rule_docs

    def compute() -> dict[str, Any]:
        from auditor.registry import all_docs

        return all_docs()

    return cached_rule_docs(compute)


def _indent(text: str) -> str:
    return "\n".join(("    " + line) if line.strip() else "" for line in text.splitlines())


def _fail(message: str) -> None:
    typer.echo(f"audit: error: {message}", err=True)
    raise typer.Exit(EXIT_ERROR)


def _guard(debug: bool, fn: Any) -> int:
    """Run `fn`; user errors become one line and exit 2, bugs too (with --debug, a traceback)."""
    try:
        return int(fn())
    except KeyboardInterrupt:
        typer.echo("audit: interrupted", err=True)
        return EXIT_ERROR
    except Exception as exc:  # the promise: never a traceback unless asked for
        if isinstance(exc, _user_error_types()):
            typer.echo(f"audit: error: {exc}", err=True)
            return EXIT_ERROR
        if debug:
            traceback.print_exc()
        typer.echo(f"audit: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", err=True)
        return EXIT_ERROR


def _user_error_types() -> tuple[type[Exception], ...]:
    """The exceptions that mean "the user can fix this". Looked up without importing the
    engine: AuditError and RegistryError can only have been raised if their module is loaded."""
    from auditor.config import ConfigError

    types: list[type[Exception]] = [UserError, ConfigError]
    for module, name in (("auditor.api", "AuditError"), ("auditor.registry", "RegistryError")):
        loaded = sys.modules.get(module)
        if loaded is not None:
            types.append(getattr(loaded, name))
    return tuple(types)


def _given_value(exc: Exception, argv: list[str]) -> str:
    """` (got 'many')` for an option value the parser rejected (its message does not say
    which value it was); empty when the value cannot be told."""
    opts = getattr(getattr(exc, "param", None), "opts", None)
    if not opts or getattr(exc.param, "param_type_name", "") != "option":  # type: ignore[attr-defined]
        return ""
    values: list[str] = []
    for i, arg in enumerate(argv):
        if arg in opts and i + 1 < len(argv):
            values.append(argv[i + 1])
        elif any(arg.startswith(f"{o}=") for o in opts if o.startswith("--")):
            values.append(arg.split("=", 1)[1])
    return f" (got {values[-1]!r})" if values else ""


def main() -> None:
    """Console entry point. Usage errors become one line and exit code 2."""
    try:
        code = app(standalone_mode=False, prog_name="audit")
    except TyperException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare `audit`: the help, not an error
            typer.echo(exc.format_message())
            sys.exit(EXIT_OK)
        ctx = getattr(exc, "ctx", None)
        name = getattr(ctx, "info_name", None)
        hint = f" (see `audit {name} --help`)" if name and name != "audit" else " (see `audit --help`)"
        message = " ".join(exc.format_message().split()) + _given_value(exc, sys.argv[1:])
        typer.echo(f"audit: error: {message}{hint}", err=True)
        sys.exit(EXIT_ERROR)
    except Abort:
        typer.echo("audit: interrupted", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(code if isinstance(code, int) else EXIT_OK)
