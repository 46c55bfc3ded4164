"""A run whose whole result is cached: what it imports, how it writes the reports, and
the shortcuts on its path (discovery's default excludes, compiled templates), each held
to what it replaced."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pathspec
import pytest

from conftest import EVAL_CALL, SHELL_CALL, make_repo

from auditor import discovery
from auditor.api import audit
from auditor.config import Config
from auditor.report import render
from auditor.report.files import ReportWriteError, write_reports

HEAVY = ("libcst", "networkx", "bandit", "detect_secrets", "radon", "auditor.engine", "auditor.rules")

# The CLI in a fresh interpreter; afterwards, the heavy modules it loaded, as JSON.
PROBE = """
import json, sys
from auditor.cli import main
sys.argv = ["audit", *sys.argv[1:]]
try:
    main()
except SystemExit as exc:
    code = exc.code
heavy = sorted({m.split(".")[0] if not m.startswith("auditor") else ".".join(m.split(".")[:2])
                for m in sys.modules if m.startswith(%r)})
print(json.dumps({"code": code, "heavy": heavy}))
""" % (HEAVY,)


def _probe(repo: Path, cwd: Path, *args: str) -> dict[str, object]:
    env = {**os.environ, "NO_COLOR": "1"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(repo), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.parametrize("formats", ["json", "json,text,sarif"])
def test_a_reused_audit_imports_neither_the_engine_nor_the_rules(tmp_path: Path, formats: str) -> None:
    """libcst, networkx, bandit and the rules are about 0.6 s of imports: a run that
    reuses the whole previous result must not pay them (the HTML report's graph alone
    needs networkx)."""
    repo = make_repo(tmp_path / "repo", {"app.py": SHELL_CALL, "pkg/__init__.py": "", "pkg/mod.py": EVAL_CALL})
    (tmp_path / "out").mkdir()  # made by the first run, it would change the working directory's
    # mtime, which the key holds (sys.path[0] is the working directory under `python -c`)
    args = ("-q", "-f", formats, "-o", str(tmp_path / "out") + "/", "--fail-on", "never", "-j", "1")
    cold = _probe(repo, tmp_path, *args)
    warm = _probe(repo, tmp_path, *args)
    assert cold["code"] == warm["code"] == 0
    assert "libcst" in cold["heavy"] and "auditor.rules" in cold["heavy"]  # the probe does see them
    assert warm["heavy"] == []
    report = json.loads((tmp_path / "out" / "audit-report.json").read_text(encoding="utf-8"))
    assert report["timing"]["whole_audit_cached"] == 1
    assert {f["rule"] for f in report["findings"]} >= {"B602", "B307"}


# -- reports written two at a time ------------------------------------------------------


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> object:
    repo = make_repo(tmp_path_factory.mktemp("w") / "repo", {"app.py": SHELL_CALL, "lib.py": EVAL_CALL})
    return audit([repo], Config(), jobs=1)


def test_reports_written_by_two_processes_are_the_rendered_bytes(result: object, tmp_path: Path) -> None:
    formats = ["html", "json", "text", "sarif", "junit"]
    targets = [(fmt, str(tmp_path / "out" / f"r.{fmt}")) for fmt in formats]
    write_reports(targets, result, None)  # type: ignore[arg-type]
    for fmt, target in targets:
        assert Path(target).read_text(encoding="utf-8") == render(fmt, result)  # type: ignore[arg-type]
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left behind


@pytest.mark.parametrize("which", [0, 1], ids=["this process's file", "the child's file"])
def test_an_unwritable_report_is_a_clear_error_whichever_process_writes_it(result: object, tmp_path: Path, which: int) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    targets = [("json", str(tmp_path / "r.json")), ("html", str(tmp_path / "r.html"))]
    targets[which] = (targets[which][0], str(blocker / "r.out"))
    with pytest.raises(ReportWriteError, match=r"^cannot write .*blocker/r\.out: (File exists|Not a directory)$"):
        write_reports(targets, result, None)  # type: ignore[arg-type]
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_renderer_failing_in_the_child_is_raised_in_the_parent(
    result: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import auditor.report as report

    real = report.render

    def render_broken_sarif(fmt: str, res: object, **kw: object) -> str:
        if fmt == "sarif":
            raise ValueError("broken renderer")
        return real(fmt, res, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(report, "render", render_broken_sarif)
    targets = [("json", str(tmp_path / "r.json")), ("sarif", str(tmp_path / "r.sarif"))]
    with pytest.raises(RuntimeError, match="ValueError: broken renderer"):
        write_reports(targets, result, None)  # type: ignore[arg-type]
    assert (tmp_path / "r.json").is_file()


# -- discovery's default excludes without a pattern match per path ------------------------


def _discover_reference(root: Path, excludes: list[str]) -> list[str]:
    """The walk as it was: one GitIgnoreSpec of the defaults and the user's patterns,
    matched against every entry (no .gitignore in these trees)."""
    spec = pathspec.GitIgnoreSpec.from_lines([*discovery.DEFAULT_EXCLUDES, *excludes])
    found: list[str] = []
    stack = [(root, "")]
    while stack:
        directory, rel = stack.pop()
        for entry in sorted(os.scandir(directory), key=lambda e: e.name):
            entry_rel = f"{rel}/{entry.name}" if rel else entry.name
            is_dir = entry.is_dir()
            if spec.match_file(entry_rel + "/" if is_dir else entry_rel):
                continue
            if is_dir:
                stack.append((Path(entry.path), entry_rel))
            else:
                found.append(entry_rel)
    return sorted(found)


TRICKY = {
    "a.py": "", "dist": "", "build.py": "", "venv.txt": "", "x.egg-info": "",  # files named like the defaults
    "build/b.py": "", "sub/build/c.py": "", "sub/dist/d.py": "", "sub/node_modules/e.py": "",
    "pkg.egg-info/f.py": "", ".egg-info/g.py": "", "sub/deep/__pycache__/h.py": "", "buildx/i.py": "",
    "site-packages/j.py": "", "lib/site-packages/k.py": "", ".audit_cache/l.py": "", "env/m.py": "",
    "src/env2/n.py": "", "src/.venv/o.py": "", "keep/build/p.py": "", "keep/build/q.txt": "",
}


@pytest.mark.parametrize(
    "excludes",
    [
        [],
        ["*.txt"],
        ["!build/"],
        ["!keep/build/", "*.txt"],
        ["!**/dist/", "sub/dist/*.py"],
        ["!*.egg-info/", "!site-packages/"],
        ["keep/", "!keep/build/"],
        ["src/", "!src/env2/"],
        ["!build", "build/b.py"],
    ],
)
def test_default_excludes_decide_as_one_gitignore_spec_with_the_users_patterns(tmp_path: Path, excludes: list[str]) -> None:
    root = make_repo(tmp_path / "t", TRICKY)
    found, problems = discovery.discover(root, excludes, use_gitignore=False)
    assert problems == []
    assert [d.relpath for d in found] == _discover_reference(root, excludes)


def test_every_default_exclude_is_a_folder_name() -> None:
    """What the name regex relies on: folder-only patterns, with no slash inside and no
    negation, so they match a folder's name at any depth and never a file."""
    for pattern in discovery.DEFAULT_EXCLUDES:
        assert pattern.endswith("/") and "/" not in pattern[:-1] and not pattern.startswith("!"), pattern


