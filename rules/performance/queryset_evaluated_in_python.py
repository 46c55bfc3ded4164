"""PERF008: a Django queryset loaded into Python to count, sum or filter its rows."""

from __future__ import annotations

import ast

import libcst as cst
import libcst.matchers as m

from auditor.analysis.tracking import TrackingRule
from auditor.model import Category, Confidence, Example, Severity
from auditor.analysis.queries import MANAGERS, is_test_or_migration, orm_chain
from auditor.rule import FileContext
from auditor.rules.performance._idle import ast_qualify, orm_method

_LEN = frozenset({"builtins.len"})
_SUM = frozenset({"builtins.sum"})
# Chains whose rows are model instances or values (not already aggregated).
_ROW_METHODS = frozenset({"all", "filter", "exclude", "order_by", "select_related", "prefetch_related", "only", "defer", "distinct", "values", "values_list", "using"})
_ROWS = _ROW_METHODS - {"values", "values_list"}  # what a comprehension over rows iterates


def _attribute_of(expr: cst.BaseExpression, name: str) -> bool:
    return m.matches(expr, m.Attribute(value=m.Name(name)))


def _over_rows(comp: ast.ListComp | ast.GeneratorExp) -> bool:
    """`_comprehension_over_rows` of the stdlib node (one `for`, a name, a row chain)."""
    if len(comp.generators) != 1 or not isinstance(comp.generators[0].target, ast.Name):
        return False
    iterable = comp.generators[0].iter
    return isinstance(iterable, ast.Call) and orm_method(iterable) in _ROWS


def _can_report(context: FileContext) -> bool:
    """Every report is at an ORM chain (through a manager attribute): the only argument of
    `len()`, or iterated by the generator that is the only argument of `sum()` (neither in
    tests and migrations), or by a list comprehension with an `if` (anywhere)."""
    index = context.index
    if index is None:
        return True
    if index.names.isdisjoint(MANAGERS):
        return False
    if any(comp.generators[0].ifs and _over_rows(comp) for comp in index.of(ast.ListComp)):
        return True
    if is_test_or_migration(context.relpath, context.is_test):
        return False
    for call in index.of(ast.Call):
        if len(call.args) + len(call.keywords) != 1:
            continue
        arg = call.args[0] if call.args else call.keywords[0].value
        if isinstance(arg, ast.Starred):
            arg = arg.value
        if isinstance(arg, ast.Call) and orm_method(arg) in _ROW_METHODS:
            wanted = _LEN
        elif isinstance(arg, ast.GeneratorExp) and _over_rows(arg):
            wanted = _SUM
        else:
            continue
        if ast_qualify(call.func, context.imports) in wanted:
            return True
    return False


class QuerysetEvaluatedInPython(TrackingRule):
    id = "PERF008"
    title = "Queryset loaded into Python to count, sum or filter"
    category = Category.PERFORMANCE
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    effort = 10
    tags = ("database", "django")
    refs = (
        "https://docs.djangoproject.com/en/stable/ref/models/querysets/#count",
        "https://docs.djangoproject.com/en/stable/topics/db/aggregation/",
        "https://docs.djangoproject.com/en/stable/topics/db/optimization/#do-database-work-in-the-database-rather-than-in-python",
    )
    why = """
        `len(Model.objects.filter(...))` fetches every matching row, builds a model instance
        for each, and then counts them; `sum(o.total for o in Order.objects.all())` and
        `[o for o in qs if o.status == "paid"]` do the same to add or filter. Memory and
        time grow with the table: fine with 100 rows in development, an out-of-memory kill
        or a request timeout with a million. The database does these in one indexed
        query and returns a single number or only the matching rows.
    """
    fix = """
        Let the database do it: `.count()` instead of `len()`, `.aggregate(Sum("total"))`
        instead of `sum()`, `.filter(status="paid")` instead of an `if` in a comprehension.
    """
    example = Example(
        before="""
            from shop.models import Order

            def stats(customer):
                orders = Order.objects.filter(customer=customer)
                return len(Order.objects.filter(customer=customer)), sum(o.total for o in Order.objects.filter(customer=customer))
        """,
        after="""
            from django.db.models import Count, Sum

            from shop.models import Order

            def stats(customer):
                return Order.objects.filter(customer=customer).aggregate(n=Count("pk"), total=Sum("total"))
        """,
    )
    VALID = [
        """
        from shop.models import Order
        def stats(customer, ids):
            n = Order.objects.filter(customer=customer).count()
            rows = list(Order.objects.filter(customer=customer))
            total = len(rows)
            names = [o.name for o in Order.objects.filter(paid=True)]
            return n, total, len(ids), [o for o in rows if o.paid]
        """,
    ]
    INVALID = [
        """
        from shop.models import Order
        def stats(customer):
            n = len(Order.objects.filter(customer=customer))  # expect
            paid = [o for o in Order.objects.all() if o.status == "paid"]  # expect
            total = sum(o.total for o in Order.objects.filter(customer=customer))  # expect
            return n, paid, total
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.idle = not _can_report(context)

    def visit_Call(self, node: cst.Call) -> None:
        if is_test_or_migration(self.context.relpath, self.context.is_test) or len(node.args) != 1:
            return
        arg = node.args[0].value
        name = self.qualify(node.func)
        if name in _LEN and isinstance(arg, cst.Call):
            chain = orm_chain(arg)
            if chain is not None and chain.methods[-1] in _ROW_METHODS:
                self.report(node, f"len() of {chain.model}.objects.{chain.methods[-1]}() loads every row to count them; use .count()")
        elif name in _SUM and isinstance(arg, cst.GeneratorExp):
            target = self._comprehension_over_rows(arg)
            if target and _attribute_of(arg.elt, target):
                self.report(node, "sum() over a queryset adds up every row in Python; use .aggregate(Sum(...))")

    def visit_ListComp(self, node: cst.ListComp) -> None:
        target = self._comprehension_over_rows(node)
        if target and any(self._tests_attribute(cond.test, target) for cond in node.for_in.ifs):
            self.report(node, "filtering queryset rows in a comprehension loads every row; filter in the database with .filter()/.exclude()")

    @staticmethod
    def _comprehension_over_rows(node: cst.ListComp | cst.GeneratorExp) -> str:
        """The loop variable when the comprehension iterates a queryset directly."""
        for_in = node.for_in
        if for_in.inner_for_in is not None or not isinstance(for_in.target, cst.Name):
            return ""
        if not isinstance(for_in.iter, cst.Call):
            return ""
        chain = orm_chain(for_in.iter)
        if chain is None or chain.methods[-1] not in _ROW_METHODS or chain.methods[-1] in ("values", "values_list"):
            return ""
        return for_in.target.value

    @staticmethod
    def _tests_attribute(test: cst.BaseExpression, target: str) -> bool:
        """`o.status == "paid"`, `o.paid`, `not o.deleted`: a field condition on the row."""
        if isinstance(test, cst.UnaryOperation):
            test = test.expression
        if _attribute_of(test, target):
            return True
        return isinstance(test, cst.Comparison) and _attribute_of(test.left, target)
