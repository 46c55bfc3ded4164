"""SEC218: a database or broker connection with TLS explicitly switched off."""

from __future__ import annotations

import ast
import re

import libcst as cst

from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.rules.security._idle_patterns import facts_of
from auditor.rules.security._patterns import is_literal_false, is_literal_true, is_remote_host, string_value, url_host

# URL query options that turn TLS off, per driver family.
_URL_OFF = re.compile(r"[?&;\s](sslmode=disable|ssl=false|tls=false|ssl_mode=disabled|ssl-mode=disabled|ssl=0|usessl=false)\b", re.I)
_DB_SCHEMES = re.compile(r"^(postgres(ql)?|mysql|mariadb|mongodb(\+srv)?|amqp|redis|cockroachdb|mssql)(\+\w+)?://", re.I)
_DSN_HOST = re.compile(r"\bhost=([^\s'\"]+)(?:\s|$)")
_DSN_OFF = re.compile(r"\bsslmode=disable\b")
# Keyword arguments of drivers (psycopg, asyncpg, PyMySQL/mysqlclient, mysql-connector, pymongo).
_KW_OFF = {"sslmode": "disable", "ssl_mode": "DISABLED"}
_KW_BOOL_OFF = frozenset({"ssl_disabled"})  # True disables
_KW_FALSE_OFF = frozenset({"tls"})  # pymongo tls=False; ssl=False is too generic to judge
_KEYWORDS = frozenset({*_KW_OFF, *_KW_BOOL_OFF, *_KW_FALSE_OFF})
_KEYS = frozenset(_KW_OFF)
# What `_URL_OFF` and `_DSN_OFF` need in a string, without their context (case-insensitive).
_OFF_TEXT = re.compile(r"sslmode=disable|ssl=false|tls=false|ssl_mode=disabled|ssl-mode=disabled|ssl=0|usessl=false", re.I)


