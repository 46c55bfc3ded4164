"""SEC001: SQL text built by string formatting and handed to a database execution call."""

from __future__ import annotations

import ast
import re
from typing import Any, Callable, Iterator

import libcst as cst
import libcst.matchers as m

from auditor.helpers import AstIndex, ast_qualify, compiled_matcher, dotted, keyword_arg
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.rules.security._idle_patterns import QualifiedTargets

# DB-API cursor/connection methods and Django's Manager.raw: the SQL is the first argument.
# Methods of objects of unknown type, so they are matched by name.
_EXEC_METHODS = frozenset({"execute", "executemany", "executescript", "raw"})
_SQL_KEYWORDS = ("sql", "query", "operation", "raw_query", "statement", "sql_script")

# Constructors whose first argument is SQL text, by qualified name.
_SQL_CONSTRUCTORS = frozenset(
    {
        "sqlalchemy.text",
        "sqlalchemy.sql.text",
        "sqlalchemy.sql.expression.text",
        "sqlmodel.text",
        "django.db.models.RawSQL",
        "django.db.models.expressions.RawSQL",
    }
)

# psycopg's composition API quotes identifiers and literals itself: `sql.SQL(...).format(...)`
# is the safe way to build dynamic SQL, not an instance of this problem.
_PSYCOPG_SQL = frozenset({"psycopg2.sql.SQL", "psycopg.sql.SQL"})
_PSYCOPG_QUOTED = frozenset(
    f"{pkg}.sql.{name}"
    for pkg in ("psycopg2", "psycopg")
    for name in ("Identifier", "Literal", "Placeholder")
)
# Calls whose result cannot carry SQL syntax: numbers and quoted identifiers.
_SAFE_BUILTINS = frozenset(f"builtins.{name}" for name in ("int", "float", "len", "bool", "abs"))
# Quoting helpers return escaped identifiers or literals: Django's `connection.ops.quote_name`,
# `schema_editor.quote_value`, `geo_quote_name`, `quote_name_unless_alias`; `quote_ident`.
# A method on an object of unknown type, so it is matched by its name.
_QUOTING = re.compile(r"^(\w*_)?quote(_\w+)?$")

# Not SQL quoting, despite the name.
_OTHER_QUOTING = frozenset({"shlex.quote", "pipes.quote", "urllib.parse.quote", "urllib.parse.quote_plus"})
_LIST_GROW = m.Call(func=m.Attribute(value=m.Name()))
_IS_LIST_GROW = compiled_matcher(_LIST_GROW)
_GROW_METHODS = frozenset({"append", "extend", "insert"})
_CONSTANT_NAMES = frozenset({"None", "True", "False"})
# `TABLE_NAME`, `settings.DB_TABLE`, `self.COLUMNS`: constants by convention, set in code.
_UPPER_CASE = re.compile(r"^_?[A-Z][A-Z0-9_]+$")
# printf conversions; numeric ones (`%d`, `%.2f`) raise on a string, so they cannot inject.
_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(.)")
_NUMERIC_PRINTF = frozenset("diouxXeEfFgG%")
# f-string format specs with a numeric presentation type: `{limit:d}`, `{ratio:.2f}`.
_NUMERIC_SPEC = re.compile(r"^[^{}]*[bdoxXneEfFgG%]$")

_SAFE = "safe"
_UNKNOWN = "unknown"
# Scope entries: name -> (_SAFE | _UNKNOWN | reason it is built, e.g. "an f-string").
_Scope = dict[str, str]


