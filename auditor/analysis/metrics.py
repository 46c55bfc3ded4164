"""Code metrics of one file, from the trees and tokens the run already has.

- Raw line counts (LOC, LLOC, SLOC, comments, multi-line strings, blank) as radon's
  `radon raw` defines them, from the file's one shared token list (radon's own `analyze`
  re-tokenizes every line and costs more than the whole rest of the audit on Django).
- Radon's complexity per function, Halstead volume and maintainability index
  (`auditor.adapters.radon`, on the cached stdlib tree).
- The shape of every function and class (lines of code, parameters, nesting depth,
  methods, attributes, cohesion, annotations, docstrings) from one walk of the stdlib
  tree, shared by the size rules (MNT002-MNT007) and the `metrics` report section.

Everything is computed once per file and cached on the `SourceFile`.
"""

from __future__ import annotations

import ast
import tokenize
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Iterable, Iterator

from auditor.project import ProjectIndex
from auditor.rule import Collector, FileContext
from auditor.source import SourceFile, Token, walk_nodes

_SKIP = frozenset({tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER, tokenize.ENCODING})
_BREAKS = frozenset({tokenize.NL, tokenize.NEWLINE})
_NESTING = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try, ast.With, ast.AsyncWith, ast.Match)
if hasattr(ast, "TryStar"):
    _NESTING = (*_NESTING, ast.TryStar)
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class RawMetrics:
    """Radon's raw metrics: loc = sloc + blank + multi + single_comments."""

    loc: int
    lloc: int
    sloc: int
    comments: int  # comment tokens (a trailing comment counts too)
    multi: int  # lines of multi-line strings standing alone (docstrings)
    blank: int
    single_comments: int  # comment-only lines and one-line docstrings


@dataclass
class _RawCounter:
    lloc: int = 0
    sloc: int = 0
    comments: int = 0
    multi: int = 0
    blank: int = 0
    single: int = 0


def raw_metrics(source: SourceFile) -> RawMetrics:
    """Radon's raw metrics of the file (see `_count_chunk` for its rules)."""
    cached = source.cache.get("raw_metrics")
    if cached is None:
        cached = _raw(source)
    return cached[0]  # type: ignore[index,no-any-return]


def code_lines(source: SourceFile) -> list[int]:
    """Prefix sums of source lines of code: `p[b] - p[a-1]` counts the code lines of
    lines a..b (blank lines, comment lines and docstrings excluded)."""
    cached = source.cache.get("raw_metrics")
    if cached is None:
        cached = _raw(source)
    return cached[1]  # type: ignore[index,no-any-return]


def count_code_lines(prefix: list[int], line: int, end_line: int) -> int:
    last = min(end_line, len(prefix) - 1)
    return prefix[last] - prefix[max(line, 1) - 1] if last >= line else 0


def _raw(source: SourceFile) -> tuple[RawMetrics, list[int]]:
    lines = _Lines(source.lines)
    c = _RawCounter(comments=sum(len(texts) for texts in source.comments.values()))
    seen = 0  # last line classified
    chunk: list[Token] = []
    code = False  # the chunk holds more than comments and NL: a logical line
    for tok in source.tokens:
        kind = tok[0]
        if kind in _SKIP:
            continue
        chunk.append(tok)
        if kind == tokenize.NEWLINE or (kind == tokenize.NL and not code):
            seen = _count_chunk(chunk, code, seen, lines, c)
            chunk, code = [], False
        elif kind != tokenize.COMMENT and kind != tokenize.NL:
            code = True
    if chunk:
        seen = _count_chunk(chunk, code, seen, lines, c)
    lines.code(seen + 1, len(lines.nonblank) - 1, c)
    loc = c.sloc + c.blank + c.multi + c.single
    out = (RawMetrics(loc, c.lloc, c.sloc, c.comments, c.multi, c.blank, c.single), list(accumulate(lines.is_code)))
    source.cache["raw_metrics"] = out
    return out


class _Lines:
    """Which lines are blank, and which are code so far (radon's classification)."""

    def __init__(self, lines: list[str]) -> None:
        self.nonblank = [0, *(1 if line.strip() else 0 for line in lines)]
        self.is_code = [0] * len(self.nonblank)

    def code(self, first: int, last: int, c: _RawCounter) -> None:
        """Lines first..last of code: the non-blank ones count as code (sloc)."""
        if last < first:
            return
        inside = self.nonblank[first:last + 1]
        self.is_code[first:last + 1] = inside  # (a blank line is never code)
        found = sum(inside)
        c.sloc += found
        c.blank += last - first + 1 - found

    def string(self, first: int, last: int, c: _RawCounter) -> None:
        """Lines first..last of a string standing alone: multi, the empty ones blank."""
        last = min(last, len(self.nonblank) - 1)
        if last >= first:
            found = sum(self.nonblank[first:last + 1])
            c.multi += found
            c.blank += last - first + 1 - found


