from __future__ import annotations

from auditor.analysis.inheritance import ClassBasesCollector, ancestors, hierarchy
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule


def _chain(depth: int, mark: bool) -> str:
    """`depth` classes, each deriving from the previous, across two modules."""
    lines = ["# file: app/__init__.py", "# file: app/base.py", "class Level0:", "    pass"]
    lines += [f"class Level{i}(Level{i - 1}):\n    pass" for i in range(1, depth // 2)]
    lines += ["# file: app/views.py", f"from app.base import Level{depth // 2 - 1}"]
    for i in range(depth // 2, depth):
        expect = "  # expect" if mark and i == depth - 1 else ""
        lines += [f"class Level{i}(Level{i - 1}):{expect}", "    pass"]
    return "\n".join(lines) + "\n"


class DeepInheritance(ProjectRule):
    """A class with more ancestors than a threshold among the repository's own classes
    (the longest chain of bases, followed through imports and re-exports)."""

    id = "MNT016"
    title = "Inheritance hierarchy too deep"
    category = Category.MAINTAINABILITY
    severity = Severity.LOW
    confidence = Confidence.HIGH
    refs = (
        "https://rules.sonarsource.com/python/RSPEC-110/",
        "https://pylint.readthedocs.io/en/stable/user_guide/messages/refactor/too-many-ancestors.html",
    )
    tags = ("design", "inheritance")
    options = {"max-ancestors": 5}
    effort = 60
    needs = (ClassBasesCollector,)
    why = """
        Each level of inheritance is another file to read before knowing what a method
        does: behaviour is spread over the chain, overrides interact through `super()`,
        and a change to a base ripples into every leaf. Past five levels of the project's
        own classes nobody can predict which implementation runs.
        """
    fix = """
        Flatten the hierarchy: replace intermediate classes that add one tweak with
        composition (hold a collaborator instead of inheriting it) or with a parameter,
        and keep inheritance for real "is-a" relations one or two levels deep. Threshold:
        `options.MNT016.max-ancestors` (default 5).
        """
    example = Example(
        before=_chain(7, False),
        after="""
            # file: app/base.py
            class Renderer:
                def __init__(self, template):
                    self.template = template
            # file: app/views.py
            from app.base import Renderer


            class Page:
                def __init__(self):
                    self.renderer = Renderer("page.html")
            """,
    )
    VALID = [_chain(6, False)]
    INVALID = [_chain(7, True)]

    def check(self, project: ProjectIndex) -> None:
        limit = int(self.opts["max-ancestors"])
        classes = hierarchy(project)
        for name in sorted(classes):
            chain = ancestors(name, classes)
            if len(chain) <= limit:
                continue
            info = classes[name]
            path = " -> ".join(c.rsplit(".", 1)[-1] for c in [name, *chain])
            self.report_at(
                info.file,
                info.line,
                f"class `{name}` has {len(chain)} ancestors in this repository (threshold {limit}): {path}",
                column=info.column,
            )
