"""PERF007: `functools.lru_cache` / `cache` on a method keeps every `self` alive."""

from __future__ import annotations

import ast

import libcst as cst

from auditor.helpers import dotted
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.rules.performance._idle import ast_dotted, ast_qualify

_CACHES = frozenset({"functools.lru_cache", "functools.cache"})
_CACHE_NAMES = frozenset(name.rpartition(".")[2] for name in _CACHES)
_STATIC = frozenset({"staticmethod", "classmethod", "builtins.staticmethod", "builtins.classmethod"})


def _can_report(context: FileContext) -> bool:
    """A report is a decorator named one of _CACHES (qualified, else as written) on a
    function of a class body whose first parameter is `self`."""
    index = context.index
    if index is None:
        return True
    # The qualified or written name ends with the decorator's own name: an attribute, or
    # an imported name (an alias keeps the imported name among the identifiers).
    if not index.has(ast.ClassDef) or index.names.isdisjoint(_CACHE_NAMES):
        return False
    for fn in index.of(ast.FunctionDef, ast.AsyncFunctionDef):
        params = fn.args.args
        if not fn.decorator_list or not params or params[0].arg != "self":
            continue
        for decorator in fn.decorator_list:
            func = decorator.func if isinstance(decorator, ast.Call) else decorator
            if (ast_qualify(func, context.imports) or ast_dotted(func)) in _CACHES:
                return True
    return False


class CacheDecoratorOnMethod(Rule):
    id = "PERF007"
    title = "lru_cache/cache on a method (instances never freed)"
    category = Category.PERFORMANCE
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    effort = 15
    tags = ("memory",)
    refs = (
        "https://docs.python.org/3/faq/programming.html#how-do-i-cache-method-calls",
        "https://docs.astral.sh/ruff/rules/cached-instance-method/",
    )
    why = """
        The cache of `@lru_cache`/`@cache` on a method lives on the class, and its keys
        include `self`: every instance that ever called the method is kept alive by the
        cache (with everything it references: request data, DB sessions, large buffers).
        In a long-running service that is a memory leak that grows with traffic; with
        `@cache` (unbounded) it never stops growing. Results are also shared across
        instances by equality, which surprises when `__eq__` is defined.
    """
    fix = """
        Cache per instance: `functools.cached_property` for argument-less methods, a dict
        on the instance, or a module-level cached function that takes only the hashable
        values it needs (not `self`).
    """
    example = Example(
        before="""
            from functools import lru_cache

            class PriceService:
                @lru_cache(maxsize=1024)
                def price(self, sku):
                    return self.client.fetch_price(sku)
        """,
        after="""
            from functools import cached_property

            class PriceService:
                def __init__(self, client):
                    self.client = client
                    self._prices = {}

                def price(self, sku):
                    if sku not in self._prices:
                        self._prices[sku] = self.client.fetch_price(sku)
                    return self._prices[sku]

                @cached_property
                def currencies(self):
                    return self.client.fetch_currencies()
        """,
    )
    VALID = [
        """
        import functools
        @functools.lru_cache(maxsize=None)
        def parse(text):
            return text.split()
        class Config:
            @staticmethod
            @functools.cache
            def defaults():
                return {}
            @classmethod
            @functools.lru_cache
            def schema(cls):
                return {}
            @functools.cached_property
            def values(self):
                return {}
        """,
    ]
    INVALID = [
        """
        import functools
        from functools import lru_cache as memo
        class Repo:
            @functools.cache  # expect
            def load(self, key):
                return key
            @memo(maxsize=128)  # expect
            def find(self, key):
                return key
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._in_class: list[bool] = [False]
        self.idle = not _can_report(context)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._in_class.append(True)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._in_class.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        in_class = self._in_class[-1]
        self._in_class.append(False)
        if not in_class:
            return
        params = node.params.params
        if not params or params[0].name.value != "self":
            return
        names = [self._decorator_name(d) for d in node.decorators]
        if any(n in _STATIC for n in names):
            return
        for decorator, name in zip(node.decorators, names):
            if name in _CACHES:
                shown = name.rpartition(".")[2]
                self.report(decorator, f"@{shown} on method {node.name.value}() keeps every instance alive in the class-level cache")

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._in_class.pop()

    def _decorator_name(self, decorator: cst.Decorator) -> str:
        expr = decorator.decorator
        func = expr.func if isinstance(expr, cst.Call) else expr
        return self.qualify(func) or dotted(func)
