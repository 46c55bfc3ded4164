"""The per-file half of the taint analysis: one pass over each function's stdlib `ast`.

Each function is interpreted once, flow-sensitively, over abstract values (`Val`): the
environment maps local names (and `obj.attr` paths) to what they may carry. Branches are
analysed apart and joined; a condition that is a constant keeps only the live branch; a
loop body runs twice. Guards (`if x not in ALLOWED: abort()`) and sanitizers clean what
they check. What cannot be decided inside the file (what a called function of the
repository returns or does with its arguments) is left as a labelled call site for the
project step (`project.py`) to resolve.
"""

from __future__ import annotations

import ast
import bisect
import builtins
import re
from collections import deque
from typing import Any, Callable, Iterable

from auditor.analysis.taint import spec
from auditor.analysis.taint.sinks import check_call
from auditor.analysis.taint.summary import CallSite, FileSummary, Flow, FunctionSummary, Label, Path, SinkSite
from auditor.analysis.taint.values import CLEAN, CONST, Val, container, item, join, sanitize, union, with_step
from auditor.helpers import ast_dotted as _dotted
from auditor.rule import Collector, FileContext
from auditor.source import SourceFile, walk_nodes

_BUILTINS = frozenset(dir(builtins))
_FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)
MAX_LOOP_DEPTH = 3  # deeper loops run their body once: 2**depth passes would not pay off
MAX_FUNCTION_LINES = 3_000  # generated giants (parsers' tables) are skipped, not analysed
SOURCE = "S"


class TaintCollector(Collector):
    """Function summaries for the taint analysis (see `auditor.analysis.taint`)."""

    key = "taint"

    def collect(self, source: SourceFile, context: FileContext) -> FileSummary | None:
        tree = source.ast
        analyzer = FileAnalyzer(source, context, tree)
        analyzer.stores = _Stores(source.ast_nodes)
        return analyzer.run()