def _count_chunk(chunk: list[Token], code: bool, seen: int, lines: _Lines, c: _RawCounter) -> int:
    """Radon's rules for one chunk (a logical line, or one comment-only or blank line):
    a comment alone is a single comment; a string alone is a one-line docstring (single)
    or a multi-line one (multi, its empty lines blank); anything else is code, line by
    line (empty lines inside it blank). Lines before it no token covers are code too.
    Returns the last line classified."""
    head = chunk[0]
    kind, first = head[0], head[2]
    last = max(chunk[-1][3], first)
    lines.code(seen + 1, first - 1, c)  # lines no token covers
    if code:
        c.lloc += _logical(chunk)
    alone = (kind == tokenize.COMMENT or kind == tokenize.STRING) and all(t[0] in _BREAKS for t in chunk[1:])
    if kind == tokenize.COMMENT and alone:
        c.single += 1
    elif kind == tokenize.STRING and alone and head[2] == head[3]:
        c.single += 1
    elif kind == tokenize.STRING and alone:
        lines.string(first, last, c)
    else:
        lines.code(first, last, c)
    return max(seen, last)


def _logical(chunk: list[Token]) -> int:
    """Radon's logical lines of one chunk with code: split at `;`; a part is 2 lines when
    it has a colon that is not its last token (`if x: return`), 1 when it has code, else
    0. (Radon's token lists end with an end marker, which shifts "last" in the final
    part: there a colon counts once only as the very last token.)"""
    strings = [t[1] for t in chunk]
    if ":" not in strings and ";" not in strings:
        return 1  # (only an operator is ":" or ";")
    total = 0
    size, colon = 0, -1  # the current part's tokens and its last colon's index
    for kind, string, _, _ in chunk:
        if kind == tokenize.OP:
            if string == ";":
                total += (2 - (colon == size - 2)) if colon >= 0 else (1 if size else 0)
                size, colon = 0, -1
                continue
            if string == ":":
                colon = size
        elif kind == tokenize.COMMENT or kind == tokenize.NL or kind == tokenize.NEWLINE:
            continue
        size += 1
    # the last part, as radon sees it, ends with the end marker (one more token)
    return total + ((2 - (colon == size - 1)) if colon >= 0 else (1 if size else 0))


# -- the shape of functions and classes ---------------------------------------------------


@dataclass(frozen=True)
class FunctionShape:
    name: str
    qualname: str
    line: int
    column: int  # 1-based
    end_line: int
    loc: int  # source lines of code (no blank, comment or docstring lines)
    params: int  # named parameters, without self/cls and without *args/**kwargs
    nesting: int  # deepest block nesting (if/for/while/try/with/match) in its own body
    nesting_line: int  # where that depth is reached
    annotated: bool  # every parameter and the return annotated
    public: bool  # part of the public API (docstring coverage counts it)
    documented: bool
    is_method: bool


@dataclass(frozen=True)
class ClassShape:
    name: str
    qualname: str
    line: int
    column: int
    end_line: int
    loc: int
    methods: int
    attributes: int  # instance attributes set through self plus class-level names
    cohesion_groups: int  # LCOM4: connected groups of methods sharing attributes or calls
    public: bool
    documented: bool
    bases: tuple[str, ...]  # base classes as written (dotted names only)


@dataclass(frozen=True)
class Structure:
    functions: tuple[FunctionShape, ...]
    classes: tuple[ClassShape, ...]
    module_documented: bool


def structure(source: SourceFile) -> Structure:
    """Functions and classes of the file. Raises SourceError when the running
    interpreter cannot parse the file."""
    cached = source.cache.get("structure")
    if cached is None:
        cached = _StructureWalk(source).run()
        source.cache["structure"] = cached
    return cached  # type: ignore[return-value]


