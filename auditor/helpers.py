"""Shared predicates for rules: the light import table and qualified-name resolution.

Resolving `QualifiedNameProvider` for every file costs several times the parse (see the
README's performance notes), so library calls are matched through a per-module import
table built from a statement-level walk (no expression is visited): what ruff and bandit
do. Limitation: the table is flat per module, so a local variable that shadows an
imported name inside a function is not seen as shadowing.
"""

from __future__ import annotations

import ast
import builtins
import collections.abc
import dataclasses
import hashlib
import inspect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterator

import libcst as cst

if TYPE_CHECKING:
    import libcst.matchers as m

_BUILTINS = frozenset(dir(builtins))

ImportKind = str  # "runtime" | "type-checking" | "deferred"


@dataclass(frozen=True)
class ImportRef:
    """One imported module, as written: `target` is absolute (relative imports resolved)."""

    target: str
    names: tuple[str, ...]  # for `from target import a, b`; empty for `import target`
    kind: ImportKind
    node: cst.CSTNode  # the Import/ImportFrom node, for its position


@dataclass
class ImportTable:
    """Names bound by imports and top-level definitions -> dotted qualified names."""

    module_name: str = ""
    bindings: dict[str, str] = field(default_factory=dict)
    imports: list[ImportRef] = field(default_factory=list)
    statements: list[cst.CSTNode] = field(default_factory=list)  # every import statement, in order
    # qualify() per expression node: a dozen rules ask about the same call in one walk.
    # Keyed by id() (a node's own __hash__ is a Python call), holding the node itself so
    # that an id is never reused while its entry lives.
    _memo: dict[int, tuple[cst.CSTNode, str | None]] = field(default_factory=dict, repr=False, compare=False)

    def qualify(self, expr: cst.BaseExpression) -> str | None:
        """`sp.run` -> "subprocess.run" given `import subprocess as sp`; None if unknown.

        Builtins resolve to "builtins.<name>" unless the module rebinds the name.
        """
        entry = self._memo.get(id(expr))
        if entry is not None and entry[0] is expr:
            return entry[1]
        found = self._qualify(expr)
        self._memo[id(expr)] = (expr, found)
        return found

    def _qualify(self, expr: cst.BaseExpression) -> str | None:
        parts: list[str] = []
        while isinstance(expr, cst.Attribute):
            parts.append(expr.attr.value)
            expr = expr.value
        if isinstance(expr, cst.Call):  # requests.Session().get -> requests.Session().get
            inner = self.qualify(expr.func)
            if inner is None:
                return None
            base = inner + "()"
        elif isinstance(expr, cst.Name):
            bound = self.bindings.get(expr.value)
            if bound is None:
                if expr.value in _BUILTINS:
                    bound = "builtins." + expr.value
                else:
                    return None
            base = bound
        else:
            return None
        return ".".join([base, *reversed(parts)])


class AstIndex:
    """A file's stdlib tree, indexed for rules that decide, before libcst parses the file,
    that they cannot report in it (they set `idle`; see `Rule`). When every rule of a
    file is idle, the file is never parsed by libcst: on real code most files are.

    `nodes` is every node in `ast.walk` order; the views are made on first use, once.
    """

    def __init__(self, nodes: list[ast.AST], text: str) -> None:
        self.nodes = nodes
        self.text = text
        self._by_type: dict[type, list[ast.AST]] | None = None
        self._names: frozenset[str] | None = None

    @property
    def by_type(self) -> dict[type, list[ast.AST]]:
        """{node class: its nodes, in `ast.walk` order}."""
        if self._by_type is None:
            groups: dict[type, list[ast.AST]] = {}
            for node in self.nodes:
                group = groups.get(type(node))
                if group is None:
                    groups[type(node)] = [node]
                else:
                    group.append(node)
            self._by_type = groups
        return self._by_type

    def has(self, *types: type) -> bool:
        """Whether a node of any of these classes occurs."""
        by_type = self.by_type
        return any(t in by_type for t in types)

    def of(self, *types: type) -> list[Any]:
        """The nodes of these classes (grouped by class, each group in walk order)."""
        by_type = self.by_type
        if len(types) == 1:
            return by_type.get(types[0], [])
        return [node for t in types for node in by_type.get(t, ())]

    @property
    def names(self) -> frozenset[str]:
        """Every identifier written in the file: names, attribute names, keyword argument
        names, parameter names, def and class names, imported modules and names (each dotted
        part), global and nonlocal names. Not: strings, comments, keywords."""
        if self._names is None:
            found: set[str] = set()
            by_type = self.by_type
            found.update(n.id for n in by_type.get(ast.Name, ()))  # type: ignore[attr-defined]
            found.update(n.attr for n in by_type.get(ast.Attribute, ()))  # type: ignore[attr-defined]
            found.update(n.arg for n in by_type.get(ast.keyword, ()) if n.arg)  # type: ignore[attr-defined]
            found.update(n.arg for n in by_type.get(ast.arg, ()))  # type: ignore[attr-defined]
            for t in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
                found.update(n.name for n in by_type.get(t, ()))  # type: ignore[attr-defined]
            for alias in by_type.get(ast.alias, ()):
                found.update(alias.name.split("."))  # type: ignore[attr-defined]
                if alias.asname:  # type: ignore[attr-defined]
                    found.add(alias.asname)  # type: ignore[attr-defined]
            for node in by_type.get(ast.ImportFrom, ()):
                if node.module:  # type: ignore[attr-defined]
                    found.update(node.module.split("."))  # type: ignore[attr-defined]
            for t in (ast.Global, ast.Nonlocal):
                for n in by_type.get(t, ()):
                    found.update(n.names)  # type: ignore[attr-defined]
            self._names = frozenset(found)
        return self._names


