"""The taint analysis through the real API, on small repositories written to disk.

Traces are pinned exactly (file, line, note of every step), so a change in how flows are
found or described shows up here.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from auditor.api import audit
from auditor.config import Config
from auditor.model import AuditResult, Severity
from auditor.report.sarif import to_sarif


def _repo(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, code in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(code).lstrip("\n"), encoding="utf-8")
    return tmp_path


def _audit(root: Path, *select: str) -> AuditResult:
    return audit([root], Config(select=select or ("SEC1", "B"), per_file_ignores=()), jobs=1)


def _trace(finding) -> list[tuple[str, int, str]]:
    return [(s.file, s.line, s.note) for s in finding.trace]


SHOP = {
    "shop/__init__.py": "",
    "shop/db.py": """
        import sqlite3


        def run_query(sql):
            conn = sqlite3.connect("shop.db")
            return conn.execute(sql).fetchall()


        def search_term():
            from flask import request
            term = request.args.get("q", "")
            return term.strip()
        """,
    "shop/views.py": """
        from flask import Flask, request

        from shop.db import run_query, search_term

        app = Flask(__name__)


        @app.get("/products")
        def products():
            name = request.args["name"]
            query = "SELECT * FROM products WHERE name = '" + name + "'"
            return {"rows": run_query(query)}


        @app.get("/search")
        def search():
            term = search_term()
            return {"rows": run_query(f"SELECT * FROM products WHERE name LIKE '%{term}%'")}


        @app.get("/by-id")
        def by_id():
            product_id = int(request.args["id"])
            return {"rows": run_query(f"SELECT * FROM products WHERE id = {product_id}")}
        """,
}


def test_cross_module_flow_pins_source_steps_and_sink(tmp_path: Path) -> None:
    result = _audit(_repo(tmp_path, SHOP), "SEC101")
    findings = [f for f in result.findings if f.rule == "SEC101"]
    assert [(f.file, f.line) for f in findings] == [("shop/db.py", 6)]  # one sink, the shortest trace
    assert findings[0].severity is Severity.CRITICAL
    assert _trace(findings[0]) == [
        ("shop/views.py", 10, "`request.args` read (request data)"),
        ("shop/views.py", 11, "assigned to `query`"),
        ("shop/views.py", 12, "passed to run_query() as `sql`"),
        ("shop/db.py", 6, "executed as SQL by conn.execute()"),
    ]
    assert "shop/views.py:10" in findings[0].message


def test_wrapper_returning_request_data_is_a_source(tmp_path: Path) -> None:
    files = dict(SHOP)
    files["shop/views.py"] = """
        from flask import Flask

        from shop.db import search_term

        app = Flask(__name__)


        @app.get("/search")
        def search():
            import subprocess
            term = search_term()
            subprocess.run("grep -r " + term + " /srv/catalog", shell=True)
            return {"ok": True}
        """
    result = _audit(_repo(tmp_path, files), "SEC102")
    (finding,) = [f for f in result.findings if f.rule == "SEC102"]
    assert (finding.file, finding.line) == ("shop/views.py", 12)
    assert _trace(finding) == [
        ("shop/db.py", 11, "`request.args` read (request data)"),
        ("shop/db.py", 12, "returned"),
        ("shop/views.py", 11, "returned by search_term()"),
        ("shop/views.py", 12, "run as an OS command by subprocess.run()"),
    ]


def test_sanitizers_guards_and_constant_conditions(tmp_path: Path) -> None:
    root = _repo(
        tmp_path,
        {
            "app.py": """
                import html
                import os
                import shlex
                import subprocess
                from flask import Flask, abort, redirect, request
                from urllib.parse import urlparse

                app = Flask(__name__)
                ALLOWED = {"gzip", "bzip2"}
                DEBUG_EVAL = 7 * 3 > 200


                @app.post("/a")
                def a():
                    name = request.form["name"]
                    subprocess.run("touch " + shlex.quote(name), shell=True)
                    tool = request.form["tool"]
                    if tool not in ALLOWED:
                        abort(400)
                    os.system(tool + " data.bin")
                    if DEBUG_EVAL:
                        eval(request.form["expr"])
                    mode = "fast" if 1 > 2 else request.form["mode"]
                    eval(mode)
                    other = {"safe": "x", "bad": request.form["bad"]}
                    eval(other["safe"])
                    name = "constant"
                    os.system("ls " + name)
                    target = request.args.get("next", "/")
                    if urlparse(target).netloc:
                        abort(400)
                    return redirect(target)


                @app.get("/b")
                def b():
                    return "<p>" + html.escape(request.args["q"]) + "</p>"
                """
        },
    )
    result = _audit(root, "SEC1")
    assert [(f.rule, f.line) for f in result.findings] == [("SEC103", 24)]
    (finding,) = result.findings
    assert _trace(finding) == [
        ("app.py", 23, "`request.form` read (request data)"),
        ("app.py", 24, "evaluated as Python code by eval()"),
    ]


def test_bandit_findings_settle_around_taint(tmp_path: Path) -> None:
    root = _repo(
        tmp_path,
        {
            "app.py": """
                import os
                import subprocess
                from flask import Flask, request

                app = Flask(__name__)


                @app.get("/run")
                def run():
                    host = request.args["host"]
                    os.system("ping -c 1 " + host)
                    subprocess.run(["ls", "-l"])
                    subprocess.run("uptime", shell=True)
                    if 2 + 2 == 5:
                        eval(host)
                    return "ok"
                """
        },
    )
    result = _audit(root, "SEC1", "B")
    by_line: dict[int, dict[str, str]] = {}
    for f in result.findings:
        by_line.setdefault(f.line, {})[f.rule] = f.severity.value
    # the tainted call: our finding with a trace replaces bandit's B605
    assert by_line[11] == {"SEC102": "critical"}
    # constant commands: bandit's findings stay listed, as info
    assert set(by_line[12].values()) == {"info"} and "B603" in by_line[12]
    assert set(by_line[13].values()) == {"info"} and "B602" in by_line[13]
    # dead branch: bandit's eval finding drops to info
    assert by_line[15] == {"B307": "info"}
    constant = next(f for f in result.findings if f.line == 12 and f.rule == "B603")
    assert constant.message.endswith("(taint analysis: the input here is a constant)")
    # no flow of its kind ends in the file other than the os.system one: the import stays
    assert by_line[2]["B404"] == "low"


def test_django_view_url_arguments_are_request_data_unless_called_in_repo(tmp_path: Path) -> None:
    root = _repo(
        tmp_path,
        {
            "blog/__init__.py": "",
            "blog/views.py": """
                from django.db import connection


                def by_slug(request, slug):
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT * FROM post WHERE slug = '%s'" % slug)


                def by_tag(request, tag):
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT * FROM post WHERE tag = '%s'" % tag)


                def featured(request):
                    return by_tag(request, "featured")
                """,
        },
    )
    result = _audit(root, "SEC101")
    assert [(f.file, f.line) for f in result.findings] == [("blog/views.py", 6)]
    assert _trace(result.findings[0])[0] == ("blog/views.py", 4, "URL argument `slug` of view by_slug() (request data)")


def test_fastapi_parameters_typed_or_injected_are_not_request_text(tmp_path: Path) -> None:
    root = _repo(
        tmp_path,
        {
            "api.py": """
                from fastapi import Depends, FastAPI

                app = FastAPI()


                def current_user():
                    return "admin"


                @app.get("/items/{item_id}")
                def item(item_id: int, user: str = Depends(current_user), q: str = ""):
                    eval(str(item_id))
                    eval(user)
                    eval(q)
                """
        },
    )
    result = _audit(root, "SEC103")
    assert [f.line for f in result.findings] == [14]


def test_unparsable_file_does_not_break_the_analysis(tmp_path: Path) -> None:
    files = dict(SHOP)
    files["shop/broken.py"] = "def broken(:\n    return request.args['x']\n"
    result = _audit(_repo(tmp_path, files), "SEC101")
    assert [(f.file, f.line) for f in result.findings] == [("shop/db.py", 6)]
    assert any(e.file == "shop/broken.py" for e in result.errors)
    assert not any("crash" in e.message for e in result.errors)


def test_trace_in_json_and_sarif(tmp_path: Path) -> None:
    from auditor.report.json_report import render_json

    result = _audit(_repo(tmp_path, SHOP), "SEC101")
    data = json.loads(render_json(result))
    finding = next(f for f in data["findings"] if f["rule"] == "SEC101")
    assert [s["line"] for s in finding["trace"]] == [10, 11, 12, 6]
    sarif = to_sarif(result)
    res = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "SEC101")
    locations = res["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [loc["location"]["physicalLocation"]["region"]["startLine"] for loc in locations] == [10, 11, 12, 6]
    assert locations[0]["location"]["physicalLocation"]["artifactLocation"]["uri"] == "shop/views.py"
    # codeFlows are valid SARIF 2.1.0, like the rest of the log
    import jsonschema

    schema_path = Path(__file__).resolve().parents[2] / "shared" / "data" / "sarif-schema-2.1.0.json"
    jsonschema.Draft4Validator(json.loads(schema_path.read_text(encoding="utf-8"))).validate(sarif)


def test_validated_redirect_and_compound_conditions(tmp_path: Path) -> None:
    """Django's own set_language() pattern is safe; dropping the `next_url or` makes it not."""
    root = _repo(tmp_path, {"views.py": I18N})
    result = _audit(root, "SEC105")
    assert [(f.file, f.line) for f in result.findings] == [("views.py", 20)]
    assert _trace(result.findings[0]) == [
        ("views.py", 17, "`request.POST` read (request data)"),
        ("views.py", 20, "used as the redirect target by HttpResponseRedirect()"),
    ]