class _StructureWalk:
    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.prefix = code_lines(source)
        self.functions: list[FunctionShape] = []
        self.classes: list[ClassShape] = []

    def run(self) -> Structure:
        tree = self.source.ast
        self._body(tree.body, "", None, public=True)
        return Structure(tuple(self.functions), tuple(self.classes), _has_docstring(tree))

    def _body(self, body: list[ast.stmt], prefix: str, owner: ast.ClassDef | None, public: bool) -> None:
        """Definitions in a body, also under if/try/with at the same level."""
        stack = list(reversed(body))
        while stack:
            stmt = stack.pop()
            if isinstance(stmt, _FUNCTIONS):
                self._function(stmt, prefix, owner, public)
            elif isinstance(stmt, ast.ClassDef):
                self._class(stmt, prefix, public)
            else:
                stack.extend(reversed(list(_sub_statements(stmt))))

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, prefix: str, owner: ast.ClassDef | None, public: bool) -> None:
        qual = f"{prefix}.{node.name}" if prefix else node.name
        end = node.end_lineno or node.lineno
        method = owner is not None and not _is_static(node)
        depth, depth_line = _max_nesting(node.body)
        self.functions.append(
            FunctionShape(
                name=node.name,
                qualname=qual,
                line=node.lineno,
                column=self.source.char_column(node.lineno, node.col_offset),
                end_line=end,
                loc=count_code_lines(self.prefix, node.lineno, end),
                params=len(_params(node, method)),
                nesting=depth,
                nesting_line=depth_line or node.lineno,
                annotated=_annotated(node, method),
                public=public and not node.name.startswith("_"),
                documented=_has_docstring(node),
                is_method=owner is not None,
            )
        )
        self._body(node.body, qual, None, public=False)

    def _class(self, node: ast.ClassDef, prefix: str, public: bool) -> None:
        qual = f"{prefix}.{node.name}" if prefix else node.name
        end = node.end_lineno or node.lineno
        methods = [s for s in node.body if isinstance(s, _FUNCTIONS)]
        attributes, groups = _cohesion(node, methods)
        is_public = public and not node.name.startswith("_")
        self.classes.append(
            ClassShape(
                name=node.name,
                qualname=qual,
                line=node.lineno,
                column=self.source.char_column(node.lineno, node.col_offset),
                end_line=end,
                loc=count_code_lines(self.prefix, node.lineno, end),
                methods=len(methods),
                attributes=attributes,
                cohesion_groups=groups,
                public=is_public,
                documented=_has_docstring(node),
                bases=tuple(n for n in (_dotted(b) for b in node.bases) if n),
            )
        )
        self._body(node.body, qual, node, public=is_public)


def _sub_statements(stmt: ast.stmt) -> Iterator[ast.stmt]:
    for name in ("body", "orelse", "finalbody"):
        yield from getattr(stmt, name, None) or ()
    for part in (*(getattr(stmt, "handlers", None) or ()), *(getattr(stmt, "cases", None) or ())):
        yield from part.body


def _has_docstring(node: ast.AST) -> bool:
    body = getattr(node, "body", None) or []
    first = body[0] if body else None
    return isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)


def _is_static(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(_dotted(d) == "staticmethod" for d in node.decorator_list)


def _params(node: ast.FunctionDef | ast.AsyncFunctionDef, method: bool) -> list[ast.arg]:
    args = [*node.args.posonlyargs, *node.args.args]
    if method and args:
        args = args[1:]  # self / cls
    return [*args, *node.args.kwonlyargs]


def _annotated(node: ast.FunctionDef | ast.AsyncFunctionDef, method: bool) -> bool:
    params = _params(node, method)
    params += [a for a in (node.args.vararg, node.args.kwarg) if a is not None]
    if any(a.annotation is None for a in params):
        return False
    # mypy checks an __init__ with annotated parameters without `-> None`.
    return node.returns is not None or (node.name == "__init__" and bool(params))


def _dotted(node: ast.expr) -> str:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Call):
        return _dotted(node.func)
    if not isinstance(node, ast.Name):
        return ""
    parts.append(node.id)
    return ".".join(reversed(parts))


def _max_nesting(body: list[ast.stmt]) -> tuple[int, int]:
    """The deepest nesting of blocks in a function's own body (nested definitions have
    their own) and the line where it is reached. An `elif` is not one level deeper."""
    best, best_line = 0, 0
    stack: list[tuple[ast.stmt, int]] = [(s, 1) for s in reversed(body)]
    while stack:
        stmt, depth = stack.pop()
        if isinstance(stmt, (*_FUNCTIONS, ast.ClassDef)) or not isinstance(stmt, _NESTING):
            continue
        if depth > best:
            best, best_line = depth, stmt.lineno
        children = [(s, depth + 1) for s in _sub_statements(stmt)]
        if isinstance(stmt, ast.If) and len(stmt.orelse) == 1 and isinstance(stmt.orelse[0], ast.If):
            children = [(s, depth + 1) for s in stmt.body] + [(stmt.orelse[0], depth)]
        stack.extend(reversed(children))
    return best, best_line