class FileAnalyzer:
    """Module-wide facts (imports, constants, framework) and the functions' summaries."""

    def __init__(self, source: SourceFile, context: FileContext, tree: ast.Module) -> None:
        self.source, self.tree = source, tree
        self.module = context.module_name
        self.bindings = dict(context.imports.bindings)
        self.constants: dict[str, Any] = {}
        self.const_names: set[str] = set()
        self.call_index = 0
        # Sinks no request data reaches: (line, kind) -> "constant" | "clean"; and the
        # (line, kind) of sinks that something may reach (those never count as quiet).
        self.quiet: dict[tuple[int, str], str] = {}
        self.reached: set[tuple[int, str]] = set()
        self.unsafe_parsers: dict[str, bool] = {}  # module-level XML parsers: resolve entities?
        self.patterns: dict[str, str] = {}  # module-level `NAME = re.compile("...")`: the pattern
        self.http_clients: set[str] = set()  # module-level `http = requests.Session()`
        values = set(self.bindings.values())
        self.framework = {
            name: any(v == name or v.startswith(name + ".") for v in values)
            for name in ("flask", "fastapi", "django", "rest_framework", "starlette", "aiohttp", "quart")
        }
        self.views_module = "views" in self.module.split(".") or self.module.endswith("views")
        self.stores: _Stores | None = None  # the file's assigned names, found once for all its functions

    def run(self) -> FileSummary | None:
        self._module_constants()
        functions: list[FunctionSummary] = []
        try:
            summary = FunctionAnalyzer(self, "<module>", None, class_name=None).run_body(self.tree.body)
        except RecursionError:
            summary = None
        if summary is not None:
            functions.append(summary)
        for node, qualname, class_name in _functions(self.tree.body, "", None):
            if _size(node) > MAX_FUNCTION_LINES:
                continue
            try:
                summary = FunctionAnalyzer(self, qualname, node, class_name).run()
            except RecursionError:  # a generated expression thousands of levels deep: skip the function
                continue
            if summary is not None:
                functions.append(summary)
        aliases = tuple(sorted((k, v) for k, v in self.bindings.items() if v != f"{self.module}.{k}"))
        return FileSummary(self.module, tuple(functions), aliases, self._quiet_sinks())

    def _quiet_sinks(self) -> tuple[tuple[int, tuple[str, ...], str], ...]:
        """(line, bandit ids, reason) for the lines of sinks proven constant or clean."""
        merged: dict[tuple[int, str], set[str]] = {}
        for (line, kind), reason in self.quiet.items():
            ids = spec.BANDIT_BY_KIND.get(kind)
            if ids and not any((line, k) in self.reached for k in spec.KINDS):
                merged.setdefault((line, reason), set()).update(ids)
        return tuple(sorted((line, tuple(sorted(ids)), reason) for (line, reason), ids in merged.items()))

    def _module_constants(self) -> None:
        """Module-level names bound once to a literal (for constant conditions and proofs)."""
        assigned: dict[str, int] = {}
        for stmt in self.tree.body:
            for target in _targets(stmt):
                for name in walk_nodes(target):
                    if isinstance(name, ast.Name):
                        assigned[name.id] = assigned.get(name.id, 0) + 1
        for stmt in self.tree.body:
            targets = _targets(stmt)
            value = getattr(stmt, "value", None)
            if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and value is not None and len(targets) == 1:
                target = targets[0]
                if isinstance(target, ast.Name) and assigned.get(target.id) == 1:
                    self._module_binding(target.id, value)

    def _module_binding(self, name: str, value: ast.expr) -> None:
        if isinstance(value, ast.Call):
            qn = self.qualify(value.func, set())
            if qn in spec.LXML_PARSER:
                self.unsafe_parsers[name] = _lxml_parser_unsafe(value)
            first = value.args[0] if value.args else None
            if qn == "re.compile" and isinstance(first, ast.Constant) and isinstance(first.value, str):
                self.patterns[name] = first.value
            if qn in spec.HTTP_CLIENTS:
                self.http_clients.add(name)
        if self.is_const_expr(value):
            self.const_names.add(name)
            ok, result = const_eval(value, self.constants)
            if ok:
                self.constants[name] = result

    def is_const_expr(self, node: ast.expr) -> bool:
        """Literals, containers of literals, module constants and operations on them."""
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.Name):
            return node.id in self.const_names
        parts = _const_parts(node)
        return parts is not None and all(self.is_const_expr(p) for p in parts)

    def next_call(self) -> int:
        self.call_index += 1
        return self.call_index

    def qualify(self, node: ast.expr, local: set[str]) -> str | None:
        """`sp.run` -> "subprocess.run" through the module's imports; None if unknown."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name) or node.id in local:
            return None
        base = self.bindings.get(node.id)
        if base is None:
            if node.id not in _BUILTINS:
                return None
            base = "builtins." + node.id
        return ".".join([base, *reversed(parts)])

    def line_text(self, line: int) -> str:
        lines = self.source.lines
        return lines[line - 1].strip() if 0 < line <= len(lines) else ""

    def dead_code(self, stmts: list[ast.stmt]) -> None:
        """Calls in a branch that never runs: no sink there is reachable at all."""
        for stmt in stmts:
            for node in walk_nodes(stmt):
                if isinstance(node, ast.Call):
                    for kind in spec.BANDIT_BY_KIND:
                        self.quiet[(node.lineno, kind)] = "dead"

    def quiet_sink(
        self, node: ast.AST, kind: str, constant: bool, extra_lines: Iterable[int] = (), reason: str = ""
    ) -> None:
        """A sink no request data reaches; every line of the call counts (bandit reports
        the line of the string it suspects, which may be any of them)."""
        start = node.lineno  # type: ignore[attr-defined]
        end = min(getattr(node, "end_lineno", None) or start, start + 20)
        for line in (*range(start, end + 1), *extra_lines):
            key = (line, kind)
            if reason:
                self.quiet[key] = reason
            elif self.quiet.get(key) not in ("clean", "dead", "stdlib-xml"):
                self.quiet[key] = "constant" if constant else "clean"


def _targets(stmt: ast.stmt) -> list[ast.expr]:
    if isinstance(stmt, ast.Assign):
        return list(stmt.targets)
    if isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
        return [stmt.target]
    return []


def _const_parts(node: ast.expr) -> list[ast.expr] | None:
    """The sub-expressions a constant expression of this shape is built from; None if the
    shape is never constant (calls, attributes, lambdas...)."""
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return list(node.elts)
    if isinstance(node, ast.Dict):
        return None if any(k is None for k in node.keys) else [*node.keys, *node.values]  # type: ignore[list-item]
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    if isinstance(node, ast.Compare):
        return [node.left, *node.comparators]
    if isinstance(node, ast.BoolOp):
        return list(node.values)
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
    return None


def _functions(
    body: Iterable[ast.stmt], prefix: str, class_name: str | None
) -> Iterable[tuple[ast.FunctionDef | ast.AsyncFunctionDef, str, str | None]]:
    """Every def with its qualname (`Class.method`, `outer.inner`) and enclosing class."""
    for stmt in body:
        if isinstance(stmt, _FUNCS):
            qual = f"{prefix}{stmt.name}"
            yield stmt, qual, class_name
            yield from _functions(_nested_defs(stmt.body), qual + ".", None)
        elif isinstance(stmt, ast.ClassDef):
            yield from _functions(stmt.body, f"{prefix}{stmt.name}.", f"{prefix}{stmt.name}")
        elif isinstance(stmt, (ast.If, ast.Try, ast.With)):
            yield from _functions(_nested_defs([stmt]), prefix, class_name)


def _nested_defs(body: Iterable[ast.stmt]) -> list[ast.stmt]:
    """Defs and classes inside blocks (if/try/with/for), not inside other defs."""
    out: list[ast.stmt] = []
    stack = deque(body)
    while stack:
        stmt = stack.popleft()
        if isinstance(stmt, (*_FUNCS, ast.ClassDef)):
            out.append(stmt)
            continue
        for field in ("body", "orelse", "finalbody", "handlers"):
            stack.extend(getattr(stmt, field, ()) or ())
        for case in getattr(stmt, "cases", ()) or ():
            stack.extend(case.body)
    return out


class _Stores:
    """Every name the file assigns (`ast.Name` in a Store context), sorted by position, so
    that the names assigned anywhere in a def (decorators, defaults and nested defs
    included: what `ast.walk(def)` reaches) are one slice instead of a walk of the def.

    A node is in a def's subtree exactly when its position lies in the def's text (from
    its first decorator to its end): sibling nodes never overlap. Before Python 3.12 the
    positions of nodes inside an f-string's expressions are computed, not read from the
    tokens, and may be off; a name assigned there (`f"{(n := 1)}"`, a comprehension in an
    f-string) takes the position of its outermost f-string, which is exact."""

    def __init__(self, nodes: list[ast.AST]) -> None:
        found: list[tuple[int, int, str]] = []
        in_fstring: set[int] = set()  # ids of the nodes under an f-string already listed
        for node in nodes:  # `ast.walk` order: an outer f-string comes before those it holds
            cls = node.__class__
            if cls is ast.Name:
                if node.ctx.__class__ is ast.Store and id(node) not in in_fstring:  # type: ignore[attr-defined]
                    found.append((node.lineno, node.col_offset, node.id))  # type: ignore[attr-defined]
            elif cls is ast.JoinedStr and id(node) not in in_fstring:
                for sub in walk_nodes(node):
                    in_fstring.add(id(sub))
                    if sub.__class__ is ast.Name and sub.ctx.__class__ is ast.Store:  # type: ignore[attr-defined]
                        found.append((node.lineno, node.col_offset, sub.id))  # type: ignore[attr-defined]
        found.sort()
        self.positions = [(line, column) for line, column, _ in found]
        self.names = [name for _, _, name in found]

    def within(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
        """The names assigned anywhere in the def, as `ast.walk(node)` finds them."""
        start = min([(node.lineno, node.col_offset), *((d.lineno, d.col_offset) for d in node.decorator_list)])
        end = (node.end_lineno or node.lineno, node.end_col_offset or 0)
        return set(self.names[bisect.bisect_left(self.positions, start):bisect.bisect_left(self.positions, end)])


def _size(node: ast.AST) -> int:
    end = getattr(node, "end_lineno", None) or node.lineno  # type: ignore[attr-defined]
    return end - node.lineno  # type: ignore[attr-defined]


# --- constant evaluation ------------------------------------------------------------------

_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.FloorDiv: lambda a, b: a // b,
    ast.Mod: lambda a, b: a % b,
    ast.Div: lambda a, b: a / b,
}
_CMPOPS: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
    ast.Is: lambda a, b: a is b,
    ast.IsNot: lambda a, b: a is not b,
}


def const_eval(node: ast.expr, names: dict[str, Any]) -> tuple[bool, Any]:
    """(True, value) when `node` is a small constant expression (`7 * 3 > 200`)."""
    try:
        return True, _eval(node, names)
    except Exception:  # anything odd (overflow, type errors, unknown names): not constant
        return False, None


def _eval(node: ast.expr, names: dict[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return tuple(_eval(e, names) for e in node.elts)
    if isinstance(node, ast.UnaryOp):
        value = _eval(node.operand, names)
        return {ast.Not: lambda v: not v, ast.USub: lambda v: -v, ast.UAdd: lambda v: +v}[type(node.op)](value)
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, names), _eval(node.right, names)
        if isinstance(left, (str, bytes, tuple)) or isinstance(right, (str, bytes, tuple)):
            if isinstance(node.op, ast.Mult) or len(left) + len(right) > 10_000:  # type: ignore[arg-type]
                raise ValueError("too large")
        result = _BINOPS[type(node.op)](left, right)
        if isinstance(result, int) and abs(result) > 10**18:
            raise ValueError("too large")
        return result
    if isinstance(node, ast.BoolOp):
        values = [_eval(v, names) for v in node.values]
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, names)
        for op, comp in zip(node.ops, node.comparators):
            right = _eval(comp, names)
            if not _CMPOPS[type(op)](left, right):
                return False
            left = right
        return True
    raise ValueError("not constant")


# --- one function ----------------------------------------------------------------------


class FunctionAnalyzer:
    """Interprets one function body over abstract values and builds its summary."""

    def __init__(self, file: FileAnalyzer, qualname: str, node: ast.FunctionDef | ast.AsyncFunctionDef | None, class_name: str | None) -> None:
        self.file, self.qualname, self.node, self.class_name = file, qualname, node, class_name
        self.env: dict[str, Val] = {}
        self.request_names: set[str] = set()
        self.local: set[str] = set()  # names bound in the function (shadow imports)
        self.sinks: list[tuple[SinkSite, dict[Label, Path]]] = []
        self.calls: dict[int, tuple[CallSite, dict[Any, Val]]] = {}
        self.returns: dict[Label, Path] = {}
        self.parsed_urls: dict[str, str] = {}  # p -> x for `p = urlparse(x)`
        self.unsafe_parsers: dict[str, bool] = {}  # lxml parser variables: resolves entities?
        self.fragments: dict[str, ast.expr] = {}  # what was assigned to a name, for its literal text (`texts`)
        self.assigned: dict[str, int] = {}  # name -> line of its last assignment
        self.http_clients: set[str] = set()  # names bound to requests.Session(), httpx.Client()...
        self.xpath_evaluators: set[str] = set()  # names bound to etree.XPathEvaluator(...)
        self.instances: dict[str, str] = {}  # d -> "app.ldap.Directory" for `d = Directory()`
        self.html_responses: set[str] = set()  # names bound to HttpResponse(...)
        self.html_route = False
        self.loop_depth = 0
        self.params: tuple[str, ...] = ()
        self.method = False
        self.view_step: tuple[int, int, str] = (0, 0, "")

    # -- entry points --

    def run(self) -> FunctionSummary | None:
        node = self.node
        assert node is not None
        stores = self.file.stores
        if stores is None:
            self.local = {n.id for n in walk_nodes(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        else:
            self.local = stores.within(node)
        self._parameters(node)
        self.block(node.body)
        return self.summary()

    def run_body(self, body: list[ast.stmt]) -> FunctionSummary | None:
        self.block([s for s in body if not isinstance(s, (*_FUNCS, ast.ClassDef))])
        if not self.sinks and not self.calls:
            return None
        return self.summary()

    def _parameters(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        decorators = [_dotted(d.func if isinstance(d, ast.Call) else d) for d in node.decorator_list]
        self.method = self.class_name is not None and "staticmethod" not in decorators
        every = [*positional, *([args.vararg] if args.vararg else []), *args.kwonlyargs, *([args.kwarg] if args.kwarg else [])]
        self.params = tuple(a.arg for a in every)
        route = self._route(node)
        data_params = positional[1:] if self.method else positional
        view = self._is_view(data_params, route)
        defaults = _defaults(args)
        for i, a in enumerate(every):
            if self.method and i == 0 and a in positional:
                continue
            annotation = _dotted(a.annotation) if a.annotation is not None else ""
            if a.arg in spec.REQUEST_PARAM_NAMES or annotation.rsplit(".", 1)[-1] in spec.REQUEST_ANNOTATIONS:
                self.request_names.add(a.arg)
            self.env[a.arg] = self._param_value(node, a, annotation, defaults.get(a.arg), route, view)

    def _param_value(self, node: ast.AST, a: ast.arg, annotation: str, default: ast.expr | None, route: set[str] | None, view: bool) -> Val:
        plain = Val({(("P", a.arg, False), frozenset()): ()})
        if a.arg in self.request_names:
            return plain
        if route is not None:
            if not self._client_param(a, annotation, default, route):
                return CLEAN
            step = (node.lineno, node.col_offset + 1, f"route parameter `{a.arg}` (request data)")  # type: ignore[attr-defined]
            return Val({(SOURCE, frozenset()): (step,)})
        if view:
            self.view_step = (node.lineno, node.col_offset + 1, "URL arguments of view {}()".format(self.qualname))  # type: ignore[attr-defined]
            return Val({(("P", a.arg, True), frozenset()): ()})
        return plain

    def _client_param(self, a: ast.arg, annotation: str, default: ast.expr | None, route: set[str]) -> bool:
        """A route handler's parameter that carries what the client sent, as text."""
        if a.arg in route:  # a numeric converter in the route: `<int:id>`
            return False
        base = annotation.rsplit(".", 1)[-1]
        if base in spec.COERCED_ANNOTATIONS or annotation in spec.COERCED_ANNOTATIONS or base in spec.NON_DATA_ANNOTATIONS:
            return False
        if isinstance(default, ast.Call) and _dotted(default.func).rsplit(".", 1)[-1] in spec.FASTAPI_SKIP_DEFAULTS:
            return False
        return True

    def _route(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str] | None:
        """Numeric route parameters if `node` is a route handler (`@app.get("/x/<int:id>")`), else None."""
        for deco in node.decorator_list:
            if not (isinstance(deco, ast.Call) and isinstance(deco.func, ast.Attribute)):
                continue
            if deco.func.attr not in spec.ROUTE_METHODS:
                continue
            rule = deco.args[0] if deco.args else next((k.value for k in deco.keywords if k.arg in ("path", "rule")), None)
            if not (isinstance(rule, ast.Constant) and isinstance(rule.value, str) and rule.value.startswith("/")):
                continue
            fw = self.file.framework
            self.html_route = (fw["flask"] or fw["quart"]) and not fw["fastapi"]
            return _numeric_route_params(rule.value)
        return None

    def _is_view(self, params: list[ast.arg], route: set[str] | None) -> bool:
        """A Django-style view: first parameter `request`, in a views module or a Django file."""
        if route is not None or not params or params[0].arg != "request":
            return False
        if self.class_name is not None and self.node is not None and self.node.name not in _VIEW_METHODS:
            return False  # a method taking `request` is a view only when it answers an HTTP method
        fw = self.file.framework
        return self.file.views_module or fw["django"] or fw["rest_framework"]

    def summary(self) -> FunctionSummary | None:
        if not self.sinks and not self.returns and not self.calls:
            return None
        keep = self._live_calls()
        if not self.sinks and not self.returns and not keep:
            return None
        calls = tuple((i, site) for i, (site, _) in sorted(self.calls.items()) if i in keep)
        return FunctionSummary(
            qualname=self.qualname,
            line=getattr(self.node, "lineno", 0),
            params=self.params,
            method=self.method,
            returns=_flow(self.returns),
            sinks=tuple((site, _flow(labels)) for site, labels in self.sinks),
            calls=calls,
            view_step=self.view_step,
        )

    def _live_calls(self) -> set[int]:
        """Call sites that matter: tainted arguments, or a result that reaches something kept."""
        wanted: set[int] = set()
        todo = [labels for _, labels in self.sinks] + [self.returns]
        for index, (site, _) in self.calls.items():
            if site.args:
                wanted.add(index)
                todo.extend(dict(flow) for _, flow in site.args)
        while todo:
            for (origin, _), _path in todo.pop().items():
                if isinstance(origin, tuple) and origin[0] == "R" and origin[1] not in wanted and origin[1] in self.calls:
                    wanted.add(origin[1])
                    todo.extend(dict(flow) for _, flow in self.calls[origin[1]][0].args)
        return wanted

    # -- statements --

    def block(self, stmts: list[ast.stmt]) -> bool:
        """Run statements; True if the block always leaves (return/raise/abort/continue)."""
        for stmt in stmts:
            handler = _STMT.get(type(stmt))
            if handler is not None:
                handler(self, stmt)
            if _leaves(stmt, self):
                return True
        return False

    def s_expr(self, stmt: ast.Expr) -> None:
        self.ev(stmt.value)

    def s_assign(self, stmt: ast.Assign) -> None:
        value = self.ev(stmt.value)
        for target in stmt.targets:
            self.bind(target, value, stmt.value)

    def s_annassign(self, stmt: ast.AnnAssign) -> None:
        if stmt.value is not None:
            self.bind(stmt.target, self.ev(stmt.value), stmt.value)

    def s_augassign(self, stmt: ast.AugAssign) -> None:
        value = self.ev(stmt.value)
        old = self.ev(stmt.target) if isinstance(stmt.target, (ast.Name, ast.Attribute)) else CLEAN
        self.bind(stmt.target, union((old, value)), None)

    def s_return(self, stmt: ast.Return) -> None:
        if stmt.value is None:
            return
        value = self.ev(stmt.value)
        if self.html_route:
            body_node = stmt.value.elts[0] if isinstance(stmt.value, ast.Tuple) and stmt.value.elts else stmt.value
            if not isinstance(body_node, _JSON_BODIES) and not _json_read(body_node):  # Flask sends dicts and lists as JSON
                body = item(value, 0) if isinstance(stmt.value, ast.Tuple) else value
                self.sink("xss", stmt, body, "returned as the HTML body of the response", call=False)
        self._add_return(value, stmt)

    def _add_return(self, value: Val, stmt: ast.stmt) -> None:
        if not value.labels:
            return
        step = (stmt.lineno, stmt.col_offset + 1, "returned")
        for label, path in with_step(value, step).labels.items():
            if label not in self.returns:
                self.returns[label] = path

    def s_if(self, stmt: ast.If) -> None:
        ok, truth = const_eval(stmt.test, self.file.constants)
        if ok:
            self.file.dead_code(stmt.orelse if truth else stmt.body)
            self.block(stmt.body if truth else stmt.orelse)
            return
        self.ev(stmt.test)
        before = dict(self.env)
        self.refine(stmt.test, True)
        body_leaves = self.block(stmt.body)
        after_body = self.env
        self.env = dict(before)
        self.refine(stmt.test, False)
        else_leaves = self.block(stmt.orelse)
        if body_leaves and not else_leaves:
            return
        if else_leaves and not body_leaves:
            self.env = after_body
            return
        self.env = _join_env(after_body, self.env)

    def s_while(self, stmt: ast.While) -> None:
        ok, truth = const_eval(stmt.test, self.file.constants)
        if ok and not truth:
            self.block(stmt.orelse)
            return
        self._loop(stmt.body, None, None)
        self.block(stmt.orelse)

    def s_for(self, stmt: ast.For | ast.AsyncFor) -> None:
        iterated = self.ev(stmt.iter)
        element = union(iterated.items.values()) if iterated.items else iterated
        self._loop(stmt.body, stmt.target, element)
        self.block(stmt.orelse)

    def _loop(self, body: list[ast.stmt], target: ast.expr | None, element: Val | None) -> None:
        passes = 2 if self.loop_depth < MAX_LOOP_DEPTH else 1
        self.loop_depth += 1
        try:
            for _ in range(passes):
                before = dict(self.env)
                if target is not None and element is not None:
                    self.bind(target, element, None)
                self.block(body)
                self.env = _join_env(before, self.env)
        finally:
            self.loop_depth -= 1

    def s_with(self, stmt: ast.With | ast.AsyncWith) -> None:
        for w in stmt.items:
            value = self.ev(w.context_expr)
            if w.optional_vars is not None:
                self.bind(w.optional_vars, value, w.context_expr)
        self.block(stmt.body)

    def s_try(self, stmt: ast.Try) -> None:
        before = dict(self.env)
        self.block(stmt.body)
        self.block(stmt.orelse)
        after = self.env
        merged = _join_env(before, after)
        ends = [after]
        for handler in stmt.handlers:
            self.env = dict(merged)
            if handler.name:
                self.env[handler.name] = CLEAN
            if not self.block(handler.body):
                ends.append(self.env)
        self.env = ends[0]
        for env in ends[1:]:
            self.env = _join_env(self.env, env)
        self.block(stmt.finalbody)

    def s_match(self, stmt: ast.Match) -> None:
        subject = self.ev(stmt.subject)
        ok, value = const_eval(stmt.subject, self.file.constants)
        if ok:
            for i, case in enumerate(stmt.cases):
                if _case_matches(case.pattern, value) and case.guard is None:
                    self.file.dead_code([s for c in stmt.cases if c is not case for s in c.body])
                    self.block(case.body)
                    return
        before = dict(self.env)
        ends: list[dict[str, Val]] = []
        for case in stmt.cases:
            self.env = dict(before)
            for node in walk_nodes(case.pattern):
                name = getattr(node, "name", None)
                if isinstance(name, str):
                    self.env[name] = subject
            if not self.block(case.body):
                ends.append(self.env)
        self.env = before
        for env in ends:
            self.env = _join_env(self.env, env)

    def s_assert(self, stmt: ast.Assert) -> None:
        self.ev(stmt.test)
        self.refine(stmt.test, True)

    def s_delete(self, stmt: ast.Delete) -> None:
        for target in stmt.targets:
            if isinstance(target, ast.Name):
                self.env.pop(target.id, None)

    def s_import(self, stmt: ast.Import | ast.ImportFrom) -> None:
        """A function-level import binds a name like a module-level one."""
        for alias in stmt.names:
            if isinstance(stmt, ast.ImportFrom):
                if stmt.level or not stmt.module or alias.name == "*":
                    continue
                name, target = alias.asname or alias.name, f"{stmt.module}.{alias.name}"
            else:
                name, target = (alias.asname, alias.name) if alias.asname else (alias.name.split(".")[0],) * 2
            self.file.bindings.setdefault(name, target)
            self.local.discard(name)

    # -- binding --

    def bind(self, target: ast.expr, value: Val, source: ast.expr | None) -> None:
        step_note = None
        if isinstance(target, ast.Name):
            step_note = f"assigned to `{target.id}`"
            self.env[target.id] = with_step(value, (target.lineno, target.col_offset + 1, step_note))
            self.assigned[target.id] = target.lineno
            self._remember(target.id, source)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for i, elt in enumerate(target.elts):
                if isinstance(elt, ast.Starred):
                    self.bind(elt.value, union([value]), None)
                else:
                    self.bind(elt, item(value, i) if value.items is not None else value, None)
        elif isinstance(target, ast.Attribute):
            key = _dotted(target)
            if key:
                self.env[key] = with_step(value, (target.lineno, target.col_offset + 1, f"assigned to `{key}`"))
        elif isinstance(target, ast.Subscript):
            self._bind_item(target, value)
        elif isinstance(target, ast.Starred):
            self.bind(target.value, value, None)

    def _remember(self, name: str, source: ast.expr | None) -> None:
        """Facts about how a name was built: parsed URL, XML parser, literal text."""
        self.parsed_urls.pop(name, None)
        self.unsafe_parsers.pop(name, None)
        self.fragments.pop(name, None)
        self.http_clients.discard(name)
        self.xpath_evaluators.discard(name)
        self.instances.pop(name, None)
        self.html_responses.discard(name)
        if source is None:
            return
        if isinstance(source, ast.Call):
            qn = self.file.qualify(source.func, self.local)
            if qn in spec.HTTP_CLIENTS:
                self.http_clients.add(name)
            if qn in spec.XPATH_EVALUATORS:
                self.xpath_evaluators.add(name)
            if qn in spec.HTML_RESPONSES:
                self.html_responses.add(name)
            if qn is not None and qn.split(".", 1)[0] not in spec.STDLIB and qn.rsplit(".", 1)[-1][:1].isupper():
                self.instances[name] = qn
            if qn in spec.URL_PARSERS and source.args and isinstance(source.args[0], ast.Name):
                self.parsed_urls[name] = source.args[0].id
            if qn in spec.LXML_PARSER:
                self.unsafe_parsers[name] = _lxml_parser_unsafe(source)
        self.fragments[name] = source

    def texts(self, name: str) -> tuple[str, ...]:
        """The literal text of what was last assigned to `name` (read only for LDAP filters,
        so found only when asked)."""
        source = self.fragments.get(name)
        return () if source is None else _fragments(source)

    def _bind_item(self, target: ast.Subscript, value: Val) -> None:
        base = target.value
        if self._is_session(base):
            self.sink("trust-boundary", target, value, "stored in the session", call=False)
            return
        key_ok, key = _const_key(target.slice, self.file.constants)
        if isinstance(base, (ast.Name, ast.Attribute)):
            name = base.id if isinstance(base, ast.Name) else _dotted(base)
            if not name:
                return
            old = self.env.get(name, CLEAN)
            step = (target.lineno, target.col_offset + 1, f"stored in `{name}[...]`")
            stepped = with_step(value, step)
            if key_ok and old.items is not None:
                items = dict(old.items)
                items[key] = stepped
                self.env[name] = container(items)
            else:
                self.env[name] = union((old, stepped))

    def _is_session(self, node: ast.expr) -> bool:
        if self.file.qualify(node, self.local) in spec.SESSION_GLOBALS:
            return True
        return isinstance(node, ast.Attribute) and node.attr == "session" and self._is_request(node.value)

    # -- guards --

    def refine(self, test: ast.expr, truth: bool) -> None:
        """What `test` being `truth` proves about names: checked against an allow-list,
        a URL's host, a resolved path's base, a regular expression."""
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            self.refine(test.operand, not truth)
            return
        if isinstance(test, ast.BoolOp):
            if isinstance(test.op, ast.And) == truth:  # and: all true / or: all false
                for value in test.values:
                    self.refine(value, truth)
            elif isinstance(test.op, ast.And):
                self._refine_and_false(test.values)
            return
        self._apply(_guards(self, test, truth))

    def _apply(self, guards: list[tuple[str, frozenset[str]]]) -> None:
        for name, kinds in guards:
            if name in self.env:
                self.env[name] = sanitize(self.env[name], kinds)

    def _refine_and_false(self, values: list[ast.expr]) -> None:
        """`if (x or y) and not is_safe(x): x = fallback`: when the test is false, either
        `is_safe(x)` held or `x` is empty; both leave nothing to fear from `x`."""
        for i, value in enumerate(values):
            others = values[:i] + values[i + 1:]
            guards = _negated_guards(self, value)
            self._apply([(n, k) for n, k in guards if all(_falsy_when_false(o, n) for o in others)])

    def _guard_target(self, node: ast.expr) -> str | None:
        """The name a guard speaks about: `x`, `obj.attr`, or `x` behind `urlparse(x)`."""
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, ast.Attribute):
            return _dotted(node) or None
        return None

    # -- expressions --

    def ev(self, node: ast.expr | None) -> Val:
        if node is None:
            return CLEAN
        handler = _EXPR.get(type(node))
        if handler is None:
            return CLEAN
        return handler(self, node)

    def e_const(self, node: ast.Constant) -> Val:
        return CONST

    def e_name(self, node: ast.Name) -> Val:
        found = self.env.get(node.id)
        if found is not None:
            return found
        if node.id in self.file.const_names:
            return CONST
        return CLEAN

    def e_attribute(self, node: ast.Attribute) -> Val:
        if node.attr in spec.SOURCE_ATTRS and self._is_request(node.value):
            text = _dotted(node) or f"request.{node.attr}"
            step = (node.lineno, node.col_offset + 1, f"`{text}` read (request data)")
            done = _PREFIX_SAFE if node.attr in ("path", "full_path") else frozenset()  # a path of this site
            return Val({(SOURCE, done): (step,)})
        key = _dotted(node)
        if key and key in self.env:
            return self.env[key]
        if node.attr.isupper() and isinstance(node.value, ast.Name):
            return CONST  # settings.TABLE, Model.KIND: a constant by convention
        base = self.ev(node.value)
        return Val(base.labels, False) if base.labels else CLEAN

    def _is_request(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Name):
            if node.id in self.request_names:
                return True
            return self.file.qualify(node, self.local) in spec.REQUEST_GLOBALS
        if isinstance(node, ast.Attribute):
            if node.attr == "request":
                return True
            return self.file.qualify(node, self.local) in spec.REQUEST_GLOBALS
        return False

    def e_subscript(self, node: ast.Subscript) -> Val:
        base = self.ev(node.value)
        self.ev(node.slice)
        if isinstance(node.slice, ast.Slice):
            return Val(base.labels, base.const) if base.labels else base
        ok, key = _const_key(node.slice, self.file.constants)
        if ok:
            return CLEAN if _server_meta(node.value, key) else item(base, key)
        return Val(base.labels, base.const) if base.labels else (CONST if base.const else CLEAN)

    def e_binop(self, node: ast.BinOp) -> Val:
        if isinstance(node.op, ast.Mod) and _is_text(node.left) and isinstance(node.right, ast.Tuple):
            value = self._percent_query(node.left.value, node.right)  # type: ignore[attr-defined]
        elif isinstance(node.op, ast.Add):
            value = self._after_query([*_add_chain(node)])
        else:
            value = union((self.ev(node.left), self.ev(node.right)))
        if value.labels and isinstance(node.op, (ast.Add, ast.Mod)) and _fixed_prefix(_leftmost(node)):
            value = sanitize(value, _PREFIX_SAFE)
        return value

    def _percent_query(self, template: str, values: ast.Tuple) -> Val:
        """`"%s?%s" % (url, qs)`: the values placed after `?` cannot change the destination."""
        cut = template.find("?")
        before = len(_PRINTF.findall(template[:cut])) if cut >= 0 else len(values.elts)
        parts = [self.ev(e) for e in values.elts]
        return union([*parts[:before], *(sanitize(v, _PREFIX_SAFE) for v in parts[before:])])

    def _after_query(self, parts: list[ast.expr]) -> Val:
        """Text joined after a literal `?` or `#` (query string, fragment) is not the destination."""
        out: list[Val] = []
        in_query = False
        for part in parts:
            value = self.ev(part)
            out.append(sanitize(value, _PREFIX_SAFE) if in_query else value)
            if _is_text(part) and ("?" in part.value or "#" in part.value):  # type: ignore[attr-defined]
                in_query = True
        return union(out)

    def e_joinedstr(self, node: ast.JoinedStr) -> Val:
        parts = []
        in_query = False
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                value = self.ev(part.value)
                if _numeric_format(part):
                    value = sanitize(value, spec.ALL)
                parts.append(sanitize(value, _PREFIX_SAFE) if in_query else value)
            elif _is_text(part) and ("?" in part.value or "#" in part.value):  # type: ignore[attr-defined]
                in_query = True
        value = union(parts)
        first = node.values[0] if node.values else None
        if value.labels and isinstance(first, ast.Constant) and _fixed_prefix(first):
            value = sanitize(value, _PREFIX_SAFE)
        return value

    def e_boolop(self, node: ast.BoolOp) -> Val:
        return union([self.ev(v) for v in node.values])

    def e_compare(self, node: ast.Compare) -> Val:
        values = [self.ev(node.left), *(self.ev(c) for c in node.comparators)]
        return CONST if all(v.const for v in values) else CLEAN

    def e_unaryop(self, node: ast.UnaryOp) -> Val:
        value = self.ev(node.operand)
        if isinstance(node.op, ast.Not):
            return CONST if value.const else CLEAN
        return value

    def e_ifexp(self, node: ast.IfExp) -> Val:
        ok, truth = const_eval(node.test, self.file.constants)
        if ok:
            return self.ev(node.body if truth else node.orelse)
        self.ev(node.test)
        return join(self.ev(node.body), self.ev(node.orelse))

    def e_sequence(self, node: ast.Tuple | ast.List | ast.Set) -> Val:
        items: dict[Any, Val] = {}
        extra: list[Val] = []
        for i, elt in enumerate(node.elts):
            if isinstance(elt, ast.Starred):
                extra.append(self.ev(elt.value))
            else:
                items[i] = self.ev(elt)
        if isinstance(node, ast.Set):
            extra.extend(items.values())
            return union(extra)
        return container(items, extra)

    def e_dict(self, node: ast.Dict) -> Val:
        items: dict[Any, Val] = {}
        extra: list[Val] = []
        for key, value in zip(node.keys, node.values):
            v = self.ev(value)
            ok, k = _const_key(key, self.file.constants) if key is not None else (False, None)
            if ok:
                items[k] = v
            else:
                extra.append(v)
        return container(items, extra)

    def e_comprehension(self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp) -> Val:
        saved = dict(self.env)
        try:
            for gen in node.generators:
                iterated = self.ev(gen.iter)
                element = union(iterated.items.values()) if iterated.items else iterated
                self.bind(gen.target, element, None)
                for cond in gen.ifs:
                    self.refine(cond, True)
            if isinstance(node, ast.DictComp):
                return union((self.ev(node.key), self.ev(node.value)))
            return union([self.ev(node.elt)])
        finally:
            self.env = saved

    def e_await(self, node: ast.Await | ast.Starred | ast.FormattedValue) -> Val:
        return self.ev(node.value)

    def e_namedexpr(self, node: ast.NamedExpr) -> Val:
        value = self.ev(node.value)
        self.bind(node.target, value, node.value)
        return value

    def e_yield(self, node: ast.Yield | ast.YieldFrom) -> Val:
        value = self.ev(node.value)
        self._add_return(value, node)  # type: ignore[arg-type]
        return CLEAN

    def e_call(self, node: ast.Call) -> Val:
        return call_value(self, node)

    # -- sinks --

    def sink(self, kind: str, node: ast.AST, value: Val, note: str, call: bool = True) -> None:
        """Record that `value` reaches a sink of `kind` at `node` (if it may be tainted);
        a call sink whose value is a constant is recorded for the bandit demotion."""
        labels = {label: path for label, path in value.labels.items() if kind not in label[1]}
        line = node.lineno  # type: ignore[attr-defined]
        if not labels:
            if call:
                names = [a.id for a in getattr(node, "args", ()) if isinstance(a, ast.Name)]
                self.file.quiet_sink(node, kind, value.const, [self.assigned[n] for n in names if n in self.assigned])
            return
        end = min(getattr(node, "end_lineno", None) or line, line + 20)
        self.file.reached.update((n, kind) for n in range(line, end + 1))
        site = SinkSite(kind, line, node.col_offset + 1, note, self.file.line_text(line))  # type: ignore[attr-defined]
        self.sinks.append((site, labels))