I18N = '''
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def set_language(request):
    next_url = request.POST.get("next", request.GET.get("next"))
    if (next_url or request.accepts("text/html")) and not url_has_allowed_host_and_scheme(
        url=next_url, allowed_hosts={request.get_host()}
    ):
        next_url = request.META.get("HTTP_REFERER")
        if not url_has_allowed_host_and_scheme(url=next_url, allowed_hosts={request.get_host()}):
            next_url = "/"
    return HttpResponseRedirect(next_url) if next_url else HttpResponse(status=204)


def unsafe(request):
    next_url = request.POST.get("next")
    if request.accepts("text/html") and not url_has_allowed_host_and_scheme(url=next_url, allowed_hosts=None):
        return HttpResponse(status=400)
    return HttpResponseRedirect(next_url)
'''


def test_assigned_names_of_a_def_are_what_a_walk_of_it_finds() -> None:
    """The file-wide list of assigned names, sliced by a def's position, gives each def
    the names `ast.walk(def)` finds: decorators, defaults, annotations, nested defs and
    classes, names assigned inside f-strings (whose inner positions Python < 3.12 computes)."""
    import ast

    from auditor.analysis.taint.collect import _Stores

    code = textwrap.dedent(
        '''
        @deco(a := 1)
        @other(b := [c for c in x])
        def f(p=(d := 2), *, q: (e := int) = 3) -> (g := str):
            h = f"""{(i := 1)}
            {[j for j in y]} {f"{(k := 2)}"}"""
            def inner(): l = 1; return f"{(m:=3)}"
            class C:
                n = 1
                def meth(self): o, *p2 = 1, 2
            lam = lambda r=(s := 1): (t := r)
            for u in v: pass
            with w as (x1, x2): pass
            match z:
                case [aa, *bb]: pass
            del dd
            return ee
        z = f"{(zz := 1)}"
        def g(): gg = f"{(g2 := 1)}"; return f"""
        {[g3 for g3 in y]}"""
        async def h2(): [hh async for hh in y]
        '''
    )
    nodes = list(ast.walk(ast.parse(code)))
    stores = _Stores(nodes)
    defs = [n for n in nodes if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    assert len(defs) == 5
    for node in defs:
        walked = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        assert stores.within(node) == walked, node.name
    assert stores.within(defs[0]) >= {"a", "b", "c", "d", "e", "g", "i", "j", "k", "l", "m", "n", "o", "t", "u", "x1"}


XSS_APP = """
    from flask import Flask, request

    app = Flask(__name__)


    @app.get("/hello")
    def hello():
        return "<h1>Hello " + request.args.get("name", "") + "</h1>"
    """


def test_a_flow_in_test_code_is_kept_at_low_severity(tmp_path: Path) -> None:
    """A test app is never served: its flows stay visible, but do not trip a
    `--fail-on medium` gate; the same code in the product stays high."""
    result = _audit(
        _repo(tmp_path, {"app.py": XSS_APP, "tests/test_app.py": XSS_APP, "check_test.py": XSS_APP}), "SEC106"
    )
    by_file = {f.file: f for f in result.findings if f.rule == "SEC106"}
    assert set(by_file) == {"app.py", "tests/test_app.py", "check_test.py"}
    assert by_file["app.py"].severity is Severity.HIGH
    assert not by_file["app.py"].message.endswith("not served: low)")
    for file in ("tests/test_app.py", "check_test.py"):
        assert by_file[file].severity is Severity.LOW
        assert by_file[file].message.endswith("(in test code, which is not served: low)")
        assert [(s.line, s.note) for s in by_file[file].trace] == [(s.line, s.note) for s in by_file["app.py"].trace]
