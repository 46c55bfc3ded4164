"""Where a node sits, for libcst rules: inside a loop body, an `async def`, a request handler.

`FrameTracker` keeps one frame per function (and lambda and class body): a node in a
nested `def` is not "in the loop" of the enclosing function (the def only defines it), nor
in the enclosing handler. Loop bodies are `for`/`while` bodies and the per-item parts of
comprehensions; the iterable of a `for` (and of a comprehension's first `for`) is
evaluated once and is not a loop body.

One tracker per file serves every `TrackingRule` (eleven rules): each used to keep its own
frames, which made the tracking methods a third of the rules' walk on Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import libcst as cst

from auditor.helpers import ImportTable
from auditor.rule import FileContext, Rule

# Top-level packages whose import makes a module web code (its handlers take requests).
WEB_PACKAGES = frozenset(
    {
        "flask", "fastapi", "starlette", "quart", "sanic", "litestar", "aiohttp", "django",
        "rest_framework", "ninja", "bottle", "falcon", "tornado", "pyramid",
    }
)
DJANGO_PACKAGES = frozenset({"django", "rest_framework", "ninja"})
# `@app.route("/")`, `@router.get("/items")`, `@bp.post(...)`, `@routes.get(...)` (aiohttp)
_ROUTE_DECORATORS = frozenset(
    {"route", "get", "post", "put", "patch", "delete", "head", "options", "websocket", "api_route"}
)
# Function-view decorators that make a function a handler whatever its parameters.
_VIEW_DECORATORS = frozenset({"rest_framework.decorators.api_view", "rest_framework.decorators.action"})
# Methods of class-based views (Django, DRF, Flask MethodView, tornado handlers).
_VIEW_METHODS = frozenset(
    {
        "get", "post", "put", "patch", "delete", "head", "options", "dispatch",
        "list", "create", "retrieve", "update", "partial_update", "destroy",
    }
)


@dataclass
class Frame:
    """One function, lambda or class body during the walk."""

    is_async: bool = False
    handler: str = ""  # "" when the function is not a request handler, else its name
    loops: list[cst.CSTNode] = field(default_factory=list)  # enclosing loops, innermost last
    node: cst.CSTNode | None = None
    # Per function, for the rules (shared by them: each rule keeps its own keys).
    facts: dict[str, object] = field(default_factory=dict)

    def without_last_loop(self) -> Frame:
        return Frame(self.is_async, self.handler, self.loops[:-1], self.node, self.facts)


def web_packages(imports: ImportTable) -> frozenset[str]:
    """The web frameworks a module imports (top-level package names)."""
    return frozenset(ref.target.split(".", 1)[0] for ref in imports.imports) & WEB_PACKAGES


def _param_names(node: cst.FunctionDef) -> list[str]:
    params = node.params
    return [p.name.value for p in (*params.posonly_params, *params.params)]


def handler_name(
    node: cst.FunctionDef, imports: ImportTable, frameworks: frozenset[str], in_class: bool, nested: bool
) -> str:
    """The function's name if it handles a web request, else ""."""
    if not frameworks:
        return ""
    for decorator in node.decorators:
        expr = decorator.decorator
        func = expr.func if isinstance(expr, cst.Call) else expr
        if isinstance(expr, cst.Call) and isinstance(func, cst.Attribute) and func.attr.value in _ROUTE_DECORATORS:
            return node.name.value
        if imports.qualify(func) in _VIEW_DECORATORS:
            return node.name.value
    if nested or not frameworks & DJANGO_PACKAGES:
        return ""
    params = _param_names(node)
    if in_class:
        if node.name.value in _VIEW_METHODS and len(params) >= 2 and params[1] == "request":
            return node.name.value
        return ""
    return node.name.value if params[:1] == ["request"] else ""