# --- calls -------------------------------------------------------------------------------

_VIEW_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "dispatch"})
# Request headers and CGI variables the client controls; the rest of META is set by the server.
_CLIENT_META = ("HTTP_", "QUERY_STRING", "PATH_INFO", "CONTENT_TYPE", "REQUEST_URI", "RAW_URI")
_JSON_BODIES = (ast.Dict, ast.List, ast.DictComp, ast.ListComp)


def _json_read(node: ast.expr) -> bool:
    """`request.get_json()` / `request.json`: a parsed JSON body, sent back as JSON."""
    if isinstance(node, ast.Call):
        node = node.func
    return isinstance(node, ast.Attribute) and node.attr in ("get_json", "json")

_PREFIX_SAFE = frozenset({"redirect", "ssrf"})


def call_value(fn: FunctionAnalyzer, node: ast.Call) -> Val:
    """The value of a call, after recording any sink it is."""
    func = node.func
    qn = fn.file.qualify(func, fn.local)
    method = func.attr if isinstance(func, ast.Attribute) else None
    positional = [fn.ev(a.value if isinstance(a, ast.Starred) else a) for a in node.args]
    keywords = {k.arg: fn.ev(k.value) for k in node.keywords}
    # `request.get_json` is itself a source; `x.strip` carries x's labels
    receiver = fn.ev(func) if isinstance(func, ast.Attribute) else CLEAN
    check_call(fn, node, qn, method, positional, keywords, receiver)
    if method in _MUTATORS:
        _mutate(fn, node, positional)
    return _result(fn, node, qn, method, positional, keywords, receiver)