def _cohesion(node: ast.ClassDef, methods: list[ast.FunctionDef | ast.AsyncFunctionDef]) -> tuple[int, int]:
    """(attributes, LCOM4). Attributes: names set on `self` in any method plus names
    assigned in the class body. LCOM4: the connected groups of the class's ordinary
    methods, two methods joined when they use the same attribute or one uses the other;
    dunder, static and class methods and empty hooks are left out (they would join or
    split everything)."""
    names = {m.name for m in methods}
    assigned: set[str] = set()
    for stmt in node.body:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if isinstance(stmt, ast.AnnAssign) else []
        assigned.update(t.id for t in targets if isinstance(t, ast.Name))
    uses: dict[str, set[str]] = {}
    for method in methods:
        self_name = _self_name(method)
        if self_name is None:
            continue
        used: set[str] = set()
        for sub in _attributes(method):
            if isinstance(sub.value, ast.Name) and sub.value.id == self_name:
                used.add(sub.attr)
                if isinstance(sub.ctx, ast.Store):
                    assigned.add(sub.attr)
        if not (method.name.startswith("__") and method.name.endswith("__")) and not _is_hook(method):
            uses[method.name] = used
    return len(assigned - names), _groups(uses, names)


# Fields that never hold an `ast.Attribute` below them: contexts, operators and plain
# values (names, flags, levels, aliases). `_attributes` does not look into them.
_NO_ATTRIBUTE_FIELDS = frozenset(
    {"ctx", "op", "id", "attr", "arg", "name", "names", "kind", "conversion", "is_async", "level", "module", "simple",
     "type_comment", "tag"}
)


class _AttributeFields(dict):  # type: ignore[type-arg]
    """Node class -> its fields that may hold an `ast.Attribute`, for `walk_nodes`."""

    def __missing__(self, cls: type) -> tuple[str, ...]:
        found = self[cls] = tuple(f for f in cls._fields if f not in _NO_ATTRIBUTE_FIELDS)  # type: ignore[attr-defined]
        return found


_ATTRIBUTE_FIELDS = _AttributeFields()


def _attributes(root: ast.AST) -> list[ast.Attribute]:
    """Every `ast.Attribute` under `root` (itself included) in `ast.walk` order, a third
    faster than filtering the full walk (this one skips the fields that hold none)."""
    return [node for node in walk_nodes(root, _ATTRIBUTE_FIELDS) if isinstance(node, ast.Attribute)]


def _self_name(method: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    decorators = {_dotted(d) for d in method.decorator_list}
    if decorators & {"staticmethod", "classmethod"}:
        return None
    args = [*method.args.posonlyargs, *method.args.args]
    return args[0].arg if args else None


def _is_hook(method: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """An empty body to override: pass, ..., a docstring, raise NotImplementedError."""
    body = method.body[1:] if _has_docstring(method) else method.body
    if not body:
        return True
    if len(body) > 1:
        return False
    stmt = body[0]
    if isinstance(stmt, ast.Pass) or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)):
        return True
    return isinstance(stmt, ast.Raise) and stmt.exc is not None and _dotted(stmt.exc) == "NotImplementedError"


def _groups(uses: dict[str, set[str]], method_names: set[str]) -> int:
    """Connected components of methods (union-find over shared attributes and calls)."""
    parent = {m: m for m in uses}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner: dict[str, str] = {}
    for method in sorted(uses):
        for attr in uses[method]:
            if attr in parent:  # a call or reference to another counted method
                parent[find(attr)] = find(method)
            elif attr in method_names:
                continue  # a dunder, static or hook method: no link through it
            elif attr in owner:
                parent[find(owner[attr])] = find(method)
            else:
                owner[attr] = method
    return len({find(m) for m in uses})


# -- what the metrics section records per file --------------------------------------------