class DatabaseTlsDisabled(Rule):
    id = "SEC218"
    title = "Database or broker connection with TLS disabled"
    category = Category.SECURITY
    # Stage-sensitive: a database on the same private network is a weaker case.
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    cwe = (319,)
    tags = ("tls", "stage-sensitive", "database")
    options = {"include-tests": False}
    effort = 15
    refs = (
        "https://www.postgresql.org/docs/current/libpq-ssl.html#LIBPQ-SSL-PROTECTION",
        "https://dev.mysql.com/doc/refman/8.0/en/connection-options.html#option_general_ssl-mode",
        "https://cwe.mitre.org/data/definitions/319.html",
    )
    why = """
        With `sslmode=disable` (or `ssl_disabled=True`, `tls=false`) the database
        password and every row the service reads and writes cross the network in clear
        text, and anyone on the path can also alter query results. Managed databases
        (RDS, Cloud SQL, Atlas) are reached over networks the team does not control.
        Reported for connection URLs and DSNs with TLS turned off (low when the host is
        not visible, not reported for loopback and private hosts) and driver arguments
        that disable it. Test code is skipped.
    """
    fix = """
        Require TLS and verify the server: `sslmode=verify-full` with the provider's CA
        (`sslrootcert=`), `ssl_mode="VERIFY_IDENTITY"` for MySQL, `tls=true` for MongoDB,
        `rediss://` for Redis; read the URL from the environment per deployment.
    """
    example = Example(
        before="""
            DATABASE_URL = "postgresql://app@db.prod.acme-corp.io:5432/shop?sslmode=disable"
        """,
        after="""
            DATABASE_URL = "postgresql://app@db.prod.acme-corp.io:5432/shop?sslmode=verify-full"
        """,
    )
    VALID = [
        """
        import psycopg2
        DATABASE_URL = "postgresql://app@localhost/shop?sslmode=disable"
        OTHER = "postgresql://app@db.prod.acme-corp.io/shop?sslmode=require"
        conn = psycopg2.connect(host="127.0.0.1", sslmode="disable")
        conn2 = psycopg2.connect(host=HOST, sslmode="verify-full")
        DOC = "set sslmode=disable only for local tests"
        MODES = {"sslmode": "disable", "label": "No TLS"}
        """,
    ]
    INVALID = [
        """
        import psycopg2, pymysql
        BROKER = "amqp://user@mq.acme-corp.io:5672/?ssl=false"  # expect
        conn = psycopg2.connect(host=os.environ["DB_HOST"], sslmode="disable")  # expect
        conn2 = mysql.connector.connect(host="db.acme-corp.io", ssl_disabled=True)  # expect
        DATABASES = {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "HOST": "pg.prod.acme-corp.io",
                "OPTIONS": {"sslmode": "disable"},  # expect
            }
        }
        DSN = "host=pg.acme-corp.io dbname=shop sslmode=disable"  # expect
        """,
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._hosts: list[str | None] = []  # "HOST" of the enclosing dict, if literal
        self.idle = self._skip() or not _can_report(self.context)

    def _skip(self) -> bool:
        return self.context.is_test and not self.opts["include-tests"]

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if self._skip() or "=" not in node.value:
            return
        text = string_value(node)
        if not text:
            return
        if _DB_SCHEMES.match(text) and _URL_OFF.search(text.replace("?", "?&", 1)):
            self._report_host(node, url_host(text), "connection URL disables TLS")
        elif "\n" not in text and len(text) < 400 and _DSN_OFF.search(text) and (match := _DSN_HOST.search(text)):
            self._report_host(node, match.group(1), "DSN disables TLS (sslmode=disable)")

    def visit_Dict(self, node: cst.Dict) -> None:
        host = None
        for el in node.elements:
            key = string_value(el.key) if isinstance(el, cst.DictElement) else None
            if key in ("HOST", "host"):
                host = string_value(el.value) or ""  # type: ignore[union-attr]
            elif key in ("ENGINE", "NAME", "PORT", "USER") and host is None:
                host = ""  # a connection's settings, host not visible
        self._hosts.append(host)

    def leave_Dict(self, original_node: cst.Dict) -> None:
        self._hosts.pop()

    def visit_DictElement(self, node: cst.DictElement) -> None:
        """`"OPTIONS": {"sslmode": "disable"}` inside a connection's settings (Django DATABASES)."""
        key = string_value(node.key)
        if self._skip() or key not in _KW_OFF:
            return
        if (string_value(node.value) or "").lower() == _KW_OFF[key].lower():
            hosts = [h for h in self._hosts[:-1] if h is not None]
            if hosts:
                self._report_host(node, hosts[-1], f'"{key}": "{_KW_OFF[key]}" disables TLS')

    def visit_Call(self, node: cst.Call) -> None:
        if self._skip() or not node.args:
            return
        host = ""
        off = None
        for arg in node.args:
            if arg.keyword is None:
                continue
            kw = arg.keyword.value
            if kw == "host":
                host = string_value(arg.value) or ""
            elif kw in _KW_OFF and (string_value(arg.value) or "").lower() == _KW_OFF[kw].lower():
                off = f'{kw}="{_KW_OFF[kw]}"'
            elif (kw in _KW_BOOL_OFF and is_literal_true(arg.value)) or (kw in _KW_FALSE_OFF and is_literal_false(arg.value)):
                off = f"{kw}={'True' if kw in _KW_BOOL_OFF else 'False'}"
        if off is not None:
            self._report_host(node, host, f"{off} disables TLS")

    def _report_host(self, node: cst.CSTNode, host: str | None, what: str) -> None:
        if host and not is_remote_host(host):
            return
        if host:
            self.report(node, f"{what} to {host}: password and data in clear text")
        else:
            self.report(node, f"{what}: password and data in clear text if the host is remote", severity=Severity.LOW)


def _can_report(context: FileContext) -> bool:
    """The three report paths: a driver keyword (`visit_Call`), a `"sslmode"`/`"ssl_mode"`
    dict key (`visit_DictElement`), a string with a TLS-off option (`visit_SimpleString`:
    each literal is a str constant or a piece of one, adjacent literals being folded, and
    every option has a "=").
    """
    index = context.index
    if index is None or not _KEYWORDS.isdisjoint(index.names):
        return True
    for node in index.of(ast.Dict):
        for key in node.keys:
            if key.__class__ is ast.Constant and key.value in _KEYS:  # type: ignore[union-attr]
                return True
    texts = facts_of(index).with_equals
    # Joined by newlines, which no option contains: a match in one text is a match here.
    return bool(texts) and _OFF_TEXT.search("\n".join(texts)) is not None