_MUTATORS = frozenset({"append", "extend", "add", "insert", "update", "appendleft", "extendleft", "write", "writelines"})


def _mutate(fn: FunctionAnalyzer, node: ast.Call, positional: list[Val]) -> None:
    """`items.append(x)`: the container now holds x (its known items are forgotten)."""
    owner = node.func.value  # type: ignore[attr-defined]
    key = owner.id if isinstance(owner, ast.Name) else _dotted(owner)
    added = union(positional)
    if not key or not added.labels:
        return
    step = (node.lineno, node.col_offset + 1, f"added to `{key}`")
    fn.env[key] = union((fn.env.get(key, CLEAN), with_step(added, step)))


def _result(fn: FunctionAnalyzer, node: ast.Call, qn: str | None, method: str | None, positional: list[Val], keywords: dict, receiver: Val) -> Val:
    args = union(positional)
    if qn is not None:
        kinds = spec.SANITIZERS.get(qn)
        if kinds is not None:
            return sanitize(union([args, *keywords.values()]), kinds)
        if qn in spec.NORMALIZERS:
            return _normalized(args)
        if qn.startswith(spec.CLEAN_PREFIXES) or qn in spec.SINK_RESULTS_CLEAN:
            return CLEAN
        if qn.startswith("builtins."):
            return _builtin_result(qn, positional, keywords)
    if method is not None:
        instance_method = _method_callee(fn, node.func) if qn is None else None  # type: ignore[arg-type]
        if instance_method is not None:  # `Directory().find(uid)`: the repository's method, not str.find
            return _call_site(fn, node, instance_method, positional, keywords)
        handled = _method_result(fn, node, method, positional, keywords, receiver)
        if handled is not None:
            return handled
        if receiver.labels:  # `request.get_json()`, `tainted.anything()`
            return union([args, receiver])
    callee = _callee(fn, node, qn)
    if callee is not None:
        return _call_site(fn, node, callee, positional, keywords)
    return union([args, receiver])


