from __future__ import annotations

from auditor.analysis.definitions import DefinitionsCollector, dotted_strings, name_patterns
from auditor.analysis.graph import entry_points
from auditor.analysis.service import is_product_path, repository_kind
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ModuleFacts, ProjectIndex
from auditor.rule import ProjectRule

# Modules a framework or a tool loads by convention, never by an import statement.
CONVENTIONAL = frozenset(
    {
        "__main__", "conftest", "setup", "manage", "wsgi", "asgi", "settings", "urls", "admin", "apps",
        "models", "tasks", "celery", "signals", "receivers", "checks", "noxfile", "fabfile", "tasks",
        "conf", "config", "local_settings", "gunicorn_conf", "alembic", "env", "plugin", "plugins",
        "hookspecs", "hooks", "translation", "sitemaps", "feeds", "context_processors", "middleware",
        "serializers", "factories", "fixtures", "migrations", "templatetags", "management", "commands",
    }
)


class UnusedModule(ProjectRule):
    """A module of the repository that no other module imports and nothing runs."""

    id = "ARC004"
    title = "Module nothing imports"
    category = Category.MAINTAINABILITY
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    refs = ("https://github.com/jendrikseipp/vulture#handling-false-positives",)
    tags = ("import-graph", "dead-code")
    options = {"ignore": []}  # module names (or prefixes) loaded in ways the graph cannot see
    needs = (DefinitionsCollector,)
    effort = 15
    why = """
        A module nothing imports, routes to or runs is dead weight: it is still read,
        reviewed, type-checked, kept compatible and scanned for vulnerabilities, and it
        misleads the next reader into fixing or copying code that never runs. It often is
        the old half of a refactoring whose new half lives elsewhere.
        """
    fix = """
        Delete it (version control keeps it). If something does load it by name (a plugin
        entry point, a settings string, a framework convention this audit does not know),
        add its name to `[tool.auditor.options.ARC004] ignore`.
        """
    example = Example(
        before="""
            # file: app/__init__.py
            from app import orders
            # file: app/orders.py
            # file: app/orders_old.py
            def total(items): ...
            """,
        after="""
            # file: app/__init__.py
            from app import orders
            # file: app/orders.py
            """,
    )
    VALID = [
        """
        # file: app/__init__.py
        # file: app/cli.py
        import importlib
        if __name__ == "__main__":
            importlib.import_module("app.plugin_x")
        # file: app/plugin_x.py
        # file: app/conftest.py
        # file: app/migrations/0001_initial.py
        # file: app/settings.py
        MIDDLEWARE = ["app.middle.Timing"]
        # file: app/middle.py
        class Timing: ...
        # file: tests/test_app.py
        """,
    ]
    INVALID = [
        """
        # file: app/__init__.py
        from app import orders
        # file: app/orders.py
        # file: app/orders_old.py
        def total(items): ...  # expect
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        library = repository_kind(project).kind == "library"
        entries = entry_points(project)
        named = _named_by_strings(project)
        dynamic = name_patterns(project)  # import_module("%s.base" % backend)
        ignore = [str(m) for m in self.opts["ignore"]]
        for module in sorted(project.modules):
            facts = project.modules[module]
            if project.graph.in_degree(module) or module in entries or module in named or _loaded_otherwise(project, facts):
                continue
            if library and not any(p.startswith("_") for p in module.split(".")):
                continue  # a library's public modules are imported by its users
            if any(module == m or module.startswith(m + ".") for m in ignore):
                continue
            if dynamic is not None and dynamic.fullmatch(module):
                continue
            self.report_at(
                facts.file,
                1,
                f"module `{module}` is imported by no module of the repository and is no entry point",
                snippet=_first_line(project, facts.file),
            )


def _loaded_otherwise(project: ProjectIndex, facts: ModuleFacts) -> bool:
    """Tests, packages (their __init__ runs with any submodule), scripts, examples and
    docs, and what frameworks load by convention (settings, migrations, conftest...)."""
    if facts.is_test or facts.is_package or project.layout.is_loose(facts.file):
        return True
    return not is_product_path(facts.file) or _conventional(facts.module)


def _conventional(module: str) -> bool:
    parts = module.split(".")
    return any(p in CONVENTIONAL or p.startswith(("settings", "test")) for p in parts)


def _named_by_strings(project: ProjectIndex) -> set[str]:
    """Modules a dotted string names (`"app.middle.Timing"`, `"pkg.mod:func"`): settings,
    plugin registries and entry points load them by name."""
    named: set[str] = set()
    for text in dotted_strings(project):
        name = text
        while name:
            if name in project.modules:
                named.add(name)
                break
            name = name.rpartition(".")[0]
    return named


def _first_line(project: ProjectIndex, relpath: str) -> str:
    text = project.read_text(relpath) or ""
    return next((line for line in text.splitlines() if line.strip()), "")
