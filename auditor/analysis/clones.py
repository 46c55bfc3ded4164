"""Duplicated code across the repository: exact and renamed copies (Type 1 and Type 2).

Per file (in the worker, from the file's one shared token list): every statement (a
logical line) becomes a *unit*, the hash of its normalized tokens: identifiers -> `I`,
numbers and strings -> `L`, keywords and operators kept, comments and layout dropped.
A unit also remembers how much deeper or shallower it starts than the statement before,
so copies must have the same block structure. Imports never take part in a clone.

Over the project (once per run): windows of `min_lines` consecutive units are hashed;
two places with the same window are a match, grown statement by statement to its
maximal extent in both directions; matches that share a region form a clone group.
Groups under `min_tokens` tokens, or made of one statement shape repeated (tables,
runs of similar assertions), are dropped. Everything is linear in the number of units.
"""

from __future__ import annotations

import hashlib
import keyword
import tokenize
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Iterable

from auditor.project import ProjectIndex
from auditor.rule import Collector, FileContext
from auditor.source import SourceFile

_FSTRING_START = getattr(tokenize, "FSTRING_START", -1)
_FSTRING_END = getattr(tokenize, "FSTRING_END", -1)
_IGNORED = frozenset({tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER})
_BREAK = 0  # the hash of a unit that never matches (an import)
_KEYWORDS = frozenset(keyword.kwlist)
# What a statement that binds a name to literals only is made of (`X = ["%d", "%m"]`).
# `NAME = <literals and names>`: literals, containers of them, and (dotted) constants.
_CONSTANTS = frozenset({"L", "I", ".", ",", "[", "]", "{", "}", ":", "(", ")", "-", "None", "True", "False"})
_DECLARATION = frozenset({"I", "L", ".", ",", "[", "]", "|", "=", "None", "-"})


@dataclass(frozen=True)
class FileUnits:
    """One file's statements for clone detection (plain data, sent from the worker)."""

    hashes: tuple[int, ...]  # normalized statement hash; 0 = never part of a clone
    shifts: tuple[int, ...]  # indentation change from the previous statement
    lines: tuple[int, ...]  # first line of each statement
    end_lines: tuple[int, ...]
    tokens: tuple[int, ...]  # tokens per statement
    data: tuple[bool, ...]  # a plain data statement (`NAME = [literals]`)
    is_test: bool


def file_units(source: SourceFile, is_test: bool) -> FileUnits:
    hashes: list[int] = []
    shifts: list[int] = []
    lines: list[int] = []
    ends: list[int] = []
    counts: list[int] = []
    data: list[bool] = []
    words: list[str] = []
    shift = 0
    first_line = 0
    in_fstring = 0
    for kind, string, line, _ in source.tokens:
        if kind == tokenize.NAME:
            word = string if string in _KEYWORDS else "I"
        elif kind == tokenize.OP:
            word = string
        elif kind == tokenize.STRING or kind == tokenize.NUMBER:
            word = "L"
        elif kind == tokenize.NEWLINE:
            if words:
                hashes.append(_BREAK if words[0] in ("import", "from") and len(words) > 1 else _hash(words))
                shifts.append(shift)
                lines.append(first_line)
                ends.append(line)
                counts.append(len(words))
                data.append(_is_data(words))
            words, shift = [], 0
            continue
        elif kind == tokenize.INDENT:
            shift += 1
            continue
        elif kind == tokenize.DEDENT:
            shift -= 1
            continue
        elif kind in _IGNORED:
            continue
        elif kind == _FSTRING_START:
            in_fstring += 1
            if in_fstring == 1:
                words.append("L")
            continue
        elif kind == _FSTRING_END:
            in_fstring -= 1
            continue
        else:
            word = string
        if in_fstring:
            continue
        if not words:
            first_line = line
        words.append(word)
    return FileUnits(tuple(hashes), tuple(shifts), tuple(lines), tuple(ends), tuple(counts), tuple(data), is_test)


def _is_data(words: list[str]) -> bool:
    """Declarations rather than logic, alike by nature: `NAME = <literals or constants>`
    (settings tables, format lists, class metadata), a bare string (a docstring) and
    `name: Type [= literal]` (the fields of a dataclass). No call, no subscript."""
    if words == ["L"]:
        return True
    if words[:2] == ["I", "="]:
        rest = words[2:]
        calls = any(a in ("I", ")", "]") and b in ("(", "[") for a, b in zip(rest, rest[1:]))
        return not calls and _CONSTANTS.issuperset(rest)
    return words[:2] == ["I", ":"] and _DECLARATION.issuperset(words[2:])