def _builtin_result(qn: str, positional: list[Val], keywords: dict) -> Val:
    value = union([*positional, *keywords.values()])
    if qn in ("builtins.str", "builtins.repr", "builtins.format", "builtins.bytes", "builtins.list", "builtins.tuple",
              "builtins.sorted", "builtins.reversed", "builtins.dict", "builtins.set", "builtins.frozenset",
              "builtins.min", "builtins.max", "builtins.next", "builtins.iter", "builtins.getattr", "builtins.vars",
              "builtins.filter", "builtins.map", "builtins.zip", "builtins.enumerate", "builtins.chr", "builtins.sum"):
        if qn in ("builtins.list", "builtins.tuple") and len(positional) == 1 and positional[0].items is not None:
            return positional[0]
        return value
    return CONST if value.const else CLEAN


def _normalized(value: Val) -> Val:
    if not value.labels:
        return value
    return Val({(origin, done | {spec.NORMALIZED}): path for (origin, done), path in value.labels.items()}, value.const)


_PASS_THROUGH = frozenset(
    {"decode", "encode", "strip", "lstrip", "rstrip", "lower", "upper", "title", "casefold", "capitalize",
     "swapcase", "split", "rsplit", "splitlines", "partition", "rpartition", "values", "items", "keys", "copy",
     "to_dict", "dict", "lists", "getvalue"}
)
_GETTERS = frozenset({"get", "pop", "setdefault", "getlist", "get_all", "getall"})