class FrameTracker(cst.BatchableCSTVisitor):
    """The frames during one walk: one per function, lambda and class body, each with its
    enclosing loops, async-ness and handler name. One per file, shared by every
    TrackingRule (the engine runs it before the rules, see `Rule.shared_visitors`)."""

    def __init__(self, context: FileContext) -> None:
        super().__init__()
        self.imports = context.imports
        self.frames: list[Frame] = [Frame()]
        self._class_depth: list[int] = [0]  # classes directly enclosing the current frame
        self._loop_bodies: dict[int, cst.CSTNode] = {}  # id(body) -> loop
        self._suspended: dict[int, Frame] = {}  # id(outermost CompFor) -> its frame
        self._saved: dict[int, Frame] = {}  # id(outermost CompFor) -> frame while suspended
        self._resume_at: dict[int, int] = {}  # id(CompIf / inner CompFor) -> id(outermost)
        self.frameworks = web_packages(context.imports)

    # --- functions and classes ------------------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        in_class = self._class_depth[-1] > 0
        nested = len(self.frames) > 1 and not in_class
        name = handler_name(node, self.imports, self.frameworks, in_class, nested)
        self.frames.append(Frame(node.asynchronous is not None, name, [], node))
        self._class_depth.append(0)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.frames.pop()
        self._class_depth.pop()

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self.frames.append(Frame(node=node))
        self._class_depth.append(0)

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self.frames.pop()
        self._class_depth.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.frames.append(Frame(node=node))
        self._class_depth.append(self._class_depth[-1] + 1)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.frames.pop()
        self._class_depth.pop()

    # --- loops ------------------------------------------------------------------------

    def visit_For(self, node: cst.For) -> None:
        self._loop_bodies[id(node.body)] = node

    def visit_While(self, node: cst.While) -> None:
        self._loop_bodies[id(node.body)] = node

    def _enter_body(self, node: cst.CSTNode) -> None:
        loop = self._loop_bodies.get(id(node))
        if loop is not None:
            self.frames[-1].loops.append(loop)

    def _leave_body(self, node: cst.CSTNode) -> None:
        if self._loop_bodies.pop(id(node), None) is not None:
            self.frames[-1].loops.pop()

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._enter_body(node)

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock) -> None:
        self._leave_body(original_node)

    def visit_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> None:
        self._enter_body(node)

    def leave_SimpleStatementSuite(self, original_node: cst.SimpleStatementSuite) -> None:
        self._leave_body(original_node)

    # Comprehensions: the element is visited before the `for` part. The first `for`'s
    # iterable runs once: suspend the loop while it is visited, resume at the first `if`,
    # the inner `for`, or the end of the outer `for`.

    def _enter_comp(self, node: cst.CSTNode, for_in: cst.CompFor) -> None:
        self.frames[-1].loops.append(node)
        self._suspended[id(for_in)] = self.frames[-1]

    def _leave_comp(self) -> None:
        self.frames[-1].loops.pop()

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self._enter_comp(node, node.for_in)

    def leave_ListComp(self, original_node: cst.ListComp) -> None:
        self._leave_comp()

    def visit_SetComp(self, node: cst.SetComp) -> None:
        self._enter_comp(node, node.for_in)

    def leave_SetComp(self, original_node: cst.SetComp) -> None:
        self._leave_comp()

    def visit_DictComp(self, node: cst.DictComp) -> None:
        self._enter_comp(node, node.for_in)

    def leave_DictComp(self, original_node: cst.DictComp) -> None:
        self._leave_comp()

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._enter_comp(node, node.for_in)

    def leave_GeneratorExp(self, original_node: cst.GeneratorExp) -> None:
        self._leave_comp()

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._resume(id(node))
        frame = self._suspended.pop(id(node), None)
        if frame is not None:
            # The outermost `for`: its iterable is evaluated once, outside the loop.
            self._saved[id(node)] = frame
            self.frames[-1] = frame.without_last_loop()
            for point in (*node.ifs, node.inner_for_in):
                if point is not None:
                    self._resume_at[id(point)] = id(node)

    def visit_CompIf(self, node: cst.CompIf) -> None:
        self._resume(id(node))

    def leave_CompFor(self, original_node: cst.CompFor) -> None:
        saved = self._saved.pop(id(original_node), None)
        if saved is not None:
            self.frames[-1] = saved

    def _resume(self, point: int) -> None:
        outer = self._resume_at.pop(point, None)
        if outer is not None:
            saved = self._saved.pop(outer, None)
            if saved is not None:
                self.frames[-1] = saved


class TrackingRule(Rule):
    """A Rule that knows, at every node, its enclosing loops, async-ness and handler, from
    the file's shared FrameTracker (which has already seen the node when the rule's own
    `visit_` method runs, and has already left it when its `leave_` method runs)."""

    abstract = True
    shared_visitors: ClassVar[tuple[type, ...]] = (FrameTracker,)

    def attach(self, shared: dict[type, cst.BatchableCSTVisitor]) -> None:
        super().attach(shared)
        self.tracker: FrameTracker = shared[FrameTracker]  # type: ignore[assignment]

    @property
    def frames(self) -> list[Frame]:
        return self.tracker.frames

    @property
    def frame(self) -> Frame:
        return self.tracker.frames[-1]

    def in_loop(self) -> bool:
        return bool(self.tracker.frames[-1].loops)

    def in_async(self) -> bool:
        return self.tracker.frames[-1].is_async

    def handler(self) -> str:
        """The enclosing request handler's name ("" outside one)."""
        return self.tracker.frames[-1].handler
