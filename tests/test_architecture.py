"""The import graph, its JSON section and the architecture rules, on small repositories
written to disk and audited through the real API."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from auditor.api import audit, project_index
from auditor.config import Config
from auditor.project import detect_layout

SHOP = {
    "pyproject.toml": """
        [project]
        name = "shop"
        [project.scripts]
        shop = "shop.cli:main"
        """,
    "src/shop/__init__.py": "",
    "src/shop/models.py": """
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from shop.web.views import Page
        class Order:
            pass
        """,
    "src/shop/web/__init__.py": "",
    "src/shop/web/views.py": """
        from flask import Flask
        from shop.models import Order
        app = Flask(__name__)
        @app.route("/")
        def index():
            import importlib
            importlib.import_module("shop.ns.plugin")
            return Order()
        """,
    "src/shop/ns/plugin.py": """
        def hook():
            from ..models import Order
        """,
    "src/shop/cli.py": """
        def main():
            from shop.web import views
        """,
    "scripts/run.py": """
        import helper
        """,
    "scripts/helper.py": "",
    "tests/test_models.py": """
        from shop.models import Order
        def test_order():
            assert Order()
        """,
}


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def run(root: Path, select: tuple[str, ...] = ("ARC",), **options: dict[str, object]):
    opts = tuple((rid, tuple(sorted(o.items()))) for rid, o in sorted(options.items()))
    return audit([root], Config(select=select, per_file_ignores=(), options=opts), jobs=1)


def test_module_names_follow_the_layout(tmp_path: Path) -> None:
    index = project_index([write(tmp_path, SHOP)])
    assert {m: f.file for m, f in index.modules.items()} == {
        "shop": "src/shop/__init__.py",
        "shop.cli": "src/shop/cli.py",
        "shop.models": "src/shop/models.py",
        "shop.ns.plugin": "src/shop/ns/plugin.py",  # a namespace package (no __init__.py)
        "shop.web": "src/shop/web/__init__.py",
        "shop.web.views": "src/shop/web/views.py",
        "scripts.run": "scripts/run.py",  # scripts keep their folder: two run.py stay apart
        "scripts.helper": "scripts/helper.py",
        "tests.test_models": "tests/test_models.py",
    }


def test_layouts_declared_in_packaging_metadata(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": '[tool.setuptools]\npackage-dir = {"" = "code", "shop.plugins" = "plugins"}\n',
            "code/shop/__init__.py": "",
            "code/shop/core.py": "",
            "plugins/__init__.py": "",
            "plugins/pay.py": "",
            "lib/__init__.py": "",  # a package named lib, not a source root
            "lib/tools.py": "",
            "app1/setup.cfg": "[options]\npackage_dir =\n    =source\n",
            "app1/source/svc/__init__.py": "",
        },
    )
    files = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.py")]
    layout = detect_layout(files, [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.cfg")], tmp_path.as_posix())
    names = {f: layout.module_name(f)[0] for f in files}
    assert names == {
        "code/shop/__init__.py": "shop",
        "code/shop/core.py": "shop.core",
        "plugins/__init__.py": "shop.plugins",
        "plugins/pay.py": "shop.plugins.pay",
        "lib/__init__.py": "lib",
        "lib/tools.py": "lib.tools",
        "app1/source/svc/__init__.py": "svc",
    }


def test_auditing_a_package_folder_keeps_its_package_name(tmp_path: Path) -> None:
    write(tmp_path, {"src/shop/__init__.py": "", "src/shop/a.py": "from . import b\n", "src/shop/b.py": ""})
    index = project_index([tmp_path / "src" / "shop"])
    assert sorted(index.modules) == ["shop", "shop.a", "shop.b"]
    assert list(index.graph.edges) == [("shop.a", "shop.b")]


def test_graph_section_exact(tmp_path: Path) -> None:
    result = run(write(tmp_path, SHOP), select=("ARC001",))
    graph = json.loads(json.dumps(result.sections["graph"]))
    assert graph["edges"] == [
        ["scripts.run", "scripts.helper", "runtime", 1],  # a script's sibling import
        ["shop.cli", "shop.web.views", "deferred", 2],
        ["shop.models", "shop.web.views", "type-checking", 3],
        ["shop.ns.plugin", "shop.models", "deferred", 2],  # relative, from a namespace package
        ["shop.web.views", "shop.models", "runtime", 2],
        ["shop.web.views", "shop.ns.plugin", "dynamic", 7],  # importlib.import_module("...")
        ["tests.test_models", "shop.models", "runtime", 1],
    ]
    nodes = {n["module"]: n for n in graph["nodes"]}
    assert [n["module"] for n in graph["nodes"]] == sorted(nodes)
    assert nodes["shop.web.views"] == {
        "module": "shop.web.views",
        "file": "src/shop/web/views.py",
        "lines": 8,
        "fan_in": 1,
        "fan_out": 2,
        "pagerank": nodes["shop.web.views"]["pagerank"],
        "is_test": False,
        "entry_point": "route",
        "reached_from_entry": True,
    }
    assert nodes["shop.models"]["fan_in"] == 3  # views, plugin, the test (not the TYPE_CHECKING one)
    assert nodes["shop.models"]["pagerank"] == max(n["pagerank"] for n in graph["nodes"])
    assert nodes["shop.cli"]["entry_point"] == "console-script"
    assert nodes["tests.test_models"]["entry_point"] == "test"
    assert nodes["tests.test_models"]["is_test"] is True
    assert nodes["shop.ns.plugin"]["reached_from_entry"] is True  # via the dynamic import
    assert nodes["scripts.helper"]["reached_from_entry"] is False
    assert graph["layout"] == {"roots": ["src"], "packages_at": {}}
    assert graph["packages"] == {
        "depth": 2,
        "nodes": [
            {"package": "scripts", "modules": 2, "lines": 1, "ca": 0, "ce": 0, "instability": 0.0},
            {"package": "shop", "modules": 3, "lines": 7, "ca": 3, "ce": 1, "instability": 0.25},
            {"package": "shop.ns", "modules": 1, "lines": 2, "ca": 1, "ce": 1, "instability": 0.5},
            {"package": "shop.web", "modules": 2, "lines": 8, "ca": 1, "ce": 2, "instability": 0.667},
            {"package": "tests", "modules": 1, "lines": 3, "ca": 0, "ce": 1, "instability": 1.0},
        ],
        "edges": [  # shop.cli -> shop.web.views is a package-level cycle with shop.web -> shop
            {"from": "shop", "to": "shop.web", "count": 1, "cycle": True},
            {"from": "shop.ns", "to": "shop", "count": 1, "cycle": True},
            {"from": "shop.web", "to": "shop", "count": 1, "cycle": True},
            {"from": "shop.web", "to": "shop.ns", "count": 1, "cycle": True},
            {"from": "tests", "to": "shop", "count": 1, "cycle": False},
        ],
        "cycles": [["shop", "shop.ns", "shop.web"]],
    }


def test_graph_json_is_deterministic(tmp_path: Path) -> None:
    root = write(tmp_path, SHOP)
    first = json.dumps(run(root, select=("ARC001",)).sections["graph"], sort_keys=True)
    assert json.dumps(run(root, select=("ARC001",)).sections["graph"], sort_keys=True) == first


def findings(result, rule: str) -> list[tuple[str, int, str]]:
    return sorted((f.file, f.line, f.message) for f in result.findings if f.rule == rule)


def test_cycle_reports_each_component_once_runtime_first(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/__init__.py": "",
            # a, b, c, d in one component; the runtime cycle is b <-> c, a -> b -> a is deferred
            "app/a.py": "from app import b\n",
            "app/b.py": "from app import c\ndef f():\n    from app import a\n",
            "app/c.py": "import app.b\nimport app.d\n",
            "app/d.py": "from app import c\n",
            "app/x.py": "def f():\n    import app.y\n",
            "app/y.py": "import app.x\n",
        },
    )
    result = run(tmp_path, select=("ARC001",))
    assert findings(result, "ARC001") == [
        ("app/b.py", 1, "import cycle: app.b (app/b.py:1) -> app.c (app/c.py:1) -> app.b; 4 modules are entangled"),
        ("app/x.py", 2, "import cycle: app.x (app/x.py:2, deferred) -> app.y (app/y.py:1) -> app.x"),
    ]
    severities = [f.severity.value for f in sorted(result.findings, key=lambda f: f.file)]
    assert severities == ["medium", "low"]  # the cycle that needs a deferred import ranks lower


def test_layering_contracts_from_options(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/web.py": "from shop import services\n",
            "shop/services.py": "from shop import store\n",
            "shop/store.py": "from shop import web\n",  # bottom imports top
            "shop/billing.py": "from shop import shipping\n",
            "shop/shipping.py": "",
            "shop/util.py": "import shop.web\n",
        },
    )
    result = run(
        tmp_path,
        select=("ARC002",),
        ARC002={
            "layers": ["shop.web", "shop.services", "shop.store"],
            "independent": [["shop.billing", "shop.shipping"]],
            "forbidden": ["shop.util -> shop.web"],
        },
    )
    got = findings(result, "ARC002")
    assert [(f, line) for f, line, _ in got] == [("shop/billing.py", 1), ("shop/store.py", 1), ("shop/util.py", 1)]
    assert "declared independent" in got[0][2]
    assert "sits below" in got[1][2]
    assert "forbidden" in got[2][2]


def test_coupling_thresholds_are_options(tmp_path: Path) -> None:
    files = {"app/__init__.py": "", "app/hub.py": "from app import l0, l1, l2\n"}
    files |= {f"app/l{i}.py": "" for i in range(3)}
    files |= {f"app/u{i}.py": "from app import hub\n" for i in range(3)}
    root = write(tmp_path, files)
    assert findings(run(root, select=("ARC003",)), "ARC003") == []
    got = findings(run(root, select=("ARC003",), ARC003={"hub-fan-in": 3, "hub-fan-out": 3}), "ARC003")
    assert len(got) == 1 and got[0][:2] == ("app/hub.py", 1)
    assert "imported by 3 modules and imports 3" in got[0][2] and "instability" in got[0][2]


DEAD = {
    "pyproject.toml": "",
    "Dockerfile": "FROM python:3.12\n",
    "app/__init__.py": "",
    "app/urls.py": """
        from django.urls import path
        from app import views
        urlpatterns = [path("", views.home)]
        """,
    "app/views.py": """
        def home(request): ...
        def old_home(request): ...
        """,
    "app/settings.py": 'MIDDLEWARE = ["app.timing.Timing"]\n',
    "app/timing.py": "class Timing: ...\n",
    "app/orphan.py": "import os\n",
    "app/management/commands/sync.py": """
        from django.core.management.base import BaseCommand
        class Command(BaseCommand):
            def handle(self, *args, **options): ...
        """,
    "app/templates/page.html": "{{ order.total_price }}\n",
    "app/models.py": """
        class Order:
            def total_price(self): ...
            def stale(self): ...
        """,
    "tests/test_views.py": "from app.views import home\ndef test_home(): ...\n",
}


def test_dead_code_rules(tmp_path: Path) -> None:
    result = run(write(tmp_path, DEAD), select=("ARC004", "ARC005"))
    assert findings(result, "ARC004") == [
        ("app/orphan.py", 1, "module `app.orphan` is imported by no module of the repository and is no entry point")
    ]
    assert [(f, line) for f, line, _ in findings(result, "ARC005")] == [
        ("app/models.py", 1),  # Order: nothing names it (tests don't either)
        ("app/models.py", 3),  # Order.stale; total_price is used by a template
        ("app/views.py", 2),  # old_home; home is routed to
    ]
    nodes = {n["module"]: n for n in result.sections["graph"]["nodes"]}
    assert nodes["app.views"]["entry_point"] == "view"
    assert nodes["app.urls"]["entry_point"] is None


def test_dead_code_is_quiet_on_a_library_public_api(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "lib"\nversion = "1"\n',
            "src/lib/__init__.py": "",
            "src/lib/api.py": "def public(): ...\ndef _private(): ...\n",
            "src/lib/_internal.py": "def helper(): ...\n",
        },
    )
    result = run(tmp_path, select=("ARC004", "ARC005"))
    assert [(f, line) for f, line, _ in findings(result, "ARC005")] == [
        ("src/lib/_internal.py", 1),
        ("src/lib/api.py", 2),
    ]
    assert [f for f, _, _ in findings(result, "ARC004")] == ["src/lib/_internal.py"]


@pytest.mark.parametrize("select", [("ARC004",), ("ARC005",)])
def test_rules_run_alone(tmp_path: Path, select: tuple[str, ...]) -> None:
    # each dead-code rule declares the collector it needs: selecting one alone still works
    result = run(write(tmp_path, DEAD), select=select)
    assert not result.errors
    assert findings(result, select[0])


def test_dynamic_imports_relative_to_the_package(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/__init__.py": "import importlib\nimportlib.import_module('.plugins.csv', package=__name__)\n",
            "app/plugins/__init__.py": "",
            "app/plugins/csv.py": "__import__('app.plugins')\n",
            "app/loader.py": "from importlib import import_module\ndef load(name):\n    return import_module(name)\n",
        },
    )
    index = project_index([tmp_path])
    assert sorted(index.graph.edges(data="kind")) == [
        ("app", "app.plugins.csv", "dynamic"),
        ("app.plugins.csv", "app.plugins", "dynamic"),
    ]  # a computed name (loader.py) is not guessed


def _independent_edges(root: Path, modules: dict[str, str]) -> set[tuple[str, str]]:
    """Internal imports read with the stdlib ast alone (module names taken as given)."""
    import ast

    names = set(modules)

    def owner(dotted: str) -> str | None:
        while dotted and dotted not in names:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    edges: set[tuple[str, str]] = set()
    for module, rel in modules.items():
        package = module if rel.endswith("__init__.py") else module.rpartition(".")[0]
        for node in ast.walk(ast.parse((root / rel).read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in names]
                targets = subs if len(subs) == len(node.names) else [*subs, base]
            for target in targets:
                found = owner(target)
                if found and found != module:
                    edges.add((module, found))
    return edges


def test_graph_agrees_with_an_independent_reading_of_our_own_code() -> None:
    root = Path(__file__).resolve().parent.parent
    index = project_index([root / "auditor", root / "rules"])
    modules = {m: f.file for m, f in index.modules.items()}
    assert "auditor.rules.architecture.import_cycle" in modules  # package-dir from pyproject.toml
    assert set(index.graph.edges) == _independent_edges(root, modules)


def test_exposure_is_computed_once_and_shared(tmp_path: Path) -> None:
    from auditor.analysis.graph import Exposure, exposure

    index = project_index([write(tmp_path, SHOP)])
    figures = exposure(index)
    assert exposure(index) is figures  # cached in project.cache for every caller
    assert figures["shop.models"] == Exposure(
        fan_in=3, fan_out=0, pagerank=figures["shop.models"].pagerank, entry_point="", reached_from_entry=True
    )
    assert figures["shop.cli"].entry_point == "console-script"
    assert not figures["tests.test_models"].reached_from_entry  # tests are no serving entry point


def test_two_files_claiming_one_name_both_stay_in_the_graph(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "src/shop/__init__.py": "",
            "src/shop/app.py": "from shop import db\n",
            "src/shop/db.py": "",
            "examples/demo/shop/__init__.py": "",  # an example app reusing the package's name
            "examples/demo/shop/app.py": "",
        },
    )
    index = project_index([tmp_path])
    assert {m: f.file for m, f in index.modules.items() if m.startswith(("shop", "examples"))} == {
        "shop": "src/shop/__init__.py",
        "shop.app": "src/shop/app.py",
        "shop.db": "src/shop/db.py",
        "examples.demo.shop": "examples/demo/shop/__init__.py",
        "examples.demo.shop.app": "examples/demo/shop/app.py",
    }
    assert list(index.graph.edges) == [("shop.app", "shop.db")]


def test_modules_of_one_layer_are_independent(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "shop/__init__.py": "",
            "shop/web.py": "from shop import domain\n",
            "shop/cli.py": "from shop import web, domain\n",  # web and cli share the top layer
            "shop/domain.py": "",
        },
    )
    result = run(tmp_path, select=("ARC002",), ARC002={"layers": ["shop.web | shop.cli", "shop.domain"]})
    assert findings(result, "ARC002") == [
        ("shop/cli.py", 1, "`shop.cli` imports `shop.web`: `shop.cli` and `shop.web` are independent parts of one layer")
    ]


def test_reference_patterns_match_as_their_plain_forms() -> None:
    """The definitions collector's text patterns start with a character set for speed;
    they find what their plain forms (`\\bdef`, an optional `f` before the quote) find."""
    import re

    from auditor.analysis import definitions

    plain = {
        definitions._DEFINED: re.compile(r"(?:\bdef|\bclass)\s+([A-Za-z_][A-Za-z0-9_]*)"),
        definitions._FORMATTED_NAME: re.compile(r"""f?["']([A-Za-z_]\w*?)(?:%s|%\(\w+\)s|\{[^{}'"]*\})(\w*)["']"""),
        definitions._MODULE_SUFFIX: re.compile(r"""f?["'](?:%s|\{[^{}'"]*\})((?:\.[A-Za-z_]\w*)+)["']"""),
    }
    text = textwrap.dedent(
        '''
        def f(): pass
        class  C(Base): undef = 1; xdef g(): redefine
        _def h(): é_class K: pass
        async def  ádef(): "class X"
        getattr(self, "_get_%s_permissions" % kind); f"visit_{name}"; f'on_%(event)s'
        import_module("%s.base" % backend); f"{pkg}.models"; ff"x%s.y"; 'f'abc%s'; "f"{x}.z"
        classdef def\tname class\nName
        '''
    )
    for fast, slow in plain.items():
        assert fast.findall(text) == slow.findall(text)
    assert definitions._references(text)[0] >= {"Base", "undef", "kind", "name", "backend"}