def resolve_relative(module_name: str, is_package: bool, level: int, target: str) -> str:
    """The absolute module of `from <level dots><target> import ...` in `module_name`."""
    if level == 0:
        return target
    package = module_name if is_package else module_name.rpartition(".")[0]
    parts = package.split(".") if package else []
    if level > 1:
        parts = parts[: len(parts) - (level - 1)] if len(parts) >= level - 1 else []
    base = ".".join(parts)
    if target:
        return f"{base}.{target}" if base else target
    return base


def dotted(expr: cst.BaseExpression | None) -> str:
    """`a.b.c` as a string ("" for anything that is not a plain dotted name)."""
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        base = dotted(expr.value)
        return f"{base}.{expr.attr.value}" if base else ""
    return ""


def build_import_table(module: cst.Module, module_name: str, is_package: bool) -> ImportTable:
    """Walk statements only (never expressions) and record imports and definitions."""
    table = ImportTable(module_name=module_name)
    for stmt, kind, depth in _walk_statements(module.body, "runtime", 0):
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            if depth == 0:
                name = stmt.name.value
                table.bindings[name] = f"{module_name}.{name}" if module_name else name
            continue
        if isinstance(stmt, (cst.Import, cst.ImportFrom)):
            table.statements.append(stmt)
        if isinstance(stmt, cst.Import):
            for alias in stmt.names:
                full = dotted(alias.name)
                if not full:
                    continue
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    table.bindings[alias.asname.name.value] = full
                else:
                    head = full.split(".")[0]
                    table.bindings[head] = head
                table.imports.append(ImportRef(full, (), kind, stmt))
        elif isinstance(stmt, cst.ImportFrom):
            level = len(stmt.relative)
            target = resolve_relative(module_name, is_package, level, dotted(stmt.module))
            names: list[str] = []
            if not isinstance(stmt.names, cst.ImportStar):
                for alias in stmt.names:
                    name = dotted(alias.name)
                    bound = name
                    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                        bound = alias.asname.name.value
                    table.bindings[bound] = f"{target}.{name}" if target else name
                    names.append(name)
            else:
                names.append("*")
            if target:
                table.imports.append(ImportRef(target, tuple(names), kind, stmt))
    return table


_TYPE_CHECKING = frozenset({"TYPE_CHECKING", "typing.TYPE_CHECKING", "t.TYPE_CHECKING"})


def _is_type_checking(test: cst.BaseExpression) -> bool:
    return dotted(test) in _TYPE_CHECKING


