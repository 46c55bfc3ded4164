"""SCAL001: module-level mutable state changed by a request handler."""

from __future__ import annotations

import ast
from typing import Any

import libcst as cst
import libcst.matchers as m

from auditor.analysis.tracking import TrackingRule
from auditor.helpers import AstIndex, ast_qualify, compiled_matcher
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext
from auditor.analysis.idle import handlers, within

_CONTAINER_LITERAL = m.Dict() | m.List() | m.Set()
_IS_CONTAINER_LITERAL = compiled_matcher(_CONTAINER_LITERAL)
_IS_NUMBER = compiled_matcher(m.Integer() | m.Float())
_CONTAINER_TYPES = frozenset(
    {
        "builtins.dict", "builtins.list", "builtins.set", "collections.defaultdict",
        "collections.OrderedDict", "collections.Counter", "collections.deque",
    }
)
_MUTATORS = frozenset(
    {"append", "extend", "insert", "add", "update", "setdefault", "pop", "popitem", "remove", "discard", "clear", "appendleft"}
)


def _module_state(context: FileContext, module: ast.Module) -> set[str]:
    """The names `visit_Assign` takes for module state: assigned, outside any def or class,
    a dict/list/set display, a container type's call, or an int/float literal."""
    found: set[str] = set()
    todo: list[ast.AST] = list(module.body)
    while todo:
        stmt = todo.pop()
        if isinstance(stmt, ast.Assign):
            value = stmt.value
            if (
                isinstance(value, (ast.Dict, ast.List, ast.Set))
                or (isinstance(value, ast.Constant) and type(value.value) in (int, float))
                or (isinstance(value, ast.Call) and ast_qualify(value.func, context.imports) in _CONTAINER_TYPES)
            ):
                found.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
        elif not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for name in ("body", "orelse", "finalbody", "handlers", "cases"):
                block = getattr(stmt, name, None)
                if isinstance(block, list):
                    todo.extend(block)
    return found


def _can_report(context: FileContext) -> bool:
    """A report is in a request handler, on a module-state name: `x.<mutator>()`, `x[...] =`
    or `x[...] +=`, or an assignment to `x` declared `global` there."""
    found = handlers(context)
    if found == []:
        return False
    index = context.index
    if index is None or found is None:
        return True
    # The name is written once where it is assigned, and again where it is changed.
    text = index.text
    state = {name for name in _module_state(context, index.of(ast.Module)[0]) if text.count(name) > 1}
    if not state:
        return False
    return _changed_in(found, state, index)


def _changed_in(found: list[Any], state: set[str], index: AstIndex) -> bool:
    """Whether a module-state name is declared global, stored into by subscript, or has a
    mutator called on it, on the lines of one of the handlers `found`."""
    if any(state.intersection(node.names) and within(node.lineno, found) for node in index.of(ast.Global)):
        return True
    stored = (
        node
        for node in index.of(ast.Subscript)
        if isinstance(node.ctx, ast.Store) and isinstance(node.value, ast.Name) and node.value.id in state
    )
    if any(within(node.lineno, found) for node in stored):
        return True
    if index.names.isdisjoint(_MUTATORS):
        return False
    mutated = (
        node
        for node in index.of(ast.Attribute)
        if node.attr in _MUTATORS and isinstance(node.value, ast.Name) and node.value.id in state
    )
    return any(within(node.lineno, found) for node in mutated)


class ModuleStateMutatedInHandler(TrackingRule):
    id = "SCAL001"
    title = "Module-level state mutated by a request handler"
    category = Category.SCALABILITY
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    effort = 60
    tags = ("web", "workers")
    refs = (
        "https://docs.gunicorn.org/en/stable/design.html",
        "https://12factor.net/processes",
        "https://docs.djangoproject.com/en/stable/topics/cache/",
    )
    why = """
        A module-level dict, list, set or counter changed by request handlers lives in one
        worker process. Production runs several workers (and several machines), so each
        has its own copy: a cache that misses on every other request, a session or rate
        limit any client escapes by hitting another worker, counters that are wrong, and
        state that vanishes on every restart or deploy. Without a bound it also grows
        until the worker runs out of memory, and with threaded workers the unsynchronised
        updates race.
    """
    fix = """
        Keep shared state in a shared store: Redis or memcached (via the framework's cache
        API) for caches, counters and rate limits, the database for anything that must
        survive, the framework's session backend for sessions. For a per-process cache,
        use a bounded `cachetools.TTLCache` and accept that it is per process.
    """
    example = Example(
        before="""
            from flask import Flask, request

            app = Flask(__name__)
            visits = {}

            @app.post("/visit")
            def visit():
                user = request.json["user"]
                visits[user] = visits.get(user, 0) + 1
                return {"visits": visits[user]}
        """,
        after="""
            import redis
            from flask import Flask, request

            app = Flask(__name__)
            store = redis.Redis.from_url(REDIS_URL)

            @app.post("/visit")
            def visit():
                user = request.json["user"]
                return {"visits": store.hincrby("visits", user, 1)}
        """,
    )
    VALID = [
        """
        from flask import Flask
        app = Flask(__name__)
        CHOICES = ["a", "b"]
        @app.get("/choices")
        def choices():
            local = []
            local.append(1)
            return {"choices": CHOICES + local}
        def setup():
            CHOICES.append("c")
        """,
    ]
    INVALID = [
        """
        from collections import defaultdict
        from fastapi import FastAPI
        app = FastAPI()
        sessions = {}
        hits = defaultdict(int)
        counter = 0
        @app.post("/login")
        def login(user: str):
            sessions[user] = make_token()  # expect
            hits[user] += 1  # expect
            global counter
            counter += 1  # expect
            return sessions[user]
        """,
        """
        from django.http import JsonResponse
        RECENT = []
        def track(request):
            RECENT.append(request.path)  # expect
            return JsonResponse({})
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self._module_state: set[str] = set()
        self._globals: set[str] = set()
        self.idle = not _can_report(context)

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(self.frames) == 1:
            if self._is_container(node.value) or _IS_NUMBER(node.value):
                for target in node.targets:
                    if isinstance(target.target, cst.Name):
                        self._module_state.add(target.target.value)
            return
        if self.frame.handler:
            for target in node.targets:
                self._check_target(target.target, node)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if self.frame.handler and len(self.frames) > 1:
            self._check_target(node.target, node)

    def visit_Global(self, node: cst.Global) -> None:
        if self.frame.handler:
            self.frame.facts["globals"] = {n.name.value for n in node.names}

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not self.frame.handler or not isinstance(func, cst.Attribute) or func.attr.value not in _MUTATORS:
            return
        if isinstance(func.value, cst.Name) and func.value.value in self._module_state:
            self.report(node, f"{self.frame.handler}() mutates module-level `{func.value.value}`: each worker process has its own copy")

    def _is_container(self, value: cst.BaseExpression) -> bool:
        if _IS_CONTAINER_LITERAL(value):
            return True
        return isinstance(value, cst.Call) and self.qualify(value.func) in _CONTAINER_TYPES

    def _check_target(self, target: cst.BaseExpression, node: cst.CSTNode) -> None:
        name = ""
        if isinstance(target, cst.Subscript) and isinstance(target.value, cst.Name):
            name = target.value.value
        elif isinstance(target, cst.Name) and target.value in self.frame.facts.get("globals", ()):  # type: ignore[operator]
            name = target.value
        if name and name in self._module_state:
            self.report(node, f"{self.frame.handler}() changes module-level `{name}`: each worker process has its own copy")
