"""Django models and the ORM lookups made against them, gathered per file for project rules.

`DjangoModelsCollector` reads the stdlib tree of each file once and records:

- model fields: every class with field assignments (`name = models.CharField(...)`,
  `ForeignKey(...)`), whether each field is indexed (`db_index`, `unique`, `primary_key`,
  relations, which Django indexes) and the fields that lead an index in `Meta`
  (`indexes`, `unique_together`, `index_together`, `UniqueConstraint`);
- lookups: `Model.objects.filter(a=..., b__gte=...)`, `.get`, `.exclude`, `.order_by("a")`
  on a model named by a plain name, with the first field of each lookup path;
- loops over querysets: `for row in Model.objects.filter(...)` without `select_related` /
  `prefetch_related`, and the `row.<attribute>` reads in the loop body, for N+1 checks.

Everything is plain data (tuples, dicts), so workers can return it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from auditor.rule import Collector, FileContext
from auditor.source import walk_nodes

if TYPE_CHECKING:
    from auditor.project import ProjectIndex
    from auditor.source import SourceFile

KEY = "django-models"
CACHE_KEY = "django-models"

_RELATIONS = frozenset({"ForeignKey", "OneToOneField", "ManyToManyField", "ParentalKey", "TreeForeignKey"})
_SINGLE_RELATIONS = frozenset({"ForeignKey", "OneToOneField", "ParentalKey", "TreeForeignKey"})
_NOT_COLUMNS = frozenset({"ManyToManyField", "GenericRelation", "GenericForeignKey"})
_MANAGERS = frozenset({"objects", "_default_manager"})
_LOOKUP_METHODS = frozenset({"filter", "exclude", "get", "get_or_create", "update_or_create", "order_by", "aget"})
_PREFETCH = frozenset({"select_related", "prefetch_related", "values", "values_list", "only", "defer", "iterator"})
# Lookup suffixes a B-tree index on the column serves.
_INDEXABLE = frozenset({"exact", "in", "gt", "gte", "lt", "lte", "range", "startswith", "year", "date"})
_SKIP_PARTS = ("migrations", "tests", "test")


@dataclass
class ModelInfo:
    name: str
    line: int
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> {line, type, indexed, target, related_name}
    indexes: list[list[str]] = field(default_factory=list)  # field lists of Meta indexes/unique sets


def _callee(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _const(node: ast.expr) -> Any:
    return node.value if isinstance(node, ast.Constant) else None


def _model_name(expr: ast.expr) -> str:
    """`Customer`, `"Customer"` or `"shop.Customer"` -> "Customer"."""
    if isinstance(expr, ast.Name):
        return expr.id
    value = _const(expr)
    return value.rpartition(".")[2] if isinstance(value, str) else ""


def _field_info(call: ast.Call, line: int, model_base: bool) -> dict[str, Any] | None:
    """A model field's facts; fields of forms and serializers (`forms.CharField`) are not
    model fields: the call must be `models.X(...)`, a relation, or in a `...Model` class."""
    kind = _callee(call.func)
    if not (kind.endswith("Field") or kind in _RELATIONS):
        return None
    via_models = isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name) and call.func.value.id == "models"
    if not (via_models or model_base or kind in _RELATIONS):
        return None
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    flags = any(_const(keywords[k]) is True for k in ("db_index", "unique", "primary_key") if k in keywords)
    to = call.args[0] if call.args else keywords.get("to")
    target = _model_name(to) if to is not None else ""
    related = _const(keywords["related_name"]) if "related_name" in keywords else None
    return {
        "line": line,
        "type": kind,
        "indexed": flags or kind in _SINGLE_RELATIONS,
        "target": target,
        "related_name": related if isinstance(related, str) else "",
    }


def _index_fields(item: ast.expr) -> list[str]:
    """The fields of an index spec: `"a"`, `("a", "b")`, `Index(fields=["a", "-b"])`,
    `UniqueConstraint(fields=[...])`."""
    if isinstance(item, ast.Constant) and isinstance(item.value, str):
        return [item.value.lstrip("-")]
    if isinstance(item, (ast.Tuple, ast.List)):
        return [f for el in item.elts for f in _index_fields(el)]
    if isinstance(item, ast.Call):
        for kw in item.keywords:
            if kw.arg == "fields":
                return _index_fields(kw.value)
    return []


def _meta_indexes(meta: ast.ClassDef) -> list[list[str]]:
    found: list[list[str]] = []
    for stmt in meta.body:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
            continue
        if stmt.targets[0].id not in ("indexes", "unique_together", "index_together", "constraints"):
            continue
        value = stmt.value
        items = value.elts if isinstance(value, (ast.Tuple, ast.List)) else [value]
        if items and all(isinstance(i, ast.Constant) for i in items):  # unique_together = ("a", "b")
            items = [value]
        found.extend(fields for fields in (_index_fields(i) for i in items) if fields)
    return found


def _model(node: ast.ClassDef) -> ModelInfo | None:
    info = ModelInfo(node.name, node.lineno)
    model_base = any(_callee(b).endswith("Model") for b in node.bases)
    for stmt in node.body:
        if isinstance(stmt, ast.ClassDef) and stmt.name == "Meta":
            info.indexes.extend(_meta_indexes(stmt))
            continue
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)):
            continue
        if isinstance(stmt.value, ast.Call):
            found = _field_info(stmt.value, stmt.lineno, model_base)
            if found is not None:
                info.fields[stmt.targets[0].id] = found
    return info if info.fields else None


def orm_call(node: ast.Call) -> tuple[str, list[ast.Call]] | None:
    """`Model.objects.a(...).b(...)` -> ("Model", [call a, call b]) for a plain model name."""
    calls: list[ast.Call] = []
    expr: ast.expr = node
    while isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
        calls.append(expr)
        expr = expr.func.value
        if isinstance(expr, ast.Attribute) and expr.attr in _MANAGERS and isinstance(expr.value, ast.Name):
            return expr.value.id, list(reversed(calls))
    return None


def _lookup_fields(call: ast.Call) -> list[tuple[str, str]]:
    """(first field, lookup suffix) of each lookup a chain call makes; the suffix is
    "order_by" for ordering, "related" for a path through a relation, "?" for lookups that
    cannot be read (Q objects, **kwargs)."""
    method = call.func.attr  # type: ignore[attr-defined]
    if method not in _LOOKUP_METHODS:
        return []
    if method == "order_by":
        return [
            (str(a.value).lstrip("-").split("__")[0], "order_by") if isinstance(a, ast.Constant) and isinstance(a.value, str) else ("", "?")
            for a in call.args
        ]
    out = [("", "?") for a in call.args]
    for kw in call.keywords:
        if kw.arg is None:
            out.append(("", "?"))
            continue
        if kw.arg in ("defaults", "create_defaults"):
            continue
        parts = kw.arg.split("__")
        out.append((parts[0], parts[1] if len(parts) == 2 else ("exact" if len(parts) == 1 else "related")))
    return out


class _Visitor(ast.NodeVisitor):
    def __init__(self) -> None:
        # (model, line, ((field, suffix), ...)): one entry per ORM chain with lookups
        self.lookups: list[tuple[str, int, tuple[tuple[str, str], ...]]] = []
        self.loops: list[dict[str, Any]] = []
        self._seen: set[int] = set()

    def visit_Call(self, node: ast.Call) -> None:
        if id(node) not in self._seen:
            found = orm_call(node)
            if found is not None:
                model, calls = found
                self._seen.update(id(c) for c in calls)
                items = tuple(item for call in calls for item in _lookup_fields(call))
                if items:
                    self.lookups.append((model, node.lineno, items))
        self.generic_visit(node)

    def visit_For(self, node: ast.For) -> None:
        self._loop(node.target, node.iter, node.body)
        self.generic_visit(node)

    visit_AsyncFor = visit_For  # type: ignore[assignment]

    def visit_ListComp(self, node: ast.ListComp) -> None:
        self._comprehension(node.generators, [node.elt])
        self.generic_visit(node)

    visit_SetComp = visit_GeneratorExp = visit_ListComp  # type: ignore[assignment]

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self._comprehension(node.generators, [node.key, node.value])
        self.generic_visit(node)

    def _comprehension(self, generators: list[ast.comprehension], parts: list[ast.expr]) -> None:
        if len(generators) == 1:
            gen = generators[0]
            self._loop(gen.target, gen.iter, [*parts, *gen.ifs])

    def _loop(self, target: ast.expr, iterable: ast.expr, body: list[ast.stmt] | list[ast.expr]) -> None:
        if not (isinstance(target, ast.Name) and isinstance(iterable, ast.Call)):
            return
        found = orm_call(iterable)
        if found is None:
            return
        model, calls = found
        if any(c.func.attr in _PREFETCH for c in calls):  # type: ignore[attr-defined]
            return
        reads: dict[str, int] = {}
        for stmt in body:
            for sub in walk_nodes(stmt):
                if (
                    isinstance(sub, ast.Attribute)
                    and isinstance(sub.value, ast.Name)
                    and sub.value.id == target.id
                    and isinstance(sub.ctx, ast.Load)
                ):
                    reads.setdefault(sub.attr, sub.lineno)
        if reads:
            self.loops.append({"model": model, "line": iterable.lineno, "var": target.id, "reads": reads})


def _names_manager(nodes: list[ast.AST]) -> bool:
    """Some `Name.objects` / `Name._default_manager` in the file: without one, `orm_call`
    finds no chain, so the walk would record no lookup and no loop (most files)."""
    return any(isinstance(n, ast.Attribute) and n.attr in _MANAGERS and isinstance(n.value, ast.Name) for n in nodes)


class DjangoModelsCollector(Collector):
    key = KEY

    def collect(self, source: SourceFile, context: FileContext) -> Any:
        text = source.text
        if "objects" not in text and "Field(" not in text and "ForeignKey(" not in text:
            return None
        tree = source.ast
        models = [m for m in (_model(n) for n in source.ast_nodes if isinstance(n, ast.ClassDef)) if m is not None]
        parts = context.relpath.split("/")
        visitor = _Visitor()
        if not context.is_test and not any(p in _SKIP_PARTS for p in parts[:-1]) and _names_manager(source.ast_nodes):
            visitor.visit(tree)
        if not models and not visitor.lookups and not visitor.loops:
            return None
        return {
            "models": [(m.name, m.line, m.fields, m.indexes) for m in models],
            "lookups": visitor.lookups,
            "loops": visitor.loops,
        }


@dataclass(frozen=True)
class Model:
    name: str
    file: str
    line: int
    fields: dict[str, dict[str, Any]]
    indexes: tuple[tuple[str, ...], ...]

    def indexed(self, name: str, used: set[str]) -> bool:
        """Can the database use an index for `name`, given the fields a query uses?
        Unknown names (`pk`, inherited fields) count as indexed: nothing is claimed."""
        info = self.fields.get(name)
        if info is None or info["indexed"]:
            return True
        return any(name in index and index[0] in used for index in self.indexes)


def models_by_name(project: ProjectIndex) -> dict[str, Model]:
    """Every model class of the repository, by class name; a name defined twice (two apps
    with a `Profile`) is left out, since a lookup cannot say which one it means."""
    cached = project.cache.get(CACHE_KEY)
    if isinstance(cached, dict):
        return cached
    found: dict[str, Model] = {}
    clashes: set[str] = set()
    for relpath, data in sorted(project.facts(KEY).items()):
        for name, line, fields, indexes in data["models"]:
            if name in found:
                clashes.add(name)
            found[name] = Model(name, relpath, line, fields, tuple(tuple(i) for i in indexes))
    result = {k: v for k, v in found.items() if k not in clashes}
    project.cache[CACHE_KEY] = result
    return result


INDEXABLE = _INDEXABLE