def _walk_statements(
    body: object, kind: ImportKind, depth: int
) -> Iterator[tuple[cst.CSTNode, ImportKind, int]]:
    """Yield small statements and definitions with their import kind and nesting depth."""
    for stmt in body:  # type: ignore[attr-defined]
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                yield small, kind, depth
        elif isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            yield stmt, kind, depth
            inner = "deferred" if isinstance(stmt, cst.FunctionDef) else kind
            yield from _walk_block(stmt.body, inner, depth + 1)
        elif isinstance(stmt, cst.If):
            branch_kind = "type-checking" if _is_type_checking(stmt.test) else kind
            yield from _walk_block(stmt.body, branch_kind, depth)
            orelse = stmt.orelse
            while orelse is not None:
                if isinstance(orelse, cst.If):
                    yield from _walk_block(orelse.body, kind, depth)
                    orelse = orelse.orelse
                else:
                    yield from _walk_block(orelse.body, kind, depth)
                    orelse = None
        elif isinstance(stmt, cst.BaseCompoundStatement):
            for block in _blocks_of(stmt):
                yield from _walk_block(block, kind, depth)


def _blocks_of(stmt: cst.BaseCompoundStatement) -> Iterator[cst.BaseSuite]:
    if not isinstance(stmt, cst.Match):  # a match statement has only its cases' bodies
        yield stmt.body
    for attr in ("handlers", "cases"):
        for part in getattr(stmt, attr, ()) or ():
            yield part.body
    for attr in ("orelse", "finalbody"):
        part = getattr(stmt, attr, None)
        if part is not None and hasattr(part, "body"):
            yield part.body


def _walk_block(
    suite: cst.BaseSuite, kind: ImportKind, depth: int
) -> Iterator[tuple[cst.CSTNode, ImportKind, int]]:
    if isinstance(suite, cst.IndentedBlock):
        yield from _walk_statements(suite.body, kind, depth)
    elif isinstance(suite, cst.SimpleStatementSuite):
        for small in suite.body:
            yield small, kind, depth


def build_import_table_from_ast(
    tree: ast.Module, lines: list[str], module_name: str, is_package: bool
) -> ImportTable:
    """`build_import_table` from the stdlib tree (ten times cheaper to build than libcst's):
    the same bindings, imports and statement order; the statements are `ast` nodes.
    `lines` (the file's lines) tell an `elif` from an `if` alone in an `else:` block,
    which the stdlib tree does not, and which the libcst walk treats differently."""
    table = ImportTable(module_name=module_name)
    for stmt, kind, depth in _walk_ast(tree.body, "runtime", 0, lines):
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if depth == 0:
                table.bindings[stmt.name] = f"{module_name}.{stmt.name}" if module_name else stmt.name
            continue
        if isinstance(stmt, ast.Import):
            table.statements.append(stmt)
            for alias in stmt.names:
                if alias.asname is not None:
                    table.bindings[alias.asname] = alias.name
                else:
                    head = alias.name.split(".")[0]
                    table.bindings[head] = head
                table.imports.append(ImportRef(alias.name, (), kind, stmt))
        elif isinstance(stmt, ast.ImportFrom):
            table.statements.append(stmt)
            target = resolve_relative(module_name, is_package, stmt.level, stmt.module or "")
            names: list[str] = []
            for alias in stmt.names:
                if alias.name == "*":
                    names.append("*")
                    break
                table.bindings[alias.asname or alias.name] = f"{target}.{alias.name}" if target else alias.name
                names.append(alias.name)
            if target:
                table.imports.append(ImportRef(target, tuple(names), kind, stmt))
    return table


def ast_dotted(expr: ast.expr) -> str:
    """`dotted` of a stdlib node: `a.b.c` as a string ("" for anything else)."""
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        base = ast_dotted(expr.value)
        return f"{base}.{expr.attr}" if base else ""
    return ""


def ast_qualify(expr: ast.expr, imports: ImportTable) -> str | None:
    """`ImportTable.qualify` of the stdlib node of an expression: the same name libcst's
    node gets (`sp.run` -> "subprocess.run", `requests.Session().get` stays so), for the
    rules' idle checks, which read the stdlib tree before libcst parses the file."""
    parts: list[str] = []
    while expr.__class__ is ast.Attribute:
        parts.append(expr.attr)  # type: ignore[attr-defined]
        expr = expr.value  # type: ignore[attr-defined]
    if expr.__class__ is ast.Call:
        inner = ast_qualify(expr.func, imports)  # type: ignore[attr-defined]
        if inner is None:
            return None
        base = inner + "()"
    elif expr.__class__ is ast.Name:
        bound = imports.bindings.get(expr.id)  # type: ignore[attr-defined]
        if bound is None:
            if expr.id not in _BUILTINS:  # type: ignore[attr-defined]
                return None
            bound = "builtins." + expr.id  # type: ignore[attr-defined]
        base = bound
    else:
        return None
    return ".".join([base, *reversed(parts)])


