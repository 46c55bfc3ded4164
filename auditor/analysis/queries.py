"""Predicates shared by rules about database access: Django ORM chains, query-like loops."""

from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst

from auditor.helpers import ImportTable, dotted

# Django managers: `Model.objects`, and the ones Django itself uses internally.
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
# QuerySet methods: a chain starting with one of them on a manager builds or runs a query.
# Custom manager methods (`ContentType.objects.get_for_model`, often cached) are not here.
QUERYSET_METHODS = frozenset(
    {
        "all", "filter", "exclude", "get", "count", "exists", "create", "get_or_create",
        "update_or_create", "update", "delete", "first", "last", "aggregate", "annotate",
        "values", "values_list", "in_bulk", "earliest", "latest", "bulk_create", "bulk_update",
        "order_by", "select_related", "prefetch_related", "only", "defer", "distinct", "raw",
        "iterator", "contains", "select_for_update", "using", "extra", "dates", "datetimes",
        "aget", "acount", "aexists", "acreate", "aget_or_create", "aupdate_or_create",
        "aupdate", "adelete", "afirst", "alast", "aaggregate", "ain_bulk", "acontains",
    }
)
SQLALCHEMY_PACKAGES = frozenset({"sqlalchemy", "flask_sqlalchemy", "sqlmodel"})
DBAPI_PACKAGES = frozenset({"sqlite3", "psycopg2", "psycopg", "pymysql", "MySQLdb", "mysql", "cx_Oracle", "oracledb"})
_QUERY_TEXT = re.compile(r"\.objects\b|\._default_manager\b|\.all\(\)|\.filter\(|\.exclude\(|\bquery\(|\.scalars\(|fetchall\(")
_EMPTY = cst.Module(body=[])


@dataclass(frozen=True)
class OrmChain:
    """`Book.objects.filter(...).exists()`: model "Book", methods ("filter", "exists")."""

    model: str
    methods: tuple[str, ...]
    calls: tuple[cst.Call, ...]  # every call of the chain, outermost first


def orm_chain(call: cst.Call) -> OrmChain | None:
    """The Django ORM chain ending at `call`, if it starts at a manager with a QuerySet method."""
    methods: list[str] = []
    calls: list[cst.Call] = []
    expr: cst.BaseExpression = call
    while isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute):
        calls.append(expr)
        methods.append(expr.func.attr.value)
        expr = expr.func.value
        if isinstance(expr, cst.Attribute) and expr.attr.value in MANAGERS:
            if methods[-1] not in QUERYSET_METHODS:
                return None
            return OrmChain(dotted(expr.value) or "<model>", tuple(reversed(methods)), tuple(calls))
    return None


def imported_packages(imports: ImportTable) -> frozenset[str]:
    return frozenset(ref.target.split(".", 1)[0] for ref in imports.imports)


def code_of(node: cst.CSTNode) -> str:
    return _EMPTY.code_for_node(node)


def loop_iterable(loop: cst.CSTNode) -> cst.BaseExpression | None:
    """What a `for` loop or comprehension iterates (None for `while`)."""
    if isinstance(loop, cst.For):
        return loop.iter
    for_in = getattr(loop, "for_in", None)
    return for_in.iter if isinstance(for_in, cst.CompFor) else None


def iterates_query(loops: list[cst.CSTNode]) -> bool:
    """Does one of the enclosing loops iterate query results (the N+1 shape)?"""
    for loop in loops:
        iterable = loop_iterable(loop)
        if iterable is not None and _QUERY_TEXT.search(code_of(iterable)):
            return True
    return False


def is_test_or_migration(relpath: str, is_test: bool) -> bool:
    """Tests and migrations run once, on small data: per-row queries there are fine."""
    return is_test or "/migrations/" in f"/{relpath}"
