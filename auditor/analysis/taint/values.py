"""Abstract values of the taint analysis and the few operations on them.

A `Val` is what the analysis knows about one expression: its labels (where its text may
come from, with the first path found for each), whether it is a constant (built only from
literals and module constants), and, for literal containers, the value of each constant
key or index (so `d["a"]` is clean when only `d["b"]` is tainted).
"""

from __future__ import annotations

from typing import Iterable

from auditor.analysis.taint.spec import ALL
from auditor.analysis.taint.summary import Label, Path, Step

MAX_PATH = 12  # steps kept per label: a longer trace helps no reviewer


class Val:
    __slots__ = ("labels", "const", "items")

    def __init__(self, labels: dict[Label, Path] | None = None, const: bool = False, items: dict | None = None) -> None:
        self.labels: dict[Label, Path] = labels if labels is not None else {}
        self.const = const
        self.items = items  # {constant key: Val} of an exactly known literal container

    @property
    def tainted(self) -> bool:
        return bool(self.labels)

    def __repr__(self) -> str:  # debugging aid
        return f"Val({sorted(map(str, self.labels))}, const={self.const}, items={self.items})"


CLEAN = Val()
CONST = Val(const=True)


def union(vals: Iterable[Val]) -> Val:
    """The value of an expression built from all of `vals` (no container structure kept)."""
    labels: dict[Label, Path] = {}
    const = True
    for v in vals:
        const = const and v.const
        for label, path in v.labels.items():
            old = labels.get(label)
            if old is None or len(path) < len(old):
                labels[label] = path
    if not labels:
        return CONST if const else CLEAN
    return Val(labels, const)


def with_step(v: Val, step: Step) -> Val:
    """`v` after it went through `step` (assigned, passed, returned)."""
    if not v.labels:
        return v
    labels = {label: _extend(path, step) for label, path in v.labels.items()}
    return Val(labels, v.const, v.items)


def _extend(path: Path, step: Step) -> Path:
    if path and path[-1][0] == step[0]:
        return path
    if len(path) >= MAX_PATH:
        return path[: MAX_PATH - 1] + (step,)
    return path + (step,)


def sanitize(v: Val, kinds: frozenset[str]) -> Val:
    """`v` cleaned for `kinds` of sink. A sanitizer's output is as good as a constant for
    the bandit demotion (`int(x)`, `shlex.quote(x)`): whatever `x` was, what comes out is
    safe, which an unknown value (`CLEAN`: no request data seen, origin unknown) is not."""
    if not v.labels or kinds >= ALL:
        return CONST
    labels = {(origin, done | kinds): path for (origin, done), path in v.labels.items()}
    return Val(labels, v.const, None)


def join(a: Val, b: Val) -> Val:
    """Either value (after an if/else, a loop): container items are kept when both agree on the keys."""
    if a is b:
        return a
    out = union((a, b))
    if a.items is not None and b.items is not None and a.items.keys() == b.items.keys():
        items = {k: join(a.items[k], b.items[k]) for k in a.items}
        return Val(out.labels, out.const, items)
    return out


def container(items: dict, extra: Iterable[Val] = ()) -> Val:
    """A literal list/tuple/dict: its labels are its items', and each item stays reachable."""
    whole = union([*items.values(), *extra])
    if extra:
        return whole
    return Val(whole.labels, whole.const, items)


def item(v: Val, key: object) -> Val:
    """`v[key]` for a constant key."""
    if v.items is not None:
        return v.items.get(key, CLEAN)
    return v
