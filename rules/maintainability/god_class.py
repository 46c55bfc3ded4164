from __future__ import annotations

from auditor.analysis.metrics import structure
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileRule
from auditor.source import SourceFile


def _god(groups: int) -> str:
    """A class of `groups` unrelated jobs, each with 7 methods on 5 attributes of its own."""
    lines = ["class Backoffice:"]
    inits = [f"        self.a{g}_{k} = None" for g in range(groups) for k in range(5)]
    lines += ["    def __init__(self):", *inits, ""]
    for g in range(groups):
        for m in range(7):
            lines += [f"    def job{g}_{m}(self):", f"        return self.a{g}_{m % 5}", ""]
    return "\n".join(lines) + "\n"


class GodClass(FileRule):
    """A class with many methods AND many attributes AND low cohesion: its methods fall
    into several groups that share no attribute and never call each other (LCOM4)."""

    id = "MNT007"
    title = "God class: many unrelated responsibilities in one class"
    category = Category.MAINTAINABILITY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    refs = (
        "https://en.wikipedia.org/wiki/God_object",
        "https://www.aivosto.com/project/help/pm-oo-cohesion.html#LCOM4",
    )
    tags = ("design", "cohesion")
    options = {"min-methods": 20, "min-attributes": 15, "min-groups": 3}
    effort = 120
    why = """
        LCOM4 counts the groups of methods that share state: one group is a cohesive class;
        three or more in a class of twenty methods and fifteen attributes are separate
        classes sharing one name. Everything that touches any of those jobs depends on all
        of them, instances drag state most callers never use, and a change to one job
        ships (and breaks) the others.
        """
    fix = """
        Extract each group of methods, with the attributes only it uses, into a class of
        its own; keep the original as a thin facade that holds those objects while callers
        migrate. Thresholds: `options.MNT007.min-methods` (20), `min-attributes` (15) and
        `min-groups` (LCOM4, 3).
        """
    example = Example(
        before=_god(3),
        after="""
            class Billing:
                def __init__(self):
                    self.invoices = []

                def bill(self, order):
                    self.invoices.append(order)


            class Shipping:
                def __init__(self):
                    self.parcels = []

                def ship(self, order):
                    self.parcels.append(order)
            """,
    )
    VALID = [_god(2), "class Small:\n    def a(self):\n        return self.x\n"]
    INVALID = [_god(3).replace("class Backoffice:", "class Backoffice:  # expect")]

    def check(self, source: SourceFile) -> None:
        methods, attributes, groups = (int(self.opts[k]) for k in ("min-methods", "min-attributes", "min-groups"))
        for cls in structure(source).classes:
            if cls.methods >= methods and cls.attributes >= attributes and cls.cohesion_groups >= groups:
                self.report_at(
                    cls.line,
                    cls.column,
                    message=(
                        f"class `{cls.qualname}` has {cls.methods} methods and {cls.attributes} attributes "
                        f"in {cls.cohesion_groups} groups that share nothing (LCOM4; thresholds "
                        f"{methods}, {attributes}, {groups})"
                    ),
                    scope=cls.qualname,
                )
