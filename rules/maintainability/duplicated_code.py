from __future__ import annotations

from auditor.analysis.clones import CloneCollector, CloneGroup, find_clones
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

_COPY = """
def {name}(path):
    rows = []
    with open(path) as fh:
        for line in fh:
            parts = line.strip().split(",")
            if len(parts) != 3:
                continue
            rows.append({{"id": int(parts[0]), "name": parts[1], "{field}": parts[2]}})
    return rows
"""


class DuplicatedCode(ProjectRule):
    """The same code in several places: exact copies and copies with renamed identifiers
    or changed literals (Type 1 and 2 clones), of at least `min-lines` statements and
    `min-tokens` tokens. One finding per group of copies, at the first copy."""

    id = "MNT010"
    title = "Duplicated code"
    category = Category.MAINTAINABILITY
    severity = Severity.LOW
    confidence = Confidence.HIGH
    refs = (
        "https://en.wikipedia.org/wiki/Duplicate_code",
        "https://docs.sonarsource.com/sonarqube-server/latest/user-guide/code-metrics/metrics-definition/#duplications",
    )
    tags = ("duplication", "clones")
    options = {"min-lines": 6, "min-tokens": 50, "medium-lines": 40, "include-tests": False}
    effort = 10
    needs = (CloneCollector,)
    why = """
        A copied block is a bug fixed once and left in the other copies: the next change
        has to find every copy, and the one nobody remembers drifts until the copies
        disagree about a rule, a limit or an error case. Renamed copies are the worst, as
        searching for the original's names does not find them.
        """
    fix = """
        Extract the shared code into one function (or method on a shared base) whose
        parameters are what differs between the copies, and call it from each place.
        Options: `options.MNT010.min-lines` (statements, default 6), `min-tokens` (50),
        `medium-lines` (a clone this long is medium severity, 40) and `include-tests`
        (report clones that are only in test files, default false).
        """
    example = Example(
        before="# file: app/users.py\n" + _COPY.format(name="load_users", field="email")
        + "# file: app/items.py\n" + _COPY.format(name="load_items", field="price"),
        after="""
            # file: app/csv_rows.py
            def load_rows(path, field):
                rows = []
                with open(path) as fh:
                    for line in fh:
                        parts = line.strip().split(",")
                        if len(parts) == 3:
                            rows.append({"id": int(parts[0]), "name": parts[1], field: parts[2]})
                return rows
            """,
    )
    VALID = [
        "# file: tests/test_users.py\n" + _COPY.format(name="load_users", field="email")
        + "# file: tests/test_items.py\n" + _COPY.format(name="load_items", field="price"),
        """
        # file: app/settings_a.py
        A = "1"
        B = ["x", "y"]
        C = 3
        D = {"k": 1}
        E = (1, 2)
        F = "f"
        G = 7
        # file: app/settings_b.py
        A = "2"
        B = ["z", "w"]
        C = 4
        D = {"j": 2}
        E = (3, 4)
        F = "g"
        G = 8
        """,
    ]
    INVALID = [
        "# file: app/users.py\n" + _COPY.format(name="load_users", field="email")
        + "# file: app/items.py\n" + _COPY.format(name="load_items", field="price").replace(
            "def load_items(path):", "def load_items(path):  # expect"
        ),
    ]

    def check(self, project: ProjectIndex) -> None:
        groups = find_clones(project, int(self.opts["min-lines"]), int(self.opts["min-tokens"]))
        for group in groups:
            if group.all_in_tests and not self.opts["include-tests"]:
                continue
            self._report(group)

    def _report(self, group: CloneGroup) -> None:
        first = group.locations[0]
        places = ", ".join(f"{loc.file}:{loc.line}-{loc.end_line}" for loc in group.locations)
        copies = len(group.locations)
        big = group.lines >= int(self.opts["medium-lines"])
        self.report_at(
            first.file,
            first.line,
            f"{group.units} statements ({group.lines} lines, {group.tokens} tokens) repeated in {copies} places: {places}",
            end_line=first.end_line,
            severity=Severity.MEDIUM if big else None,
            # Merging costs a base plus reading and reconciling every extra copy.
            effort=self.effort + group.units * (copies - 1) // 2,
        )
