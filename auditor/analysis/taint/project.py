"""The project half of the taint analysis: function summaries joined across the repository.

Every function's summary speaks of its own parameters and of the calls it makes. Here
calls are resolved to the repository's functions (through each module's imports, with
re-exports followed), and each function's facts are completed with its callees' until
nothing changes (a worklist; facts only grow, and their number is bounded, so it ends):

- `ret`: which origins reach the function's return value (request data, or a parameter);
- `sinks`: which origins reach a sink, in the function or in anything it calls.

A flow is a sink reached by request data: directly, through a wrapper that returns request
data, or through a parameter of a function that a handler called with request data. A
Django-style view's URL arguments count as request data when no function of the
repository calls the view. Computed once per run, cached in `project.cache["taint"]`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from auditor.analysis.taint.spec import LOOKUP_PREFIXES
from auditor.analysis.taint.summary import CallSite, FileSummary, Flow, FunctionSummary, SinkSite
from auditor.model import TraceStep
from auditor.project import ProjectIndex

FullStep = tuple[str, int, int, str]  # file, line, column, note
FullPath = tuple[FullStep, ...]
Key = tuple[Any, frozenset]  # (origin, sanitized kinds)
SinkKey = tuple[str, int, int, str]  # file, line, column, kind
MAX_VISITS = 12  # recomputations per function before the worklist gives up on it
MAX_ALIAS_HOPS = 4
FACTLESS = ""  # resolved to the repository, where it returns and reaches nothing tainted


@dataclass(frozen=True)
class TaintFlow:
    kind: str
    file: str
    line: int
    column: int
    snippet: str
    message: str
    trace: tuple[TraceStep, ...]  # source first, sink last


@dataclass
class _Fn:
    key: str
    file: str
    summary: FunctionSummary
    ret: dict[Key, FullPath] = field(default_factory=dict)
    sinks: dict[tuple[SinkKey, Any, frozenset], FullPath] = field(default_factory=dict)
    callees: dict[int, str] = field(default_factory=dict)  # call index -> function key


def taint_flows(project: ProjectIndex) -> list[TaintFlow]:
    """Every source-to-sink flow of the project, computed once and shared by the rules."""
    cached = project.cache.get("taint")
    if cached is None:
        cached = _Analysis(project.facts("taint")).flows()
        project.cache["taint"] = cached
    return cached


class _Analysis:
    def __init__(self, files: dict[str, Any]) -> None:
        self.functions: dict[str, _Fn] = {}
        self.aliases: dict[str, dict[str, str]] = {}
        self.sink_sites: dict[SinkKey, SinkSite] = {}
        for relpath in sorted(files):
            summary = files[relpath]
            if not isinstance(summary, FileSummary):
                continue
            self.aliases.setdefault(summary.module, dict(summary.aliases))
            for fn in summary.functions:
                key = f"{summary.module}.{fn.qualname}" if summary.module else fn.qualname
                self.functions.setdefault(key, _Fn(key, relpath, fn))
        self.callers: dict[str, set[str]] = {}
        for fn in self.functions.values():
            for index, site in fn.summary.calls:
                target = self.resolve(site.callee)
                if target == FACTLESS:
                    fn.callees[index] = target
                elif target is not None and target != fn.key:
                    fn.callees[index] = target
                    self.callers.setdefault(target, set()).add(fn.key)

    # -- call resolution --

    def resolve(self, callee: str, hops: int = 0) -> str | None:
        """The function key a qualified callee names, following re-exports."""
        if callee in self.functions:
            return callee
        if hops >= MAX_ALIAS_HOPS:
            return None
        parts = callee.split(".")
        for i in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:i])
            table = self.aliases.get(module)
            if table is None:
                continue
            target = table.get(parts[i])
            if target is None:
                return FACTLESS  # a function (or class) of the repository with nothing to say
            return self.resolve(".".join([target, *parts[i + 1:]]), hops + 1)
        return None

    # -- fixed point --

    def flows(self) -> list[TaintFlow]:
        order = sorted(self.functions)
        pending = list(order)
        queued = set(order)
        visits: dict[str, int] = {}
        while pending:
            key = pending.pop()
            queued.discard(key)
            visits[key] = visits.get(key, 0) + 1
            if visits[key] > MAX_VISITS:
                continue
            if self._update(self.functions[key]):
                for caller in sorted(self.callers.get(key, ())):
                    if caller not in queued:
                        queued.add(caller)
                        pending.append(caller)
        return self._report()

    def _update(self, fn: _Fn) -> bool:
        """Recompute `fn`'s facts from its summary and its callees'; True if they grew."""
        resolver = _Resolver(self, fn)
        grew = False
        for key, path in resolver.flow(fn.summary.returns).items():
            if key not in fn.ret:
                fn.ret[key] = path
                grew = True
        for site, flow in fn.summary.sinks:
            sink_key = (fn.file, site.line, site.column, site.kind)
            self.sink_sites.setdefault(sink_key, site)
            for (origin, done), path in resolver.flow(flow).items():
                grew |= _add_sink(fn, (sink_key, origin, done), site.kind, path)
        for index, site in fn.summary.calls:
            target = fn.callees.get(index)
            if not target:
                continue
            for (sink_key, origin, done), path in list(self.functions[target].sinks.items()):
                if not (isinstance(origin, tuple) and origin[0] == "P"):
                    continue
                for (o2, d2), p2 in resolver.argument(site, target, origin[1]).items():
                    grew |= _add_sink(fn, (sink_key, o2, d2 | done), sink_key[3], p2 + path)
        return grew

    def _report(self) -> list[TaintFlow]:
        best: dict[tuple[str, int, str], TaintFlow] = {}
        for fn in self.functions.values():
            for (sink_key, origin, _done), path in fn.sinks.items():
                source = self._source_steps(fn, origin)
                if source is None:
                    continue
                site = self.sink_sites[sink_key]
                flow = _make_flow(site, sink_key, source + path)
                old = best.get((sink_key[0], sink_key[1], site.kind))
                if old is None or (len(flow.trace), flow.trace) < (len(old.trace), old.trace):
                    best[(sink_key[0], sink_key[1], site.kind)] = flow
        return [best[k] for k in sorted(best)]

    def _source_steps(self, fn: _Fn, origin: Any) -> FullPath | None:
        """The steps before the path for a reportable origin; None if not request data."""
        if origin == "S":
            return ()
        if isinstance(origin, tuple) and origin[0] == "P" and origin[2] and not self.callers.get(fn.key):
            line, column, _ = fn.summary.view_step
            return ((fn.file, line, column, f"URL argument `{origin[1]}` of view {fn.summary.qualname}() (request data)"),)
        return None


def _add_sink(fn: _Fn, key: tuple[SinkKey, Any, frozenset], kind: str, path: FullPath) -> bool:
    if kind in key[2] or key in fn.sinks:
        return False
    fn.sinks[key] = path
    return True


class _Resolver:
    """Resolves one function's local flows (with call results) into parameters and sources."""

    def __init__(self, analysis: _Analysis, fn: _Fn) -> None:
        self.analysis, self.fn = analysis, fn
        self.calls = dict(fn.summary.calls)
        self.memo: dict[int, dict[Key, FullPath]] = {}
        self.active: set[int] = set()

    def flow(self, flow: Flow) -> dict[Key, FullPath]:
        out: dict[Key, FullPath] = {}
        file = self.fn.file
        for (origin, done), path in flow:
            full = tuple((file, line, column, note) for line, column, note in path)
            if isinstance(origin, tuple) and origin[0] == "R":
                for (o2, d2), p2 in self.call_result(origin[1]).items():
                    _put(out, (o2, d2 | done), p2 + full)
            else:
                _put(out, (origin, done), full)
        return out

    def call_result(self, index: int) -> dict[Key, FullPath]:
        """What call `index` returns: its callee's return facts with the arguments put in,
        or, for a function outside the repository, whatever its positional arguments carry."""
        if index in self.memo:
            return self.memo[index]
        if index in self.active or index not in self.calls:
            return {}
        self.active.add(index)
        try:
            site = self.calls[index]
            target = self.fn.callees.get(index)
            if target is None:
                out = self._unresolved(site)
            elif target == FACTLESS:
                out = {}
            else:
                out = self._returned(site, target)
            self.memo[index] = out
            return out
        finally:
            self.active.discard(index)

    def _unresolved(self, site: CallSite) -> dict[Key, FullPath]:
        """A function outside the repository: its result carries its positional arguments,
        unless it is named like a lookup (`find_user(email)` returns a stored record)."""
        out: dict[Key, FullPath] = {}
        if site.callee.rsplit(".", 1)[-1].startswith(LOOKUP_PREFIXES):
            return out
        for position, flow in site.args:
            if isinstance(position, int):
                for key, path in self.flow(flow).items():
                    _put(out, key, path)
        return out

    def _returned(self, site: CallSite, target: str) -> dict[Key, FullPath]:
        """The callee's return facts, with what this call passes put in for its parameters."""
        out: dict[Key, FullPath] = {}
        for (origin, done), path in self.analysis.functions[target].ret.items():
            if origin == "S":
                _put(out, (origin, done), path)
            elif isinstance(origin, tuple) and origin[0] == "P":
                for (o2, d2), p2 in self.argument(site, target, origin[1]).items():
                    _put(out, (o2, d2 | done), p2 + path)
        return out

    def argument(self, site: CallSite, target: str, param: str) -> dict[Key, FullPath]:
        """What the call passes as `param` of `target`, ending with the "passed" step."""
        callee = self.analysis.functions[target].summary
        flow = _argument_flow(site, callee, param)
        if not flow:
            return {}
        step = (self.fn.file, site.line, site.column, f"passed to {site.name}() as `{param}`")
        return {key: path + (step,) for key, path in self.flow(flow).items()}


def _argument_flow(site: CallSite, callee: FunctionSummary, param: str) -> Flow:
    if param not in callee.params:
        return ()
    index = callee.params.index(param)
    if callee.method and site.bound:
        index -= 1
    for position, flow in site.args:
        if position == index or position == param:
            return flow
    return ()


def _put(out: dict[Key, FullPath], key: Key, path: FullPath) -> None:
    old = out.get(key)
    if old is None or len(path) < len(old):
        out[key] = path


def _make_flow(site: SinkSite, sink_key: SinkKey, path: FullPath) -> TaintFlow:
    file = sink_key[0]
    steps = [TraceStep(f, line, column, note) for f, line, column, note in path]
    steps.append(TraceStep(file, site.line, site.column, site.note))
    source = steps[0]
    where = f"line {source.line}" if source.file == file else f"{source.file}:{source.line}"
    origin = source.note.replace(" (request data)", "")
    message = f"request data ({origin}, {where}) is {site.note}"
    return TaintFlow(site.kind, file, site.line, site.column, site.snippet, message, tuple(steps))
