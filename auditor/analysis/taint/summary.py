"""The per-file taint summary: small, plain, picklable (it crosses process boundaries).

Vocabulary:

- a *step* is `(line, column, note)` inside the summary's file;
- an *origin* says where a value comes from: `"S"` (request data), `("P", name, view)`
  (the function's parameter `name`; `view` is True for a URL argument of a Django-style
  view, which counts as request data when no function of the repository calls it) or
  `("R", index)` (the value returned by the call site `index`, resolved project-wide);
- a *label* is `(origin, sanitized)`: `sanitized` holds the sink kinds it was cleaned for;
- a *flow* maps each label to the first path (tuple of steps) found for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Step = tuple[int, int, str]
Path = tuple[Step, ...]
Origin = Any  # "S" | ("P", name, view) | ("R", index)
Label = tuple[Origin, frozenset]
Flow = tuple[tuple[Label, Path], ...]


@dataclass(frozen=True)
class SinkSite:
    kind: str
    line: int
    column: int
    note: str  # "SQL executed by cursor.execute()"
    snippet: str  # the sink line, stripped


@dataclass(frozen=True)
class CallSite:
    """A call whose callee may be a function of the repository."""

    callee: str  # qualified name: "app.db.run_query", "app.views.Shop.total" for self.total()
    bound: bool  # called on an instance (`self.f()`, `obj.f()`): the callee's `self` is implicit
    line: int
    column: int
    name: str  # as written, for notes: "run_query"
    args: tuple[tuple[Any, Flow], ...]  # (position or keyword, flow of the argument), tainted only


@dataclass(frozen=True)
class FunctionSummary:
    qualname: str  # "Shop.total", "helpers.<locals>" are not kept: nested defs are "outer.inner"
    line: int
    params: tuple[str, ...]
    method: bool  # defined in a class and not a staticmethod: params[0] is self/cls
    returns: Flow
    sinks: tuple[tuple[SinkSite, Flow], ...]
    calls: tuple[tuple[int, CallSite], ...]
    view_step: tuple[int, int, str] = (0, 0, "")  # where its URL arguments come from


@dataclass(frozen=True)
class FileSummary:
    module: str
    functions: tuple[FunctionSummary, ...]
    aliases: tuple[tuple[str, str], ...]  # module-level name -> qualified target (re-exports)
    # Sinks that no request data reaches, with the bandit test ids that flag such a sink
    # whatever its input: (line, ids, reason), reason "constant" (every relevant argument
    # is built from literals and module constants) or "clean" (no origin at all, or only
    # sanitized ones). `overlap.settle` demotes those bandit findings to info.
    quiet_sinks: tuple[tuple[int, tuple[str, ...], str], ...] = ()