# -- compiled templates kept per user ------------------------------------------------------


def test_the_compiled_report_template_is_kept_and_gives_the_same_page(result: object, tmp_path: Path) -> None:
    code = (
        "import pickle, sys\n"
        "from auditor.report.html import render_html\n"
        "sys.stdout.write(render_html(pickle.load(open(sys.argv[1], 'rb'))))\n"
    )
    import pickle

    data = tmp_path / "result.pickle"
    data.write_bytes(pickle.dumps(result))
    env = {**os.environ, "AUDITOR_CACHE_DIR": str(tmp_path / "user-cache")}
    pages = [
        subprocess.run([sys.executable, "-c", code, str(data)], env=env, capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    ]
    kept = list((tmp_path / "user-cache" / "templates").iterdir())
    assert kept and all(p.stat().st_size > 0 for p in kept)
    assert pages[0] == pages[1] and "</html>" in pages[0]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a file away")
def test_a_compiled_template_another_user_owns_is_not_loaded(result: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiled templates are code: one planted by another user must not run."""
    from auditor.report import html

    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "user-cache"))
    html._environment.cache_clear()
    try:
        html.render_html(result)  # type: ignore[arg-type]
        cache = html._bytecode_cache()
        assert cache is not None
        env = html._environment()
        source = env.loader.get_source(env, html.TEMPLATE)[0]  # type: ignore[union-attr]
        kept = Path(cache._get_cache_filename(cache.get_bucket(env, html.TEMPLATE, None, source)))
        assert kept.is_file()
        os.chown(kept, 12345, 12345)
        assert cache.get_bucket(env, html.TEMPLATE, None, source).code is None
        os.chown(kept, os.getuid(), os.getgid())
        assert cache.get_bucket(env, html.TEMPLATE, None, source).code is not None
    finally:
        html._environment.cache_clear()


# -- highlighted snippets remembered per user ----------------------------------------------

SNIPPETS = [
    'def f(x):\n    return eval(x)  # noqa\n',
    "",
    's = """multi\nline"""\nprint(s)',
    'name = "café ☕"\n',
    'def f(x):\n    return eval(x)  # noqa\n',  # a repeat
    "x = '<script>alert(1)</script>'",
]


def _store(tmp_path: Path) -> Path:
    return tmp_path / "user-cache" / "highlight.sqlite3"


def test_highlighted_snippets_are_remembered_and_served_as_highlighted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from auditor.report import highlight as hl

    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "user-cache"))
    expected = [hl.highlight(s) for s in SNIPPETS]
    assert "&lt;script&gt;" in expected[-1] and "<span" in expected[0] and expected[1] == ""
    assert hl.highlight_all(SNIPPETS) == expected  # computed, then kept
    con = sqlite3.connect(_store(tmp_path))
    assert con.execute("SELECT count(*) FROM snippets").fetchone()[0] == len(set(SNIPPETS))
    con.execute("UPDATE snippets SET html = 'FROM THE STORE'")
    con.commit()
    con.close()
    served = hl.highlight_all(SNIPPETS)
    assert served == ["FROM THE STORE"] * len(SNIPPETS)  # the second call read the store


def test_old_entries_go_and_a_broken_store_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from auditor.report import highlight as hl

    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "user-cache"))
    hl.highlight_all(SNIPPETS[:1])
    con = sqlite3.connect(_store(tmp_path))
    con.execute("UPDATE snippets SET used = used - ?", (hl.KEEP_DAYS + 1,))
    con.commit()
    hl.highlight_all(SNIPPETS[2:3])  # a write prunes what went unused too long
    assert con.execute("SELECT count(*) FROM snippets").fetchone()[0] == 1
    con.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{_store(tmp_path)}{suffix}").unlink(missing_ok=True)
    _store(tmp_path).write_bytes(b"not a database at all" * 100)
    assert hl.highlight_all(SNIPPETS) == [hl.highlight(s) for s in SNIPPETS]
    con = sqlite3.connect(_store(tmp_path))
    assert con.execute("SELECT count(*) FROM snippets").fetchone()[0] == len(set(SNIPPETS))
    con.close()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a file away")
def test_a_store_another_user_owns_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its HTML goes into the report unescaped: another user's store must not be trusted."""
    import sqlite3

    from auditor.report import highlight as hl

    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path / "user-cache"))
    hl.highlight_all(SNIPPETS)
    con = sqlite3.connect(_store(tmp_path))
    con.execute("UPDATE snippets SET html = '<img src=x onerror=alert(1)>'")
    con.commit()
    con.close()
    os.chown(_store(tmp_path), 12345, 12345)
    assert hl.highlight_all(SNIPPETS) == [hl.highlight(s) for s in SNIPPETS]
