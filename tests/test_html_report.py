"""The HTML report: escaping, self-containment, and behaviour in a real browser.

The browser tests drive Debian's Chromium through Playwright (sync API). They are skipped,
with a reason, only when /usr/bin/chromium is absent; CI installs it. Screenshots go to
tests/artifacts/ (git-ignored) for a human to look at.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import pytest
from conftest import make_repo, run_cli

from auditor.model import (
    AuditResult,
    Category,
    Confidence,
    ErrorKind,
    Example,
    FileError,
    Finding,
    RuleDoc,
    Severity,
)
from auditor.report.html import render_html

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "</script><img src=x onerror=alert(1)>"
WHY_SEC = "A request with no timeout waits forever when the server stalls; the worker is lost."


# --------------------------------------------------------------------------- data


def _doc(rule_id: str, title: str, category: Category, severity: Severity, **kw: object) -> RuleDoc:
    return RuleDoc(
        id=rule_id,
        name=re.sub(r"\W+", "-", title.lower()).strip("-"),
        title=title,
        category=category,
        severity=severity,
        confidence=Confidence.HIGH,
        **kw,  # type: ignore[arg-type]
    )


RULES = {
    "SEC001": _doc(
        "SEC001", "Shell command built from input", Category.SECURITY, Severity.CRITICAL,
        cwe=(78,), why="The shell parses the string: input becomes code.",
        fix="Pass a list of arguments and `shell=False`.",
        example=Example(before='run(f"ls {d}", shell=True)\n', after='run(["ls", d])\n'),
        refs=("https://cwe.mitre.org/data/definitions/78.html",),
    ),
    "SEC012": _doc(
        "SEC012", "HTTP request without a timeout", Category.SECURITY, Severity.HIGH,
        cwe=(400,), why=WHY_SEC, fix="Pass `timeout=(3.05, 30)` on every call.",
        example=Example(before="requests.get(url)\n", after="requests.get(url, timeout=(3.05, 30))\n"),
        refs=("javascript:alert(1)",),  # not an http(s) link: must render as text
    ),
    "ERR001": _doc(
        "ERR001", "Bare except swallows every error", Category.ERROR_HANDLING, Severity.MEDIUM,
        why="`except:` also catches `KeyboardInterrupt`.\n\n- hides bugs\n- blocks Ctrl-C",
        fix="Catch the exceptions you expect.",
        example=Example(before="try:\n    run()\nexcept:\n    pass\n", after="try:\n    run()\nexcept ValueError:\n    log.warning('bad')\n"),
    ),
    "MNT003": _doc("MNT003", "Function too long", Category.MAINTAINABILITY, Severity.LOW),
    # PERF404 fires below but has no doc in the result: the report must cope.
}


def _finding(
    rule: str,
    severity: Severity,
    category: Category,
    file: str,
    line: int,
    message: str,
    snippet: str = "",
    title: str | None = None,
) -> Finding:
    return Finding(
        rule=rule,
        title=title or RULES[rule].title,
        category=category,
        severity=severity,
        confidence=Confidence.HIGH,
        file=file,
        line=line,
        column=5,
        end_line=line + snippet.count("\n"),
        end_column=30,
        message=message,
        snippet=snippet,
        scope="handler",
    )


FINDINGS = (
    _finding("SEC001", Severity.CRITICAL, Category.SECURITY, "app/tasks.py", 88,
             "subprocess.run() with shell=True and a command built from request data.",
             'subprocess.run(f"convert {name} out.png", shell=True)'),
    _finding("SEC012", Severity.HIGH, Category.SECURITY, "app/client.py", 42,
             "requests.get() has no timeout.", "resp = requests.get(\n    url,\n)"),
    _finding("SEC012", Severity.HIGH, Category.SECURITY, f"app/{XSS_SCRIPT}.py", 7,
             f"hostile message {XSS_SCRIPT} and `{XSS_IMG}`",  # `code` span too
             f"x = '{XSS_SCRIPT}'\ny = \"{XSS_IMG}\""),
    _finding("ERR001", Severity.MEDIUM, Category.ERROR_HANDLING, "app/jobs/worker.py", 120,
             "Bare `except:` swallows every error.", "try:\n    job.run()\nexcept:\n    pass"),
    _finding("PERF404", Severity.MEDIUM, Category.PERFORMANCE, "app/db.py", 15,
             "Query inside a loop (N+1).", "for u in users:\n    q = s.query(Order).all()",
             title="Query in a loop"),
    _finding("MNT003", Severity.LOW, Category.MAINTAINABILITY, "app/views.py", 200,
             "handle_request is 184 lines long (limit 80).", "def handle_request(request):"),
    _finding("SEC012", Severity.INFO, Category.SECURITY, "tests/test_client.py", 3,
             "requests.get() has no timeout (test code).", "requests.get(URL)"),
)


def make_result(findings: tuple[Finding, ...] = FINDINGS, errors: tuple[FileError, ...] | None = None) -> AuditResult:
    if errors is None:
        errors = (
            FileError("legacy/py2.py", ErrorKind.PARSE, "syntax error at line 3: print 'x'"),
            FileError(f"bad/{XSS_IMG}.py", ErrorKind.RULE_CRASH, f"boom {XSS_SCRIPT}", rule="SEC012"),
        )
    return AuditResult(
        root="/home/dev/shop",
        findings=findings,
        errors=errors,
        rules=dict(RULES),
        files_analyzed=1234,
        lines_analyzed=98765,
        duration=3.42,
        timings={"parse": 1.2, "rules": 1.8},
        tool_version="9.9.9-test",
    )


class _Tree(HTMLParser):
    """Collects tags (with attributes), script bodies and text, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)

    def find(self, tag: str) -> list[dict[str, str | None]]:
        """Attributes of every `tag` element."""
        return [attrs for t, attrs in self.tags if t == tag]

    def attribute_values(self, name: str) -> list[str]:
        """Every value of attribute `name`, on any element."""
        return [v or "" for _, attrs in self.tags for k, v in attrs.items() if k == name]

    def event_handlers(self) -> list[str]:
        return [k for _, attrs in self.tags for k in attrs if k.lower().startswith("on")]

    def all_text(self) -> str:
        return "".join(self.text)


