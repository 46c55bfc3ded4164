"""PERF003: a database query issued once per loop iteration (the N+1 pattern)."""

from __future__ import annotations

import ast
import re

import libcst as cst
import libcst.matchers as m

from auditor.analysis.tracking import TrackingRule
from auditor.helpers import dotted
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext
from auditor.analysis.queries import (
    DBAPI_PACKAGES,
    MANAGERS,
    SQLALCHEMY_PACKAGES,
    imported_packages,
    is_test_or_migration,
    iterates_query,
    orm_chain,
)
from auditor.rules.performance._idle import ast_dotted, loops, orm_method, within

_SQLALCHEMY_METHODS = frozenset({"query", "execute", "scalar", "scalars", "get"})
_SESSION_NAMES = frozenset({"session", "db_session", "dbsession", "sess", "async_session"})
_CURSOR_NAMES = frozenset({"cursor", "cur", "curs"})
# The same statement with different parameters: a literal or a CONSTANT as the SQL.
_CONSTANT_SQL = m.SimpleString() | m.ConcatenatedString() | m.Name(value=m.MatchRegex(r"^[A-Z][A-Z0-9_]*$"))
_CONSTANT_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
_BULK_HINT = {
    "create": "bulk_create()",
    "get_or_create": "one filter(...__in=...) then bulk_create() for the missing",
    "update_or_create": "bulk_update() / bulk_create()",
    "update": "one filter(...__in=...).update()",
    "save": "bulk_update()",
    "delete": "one filter(...__in=...).delete()",
}


def _may_query(call: ast.Call, orm: bool, sqlalchemy: bool, dbapi: bool) -> bool:
    """Whether `visit_Call` may report the stdlib node of a call (in a loop)."""
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False
    if orm and orm_method(call) is not None:
        return True
    if sqlalchemy and func.attr in _SQLALCHEMY_METHODS and _last(func.value) in _SESSION_NAMES:
        return True
    return dbapi and func.attr == "execute" and _last(func.value) in _CURSOR_NAMES and _same_statement(call)


def _last(receiver: ast.expr) -> str:
    """The last part of a dotted receiver, lower-cased, as `visit_Call` matches it."""
    return ast_dotted(receiver).rpartition(".")[2].lower()


def _same_statement(call: ast.Call) -> bool:
    """`QueryInLoop._same_statement` of the stdlib node: two positional arguments or more,
    the first a string literal (ast: a str/bytes Constant, or a JoinedStr for adjacent
    literals with an f-string) or a CONSTANT name."""
    positional = [a for a in call.args if not isinstance(a, ast.Starred)]
    if len(positional) < 2:
        return False
    first = positional[0]
    if isinstance(first, ast.Name):
        return _CONSTANT_NAME.match(first.id) is not None
    if isinstance(first, ast.Constant):
        return isinstance(first.value, (str, bytes))
    return isinstance(first, ast.JoinedStr)