def _is_elif(stmt: ast.stmt, lines: list[str]) -> bool:
    """Whether an `If` found alone in another's `orelse` was written `elif`."""
    if not 0 < stmt.lineno <= len(lines):
        return False
    line = lines[stmt.lineno - 1]
    if not line.isascii():
        return line.encode("utf-8").startswith(b"elif", stmt.col_offset)
    return line.startswith("elif", stmt.col_offset)


_AST_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_AST_BLOCKS = ("body", "handlers", "cases", "orelse", "finalbody")


def _walk_ast(
    body: list[ast.stmt], kind: ImportKind, depth: int, lines: list[str]
) -> Iterator[tuple[ast.stmt, ImportKind, int]]:
    """`_walk_statements` over the stdlib tree: the same statements, kinds and depths."""
    for stmt in body:
        if isinstance(stmt, _AST_DEFS):
            yield stmt, kind, depth
            inner = kind if isinstance(stmt, ast.ClassDef) else "deferred"
            yield from _walk_ast(stmt.body, inner, depth + 1, lines)
        elif isinstance(stmt, ast.If):
            branch_kind = "type-checking" if ast_dotted(stmt.test) in _TYPE_CHECKING else kind
            yield from _walk_ast(stmt.body, branch_kind, depth, lines)
            orelse = stmt.orelse
            while len(orelse) == 1 and isinstance(orelse[0], ast.If) and _is_elif(orelse[0], lines):
                yield from _walk_ast(orelse[0].body, kind, depth, lines)
                orelse = orelse[0].orelse
            yield from _walk_ast(orelse, kind, depth, lines)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)) or not hasattr(stmt, "body") and not hasattr(stmt, "cases"):
            yield stmt, kind, depth
        else:
            for name in _AST_BLOCKS:
                block = getattr(stmt, name, None)
                if not block:
                    continue
                if isinstance(block[0], ast.stmt):
                    yield from _walk_ast(block, kind, depth, lines)
                else:  # except handlers or match cases: each has its own body
                    for part in block:
                        yield from _walk_ast(part.body, kind, depth, lines)