def parse(html: str) -> _Tree:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree


# --------------------------------------------------------------------------- static checks


def test_hostile_repo_text_cannot_become_markup() -> None:
    tree = parse(render_html(make_result()))
    assert len(tree.scripts) == 1, "only the report's own script"
    assert "alert(" not in tree.scripts[0]
    assert tree.find("img") == []
    assert tree.event_handlers() == []
    # a non-http reference is text, never a link
    assert "javascript:alert(1)" in tree.all_text()
    assert not any(href.startswith("javascript") for href in tree.attribute_values("href"))


def test_hostile_repo_text_is_shown_verbatim() -> None:
    text = parse(render_html(make_result())).all_text()
    for shown in (
        f"app/{XSS_SCRIPT}.py:7:5",  # file name
        f"hostile message {XSS_SCRIPT} and {XSS_IMG}",  # message, `code` span included
        f"x = '{XSS_SCRIPT}'",  # snippet
        f"bad/{XSS_IMG}.py",  # error file
        f"boom {XSS_SCRIPT}",  # error message
    ):
        assert shown in text


def test_report_is_self_contained_and_locked_down() -> None:
    html = render_html(make_result())
    tree = parse(html)
    assert tree.attribute_values("src") == [], "nothing is loaded from anywhere"
    assert [link.get("href") for link in tree.find("link")] == ["data:,"]
    assert "@import" not in html
    assert "url(" not in html, "CSS must not fetch anything"
    (csp,) = [m["content"] for m in tree.find("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert "default-src 'none'" in str(csp)
    digest = base64.b64encode(hashlib.sha256(tree.scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in str(csp), "the CSP allows exactly the inline script"


def test_each_rule_doc_is_rendered_once_and_findings_link_to_it() -> None:
    html = render_html(make_result())
    assert html.count(WHY_SEC) == 1  # three SEC012 findings, one doc
    tree = parse(html)
    ids = tree.attribute_values("id")
    assert len(ids) == len(set(ids)), "ids are unique"
    assert {"summary", "findings", "rules", "errors", "rule-SEC012", "rule-PERF404"} <= set(ids)
    assert tree.attribute_values("href").count("#rule-SEC012") >= 3
    # the undocumented rule still has an entry, saying so
    assert "carries no documentation for PERF404" in html
    # prose markup: `code` spans and bullet lists
    assert "<code>shell=False</code>" in html
    assert "<li>hides bugs</li>" in html


def test_findings_keep_the_given_order() -> None:
    html = render_html(make_result())
    assert parse(html).attribute_values("data-rule") == [f.rule for f in FINDINGS]


def test_empty_result_renders_every_section() -> None:
    html = render_html(make_result(findings=(), errors=()))
    for section in ('id="summary"', 'id="findings"', 'id="rules"', 'id="errors"'):
        assert section in html
    assert "No findings" in html and "Every file was analysed." in html
    assert 'id="finding-list"' not in html


def test_rendering_is_deterministic() -> None:
    assert render_html(make_result()) == render_html(make_result())


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); CI installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watched:
    """A page with every console message, page error, dialog and request recorded."""

    def __init__(self, browser: Browser, color_scheme: str = "light") -> None:
        self.context = browser.new_context(color_scheme=color_scheme, viewport={"width": 1280, "height": 900})  # type: ignore[arg-type]
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda r: self.requests.append(r.url))

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")

    def assert_clean(self) -> None:
        assert self.console_errors == []
        assert self.dialogs == []
        assert self.requests == [self.url], "the report must not fetch anything"
        assert self.page.locator("img").count() == 0

    def visible_rules(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "#finding-list > li", "els => els.filter(e => !e.hidden).map(e => e.dataset.rule)"
        )


def _brightness(page: Page) -> float:
    """Mean of the body background's RGB channels, 0 (black) to 255 (white)."""
    rgb = page.evaluate("getComputedStyle(document.body).backgroundColor")
    channels = [int(c) for c in re.findall(r"\d+", rgb)[:3]]
    return sum(channels) / 3


def _write(tmp_path: Path, html: str, name: str = "report.html") -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


def test_browser_loads_cleanly_and_shows_the_summary(browser: Browser, tmp_path: Path) -> None:
    w = Watched(browser)
    w.open(_write(tmp_path, render_html(make_result())))
    page = w.page
    w.assert_clean()
    assert page.title() == "Audit report · /home/dev/shop"
    tiles = {s.value: page.locator(f'[data-severity-count="{s.value}"]').inner_text() for s in Severity}
    assert tiles == {"critical": "1", "high": "2", "medium": "2", "low": "1", "info": "1"}
    summary = page.locator("#summary").inner_text()
    assert "1,234" in summary and "98,765" in summary and "9.9.9-test" in summary
    assert page.locator('[data-category-count="security"] td.n').inner_text() == "4"
    assert page.locator("#error-count").inner_text() == "2 files not fully analysed"
    assert page.locator("#finding-list > li").count() == len(FINDINGS)
    # hostile repo text is visible as text
    assert f"hostile message {XSS_SCRIPT} and {XSS_IMG}" in page.locator("#findings").inner_text()
    assert f"bad/{XSS_IMG}.py" in page.locator("#errors").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-light.png"), full_page=True)
    w.context.close()


def test_browser_dark_and_print(browser: Browser, tmp_path: Path) -> None:
    w = Watched(browser, color_scheme="dark")
    w.open(_write(tmp_path, render_html(make_result())))
    page = w.page
    assert _brightness(page) < 60, "dark scheme follows prefers-color-scheme"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-dark.png"), full_page=True)
    page.emulate_media(media="print")
    assert page.locator("#filters").is_hidden(), "controls are not printed"
    assert _brightness(page) > 240, "printed on white, whatever the screen scheme"
    page.pdf(path=str(ARTIFACTS / "report.pdf"))
    w.assert_clean()
    w.context.close()


EVERYTHING = [f.rule for f in FINDINGS]


@pytest.fixture
def report(browser: Browser, tmp_path: Path) -> Iterator[Watched]:
    """The hand-built report open in a fresh page; asserts the page stayed clean."""
    w = Watched(browser)
    w.open(_write(tmp_path, render_html(make_result())))
    assert w.visible_rules() == EVERYTHING
    yield w
    w.assert_clean()
    w.context.close()


def test_browser_severity_filter_hides_other_findings(report: Watched) -> None:
    page = report.page
    high = page.get_by_role("checkbox", name=re.compile(r"^High"))
    high.uncheck()
    assert report.visible_rules() == [f.rule for f in FINDINGS if f.severity is not Severity.HIGH]
    assert page.locator("#filter-count").inner_text() == f"Showing 5 of {len(FINDINGS)} findings"

    # a severity tile in the summary shows only that severity
    page.locator('[data-only-severity="medium"]').click()
    assert report.visible_rules() == ["ERR001", "PERF404"]
    assert not high.is_checked()

    page.locator("#filter-reset").click()
    assert report.visible_rules() == EVERYTHING
    assert page.locator("#filter-reset").is_hidden()
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator('[data-only-severity="high"]').click()
    page.screenshot(path=str(ARTIFACTS / "report-filtered.png"))


def test_browser_category_filter(report: Watched) -> None:
    report.page.select_option("#filter-category", "security")
    assert report.visible_rules() == ["SEC001", "SEC012", "SEC012", "SEC012"]
    report.page.select_option("#filter-category", "performance")
    assert report.visible_rules() == ["PERF404"]
    report.page.select_option("#filter-category", "")
    assert report.visible_rules() == EVERYTHING


def test_browser_search_box_filters_by_text(report: Watched) -> None:
    page = report.page
    # file, message and code are searched; terms are ANDed, case-insensitive
    page.fill("#filter-search", "WORKER.py")
    assert report.visible_rules() == ["ERR001"]
    page.fill("#filter-search", "requests.get timeout")
    assert report.visible_rules() == ["SEC012", "SEC012"]
    page.fill("#filter-search", "<img src=x")  # hostile text is searchable, as text
    assert report.visible_rules() == ["SEC012"]
    page.fill("#filter-search", "no such thing anywhere")
    assert report.visible_rules() == []
    assert page.locator("#no-match").is_visible()
    page.fill("#filter-search", "")
    assert report.visible_rules() == EVERYTHING

    # "/" focuses the search box
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "filter-search"


def test_browser_rule_links(report: Watched) -> None:
    page = report.page
    # a rule's "Show N findings" filters to that rule
    page.locator('[data-show-rule="SEC012"]').click()
    assert report.visible_rules() == ["SEC012", "SEC012", "SEC012"]
    # a finding's rule id links to the rule's doc
    page.locator("#filter-reset").click()
    page.locator('#finding-list a.rule-id[href="#rule-ERR001"]').click()
    assert page.evaluate("location.hash") == "#rule-ERR001"
    assert page.locator("#rule-ERR001").is_visible()


# --------------------------------------------------------------------------- end to end

FIXTURE = {
    "pkg/__init__.py": "",
    "pkg/app.py": """
        import subprocess


        def run(cmd):
            subprocess.run(cmd, shell=True)


        def banner():
            return "<script>alert(1)</script></script><img src=x onerror=alert(1)>"
        """,
    "pkg/broken.py": "def broken(:\n    pass\n",
}


def test_cli_html_report_opens_cleanly_and_matches_the_json(browser: Browser, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", FIXTURE)
    out = tmp_path / "out"
    code, _, err = run_cli(repo, "--format", "html,json", "-o", out, "--fail-on", "never", "-q", cwd=tmp_path)
    assert code == 0, err
    data = json.loads((out / "audit-report.json").read_text(encoding="utf-8"))
    html_path = out / "audit-report.html"

    w = Watched(browser)
    w.open(html_path)
    page = w.page
    w.assert_clean()

    # the page shows what the run collected, in the same order as the JSON
    rows = page.eval_on_selector_all(
        "#finding-list > li", "els => els.map(e => [e.dataset.rule, e.querySelector('.f-file').textContent])"
    )
    assert [r for r, _ in rows] == [f["rule"] for f in data["findings"]]
    assert [loc.split(":")[:2] for _, loc in rows] == [[f["file"], str(f["line"])] for f in data["findings"]]
    for sev, n in data["summary"]["by_severity"].items():
        assert page.locator(f'[data-severity-count="{sev}"]').inner_text() == str(n)
    assert "B602" in [r for r, _ in rows], "bandit's shell=True finding"
    assert page.locator("#files-analyzed").inner_text() == str(data["summary"]["files_analyzed"])

    # the unparsable file is listed as an error
    errors = page.locator("#errors").inner_text()
    assert "pkg/broken.py" in errors and "Parse error" in errors

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-cli.png"), full_page=True)
    w.context.close()