def _method_result(fn: FunctionAnalyzer, node: ast.Call, method: str, positional: list[Val], keywords: dict, receiver: Val) -> Val | None:
    """The value of `receiver.method(...)` for the methods the analysis models; None otherwise."""
    if method in spec.CLEAN_METHODS:
        return CONST if receiver.const and all(p.const for p in positional) else CLEAN
    if method in ("render", "render_to_string"):  # a template's output: its variables were escaped
        return sanitize(union([receiver, *positional, *keywords.values()]), frozenset({"xss"}))
    if method in _GETTERS:
        return _getter_result(fn, node, positional, keywords, receiver)
    if method in spec.NORMALIZER_METHODS:
        return _normalized(receiver)
    if method == "replace" and len(node.args) >= 2 and _strips_newlines(node.args[0]):
        return sanitize(union([receiver, positional[1]]), frozenset({"log"}))
    if method == "sub" and len(positional) >= 2:
        return _regex_sub_result(fn, node, positional)
    if method in ("format", "join", "format_map"):
        value = union([receiver, *positional, *keywords.values()])
        if value.labels and method == "format" and _fixed_prefix(node.func.value):  # type: ignore[attr-defined]
            value = sanitize(value, _PREFIX_SAFE)
        return value
    if method in _PASS_THROUGH:
        return Val(receiver.labels, receiver.const) if receiver.labels else union([receiver, *positional])
    return None


def _getter_result(fn: FunctionAnalyzer, node: ast.Call, positional: list[Val], keywords: dict, receiver: Val) -> Val:
    """`d.get(key, default)`: the item (by a constant key) or the default; a clean mapping
    looked up with a tainted key gives a clean value; `args.get("n", type=int)` is a number."""
    type_kw = next((k.value for k in node.keywords if k.arg == "type"), None)
    if type_kw is not None and _dotted(type_kw) in ("int", "float", "bool", "uuid.UUID", "UUID"):
        return CLEAN
    ok, key = _const_key(node.args[0], fn.file.constants) if node.args else (False, None)
    if ok and _server_meta(node.func.value, key):  # type: ignore[attr-defined]
        return CLEAN
    found = item(receiver, key) if ok else receiver
    default = positional[1] if len(positional) > 1 else keywords.get("default", CLEAN)
    return union((found, default)) if default.labels else found


def _regex_sub_result(fn: FunctionAnalyzer, node: ast.Call, positional: list[Val]) -> Val:
    """`CONTROL.sub("", x)` with a module-level pattern that matches control characters."""
    value = union(positional[1:2])
    owner = node.func.value  # type: ignore[attr-defined]
    pattern = fn.file.patterns.get(owner.id, "") if isinstance(owner, ast.Name) else ""
    return sanitize(value, frozenset({"log"})) if _control_chars(pattern) else value


def _callee(fn: FunctionAnalyzer, node: ast.Call, qn: str | None) -> tuple[str, bool, str] | None:
    """(qualified callee, bound, name as written) when the callee may be a repository function."""
    func = node.func
    if qn is not None:
        top = qn.split(".", 1)[0]
        if top in spec.STDLIB or "()" in qn:
            return None
        return qn, False, qn.rsplit(".", 1)[-1]
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("self", "cls") and fn.class_name:
        return f"{fn.file.module}.{fn.class_name}.{func.attr}", True, f"{func.value.id}.{func.attr}"
    if isinstance(func, ast.Name) and fn.node is not None:
        # a def nested in this function
        return f"{fn.file.module}.{fn.qualname}.{func.id}", False, func.id
    if isinstance(func, ast.Attribute):
        return _method_callee(fn, func)
    return None


def _method_callee(fn: FunctionAnalyzer, func: ast.Attribute) -> tuple[str, bool, str] | None:
    """`Directory().find(x)` or `d.find(x)` with `d = Directory()`: the class's method."""
    owner = func.value
    cls = None
    if isinstance(owner, ast.Call):
        cls = fn.file.qualify(owner.func, fn.local)
    elif isinstance(owner, ast.Name):
        cls = fn.instances.get(owner.id)
    if cls is None or cls.split(".", 1)[0] in spec.STDLIB or not cls.rsplit(".", 1)[-1][:1].isupper():
        return None
    return f"{cls}.{func.attr}", True, f"{cls.rsplit('.', 1)[-1]}.{func.attr}"


