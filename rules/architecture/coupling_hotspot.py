from __future__ import annotations

from auditor.analysis.graph import exposure, package_graph, package_of, runtime_graph
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

def _project(hub_imports: str, leaves: int = 16, users: int = 16) -> str:
    """A small project: `app.hub` imported by `users` modules, importing `hub_imports`."""
    files = ["# file: app/__init__.py", "# file: app/hub.py", hub_imports]
    files += [f"# file: app/leaf{i}.py" for i in range(leaves)]
    for i in range(users):
        files += [f"# file: app/user{i}.py", "from app import hub"]
    return "\n".join(files) + "\n"


_ALL_LEAVES = "from app import " + ", ".join(f"leaf{i}" for i in range(16))

class CouplingHotspot(ProjectRule):
    """A hub module (many modules import it and it imports many) or a god module (very
    large and wired to much of the code base)."""

    id = "ARC003"
    title = "Hub or god module"
    category = Category.ARCHITECTURE
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    refs = (
        "https://en.wikipedia.org/wiki/Software_package_metrics",
        "https://en.wikipedia.org/wiki/God_object",
    )
    tags = ("import-graph", "coupling")
    options = {
        "hub-fan-in": 15,  # modules importing it
        "hub-fan-out": 15,  # modules it imports
        "god-lines": 2000,  # lines of the module
        "god-fan-out": 20,  # modules it imports, for a god module
    }
    effort = 240
    why = """
        A module that many others import and that itself imports many others is where
        changes ripple both ways: every edit risks breaking its dependents, and every
        change in its dependencies reaches them through it. Builds, tests and reviews all
        slow down around it, and it is the usual centre of import cycles. A god module
        (thousands of lines wired to a large part of the code) is the same problem grown
        by accretion: nobody owns it, everybody changes it.
        """
    fix = """
        Split by responsibility: keep the stable, widely imported part (types, constants,
        small helpers) in a module that imports little, and move the orchestration that
        needs many imports into its own module that few others import. Martin's metrics per
        package (Ca, Ce, instability) in the report's `graph.packages` show which way the
        dependencies should point.
        """
    example = Example(
        before=_project(_ALL_LEAVES + "  # imports 16 modules, imported by 16"),
        after=_project("import os  # the orchestration moved to app/wiring.py"),
    )
    VALID = [_project("from app import " + ", ".join(f"leaf{i}" for i in range(14)))]
    INVALID = [_project(_ALL_LEAVES + "  # expect")]

    def check(self, project: ProjectIndex) -> None:
        figures = exposure(project)
        packages = package_graph(project)
        graph = runtime_graph(project)
        for module in sorted(project.modules):
            facts = project.modules[module]
            fig = figures.get(module)
            if fig is None or facts.is_test:
                continue
            package = package_of(module, facts.is_package)
            ca, ce = packages.in_degree(package), packages.out_degree(package)
            martin = f"package `{package}`: Ca {ca}, Ce {ce}, instability {ce / (ca + ce) if ca + ce else 0:.2f}"
            line, snippet = _first_import(project, module)
            # A package's __init__ re-exporting its own submodules is a facade, not a hub.
            fan_out = sum(1 for v in graph.successors(module) if not v.startswith(module + "."))
            if fig.fan_in >= self.opts["hub-fan-in"] and fan_out >= self.opts["hub-fan-out"]:
                self.report_at(
                    facts.file,
                    line,
                    f"hub module `{module}`: imported by {fig.fan_in} modules and imports {fan_out} ({martin})",
                    snippet=snippet,
                )
            elif facts.lines >= self.opts["god-lines"] and fig.fan_out >= self.opts["god-fan-out"]:
                self.report_at(
                    facts.file,
                    line,
                    f"god module `{module}`: {facts.lines} lines importing {fig.fan_out} modules of the project ({martin})",
                    snippet=snippet,
                )


def _first_import(project: ProjectIndex, module: str) -> tuple[int, str]:
    """The line of the module's first import of a project module (where the fan-out starts)."""
    lines = sorted((d["line"], d.get("text", "")) for _, _, d in project.graph.out_edges(module, data=True) if d["line"])
    return lines[0] if lines else (1, "")