class SqlBuiltWithFormatting(Rule):
    id = "SEC001"
    title = "SQL query built with string formatting"
    category = Category.SECURITY
    # Medium until taint analysis can tell that request data reaches the query: on Django
    # itself all 74 findings paste identifiers from model metadata or settings, which a
    # reviewer would ask to confirm, not block a release on.
    severity = Severity.MEDIUM
    supersedes = ("B608",)  # bandit's broader check, same line: one finding
    confidence = Confidence.MEDIUM
    effort = 30  # minutes to fix one finding
    cwe = (89,)
    refs = (
        "https://cwe.mitre.org/data/definitions/89.html",
        "https://cheatsheetseries.owasp.org/cheatsheets/Query_Parameterization_Cheat_Sheet.html",
        "https://peps.python.org/pep-0249/#paramstyle",
        "https://docs.python.org/3/library/sqlite3.html#sqlite3-placeholders",
        "https://docs.djangoproject.com/en/stable/topics/db/sql/#passing-parameters-into-raw",
        "https://docs.sqlalchemy.org/en/20/core/sqlelement.html#sqlalchemy.sql.expression.text",
        "https://www.psycopg.org/docs/sql.html",
    )
    why = """
        When a value is pasted into SQL text (f-string, `%`, `.format()`, `+`), the
        database cannot tell data from code: a value containing a quote changes the
        query. With input from a request that is SQL injection: `' OR 1=1 --` reads every
        row, `'; DROP TABLE ...` runs when the driver allows several statements, and the
        attacker gets whatever the database account can do. Even with trusted values, a
        name like O'Brien breaks the query in production, and every distinct value is a
        new statement the server must parse and cannot cache.

        Reported when the SQL argument of `.execute()`, `.executemany()`,
        `.executescript()`, Django's `.raw()`, `.extra(where=/select=)`, `RawSQL()` or
        SQLAlchemy's `text()` is built by formatting with a value that is not a literal,
        directly or through a local variable. Treated as safe: numbers (`int(x)`,
        `len(x)`, `%d`, `{n:d}`), module-level literals and UPPER_CASE constants,
        placeholder lists (`", ".join(["%s"] * n)`), Django model metadata
        (`Model._meta.db_table`), quoting helpers (`quote_name()`) and psycopg's `sql`
        module. Medium severity and confidence: the tool cannot yet tell whether a
        formatted identifier or fragment came from a user; when it does, it is critical.
    """
    fix = """
        Keep the SQL text constant and pass values as parameters:
        `cursor.execute("... WHERE id = %s", (user_id,))` (`?` for sqlite3),
        `Model.objects.raw("... WHERE id = %s", [user_id])`, `text("... :id")` with
        `.bindparams()` or execute parameters. Table or column names cannot be
        parameters: pick them from an allow-list and quote them
        (`connection.ops.quote_name`, psycopg's `sql.Identifier`).
    """
    example = Example(
        before="""
            def find_user(cursor, email):
                cursor.execute(f"SELECT id, name FROM users WHERE email = '{email}'")
                return cursor.fetchone()
        """,
        after="""
            def find_user(cursor, email):
                cursor.execute("SELECT id, name FROM users WHERE email = %s", (email,))
                return cursor.fetchone()
        """,
    )
    VALID = [
        # Parameterized queries; literal-only concatenation; f-strings without fields.
        """
        def find(cursor, email, ids):
            cursor.execute("SELECT * FROM users WHERE email = %s", (email,))
            cursor.execute("SELECT * FROM users "
                           "WHERE id = %s", [ids[0]])
            cursor.execute("SELECT * FROM users " + "WHERE active")
            cursor.execute(f"SELECT count(*) FROM users")
            cursor.executemany("INSERT INTO t VALUES (?, ?)", rows)
        """,
        # Placeholder lists built from literals, and numbers, are safe to interpolate.
        """
        def by_ids(cursor, ids, limit):
            placeholders = ", ".join(["%s"] * len(ids))
            cursor.execute(f"SELECT * FROM t WHERE id IN ({placeholders})", ids)
            cursor.execute("SELECT * FROM t WHERE id IN (%s)" % ",".join("?" * len(ids)), ids)
            cursor.execute("SELECT * FROM t WHERE id IN ({})".format(", ".join("%s" for _ in ids)), ids)
            cursor.execute(f"SELECT * FROM t LIMIT {int(limit)}")
        """,
        # Module and UPPER_CASE constants are not input; numeric conversions cannot inject.
        """
        from myapp.settings import AUDIT_TABLE
        TABLE = "users"
        columns = "id, name"
        def all_users(cursor, settings, limit, offset):
            cursor.execute(f"SELECT {columns} FROM {TABLE}")
            cursor.execute("SELECT * FROM " + TABLE + " WHERE id = %s", (1,))
            cursor.execute(f"INSERT INTO {AUDIT_TABLE} VALUES (%s)", (1,))
            cursor.execute(f"SELECT * FROM {settings.ARCHIVE_TABLE}")
            cursor.execute("SELECT * FROM t LIMIT %d OFFSET %d" % (limit, offset))
            cursor.execute(f"SELECT * FROM t LIMIT {limit:d}")
        """,
        # Conditions collected as literal fragments, values passed as parameters.
        """
        def search(cursor, name=None, city=None):
            conditions = []
            params = []
            if name:
                conditions.append("name = %s")
                params.append(name)
            if city:
                conditions.append("city = %s")
                params.append(city)
            sql = "SELECT * FROM people"
            if conditions:
                sql += " WHERE " + " AND ".join(conditions)
            cursor.execute(sql, params)
        """,
        # psycopg's composition API and Django's quote_name quote what they insert.
        """
        from psycopg2 import sql
        def drop(cursor, connection, table):
            cursor.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(table)))
            cursor.execute("DROP TABLE %s" % connection.ops.quote_name(table))
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"TRUNCATE {quoted}")
        """,
        # Django model metadata: table and column names defined in code.
        """
        def count(cursor, Book, field):
            cursor.execute(f"SELECT COUNT(*) FROM {Book._meta.db_table}")
            opts = field.model._meta
            cursor.execute("SELECT MAX(%s) FROM %s" % (field.model._meta.pk.column, opts.db_table))
        """,
        # Not SQL: formatting elsewhere, an unrelated `.format`, a variable reassigned to a literal.
        """
        import sqlalchemy
        def f(cursor, session, name, user_id):
            message = f"hello {name}"
            log(message)
            stmt = sqlalchemy.text("SELECT * FROM users WHERE id = :id")
            session.execute(stmt, {"id": user_id})
            query = f"SELECT * FROM users WHERE name = '{name}'"
            query = "SELECT * FROM users WHERE name = %s"
            cursor.execute(query, (name,))
        """,
        # A variable built in another function is not tracked into this one.
        """
        def build(name):
            sql = f"SELECT * FROM t WHERE name = '{name}'"
            return sql
        def run(cursor, sql):
            cursor.execute(sql)
        """,
        # `text` not from sqlalchemy.
        """
        from myapp.i18n import text
        def label(name):
            return text(f"Hello {name}")
        """,
    ]
    INVALID = [
        """
        def find(cursor, email, user_id, order):
            cursor.execute(f"SELECT * FROM users WHERE email = '{email}'")  # expect
            cursor.execute("SELECT * FROM users WHERE id = %s" % user_id)  # expect
            cursor.execute("SELECT * FROM users WHERE id = {}".format(user_id))  # expect
            cursor.execute("SELECT * FROM users ORDER BY " + order)  # expect
            cursor.executemany(  # expect
                f"INSERT INTO {order} VALUES (?, ?)",
                rows,
            )
        """,
        # Built earlier in the same function, including by `+=`.
        """
        def search(cursor, name, sort):
            sql = "SELECT * FROM people WHERE name = '%s'" % name
            cursor.execute(sql)  # expect
            query = "SELECT * FROM people"
            if sort:
                query += " ORDER BY " + sort
            cursor.execute(query)  # expect
            alias = sql
            cursor.execute(alias)  # expect
        """,
        # Look-alikes of the safe forms that still paste text.
        """
        def page(cursor, name, limit):
            cursor.execute("SELECT * FROM t WHERE name = '%s' LIMIT %d" % (name, limit))  # expect
            cursor.execute(f"SELECT * FROM t WHERE name = '{name:>10}'")  # expect
            conditions = []
            conditions.append(f"name = '{name}'")
            cursor.execute("SELECT * FROM t WHERE " + " AND ".join(conditions))  # expect
        """,
        """
        import sqlalchemy as sa
        from django.db.models.expressions import RawSQL
        def report(session, Person, Book, year, title):
            session.execute(sa.text(f"SELECT * FROM sales WHERE year = {year}"))  # expect
            Person.objects.raw("SELECT * FROM person WHERE last_name = '%s'" % title)  # expect
            Book.objects.extra(where=[f"title = '{title}'"])  # expect
            Book.objects.annotate(v=RawSQL("SELECT %s" % title, ()))  # expect
        """,
        # Shell or URL quoting is not SQL quoting.
        """
        import shlex
        def find(cursor, name):
            cursor.execute(f"SELECT * FROM t WHERE name = {shlex.quote(name)}")  # expect
        """,
        """
        import sqlite3
        conn = sqlite3.connect("app.db")
        def purge(table):
            conn.executescript("DELETE FROM " + table + ";")  # expect
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        # Innermost last; a class body's scope is visible only while directly inside it.
        self._scopes: list[tuple[bool, _Scope]] = [(False, {})]
        self.idle = not _can_report(context)

    # --- scopes ---------------------------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        scope: _Scope = {}
        params = node.params
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            scope[param.name.value] = _UNKNOWN
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                scope[star.name.value] = _UNKNOWN
        self._scopes.append((False, scope))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._scopes.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._scopes.append((True, {}))

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._scopes.pop()

    def _lookup(self, name: str) -> str:
        for depth, (is_class, scope) in enumerate(reversed(self._scopes)):
            if is_class and depth > 0:
                continue
            if name in scope:
                return scope[name]
        return _UNKNOWN

    def _bind(self, name: str, state: str) -> None:
        self._scopes[-1][1][name] = state

    # --- local tracking -------------------------------------------------------------

    def visit_Assign(self, node: cst.Assign) -> None:
        state: str | None = None
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                if state is None:
                    state = self._state_of(node.value)
                self._bind(target.target.value, state)
            else:
                self._unbind_all(target.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None and isinstance(node.target, cst.Name):
            self._bind(node.target.value, self._state_of(node.value))

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if not isinstance(node.target, cst.Name):
            return
        name = node.target.value
        if self._is_const(node.value):
            self._bind(name, self._lookup(name))  # `sql += " LIMIT 10"` keeps its state
        else:
            reason = self._built(node.value) or "concatenation with a non-literal value"
            self._bind(name, reason)

    def visit_For(self, node: cst.For) -> None:
        self._unbind_all(node.target)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._unbind_all(node.asname.name)

    def _unbind_all(self, target: cst.BaseExpression) -> None:
        if isinstance(target, cst.Name):
            self._bind(target.value, _UNKNOWN)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._unbind_all(element.value)
        elif isinstance(target, cst.StarredElement):
            self._unbind_all(target.value)

    def _state_of(self, value: cst.BaseExpression) -> str:
        if isinstance(value, cst.Name) and value.value not in _CONSTANT_NAMES:
            return self._lookup(value.value)  # an alias shares the state
        if self._is_const(value):
            return _SAFE
        return self._built(value) or _UNKNOWN

    # --- the check ------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        method = _method(node)
        if method in _GROW_METHODS and _IS_LIST_GROW(node):
            self._track_list_growth(node)
        if method in _EXEC_METHODS:
            self._check_sql(node, self._sql_arg(node, 0))
        elif method == "extra":
            for keyword in ("where", "select"):
                arg = keyword_arg(node, keyword)
                if arg is not None:
                    self._check_extra(node, arg.value)
        else:
            name = self.qualify(node.func)
            if name in _SQL_CONSTRUCTORS:
                self._check_sql(node, self._sql_arg(node, 0, ("text", "sql")), name)

    def _sql_arg(
        self, call: cst.Call, index: int, keywords: tuple[str, ...] = _SQL_KEYWORDS
    ) -> cst.BaseExpression | None:
        positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
        if len(positional) > index:
            return positional[index].value
        for keyword in keywords:
            arg = keyword_arg(call, keyword)
            if arg is not None:
                return arg.value
        return None

    def _check_sql(self, call: cst.Call, sql: cst.BaseExpression | None, callee: str | None = None) -> None:
        if sql is None:
            return
        reason = self._built(sql)
        if reason is not None:
            where = self._callee(call, callee)
            self.report(call, f"SQL passed to {where}() is built with {reason}; pass values as query parameters")

    def _check_extra(self, call: cst.Call, value: cst.BaseExpression) -> None:
        if isinstance(value, (cst.List, cst.Tuple)):
            parts = [el.value for el in value.elements]
        elif isinstance(value, cst.Dict):
            parts = [el.value for el in value.elements if isinstance(el, cst.DictElement)]
        else:
            parts = [value]
        for part in parts:
            reason = self._built(part)
            if reason is not None:
                where = self._callee(call)
                self.report(call, f"SQL passed to {where}() is built with {reason}; use params=[...] for values")
                return

    def _callee(self, call: cst.Call, qualified: str | None = None) -> str:
        if qualified:
            return qualified.rpartition(".")[2]
        text = dotted(call.func)
        if text and text.count(".") <= 2:
            return text
        return "." + call.func.attr.value if isinstance(call.func, cst.Attribute) else "the query"

    def _track_list_growth(self, call: cst.Call) -> None:
        """`parts.append("a = %s")` keeps a literal-only list safe; anything else taints it."""
        name = call.func.value.value  # type: ignore[attr-defined]
        if self._lookup(name) != _SAFE:
            return
        if not all(self._is_const(arg.value) for arg in call.args):
            self._bind(name, _UNKNOWN)

    # --- predicates -----------------------------------------------------------------

    def _built(self, expr: cst.BaseExpression) -> str | None:
        """How `expr` pastes a non-constant value into SQL text, or None if it does not."""
        handler = _BUILT.get(type(expr))
        return handler(self, expr) if handler is not None else None

    def _built_fstring(self, expr: cst.FormattedString) -> str | None:
        for part in expr.parts:
            if (
                isinstance(part, cst.FormattedStringExpression)
                and not self._is_const(part.expression)
                and not _numeric_spec(part)
            ):
                return "an f-string"
        return None

    def _built_concatenated(self, expr: cst.ConcatenatedString) -> str | None:
        return self._built(expr.left) or self._built(expr.right)  # type: ignore[arg-type]

    def _built_binary(self, expr: cst.BinaryOperation) -> str | None:
        if self._is_const(expr):
            return None
        if isinstance(expr.operator, cst.Modulo):  # the template may be any string; the values matter
            if self._is_const(expr.right) or _numeric_template(expr.left):
                return self._built(expr.left)
            return self._built(expr.left) or "% formatting"
        inner = self._built(expr.left) or self._built(expr.right)
        if isinstance(expr.operator, cst.Add):
            return inner or "concatenation with a non-literal value"
        return inner

    def _built_call(self, expr: cst.Call) -> str | None:
        if _method(expr) != "format" or self._is_const(expr):
            return None
        receiver = expr.func.value  # type: ignore[attr-defined]
        args_const = all(not arg.star and self._is_const(arg.value) for arg in expr.args)
        return self._built(receiver) or (None if args_const else ".format()")

    def _built_ifexp(self, expr: cst.IfExp) -> str | None:
        return self._built(expr.body) or self._built(expr.orelse)

    def _built_name(self, expr: cst.Name) -> str | None:
        state = self._lookup(expr.value)
        if state not in (_SAFE, _UNKNOWN):
            return f"`{expr.value}`, a string built with {state}"
        return None

    def _is_const(self, expr: cst.BaseExpression) -> bool:
        """True if `expr` cannot carry outside text into the SQL."""
        handler = _CONST.get(type(expr))
        return handler(self, expr) if handler is not None else False

    def _const_name(self, expr: cst.Name) -> bool:
        state = self._lookup(expr.value)
        if state == _UNKNOWN:
            return expr.value in _CONSTANT_NAMES or bool(_UPPER_CASE.match(expr.value))
        return state == _SAFE

    def _const_fstring(self, expr: cst.FormattedString) -> bool:
        return all(
            self._is_const(part.expression) for part in expr.parts if isinstance(part, cst.FormattedStringExpression)
        )

    def _const_pair(self, expr: cst.BinaryOperation | cst.ConcatenatedString) -> bool:
        return self._is_const(expr.left) and self._is_const(expr.right)  # type: ignore[arg-type]

    def _const_ifexp(self, expr: cst.IfExp) -> bool:
        return self._is_const(expr.body) and self._is_const(expr.orelse)

    def _const_sequence(self, expr: cst.Tuple | cst.List | cst.Set) -> bool:
        return all(self._is_const(el.value) for el in expr.elements)

    def _const_dict(self, expr: cst.Dict) -> bool:
        return all(isinstance(el, cst.DictElement) and self._is_const(el.value) for el in expr.elements)

    def _is_const_attribute(self, expr: cst.Attribute) -> bool:
        """`X.TABLE`, Django model metadata (`X._meta.db_table`), or read from a safe local."""
        if _UPPER_CASE.match(expr.attr.value):
            return True
        base: cst.BaseExpression = expr
        while isinstance(base, cst.Attribute):
            if base.attr.value == "_meta":
                return True
            base = base.value
        return isinstance(base, cst.Name) and self._lookup(base.value) == _SAFE  # `opts = X._meta`

    def _is_const_call(self, call: cst.Call) -> bool:
        func = call.func
        method = _method(call)
        callee = method or (func.value if isinstance(func, cst.Name) else "")
        name = self.qualify(func)
        if name in _SAFE_BUILTINS or name in _PSYCOPG_QUOTED:
            return True
        if _QUOTING.match(callee) and name not in _OTHER_QUOTING:
            return True
        if name in _PSYCOPG_SQL:
            return all(self._is_const(arg.value) for arg in call.args)
        if method is None:
            return False
        receiver = func.value  # type: ignore[attr-defined]
        if isinstance(receiver, cst.Call) and self.qualify(receiver.func) in _PSYCOPG_SQL:
            return self._is_const(receiver)  # sql.SQL("...").format(...) / .join(...)
        if method in ("format", "join"):
            return self._is_const(receiver) and all(
                not arg.star and self._is_const(arg.value) for arg in call.args
            )
        return False


def _numeric_template(expr: cst.BaseExpression) -> bool:
    """A literal `%` template whose conversions are all numeric (`"LIMIT %d"`)."""
    if not isinstance(expr, (cst.SimpleString, cst.ConcatenatedString)):
        return False
    text = expr.evaluated_value
    if not isinstance(text, str):
        return False
    return all(kind in _NUMERIC_PRINTF for kind in _PRINTF.findall(text))


def _numeric_spec(part: cst.FormattedStringExpression) -> bool:
    spec = part.format_spec
    if not spec or not all(isinstance(p, cst.FormattedStringText) for p in spec):
        return False
    return bool(_NUMERIC_SPEC.match("".join(p.value for p in spec)))  # type: ignore[attr-defined]


def _method(call: cst.Call) -> str | None:
    """`execute` for `cursor.execute(...)`; None when the callee is not an attribute."""
    func = call.func
    return func.attr.value if isinstance(func, cst.Attribute) else None


def _always(_rule: SqlBuiltWithFormatting, _expr: cst.BaseExpression) -> bool:
    return True


# Dispatch by node type keeps each predicate small (and cheap: one dict lookup).
_BUILT: dict[type, Callable[[SqlBuiltWithFormatting, Any], str | None]] = {
    cst.FormattedString: SqlBuiltWithFormatting._built_fstring,
    cst.ConcatenatedString: SqlBuiltWithFormatting._built_concatenated,
    cst.BinaryOperation: SqlBuiltWithFormatting._built_binary,
    cst.Call: SqlBuiltWithFormatting._built_call,
    cst.IfExp: SqlBuiltWithFormatting._built_ifexp,
    cst.Name: SqlBuiltWithFormatting._built_name,
}
_CONST: dict[type, Callable[[SqlBuiltWithFormatting, Any], bool]] = {
    cst.SimpleString: _always,
    cst.Integer: _always,
    cst.Float: _always,
    cst.Imaginary: _always,
    cst.Name: SqlBuiltWithFormatting._const_name,
    cst.ConcatenatedString: SqlBuiltWithFormatting._const_pair,
    cst.FormattedString: SqlBuiltWithFormatting._const_fstring,
    cst.BinaryOperation: SqlBuiltWithFormatting._const_pair,
    cst.UnaryOperation: lambda rule, expr: rule._is_const(expr.expression),
    cst.IfExp: SqlBuiltWithFormatting._const_ifexp,
    cst.Tuple: SqlBuiltWithFormatting._const_sequence,
    cst.List: SqlBuiltWithFormatting._const_sequence,
    cst.Set: SqlBuiltWithFormatting._const_sequence,
    cst.Dict: SqlBuiltWithFormatting._const_dict,
    # `"%s" for _ in ids`: every item is a literal
    cst.ListComp: lambda rule, expr: rule._is_const(expr.elt),
    cst.SetComp: lambda rule, expr: rule._is_const(expr.elt),
    cst.GeneratorExp: lambda rule, expr: rule._is_const(expr.elt),
    cst.Call: SqlBuiltWithFormatting._is_const_call,
    cst.Attribute: SqlBuiltWithFormatting._is_const_attribute,
}


# --- idle: whether any call can get SQL built by formatting (see `Rule`) ---------------------

_CALL_METHODS = _EXEC_METHODS | {"extra"}
_PSYCOPG_PACKAGES = ("psycopg2.", "psycopg.")
_CONSTRUCTORS_REACHED = QualifiedTargets(_SQL_CONSTRUCTORS)


def _can_report(context: FileContext) -> bool:
    """Necessary for a report: a call that `visit_Call` checks (an `.execute`-like or
    `.extra` method, or a name qualified to a SQL constructor) whose SQL argument may be
    built, i.e. `_built` may not be None for it. Decided on the stdlib tree as a superset
    of `_built`: an f-string with a field, a `%`, `+` or `.format()` whose operands are
    not all constants (`_BuiltNames.const`), a conditional of such, or a name some
    assignment may bind to one."""
    index = context.index
    if index is None:
        return True
    constructors = _CONSTRUCTORS_REACHED.reachable(context)
    if not constructors and _CALL_METHODS.isdisjoint(index.names):
        return False
    built = _BuiltNames(context, index)
    try:
        return any(built.may_be_built(expr) for expr in _sql_arguments(context, index, constructors))
    except RecursionError:  # a very deep expression: stay open, the walk decides
        return True


def _sql_arguments(context: FileContext, index: AstIndex, constructors: bool) -> Iterator[ast.expr]:
    """The expressions `visit_Call` hands to `_built`, as stdlib nodes."""
    for call in index.of(ast.Call):
        func = call.func
        method = func.attr if func.__class__ is ast.Attribute else None
        if method in _EXEC_METHODS:
            found = _ast_sql_arg(call, _SQL_KEYWORDS)
            if found is not None:
                yield found
        elif method == "extra":
            for keyword in call.keywords:
                if keyword.arg in ("where", "select"):
                    yield from _ast_extra_parts(keyword.value)
        elif constructors and ast_qualify(func, context.imports) in _SQL_CONSTRUCTORS:
            found = _ast_sql_arg(call, ("text", "sql"))
            if found is not None:
                yield found


def _ast_sql_arg(call: ast.Call, keywords: tuple[str, ...]) -> ast.expr | None:
    """`_sql_arg(call, 0, keywords)`: the first positional argument, else a keyword."""
    for arg in call.args:
        if arg.__class__ is not ast.Starred:
            return arg
    for name in keywords:
        for keyword in call.keywords:
            if keyword.arg == name:
                return keyword.value
    return None


def _ast_extra_parts(value: ast.expr) -> list[ast.expr]:
    """The parts `_check_extra` checks: list/tuple items, dict values, or the value."""
    if isinstance(value, (ast.List, ast.Tuple)):
        return [el.value if el.__class__ is ast.Starred else el for el in value.elts]  # type: ignore[attr-defined]
    if isinstance(value, ast.Dict):
        return [v for k, v in zip(value.keys, value.values) if k is not None]
    return [value]


class _BuiltNames:
    """`may_be_built`, a superset of `_built(...) is not None` on the stdlib tree, and
    `const`, a subset of `_is_const` (whatever the scopes hold). A name is built only
    through a state that `visit_Assign`/`visit_AnnAssign`/`visit_AugAssign` gave it: the
    names so assigned a possibly built value (aliases included) and the `+=`-style targets
    of a value that may not be constant, found over the whole file (all scopes at once)."""

    def __init__(self, context: FileContext, index: AstIndex) -> None:
        self._imports = context.imports
        self._index = index
        self._names: set[str] | None = None

    def may_be_built(self, expr: ast.expr) -> bool:
        kind = expr.__class__
        if kind is ast.JoinedStr:
            return any(
                part.__class__ is ast.FormattedValue and not self.const(part.value)  # type: ignore[attr-defined]
                for part in expr.values  # type: ignore[attr-defined]
            )
        if kind is ast.BinOp:
            if self.const(expr):
                return False
            op = expr.op.__class__  # type: ignore[attr-defined]
            left, right = expr.left, expr.right  # type: ignore[attr-defined]
            if op is ast.Mod:
                if self.const(right) or _numeric_literal_template(left):
                    return self.may_be_built(left)
                return True
            if op is ast.Add:
                return True
            return self.may_be_built(left) or self.may_be_built(right)
        if kind is ast.Call:
            func = expr.func  # type: ignore[attr-defined]
            if not (func.__class__ is ast.Attribute and func.attr == "format") or self.const(expr):
                return False
            return self.may_be_built(func.value) or not self._args_const(expr)  # type: ignore[arg-type]
        if kind is ast.IfExp:
            return self.may_be_built(expr.body) or self.may_be_built(expr.orelse)  # type: ignore[attr-defined]
        if kind is ast.Name:
            return expr.id in self.names  # type: ignore[attr-defined]
        return False

    def const(self, expr: ast.expr) -> bool:
        """True only where `_is_const` is True in any scope state."""
        handler = _AST_CONST.get(expr.__class__)
        return handler(self, expr) if handler is not None else False

    def _const_name(self, expr: ast.Name) -> bool:
        # UNKNOWN or SAFE are both constant for these names, unless some binding is built.
        return bool(_UPPER_CASE.match(expr.id)) and expr.id not in self.names

    def _const_items(self, expr: ast.Tuple | ast.List | ast.Set) -> bool:
        return all(el.__class__ is not ast.Starred and self.const(el) for el in expr.elts)

    def _const_dict(self, expr: ast.Dict) -> bool:
        return all(k is not None and self.const(v) for k, v in zip(expr.keys, expr.values))

    def _const_fstring(self, expr: ast.JoinedStr) -> bool:
        return all(self.const(p.value) for p in expr.values if p.__class__ is ast.FormattedValue)  # type: ignore[attr-defined]

    def _const_call(self, call: ast.Call) -> bool:
        """`_is_const_call` without psycopg's composition (a subset)."""
        func = call.func
        method = func.attr if func.__class__ is ast.Attribute else None  # type: ignore[attr-defined]
        callee = method or (func.id if func.__class__ is ast.Name else "")  # type: ignore[attr-defined]
        name = ast_qualify(func, self._imports)
        if name in _SAFE_BUILTINS:
            return True
        if _QUOTING.match(callee) and name not in _OTHER_QUOTING:
            return True
        if method in ("format", "join") and (name is None or not name.startswith(_PSYCOPG_PACKAGES)):
            return self.const(func.value) and self._args_const(call)  # type: ignore[attr-defined]
        return False

    def _args_const(self, call: ast.Call) -> bool:
        return all(a.__class__ is not ast.Starred and self.const(a) for a in call.args) and all(
            k.arg is not None and self.const(k.value) for k in call.keywords
        )

    @property
    def names(self) -> set[str]:
        if self._names is None:
            self._names = set()
            index = self._index
            augmented = [(n.target.id, n.value) for n in index.of(ast.AugAssign) if n.target.__class__ is ast.Name]
            assigned = [
                ([t.id for t in n.targets if t.__class__ is ast.Name], n.value) for n in index.of(ast.Assign)
            ] + [([n.target.id], n.value) for n in index.of(ast.AnnAssign) if n.value is not None and n.target.__class__ is ast.Name]
            changed = True
            while changed:  # the set only grows (and `const` only shrinks): until nothing is added
                changed = False
                for target, value in augmented:
                    if target not in self._names and not self.const(value):
                        self._names.add(target)
                        changed = True
                for targets, value in assigned:
                    if targets and not self._names.issuperset(targets) and self.may_be_built(value):
                        self._names.update(targets)
                        changed = True
        return self._names


# `_CONST` on stdlib nodes (a subset: psycopg's composition and safe locals left out).
_AST_CONST: dict[type, Callable[[_BuiltNames, Any], bool]] = {
    ast.Constant: lambda rule, expr: expr.value is not Ellipsis,  # libcst: `...` is no literal
    ast.Name: _BuiltNames._const_name,
    ast.Attribute: lambda rule, expr: _UPPER_CASE.match(expr.attr) is not None or _meta_chain(expr),
    ast.BinOp: lambda rule, expr: rule.const(expr.left) and rule.const(expr.right),
    ast.JoinedStr: _BuiltNames._const_fstring,
    ast.UnaryOp: lambda rule, expr: rule.const(expr.operand),
    ast.IfExp: lambda rule, expr: rule.const(expr.body) and rule.const(expr.orelse),
    ast.Tuple: _BuiltNames._const_items,
    ast.List: _BuiltNames._const_items,
    ast.Set: _BuiltNames._const_items,
    ast.Dict: _BuiltNames._const_dict,
    ast.ListComp: lambda rule, expr: rule.const(expr.elt),
    ast.SetComp: lambda rule, expr: rule.const(expr.elt),
    ast.GeneratorExp: lambda rule, expr: rule.const(expr.elt),
    ast.Call: _BuiltNames._const_call,
}


def _meta_chain(expr: ast.Attribute) -> bool:
    """`X._meta.db_table`: an attribute chain through `_meta` (`_is_const_attribute`)."""
    base: ast.expr = expr
    while base.__class__ is ast.Attribute:
        if base.attr == "_meta":  # type: ignore[attr-defined]
            return True
        base = base.value  # type: ignore[attr-defined]
    return False


def _numeric_literal_template(expr: ast.expr) -> bool:
    """`_numeric_template` on the stdlib node: a str literal whose conversions are numeric."""
    if expr.__class__ is not ast.Constant or expr.value.__class__ is not str:  # type: ignore[attr-defined]
        return False
    return all(kind in _NUMERIC_PRINTF for kind in _PRINTF.findall(expr.value))  # type: ignore[attr-defined]