class QueryInLoop(TrackingRule):
    id = "PERF003"
    title = "Database query inside a loop (N+1 queries)"
    category = Category.PERFORMANCE
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    effort = 30
    tags = ("database", "n-plus-one")
    refs = (
        "https://docs.djangoproject.com/en/stable/topics/db/optimization/",
        "https://docs.djangoproject.com/en/stable/ref/models/querysets/#in-bulk",
        "https://docs.sqlalchemy.org/en/20/orm/queryguide/relationships.html",
        "https://peps.python.org/pep-0249/#executemany",
    )
    why = """
        A query inside a loop costs one database round trip per item: 1 ms on a laptop
        with 20 rows, seconds in production with 5,000 rows and a database across the
        network. The page or job gets slower linearly with the data, holds a connection
        the whole time, and under load the database spends its capacity on thousands of
        tiny identical queries. It is the most common reason an endpoint that was fast in
        review times out a year later. Reported at high severity when the loop itself
        iterates query results (the classic N+1).
    """
    fix = """
        Fetch everything in one query before the loop: `filter(pk__in=ids)` or
        `in_bulk(ids)` and a dict lookup, `select_related()` / `prefetch_related()` for
        related objects, `annotate()` for per-row counts, `bulk_create()` /
        `bulk_update()` / `queryset.update()` for writes; `cursor.executemany()` for the
        same statement with many parameter sets; in SQLAlchemy one `select(...).where(X.id.in_(ids))`
        or `selectinload()`.
    """
    example = Example(
        before="""
            from shop.models import Customer, Order

            def order_report(order_ids):
                rows = []
                for order in Order.objects.filter(pk__in=order_ids):
                    customer = Customer.objects.get(pk=order.customer_id)
                    rows.append((order.pk, customer.name))
                return rows
        """,
        after="""
            from shop.models import Order

            def order_report(order_ids):
                orders = Order.objects.filter(pk__in=order_ids).select_related("customer")
                return [(order.pk, order.customer.name) for order in orders]
        """,
    )
    VALID = [
        # One query before the loop; the loop works on memory.
        """
        from shop.models import Customer, Order
        def report(ids):
            customers = Customer.objects.in_bulk(ids)
            for order in Order.objects.filter(customer_id__in=ids):
                print(customers[order.customer_id])
            names = [c.name for c in Customer.objects.filter(active=True)]
            nested = [o for o in [c for c in Order.objects.filter(pk__in=ids)] if o.pk]
        """,
        # A custom manager method (often cached) and a query-free loop.
        """
        from django.contrib.contenttypes.models import ContentType
        def types(models):
            return [ContentType.objects.get_for_model(m) for m in models]
        """,
        # A function defined in a loop is not run by the loop.
        """
        from shop.models import Order
        for name in ("a", "b"):
            def lookup(pk):
                return Order.objects.get(pk=pk)
        """,
        # executemany, and different statements (DDL) in a loop.
        """
        def load(cursor, rows, statements):
            cursor.executemany("INSERT INTO t VALUES (%s, %s)", rows)
            for sql in statements:
                cursor.execute(sql)
        """,
        # Without SQLAlchemy imported, `session.get` is someone else's session.
        """
        import requests
        def crawl(session, urls):
            for url in urls:
                session.get(url, timeout=5)
        """,
        # Tests run once on small data.
        """
        # file: tests/test_orders.py
        from shop.models import Order
        def test_orders():
            for pk in (1, 2):
                assert Order.objects.get(pk=pk)
        """,
    ]
    INVALID = [
        """
        from shop.models import Customer, Order
        def report(ids):
            for order in Order.objects.filter(pk__in=ids):
                customer = Customer.objects.get(pk=order.customer_id)  # expect
                if Order.objects.filter(customer=customer).exists():  # expect
                    pass
            totals = {c.pk: Order.objects.filter(customer=c).count() for c in customers}  # expect
            for row in rows:
                Order.objects.create(**row)  # expect
            pairs = [(c, o) for c in customers for o in Order.objects.filter(customer=c)]  # expect
            flags = [c for c in customers if Order.objects.filter(customer=c).exists()]  # expect
        """,
        """
        from sqlalchemy.orm import Session
        from app.models import User
        def names(session: Session, ids):
            out = []
            for user_id in ids:
                out.append(session.get(User, user_id).name)  # expect
            while pending:
                session.execute(next_statement())  # expect
            return out
        """,
        """
        import sqlite3
        def store(rows):
            conn = sqlite3.connect("app.db")
            cur = conn.cursor()
            for row in rows:
                cur.execute("INSERT INTO items VALUES (?, ?)", row)  # expect
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._skip: set[int] = set()
        packages = imported_packages(context.imports)
        self._sqlalchemy = bool(packages & SQLALCHEMY_PACKAGES)
        self._dbapi = bool(packages & DBAPI_PACKAGES) or "django" in packages
        self._off = is_test_or_migration(context.relpath, context.is_test)
        self.idle = self._off or not self._can_report()

    def _can_report(self) -> bool:
        """Reports are at calls in a loop body: an ORM chain through a manager attribute,
        or (with SQLAlchemy imported) a session method, or (with a DB-API or Django
        import) `<cursor>.execute(<constant SQL>, params)`."""
        index = self.context.index
        if index is None:
            return True
        where = loops(self.context)
        if not where:
            return False
        names = index.names
        orm = not names.isdisjoint(MANAGERS)
        sqlalchemy = self._sqlalchemy and not names.isdisjoint(_SQLALCHEMY_METHODS)
        dbapi = self._dbapi and "execute" in names
        if not (orm or sqlalchemy or dbapi):
            return False
        return any(_may_query(call, orm, sqlalchemy, dbapi) and within(call.lineno, where) for call in index.of(ast.Call))

    def visit_Call(self, node: cst.Call) -> None:
        if self._off or not self.frame.loops or id(node) in self._skip:
            return
        chain = orm_chain(node)
        if chain is not None:
            self._skip.update(id(c) for c in chain.calls)
            call = f"{chain.model}.objects.{'().'.join(chain.methods)}()"
            hint = _BULK_HINT.get(chain.methods[0], "one query before the loop (filter(...__in=...), in_bulk, select_related)")
            self._report(node, f"{call} runs a query on every iteration; use {hint}")
            return
        func = node.func
        if not isinstance(func, cst.Attribute):
            return
        receiver = dotted(func.value)
        last = receiver.rpartition(".")[2].lower()
        method = func.attr.value
        if self._sqlalchemy and method in _SQLALCHEMY_METHODS and last in _SESSION_NAMES:
            if method == "get" and len([a for a in node.args if a.keyword is None]) < 2:
                return
            self._report(node, f"{receiver}.{method}() runs a query on every iteration; load the rows in one query before the loop")
        elif method == "execute" and last in _CURSOR_NAMES and self._dbapi and self._same_statement(node):
            self._report(node, f"{receiver}.execute() runs the same statement once per iteration; use executemany() or one set-based statement")

    @staticmethod
    def _same_statement(node: cst.Call) -> bool:
        positional = [a for a in node.args if a.keyword is None and not a.star]
        return len(positional) >= 2 and m.matches(positional[0].value, _CONSTANT_SQL)

    def _report(self, node: cst.Call, message: str) -> None:
        severity = Severity.HIGH if iterates_query(self.frame.loops) else None
        self.report(node, message, severity=severity)