def keyword_arg(call: cst.Call, name: str) -> cst.Arg | None:
    """The `name=` argument of a call, if given."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def has_star_kwargs(call: cst.Call) -> bool:
    """True when the call passes `**kwargs`, which may carry any keyword."""
    return any(arg.star == "**" for arg in call.args)


def is_none(expr: cst.BaseExpression) -> bool:
    return isinstance(expr, cst.Name) and expr.value == "None"


_DYNAMIC_IMPORTERS = frozenset({"import_module", "__import__"})


def dynamic_imports(tree: ast.Module, text: str, module_name: str, is_package: bool) -> list[tuple[str, int]]:
    """(module, line) of every `importlib.import_module("literal")` and `__import__("literal")`
    call; a relative literal resolves against `package=` when it is a literal or
    `__name__`/`__package__`. Only literal strings: a computed name is not guessed.
    Cheap on most files: the tree is walked only when the text mentions such a call."""
    if "import_module" not in text and "__import__" not in text:
        return []
    out: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        first = node.args[0]
        if name not in _DYNAMIC_IMPORTERS or not isinstance(first, ast.Constant) or not isinstance(first.value, str):
            continue
        target = first.value.strip()
        if target.startswith("."):
            target = _relative_dynamic(node, target, module_name, is_package)
        if target and all(part.isidentifier() for part in target.split(".")):
            out.append((target, node.lineno))
    return out


def _relative_dynamic(call: ast.Call, target: str, module_name: str, is_package: bool) -> str:
    """`import_module(".sub", package=__name__)` -> the absolute name, or "" if unknown."""
    package = next((kw.value for kw in call.keywords if kw.arg == "package"), None)
    if package is None and len(call.args) > 1:
        package = call.args[1]
    if isinstance(package, ast.Constant) and isinstance(package.value, str):
        base = package.value
    elif isinstance(package, ast.Name) and package.id in ("__name__", "__package__"):
        base = module_name if (is_package or package.id == "__name__") else module_name.rpartition(".")[0]
    else:
        return ""
    level = len(target) - len(target.lstrip("."))
    return resolve_relative(base, True, level, target[level:])


# --- matchers, compiled ------------------------------------------------------------------

# sha256 of the libcst functions that give `m.matches` its meaning, as read when
# `compiled_matcher` was written: with any other source (another libcst) every compiled
# matcher is plain `m.matches`.
_MATCHES_DIGEST = "6fa16fcc41598615e757179107e332755d48d898a12676f8fe44e83510fc1ea6"
_MATCHES_CHECKED: list[bool] = []


def _matches_unchanged() -> bool:
    if not _MATCHES_CHECKED:
        from libcst.matchers import _matcher_base as base

        digest = hashlib.sha256()
        try:
            for func in (base.matches, base.extract, base._matches, base._node_matches, base._attribute_matches):
                digest.update(inspect.getsource(func).encode())
        except (OSError, TypeError):
            _MATCHES_CHECKED.append(False)
        else:
            _MATCHES_CHECKED.append(digest.hexdigest() == _MATCHES_DIGEST)
    return _MATCHES_CHECKED[0]


class _Unsupported(Exception):
    """A matcher shape `compiled_matcher` does not translate (it falls back to m.matches)."""


def compiled_matcher(pattern: m.BaseMatcherNode) -> Callable[[object], bool]:
    """`lambda node: m.matches(node, pattern)`, several times faster for the plain shapes
    rules use: node matchers whose fields are left out, strings, or node matchers again,
    and `|` of those. Anything else (sequences, regexes, metadata, AllOf) and any other
    libcst version use `m.matches` itself. What libcst's matching does, step by step:
    a node matcher compares class names, then each field; an attribute matcher that
    meets a sequence or a sentinel does not match."""
    import libcst.matchers as m  # here, not at import: a run whose whole result is cached never matches

    try:
        if not _matches_unchanged():
            raise _Unsupported
        if isinstance(pattern, m.OneOf):
            options = tuple(_node_check(option) for option in pattern.options)
        else:
            options = (_node_check(pattern),)
    except _Unsupported:

        def matches_plainly(node: object) -> bool:
            return m.matches(node, pattern)  # type: ignore[arg-type]

        return matches_plainly

    def matches_compiled(node: object) -> bool:
        node_type = type(node)
        if node_type is cst.MaybeSentinel or node_type is cst.RemovalSentinel:
            return False
        for option in options:
            if option(node):
                return True
        return False

    return matches_compiled


def _node_check(matcher: object) -> Callable[[Any], bool]:
    """libcst's `_node_matches` for a plain node matcher."""
    import libcst.matchers as m  # here, not at import: a run whose whole result is cached never matches

    matcher_type = type(matcher)
    name = matcher_type.__name__
    if getattr(m, name, None) is not matcher_type or not isinstance(getattr(cst, name, None), type):
        raise _Unsupported(name)
    if not isinstance(matcher, m.BaseMatcherNode) or isinstance(matcher, (m.OneOf, m.AllOf, m.TypeOf)):
        raise _Unsupported(name)
    checks: list[Callable[[Any], bool]] = []
    for item in dataclasses.fields(matcher):  # type: ignore[arg-type]
        if item.name == "_metadata":
            continue
        desired = getattr(matcher, item.name)
        if isinstance(desired, m.DoNotCareSentinel):
            continue
        if item.name == "metadata":
            raise _Unsupported("metadata")
        checks.append(_field_check(item.name, desired))
    if not checks:
        return lambda node: type(node).__name__ == name

    def check_node(node: Any) -> bool:
        if type(node).__name__ != name:
            return False
        for check in checks:
            if not check(node):
                return False
        return True

    return check_node


def _field_check(attr: str, desired: object) -> Callable[[Any], bool]:
    """libcst's `_attribute_matches` for a string, or a node matcher (or `|` of them)."""
    import libcst.matchers as m  # here, not at import: a run whose whole result is cached never matches

    if type(desired) is str:
        return lambda node: getattr(node, attr) == desired
    if isinstance(desired, m.OneOf):
        options = tuple(_node_check(option) for option in desired.options)
    else:
        options = (_node_check(desired),)

    def check(node: Any) -> bool:
        value = getattr(node, attr)
        if isinstance(value, (collections.abc.Sequence, cst.MaybeSentinel)):
            return False
        for option in options:
            if option(value):
                return True
        return False

    return check