def _call_site(fn: FunctionAnalyzer, node: ast.Call, callee: tuple[str, bool, str], positional: list[Val], keywords: dict) -> Val:
    index = fn.file.next_call()
    args: list[tuple[Any, Flow]] = []
    for i, value in enumerate(positional):
        if isinstance(node.args[i], ast.Starred):
            break
        if value.labels:
            args.append((i, _flow(value.labels)))
    for name, value in keywords.items():
        if name is not None and value.labels:
            args.append((name, _flow(value.labels)))
    name, bound, written = callee[0], callee[1], callee[2]
    site = CallSite(name, bound, node.lineno, node.col_offset + 1, written, tuple(args))
    fn.calls[index] = (site, keywords)
    step = (node.lineno, node.col_offset + 1, f"returned by {written}()")
    return Val({(("R", index), frozenset()): (step,)})


# --- small predicates ------------------------------------------------------------------


def _flow(labels: dict[Label, Path]) -> Flow:
    if len(labels) < 2:  # most arguments carry one label: nothing to sort
        return tuple(labels.items())
    return tuple(sorted(labels.items(), key=lambda kv: (repr(kv[0][0]), sorted(kv[0][1]))))


def _defaults(args: ast.arguments) -> dict[str, ast.expr]:
    positional = [*args.posonlyargs, *args.args]
    out = {a.arg: d for a, d in zip(positional[len(positional) - len(args.defaults):], args.defaults)}
    out.update({a.arg: d for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None})
    return out


def _numeric_route_params(rule: str) -> set[str]:
    import re

    out = set()
    for conv, name in re.findall(r"<(\w+):(\w+)>", rule):
        if conv in spec.NUMERIC_CONVERTERS:
            out.add(name)
    for name, conv in re.findall(r"\{(\w+):(\w+)\}", rule):
        if conv in spec.NUMERIC_CONVERTERS:
            out.add(name)
    return out


def _const_key(node: ast.expr, names: dict[str, Any]) -> tuple[bool, Any]:
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, bytes)):
        return True, node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
        return False, None  # a negative index counts from the end: position unknown
    if isinstance(node, ast.Name) and isinstance(names.get(node.id), (str, int)):
        return True, names[node.id]
    return False, None


def _server_meta(base: ast.expr, key: object) -> bool:
    """`request.META["CSRF_COOKIE"]`, `META.get("REMOTE_ADDR")`: set by the server, not the client."""
    return (
        isinstance(base, ast.Attribute)
        and base.attr == "META"
        and isinstance(key, str)
        and not key.startswith(_CLIENT_META)
    )


_PRINTF = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]")


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _add_chain(node: ast.expr) -> list[ast.expr]:
    """`a + b + c` as [a, b, c], left to right."""
    out: list[ast.expr] = []
    while isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        out.append(node.right)
        node = node.left
    out.append(node)
    return out[::-1]


def _leftmost(node: ast.expr) -> ast.expr:
    while isinstance(node, ast.BinOp):
        node = node.left
    return node


def _fixed_prefix(node: ast.expr) -> bool:
    """A literal that pins the destination: `/path/...` (same site) or `https://host/...`."""
    if isinstance(node, ast.JoinedStr):
        node = node.values[0] if node.values else node
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return False
    text = node.value
    if text.startswith("/"):
        return len(text) > 1 and text[1] not in "/\\"
    if "://" in text:
        rest = text.split("://", 1)[1]
        return "/" in rest and rest.index("/") > 0 and "@" not in rest[: rest.index("/")]
    return False