def file_metrics(source: SourceFile, is_test: bool) -> dict[str, Any]:
    """The per-file entry of the `metrics` report section (JSON-able, deterministic)."""
    from auditor.adapters.radon import function_complexities, halstead_volume, maintainability_index

    raw = raw_metrics(source)
    shape = structure(source)
    comment_percent = (raw.comments + raw.multi) / raw.sloc * 100 if raw.sloc else 0.0
    mi, mi_rank = maintainability_index(source, raw.lloc, comment_percent)
    ends = {(f.line, f.name): f.end_line for f in shape.functions}
    functions = [
        {
            "name": fn.name,
            "qualname": fn.qualname,
            "line": fn.line,
            "end_line": ends.get((fn.line, fn.name), fn.end_line),
            "complexity": fn.complexity,
            "rank": fn.rank,
        }
        for fn in function_complexities(source)
    ]
    public = [f for f in shape.functions if f.public and not _dunder(f.name)] + [c for c in shape.classes if c.public]
    public_module = not is_test and not any(p.startswith("_") and p != "__init__.py" for p in source.relpath.split("/"))
    documented = sum(1 for p in public if p.documented) + int(public_module and shape.module_documented)
    return {
        "loc": raw.loc,
        "lloc": raw.lloc,
        "sloc": raw.sloc,
        "comments": raw.comments,
        "multi": raw.multi,
        "blank": raw.blank,
        "single_comments": raw.single_comments,
        "mi": round(mi, 2),
        "mi_rank": mi_rank,
        "halstead_volume": round(halstead_volume(source), 2),
        "functions": functions,
        "typed_functions": sum(1 for f in shape.functions if f.annotated),
        "all_functions": len(shape.functions),
        "public_api": (len(public) + int(public_module)) if not is_test else 0,
        "documented_api": documented if not is_test else 0,
        "is_test": is_test,
    }


def _dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def percent(part: float, whole: float) -> float:
    """A share in percent with one decimal; 100 when there is nothing to count."""
    return round(part / whole * 100, 1) if whole else 100.0


class MetricsCollector(Collector):
    """Per file: the `metrics` section's entry (radon's figures, coverage counts)."""

    key = "metrics"

    def collect(self, source: SourceFile, context: FileContext) -> Any:
        return file_metrics(source, context.is_test)


def metrics_section(project: ProjectIndex) -> dict[str, Any]:
    """`metrics.files[path]` per file and `metrics.project` totals: size, radon's figures,
    duplication (clone groups at the default thresholds), type-hint and docstring
    coverage, remediation minutes, debt ratio and rating (see auditor.analysis.debt)."""
    from auditor.analysis import debt
    from auditor.analysis.clones import duplicated_lines, find_clones

    facts = project.facts("metrics")
    duplicated = duplicated_lines(find_clones(project))
    minutes = debt.debt_by_file(project.findings)
    files: dict[str, Any] = {}
    for path in sorted(facts):
        entry = dict(facts[path])
        entry["duplicated_lines"] = duplicated.get(path, 0)
        entry["duplicated_lines_percent"] = percent(entry["duplicated_lines"], entry["loc"]) if entry["loc"] else 0.0
        _price(entry, minutes.get(path, 0), entry["sloc"])
        files[path] = entry
    return {"project": _totals(files, sum(minutes.values())), "files": files}


def _price(entry: dict[str, Any], minutes: int, sloc: int) -> None:
    from auditor.analysis import debt

    ratio = debt.debt_ratio(minutes, sloc)
    entry["debt_minutes"] = minutes
    entry["debt_ratio"] = round(ratio, 4)
    entry["rating"] = debt.rating(ratio)


def _totals(files: dict[str, Any], minutes: int) -> dict[str, Any]:
    """Project totals. Duplication and type hints are measured on production code (test
    files left out) when there is any; docstrings only count the public API anyway."""
    main = [m for m in files.values() if not m["is_test"]] or list(files.values())
    out: dict[str, Any] = {
        "files": len(files),
        "loc": sum(m["loc"] for m in files.values()),
        "sloc": sum(m["sloc"] for m in files.values()),
        "functions": sum(len(m["functions"]) for m in files.values()),
        "duplicated_lines": sum(m["duplicated_lines"] for m in main),
        "duplicated_lines_percent": percent(sum(m["duplicated_lines"] for m in main), sum(m["loc"] for m in main)),
        "type_hint_coverage": percent(sum(m["typed_functions"] for m in main), sum(m["all_functions"] for m in main)),
        "docstring_coverage": percent(
            sum(m["documented_api"] for m in files.values()), sum(m["public_api"] for m in files.values())
        ),
    }
    _price(out, minutes, out["sloc"])
    return out
