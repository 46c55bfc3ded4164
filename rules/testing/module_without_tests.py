"""TST002: production modules that no test imports, directly or through other modules."""

from __future__ import annotations

from auditor.analysis.testing import NEEDS, reach, untested
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule


class ModuleWithoutTests(ProjectRule):
    id = "TST002"
    title = "Modules no test imports"
    category = Category.TESTING
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    effort = 60
    tags = ("tests", "import-graph")
    needs = NEEDS
    options = {"min_lines": 5, "max_findings": 10, "listed": 8}
    refs = ("https://martinfowler.com/bliki/TestCoverage.html",)
    why = """
        A module that no test imports, directly or through the modules it imports, is
        never executed by the test suite: not even a typo or a wrong import in it is
        caught before production, and refactorings around it break it silently. Unlike a
        coverage figure this needs no test run: it follows the import graph from the test
        files (plus the settings and URLconfs a test runner loads). Reported once per
        package, largest first.
    """
    fix = """
        Add tests that import the module and exercise its public functions, starting with
        the largest and most-changed ones; if the module is dead, delete it.
    """
    example = Example(
        before="""
            # file: shop/__init__.py
            # file: shop/cart.py
            def total(items):
                return sum(items)
            # file: shop/refunds.py
            def refund(order):
                order.refunded = True
                order.amount = 0
                order.save()
                return order
            # file: tests/test_cart.py
            from shop.cart import total
            def test_total():
                assert total([1, 2]) == 3
        """,
        after="""
            # file: shop/__init__.py
            # file: shop/cart.py
            def total(items):
                return sum(items)
            # file: shop/refunds.py
            def refund(order):
                order.refunded = True
                order.amount = 0
                order.save()
                return order
            # file: tests/test_cart.py
            from shop.cart import total
            from shop.refunds import refund
            def test_total():
                assert total([1, 2]) == 3
            def test_refund(order):
                assert refund(order).amount == 0
        """,
    )
    VALID = [
        """
        # file: shop/__init__.py
        # file: shop/api.py
        from shop import models
        def get(pk):
            return models.load(pk)
        # file: shop/models.py
        def load(pk):
            return pk
        # file: shop/settings.py
        ROOT_URLCONF = "shop.urls"
        # file: shop/urls.py
        from shop import views
        urlpatterns = []
        # file: shop/views.py
        def index(request):
            return None
        # file: shop/migrations/0001_initial.py
        operations = []
        # file: tests/test_api.py
        from shop.api import get
        def test_get():
            assert get(1) == 1
        """,
    ]
    INVALID = [
        """
        # file: pkg/__init__.py
        # file: pkg/core.py
        def core():
            return 1
        # file: pkg/io/__init__.py
        # file: pkg/io/read.py
        import os  # expect
        ENCODING = "utf-8"
        def read(path):
            with open(path, encoding=ENCODING) as f:
                return f.read()
        # file: pkg/io/write.py
        ENCODING = "utf-8"
        def write(path, text):
            with open(path, "w", encoding=ENCODING) as f:
                f.write(text)
            return len(text)
        # file: tests/test_core.py
        from pkg.core import core
        def test_core():
            assert core() == 1
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        if not reach(project).tests:
            return
        minimum = int(self.opts["min_lines"])
        groups: dict[str, list[tuple[int, str]]] = {}
        for module in untested(project):
            facts = project.modules[module]
            if facts.lines < minimum:
                continue
            package = module if facts.is_package else module.rpartition(".")[0] or module
            groups.setdefault(package, []).append((facts.lines, module))
        ranked = sorted(groups.items(), key=lambda g: (-sum(n for n, _ in g[1]), g[0]))
        for package, members in ranked[: int(self.opts["max_findings"])]:
            members.sort(key=lambda item: (-item[0], item[1]))
            self._report(project, package, members)

    def _report(self, project: ProjectIndex, package: str, members: list[tuple[int, str]]) -> None:
        listed = int(self.opts["listed"])
        names = ", ".join(f"{m} ({n} lines)" for n, m in members[:listed])
        more = f" and {len(members) - listed} more" if len(members) > listed else ""
        total = sum(n for n, _ in members)
        largest = project.modules[members[0][1]].file
        text = project.read_text(largest) or ""
        line, snippet = next(((i, t) for i, t in enumerate(text.splitlines(), 1) if t.strip()), (1, ""))
        plural = "module" if len(members) == 1 else "modules"
        self.report_at(
            largest,
            line,
            f"{len(members)} {plural} of `{package}` ({total} lines) imported by no test, directly or indirectly: {names}{more}",
            snippet=snippet[:300],
        )