def _numeric_format(part: ast.FormattedValue) -> bool:
    spec_ = part.format_spec
    if not isinstance(spec_, ast.JoinedStr) or not spec_.values:
        return False
    text = "".join(v.value for v in spec_.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return bool(text) and text[-1] in "dfxXobeEgn%"


def _strips_newlines(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and ("\n" in node.value or "\r" in node.value)


def _control_chars(pattern: str) -> bool:
    """A regex that matches line breaks / control characters (what log injection needs)."""
    return any(mark in pattern for mark in ("\\n", "\\r", "\\x00", "\\x0", "\\s", "[^", "\n", "\r"))


def _fragments(node: ast.expr) -> tuple[str, ...]:
    out = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            out.append(sub.value)
            if len(out) > 8:
                break
    return tuple(out)


def _lxml_parser_unsafe(call: ast.Call) -> bool:
    """An lxml parser that resolves entities or loads DTDs (the default resolves entities)."""
    flags = {k.arg: k.value for k in call.keywords}
    resolve = flags.get("resolve_entities")
    if isinstance(resolve, ast.Constant) and resolve.value is False:
        load = flags.get("load_dtd")
        network = flags.get("no_network")
        return (isinstance(load, ast.Constant) and load.value is True) or (isinstance(network, ast.Constant) and network.value is False)
    return True


def _case_matches(pattern: ast.pattern, value: Any) -> bool:
    if isinstance(pattern, ast.MatchValue):
        ok, expected = const_eval(pattern.value, {})
        return ok and expected == value
    if isinstance(pattern, ast.MatchAs) and pattern.pattern is None:
        return True
    if isinstance(pattern, ast.MatchOr):
        return any(_case_matches(p, value) for p in pattern.patterns)
    if isinstance(pattern, ast.MatchSingleton):
        return pattern.value is value
    return False


def _leaves(stmt: ast.stmt, fn: FunctionAnalyzer) -> bool:
    """The statement never falls through: return, raise, continue, break, abort()."""
    if isinstance(stmt, (ast.Return, ast.Raise, ast.Continue, ast.Break)):
        return True
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        return fn.file.qualify(stmt.value.func, fn.local) in spec.ABORTS
    if isinstance(stmt, ast.If):
        ok, truth = const_eval(stmt.test, fn.file.constants)
        if ok:
            return _block_leaves(stmt.body if truth else stmt.orelse, fn)
        return _block_leaves(stmt.body, fn) and _block_leaves(stmt.orelse, fn)
    return False


def _block_leaves(stmts: list[ast.stmt], fn: FunctionAnalyzer) -> bool:
    return bool(stmts) and any(_leaves(s, fn) for s in stmts)


def _join_env(a: dict[str, Val], b: dict[str, Val]) -> dict[str, Val]:
    out = dict(a)
    for key, value in b.items():
        old = out.get(key)
        out[key] = value if old is None else join(old, value)
    return out


# --- guards ------------------------------------------------------------------------------


def _guards(fn: FunctionAnalyzer, test: ast.expr, truth: bool) -> list[tuple[str, frozenset[str]]]:
    """(name, kinds it is clean for) that `test` being `truth` proves."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1:
        return _compare_guards(fn, test, truth)
    if isinstance(test, ast.Call):
        return _call_guards(fn, test, truth)
    if isinstance(test, ast.Attribute) and test.attr in ("netloc", "hostname", "scheme"):
        return _netloc_guard(fn, test.value)
    return []


def _negated_guards(fn: FunctionAnalyzer, test: ast.expr) -> list[tuple[str, frozenset[str]]]:
    """The guards of `test` being false, for a plain or negated check (no nesting)."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return [] if isinstance(test.operand, ast.BoolOp) else _guards(fn, test.operand, True)
    return [] if isinstance(test, ast.BoolOp) else _guards(fn, test, False)


def _falsy_when_false(test: ast.expr, name: str) -> bool:
    """`x` or `x or y` being false means `x` is empty."""
    if isinstance(test, ast.Name):
        return test.id == name
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return any(isinstance(v, ast.Name) and v.id == name for v in test.values)
    return False


def _compare_guards(fn: FunctionAnalyzer, test: ast.Compare, truth: bool) -> list[tuple[str, frozenset[str]]]:
    op, left, right = test.ops[0], test.left, test.comparators[0]
    out: list[tuple[str, frozenset[str]]] = []
    for side in (left, right):
        if isinstance(side, ast.Attribute) and side.attr in ("netloc", "hostname", "scheme"):
            out += _netloc_guard(fn, side.value)
        if isinstance(side, ast.Call) and fn.file.qualify(side.func, fn.local) in ("os.path.commonpath", "os.path.commonprefix"):
            out += [(n, frozenset({"path"})) for n in _normalized_names(fn, side)]
    out += _membership_guard(fn, op, left, right, truth)
    quote = isinstance(left, ast.Constant) and isinstance(left.value, str) and any(q in left.value for q in "'\"")
    target = fn._guard_target(right)
    if quote and target is not None and ((isinstance(op, ast.In) and not truth) or (isinstance(op, ast.NotIn) and truth)):
        out.append((target, frozenset({"xpath"})))
    return out


def _membership_guard(fn: FunctionAnalyzer, op: ast.cmpop, left: ast.expr, right: ast.expr, truth: bool) -> list[tuple[str, frozenset[str]]]:
    """`x in ALLOWED` / `x == "csv"` (true), `x not in ALLOWED` / `x != "csv"` (false): x is one of known values."""
    name = fn._guard_target(left)
    if name is None:
        return []
    allowed = fn.ev(right)
    if allowed.labels:
        return []
    member = (isinstance(op, ast.In) and truth) or (isinstance(op, ast.NotIn) and not truth)
    equal = (isinstance(op, ast.Eq) and truth) or (isinstance(op, ast.NotEq) and not truth)
    return [(name, spec.ALL)] if member or (equal and allowed.const) else []


def _call_guards(fn: FunctionAnalyzer, test: ast.Call, truth: bool) -> list[tuple[str, frozenset[str]]]:
    qn = fn.file.qualify(test.func, fn.local)
    if qn == "builtins.any" and not truth:
        return _any_quote_guard(fn, test)
    if not truth:
        return []
    if qn in spec.URL_VALIDATORS:
        name = fn._guard_target(test.args[0]) if test.args else None
        if name is None:
            name = next((fn._guard_target(k.value) for k in test.keywords if k.arg == "url"), None)
        return [(name, frozenset({"redirect", "ssrf"}))] if name else []
    if qn in spec.REGEX_MATCH and len(test.args) >= 2 and _anchored(test.args[0], qn):
        name = fn._guard_target(test.args[1])
        return [(name, spec.ALL)] if name else []
    if isinstance(test.func, ast.Attribute):
        return _method_guard(fn, test, test.func)
    return []


def _method_guard(fn: FunctionAnalyzer, test: ast.Call, func: ast.Attribute) -> list[tuple[str, frozenset[str]]]:
    """`x.isdigit()`, `PATTERN.fullmatch(x)`, `p.is_relative_to(BASE)` when true."""
    target = fn._guard_target(func.value)
    if func.attr == "fullmatch" and test.args:
        name = fn._guard_target(test.args[0])
        return [(name, spec.ALL)] if name else []
    if func.attr in spec.VALIDATING_METHODS:
        return [(target, spec.ALL)] if target else []
    if func.attr in ("startswith", "is_relative_to") and target is not None:
        return _prefix_guard(fn, target, test)
    return []


def _any_quote_guard(fn: FunctionAnalyzer, test: ast.Call) -> list[tuple[str, frozenset[str]]]:
    """`if any(q in x for q in ("'", '"')): reject` leaves `x` without quotes."""
    gen = test.args[0] if test.args else None
    if not (isinstance(gen, ast.GeneratorExp) and len(gen.generators) == 1):
        return []
    elt, loop = gen.elt, gen.generators[0]
    ok, values = const_eval(loop.iter, fn.file.constants)
    if not ok or not isinstance(values, tuple) or not any(isinstance(v, str) and ("'" in v or '"' in v) for v in values):
        return []
    if isinstance(elt, ast.Compare) and len(elt.ops) == 1 and isinstance(elt.ops[0], ast.In):
        target = fn._guard_target(elt.comparators[0])
        if target is not None and isinstance(elt.left, ast.Name) and isinstance(loop.target, ast.Name) and elt.left.id == loop.target.id:
            return [(target, frozenset({"xpath"}))]
    return []


def _prefix_guard(fn: FunctionAnalyzer, target: str, test: ast.Call) -> list[tuple[str, frozenset[str]]]:
    """`p.is_relative_to(BASE)` / `p.startswith(BASE)`: a path guard only once `p` was
    resolved (`..` removed); a URL guard when the prefix pins the host."""
    value = fn.env.get(target, CLEAN)
    out: list[tuple[str, frozenset[str]]] = []
    if value.labels and all(spec.NORMALIZED in done for (_, done) in value.labels):
        out.append((target, frozenset({"path"})))
    if test.args and _fixed_prefix(test.args[0]):
        out.append((target, _PREFIX_SAFE))
    return out


def _netloc_guard(fn: FunctionAnalyzer, parsed: ast.expr) -> list[tuple[str, frozenset[str]]]:
    """A test on `urlparse(x).netloc` (or on `p.netloc` with `p = urlparse(x)`) checks `x`'s host."""
    if isinstance(parsed, ast.Call) and fn.file.qualify(parsed.func, fn.local) in spec.URL_PARSERS and parsed.args:
        name = fn._guard_target(parsed.args[0])
        return [(name, _PREFIX_SAFE)] if name else []
    if isinstance(parsed, ast.Name) and parsed.id in fn.parsed_urls:
        return [(fn.parsed_urls[parsed.id], _PREFIX_SAFE)]
    return []


def _normalized_names(fn: FunctionAnalyzer, call: ast.Call) -> list[str]:
    out = []
    for node in walk_nodes(call):
        if isinstance(node, ast.Name) and node.id in fn.env:
            value = fn.env[node.id]
            if value.labels and all(spec.NORMALIZED in done for (_, done) in value.labels):
                out.append(node.id)
    return out


def _anchored(pattern: ast.expr, qn: str) -> bool:
    if not (isinstance(pattern, ast.Constant) and isinstance(pattern.value, str)):
        return False
    text = pattern.value
    end = text.endswith("$") or text.endswith(r"\Z")
    if qn == "re.fullmatch":
        return True
    if qn == "re.match":
        return end
    return text.startswith("^") and end


_STMT: dict[type, Callable[[FunctionAnalyzer, Any], None]] = {
    ast.Expr: FunctionAnalyzer.s_expr,
    ast.Assign: FunctionAnalyzer.s_assign,
    ast.AnnAssign: FunctionAnalyzer.s_annassign,
    ast.AugAssign: FunctionAnalyzer.s_augassign,
    ast.Return: FunctionAnalyzer.s_return,
    ast.If: FunctionAnalyzer.s_if,
    ast.While: FunctionAnalyzer.s_while,
    ast.For: FunctionAnalyzer.s_for,
    ast.AsyncFor: FunctionAnalyzer.s_for,
    ast.With: FunctionAnalyzer.s_with,
    ast.AsyncWith: FunctionAnalyzer.s_with,
    ast.Try: FunctionAnalyzer.s_try,
    ast.Match: FunctionAnalyzer.s_match,
    ast.Assert: FunctionAnalyzer.s_assert,
    ast.Delete: FunctionAnalyzer.s_delete,
    ast.Import: FunctionAnalyzer.s_import,
    ast.ImportFrom: FunctionAnalyzer.s_import,
}
if hasattr(ast, "TryStar"):
    _STMT[ast.TryStar] = FunctionAnalyzer.s_try

_EXPR: dict[type, Callable[[FunctionAnalyzer, Any], Val]] = {
    ast.Constant: FunctionAnalyzer.e_const,
    ast.Name: FunctionAnalyzer.e_name,
    ast.Attribute: FunctionAnalyzer.e_attribute,
    ast.Subscript: FunctionAnalyzer.e_subscript,
    ast.BinOp: FunctionAnalyzer.e_binop,
    ast.JoinedStr: FunctionAnalyzer.e_joinedstr,
    ast.FormattedValue: FunctionAnalyzer.e_await,
    ast.BoolOp: FunctionAnalyzer.e_boolop,
    ast.Compare: FunctionAnalyzer.e_compare,
    ast.UnaryOp: FunctionAnalyzer.e_unaryop,
    ast.IfExp: FunctionAnalyzer.e_ifexp,
    ast.Tuple: FunctionAnalyzer.e_sequence,
    ast.List: FunctionAnalyzer.e_sequence,
    ast.Set: FunctionAnalyzer.e_sequence,
    ast.Dict: FunctionAnalyzer.e_dict,
    ast.ListComp: FunctionAnalyzer.e_comprehension,
    ast.SetComp: FunctionAnalyzer.e_comprehension,
    ast.GeneratorExp: FunctionAnalyzer.e_comprehension,
    ast.DictComp: FunctionAnalyzer.e_comprehension,
    ast.Await: FunctionAnalyzer.e_await,
    ast.Starred: FunctionAnalyzer.e_await,
    ast.NamedExpr: FunctionAnalyzer.e_namedexpr,
    ast.Yield: FunctionAnalyzer.e_yield,
    ast.YieldFrom: FunctionAnalyzer.e_yield,
    ast.Call: FunctionAnalyzer.e_call,
}