def _hash(words: list[str]) -> int:
    digest = hashlib.blake2b(" ".join(words).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") or 1


class CloneCollector(Collector):
    """Per file: the normalized statement hashes that clone detection compares."""

    key = "clones"

    def collect(self, source: SourceFile, context: FileContext) -> Any:
        units = file_units(source, context.is_test)
        return units if units.hashes else None


# -- the project step ----------------------------------------------------------------------


@dataclass(frozen=True)
class CloneLocation:
    file: str
    line: int
    end_line: int
    first: int  # unit indices, inclusive
    last: int
    is_test: bool = False

    @property
    def lines(self) -> int:
        return self.end_line - self.line + 1


@dataclass(frozen=True)
class CloneGroup:
    locations: tuple[CloneLocation, ...]  # sorted by file and line
    units: int  # statements in each copy
    tokens: int  # tokens in the first copy, without its literal-only statements

    @property
    def lines(self) -> int:
        return max(loc.lines for loc in self.locations)

    @property
    def all_in_tests(self) -> bool:
        return all(loc.is_test for loc in self.locations)


def find_clones(project: ProjectIndex, min_lines: int = 6, min_tokens: int = 50) -> list[CloneGroup]:
    """Clone groups of the project, largest first; computed once per run and settings."""
    key = ("clones", int(min_lines), int(min_tokens))
    cached = project.cache.get(key)
    if cached is None:
        facts = {path: units for path, units in project.facts("clones").items() if isinstance(units, FileUnits)}
        cached = _Detector(facts, max(2, int(min_lines)), max(1, int(min_tokens))).run()
        project.cache[key] = cached
    return cached  # type: ignore[no-any-return]


class _Detector:
    def __init__(self, facts: dict[str, FileUnits], width: int, min_tokens: int) -> None:
        self.paths = sorted(facts)
        self.fid = {path: i for i, path in enumerate(self.paths)}
        self.files = [facts[p] for p in self.paths]
        self.width = width
        self.min_tokens = min_tokens
        # A unit's key joins its hash and its indentation change from the previous one.
        self.keys = [tuple(zip(f.hashes, f.shifts)) for f in self.files]

    def run(self) -> list[CloneGroup]:
        matches = self._matches()
        groups = self._group(matches)
        return self._keep(groups)

    def _windows(self) -> dict[int, list[tuple[int, int]]]:
        """Window hash -> places, for the windows seen at least twice."""
        w = self.width
        first: dict[int, tuple[int, int]] = {}
        repeated: dict[int, list[tuple[int, int]]] = {}
        for fid, f in enumerate(self.files):
            if len(f.hashes) < w:
                continue
            units = [hash(k) for k in self.keys[fid]]
            # A window is the first statement's hash and the next ones' keys: copies may
            # start at different depths, but their inner structure must be the same.
            columns = [f.hashes, *(units[j:] for j in range(1, w))]
            valid = self._valid(f)
            for i, key in enumerate(map(hash, zip(*columns))):
                if not valid[i]:
                    continue
                place = first.setdefault(key, (fid, i))
                if place[1] != i or place[0] != fid:
                    repeated.setdefault(key, [place]).append((fid, i))
        return repeated

    def _valid(self, f: FileUnits) -> list[bool]:
        """Windows with no import, and not data or one statement shape over and over
        (settings tables, runs of similar assertions): fewer than half the statements
        after the first bind only literals or repeat one of the two before them."""
        w = self.width
        hashes, data = f.hashes, f.data
        breaks = [0, *accumulate(1 if h == _BREAK else 0 for h in hashes)]
        repeats = [0, 0, *accumulate(
            1 if data[k] or hashes[k] == hashes[k - 1] or (k > 1 and hashes[k] == hashes[k - 2]) else 0
            for k in range(1, len(hashes))
        )]
        return [
            breaks[i + w] == breaks[i] and (repeats[i + w] - repeats[i + 1]) * 2 < w
            for i in range(len(hashes) - w + 1)
        ]

    def _matches(self) -> set[tuple[int, int, int, int, int]]:
        """Maximal matches (fid_a, start_a, fid_b, start_b, length in units)."""
        out: set[tuple[int, int, int, int, int]] = set()
        for places in self._windows().values():
            kept: list[tuple[int, int]] = []
            for place in sorted(places):
                if kept and kept[-1][0] == place[0] and place[1] < kept[-1][1] + self.width:
                    continue  # overlaps the previous copy in the same file
                kept.append(place)
            for (fa, ia), (fb, ib) in zip(kept, kept[1:]):
                match = self._grow(fa, ia, fb, ib)
                if match is not None:
                    out.add(match)
        return out

    def _same(self, fa: int, i: int, fb: int, j: int) -> bool:
        return self.files[fa].hashes[i] == self.files[fb].hashes[j] != _BREAK

    def _grow(self, fa: int, ia: int, fb: int, ib: int) -> tuple[int, int, int, int, int] | None:
        ka, kb = self.keys[fa], self.keys[fb]
        if ka[ia + 1:ia + self.width] != kb[ib + 1:ib + self.width] or not self._same(fa, ia, fb, ib):
            return None  # a hash collision
        same_file = fa == fb
        while ia > 0 and ib > 0 and self._same(fa, ia - 1, fb, ib - 1) and ka[ia] == kb[ib]:
            ia, ib = ia - 1, ib - 1
        n = self.width
        na, nb = len(ka), len(kb)
        while ia + n < na and ib + n < nb and ka[ia + n] == kb[ib + n] and self._same(fa, ia + n, fb, ib + n):
            if same_file and ia + n >= ib:
                break
            n += 1
        if same_file and ia + n > ib:
            return None
        return (fa, ia, fb, ib, n)

    def _group(self, matches: set[tuple[int, int, int, int, int]]) -> list[list[tuple[int, int, int]]]:
        """Matches sharing a region (same file, start and length) form one group."""
        parent: dict[tuple[int, int, int], tuple[int, int, int]] = {}

        def find(x: tuple[int, int, int]) -> tuple[int, int, int]:
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for fa, ia, fb, ib, n in sorted(matches):
            parent[find((fa, ia, n))] = find((fb, ib, n))
        groups: dict[tuple[int, int, int], list[tuple[int, int, int]]] = {}
        for region in sorted(parent):
            groups.setdefault(find(region), []).append(region)
        return list(groups.values())

    def _keep(self, groups: list[list[tuple[int, int, int]]]) -> list[CloneGroup]:
        """Large enough groups, largest first. A group whose every copy lies mostly (four
        fifths of its statements) inside copies already kept says nothing new: dropped."""
        built = [g for g in (self._build(regions) for regions in groups) if g is not None]
        built.sort(key=lambda g: (-g.units * len(g.locations), g.locations[0].file, g.locations[0].line))
        taken: dict[str, list[tuple[int, int]]] = {}
        out: list[CloneGroup] = []
        for group in built:
            if all(_covered(loc, taken.get(loc.file, ())) for loc in group.locations):
                continue
            out.append(group)
            for loc in group.locations:
                taken.setdefault(loc.file, []).append((loc.first, loc.last))
        return out

    def _build(self, regions: list[tuple[int, int, int]]) -> CloneGroup | None:
        fid0, start0, n = min(regions)
        data = self.files[fid0].data
        # Declarations at the edges (metadata, docstrings) are not what was copied.
        head = next((k for k in range(n) if not data[start0 + k]), n)
        tail = next((k for k in range(n) if not data[start0 + n - 1 - k]), n)
        if head + tail >= n:
            return None
        locations: list[CloneLocation] = []
        for fid, start, _ in sorted(regions):
            f = self.files[fid]
            first, last = start + head, start + n - 1 - tail
            loc = CloneLocation(self.paths[fid], f.lines[first], f.end_lines[last], first, last, f.is_test)
            if locations and locations[-1].file == loc.file and loc.first <= locations[-1].last:
                continue
            locations.append(loc)
        if len(locations) < 2:
            return None
        first_loc = locations[0]
        f = self.files[self.fid[first_loc.file]]
        # Statements that only declare (settings, metadata, docstrings) do not count: a run
        # of them around two lines of logic is not worth a finding.
        tokens = sum(f.tokens[k] for k in range(first_loc.first, first_loc.last + 1) if not f.data[k])
        if tokens < self.min_tokens:
            return None
        return CloneGroup(tuple(locations), first_loc.last - first_loc.first + 1, tokens)


def _covered(loc: CloneLocation, spans: Iterable[tuple[int, int]]) -> bool:
    size = loc.last - loc.first + 1
    inside = max((min(b, loc.last) - max(a, loc.first) + 1 for a, b in spans), default=0)
    return inside * 5 >= size * 4


def duplicated_lines(groups: list[CloneGroup]) -> dict[str, int]:
    """Lines inside any copy, per file (a line counted once however many groups hold it)."""
    spans: dict[str, set[int]] = {}
    for group in groups:
        for loc in group.locations:
            spans.setdefault(loc.file, set()).update(range(loc.line, loc.end_line + 1))
    return {path: len(lines) for path, lines in sorted(spans.items())}
