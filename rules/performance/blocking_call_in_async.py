"""PERF001: a blocking call made directly inside an `async def`, stalling the event loop."""

from __future__ import annotations

import ast

import libcst as cst
import libcst.matchers as m

from auditor.helpers import compiled_matcher, dotted
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext, Rule
from auditor.rules.performance._idle import CallTargets

_HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "request")
_ASYNC_HTTP = "an async client (httpx.AsyncClient, aiohttp.ClientSession)"
_SUBPROCESS = "asyncio.create_subprocess_exec()"
_FILE_IO = "aiofiles or await asyncio.to_thread(...)"
# Local file I/O is usually fast (page cache) but stalls on network filesystems and full
# disks: reported at medium severity.
_MEDIUM = frozenset({"builtins.open", *(f"pathlib.Path().{n}" for n in ("read_text", "read_bytes", "write_text", "write_bytes"))})
_SESSION_FACTORIES = frozenset({"requests.Session", "requests.session", "requests.sessions.Session"})

# Qualified name -> what to use instead.
_BLOCKING: dict[str, str] = {
    "time.sleep": "await asyncio.sleep()",
    "urllib.request.urlopen": _ASYNC_HTTP,
    "subprocess.run": _SUBPROCESS,
    "subprocess.call": _SUBPROCESS,
    "subprocess.check_call": _SUBPROCESS,
    "subprocess.check_output": _SUBPROCESS,
    "subprocess.Popen": _SUBPROCESS,
    "os.system": "asyncio.create_subprocess_shell()",
    "socket.create_connection": "asyncio.open_connection()",
    "psycopg2.connect": "psycopg (v3) AsyncConnection or asyncpg",
    "pymysql.connect": "aiomysql or asyncmy",
    "sqlite3.connect": "aiosqlite or await asyncio.to_thread(...)",
    "subprocess.getoutput": _SUBPROCESS,
    "subprocess.getstatusoutput": _SUBPROCESS,
    "os.popen": _SUBPROCESS,
    "urllib.request.urlretrieve": _ASYNC_HTTP,
    "http.client.HTTPConnection().request": _ASYNC_HTTP,
    "http.client.HTTPSConnection().request": _ASYNC_HTTP,
    "socket.getaddrinfo": "await loop.getaddrinfo()",
    "socket.gethostbyname": "await loop.getaddrinfo()",
    "smtplib.SMTP": "aiosmtplib or a task queue",
    "smtplib.SMTP_SSL": "aiosmtplib or a task queue",
    "psycopg.connect": "psycopg.AsyncConnection.connect()",
    "MySQLdb.connect": "aiomysql or asyncmy",
    "mysql.connector.connect": "aiomysql or asyncmy",
    "builtins.open": _FILE_IO,
    "builtins.input": "an async stream reader",
    **{f"pathlib.Path().{name}": _FILE_IO for name in ("read_text", "read_bytes", "write_text", "write_bytes")},
    **{f"{module}.{name}": _ASYNC_HTTP for module in ("requests", "requests.api") for name in _HTTP_METHODS},
    **{f"{factory}().{name}": _ASYNC_HTTP for factory in _SESSION_FACTORIES for name in _HTTP_METHODS},
    **{f"httpx.{name}": "httpx.AsyncClient" for name in (*_HTTP_METHODS, "stream")},
}

# A report is at a call of a blocking function in an `async def`, or at an HTTP method of
# a name bound (anywhere) to a session factory's result.
_BLOCKING_CALLS = CallTargets(_BLOCKING)
_SESSIONS = CallTargets(_SESSION_FACTORIES)

_WITH_AS_NAME = m.WithItem(asname=m.AsName(name=m.Name()))
_SELF_ATTRIBUTE = m.Attribute(value=m.Name("self"))
_IS_WITH_AS_NAME = compiled_matcher(_WITH_AS_NAME)
_IS_SELF_ATTRIBUTE = compiled_matcher(_SELF_ATTRIBUTE)


def _can_report(context: FileContext) -> bool:
    """Reports happen only in an `async def` (ast.AsyncFunctionDef), at a call of a blocking
    function written there, or at an HTTP method of a name bound to a session factory's
    result."""
    index = context.index
    if index is None:
        return True
    if not index.has(ast.AsyncFunctionDef):
        return False
    return _BLOCKING_CALLS.possible(context, _coroutines) or _SESSIONS.possible(context)


def _coroutines(context: FileContext) -> list[ast.AST]:
    return context.index.of(ast.AsyncFunctionDef) if context.index is not None else []


class BlockingCallInAsync(Rule):
    id = "PERF001"
    title = "Blocking call inside async function"
    category = Category.PERFORMANCE
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    refs = (
        "https://docs.python.org/3/library/asyncio-dev.html#running-blocking-code",
        "https://docs.python.org/3/library/asyncio-task.html#asyncio.to_thread",
        "https://docs.python.org/3/library/asyncio-subprocess.html",
        "https://www.python-httpx.org/async/",
    )
    why = """
        An event loop runs every coroutine of the process on one thread. A blocking call in
        an `async def` (time.sleep, a requests call, a subprocess, a sync DB connect, file
        I/O) holds that thread until it returns: every other request, websocket and
        background task in the process freezes for the duration. One slow upstream turns
        into latency spikes and timeouts across unrelated endpoints, health checks fail,
        and throughput collapses to one request at a time, while CPU looks idle.
    """
    fix = """
        Use the async equivalent (`await asyncio.sleep()`, httpx.AsyncClient or aiohttp,
        `asyncio.create_subprocess_exec()`, an async DB driver, aiofiles), or move the
        blocking call to a worker thread with `await asyncio.to_thread(func, *args)`.
    """
    example = Example(
        before="""
            import time
            import requests

            async def poll(url):
                time.sleep(1)
                return requests.get(url, timeout=5).json()
        """,
        after="""
            import asyncio
            import httpx

            async def poll(client: httpx.AsyncClient, url):
                await asyncio.sleep(1)
                response = await client.get(url, timeout=5)
                return response.json()
        """,
    )
    VALID = [
        # Blocking calls in plain functions are fine.
        """
        import time
        import requests
        def poll(url):
            time.sleep(1)
            return requests.get(url, timeout=5)
        """,
        # The async alternatives.
        """
        import asyncio
        import httpx
        async def poll(url):
            await asyncio.sleep(1)
            async with httpx.AsyncClient() as client:
                return await client.get(url)
        """,
        # Handed to a thread: the function is passed, not called, or called in a nested
        # def or lambda that runs in the executor.
        """
        import asyncio
        import subprocess
        import time
        import requests
        async def handler(url):
            await asyncio.to_thread(time.sleep, 1)
            await asyncio.to_thread(lambda: requests.get(url, timeout=5))
            def work():
                return subprocess.run(["ls"], check=True)
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(None, work)
        """,
        # Names that only look like the blocking functions.
        """
        import asyncio
        from myproject import sleep
        async def handler(session, db):
            await sleep(1)
            await session.get(url)
            await db.connect()
            await asyncio.create_subprocess_exec("ls")
        """,
        # A module-level `open` that is not the builtin.
        """
        from aiofiles import open
        async def read(path):
            async with open(path) as f:
                return await f.read()
        """,
        # A session variable of an async client is not requests, even when a module-level
        # requests session has the same name.
        """
        import aiohttp
        import requests
        session = requests.Session()
        async def fetch(url):
            async with aiohttp.ClientSession() as session:
                async with session.get(url) as response:
                    return await response.text()
        async def fetch_with(session, url):
            return await session.get(url)
        """,
    ]
    INVALID = [
        """
        import time
        import requests
        import subprocess as sp
        async def handler(url):
            time.sleep(0.5)  # expect
            r = requests.post(url, json={}, timeout=5)  # expect
            sp.run(["convert", "a.png", "b.jpg"], check=True)  # expect
            return r
        """,
        """
        from time import sleep
        from urllib.request import urlopen
        class Service:
            async def refresh(self):
                sleep(1)  # expect
                with open("cache.json") as f:  # expect
                    data = f.read()
                return urlopen(self.url, timeout=3)  # expect
        """,
        # A nested async def inside a plain def inside an async def is async again.
        """
        import os
        async def outer():
            def helper():
                os.system("true")
                async def inner():
                    os.system("true")  # expect
                return inner
            return helper
        """,
        # Requests sessions created in the coroutine.
        """
        import requests
        async def fetch(urls):
            with requests.Session() as session:
                for url in urls:
                    session.get(url, timeout=5)  # expect
            s = requests.Session()
            s.post(urls[0], timeout=5)  # expect
            requests.Session().get(urls[0], timeout=5)  # expect
        """,
        # A shared module-level session, and one kept on the instance.
        """
        import requests
        http = requests.Session()
        class Client:
            def __init__(self):
                self.session = requests.Session()
            async def fetch(self, url):
                self.session.get(url, timeout=5)  # expect
                return http.get(url, timeout=5)  # expect
        """,
        """
        import socket
        import smtplib
        from pathlib import Path
        from MySQLdb import connect
        async def notify(host, report):
            addr = socket.gethostbyname(host)  # expect
            connect(host=addr)  # expect
            with smtplib.SMTP(host) as smtp:  # expect
                smtp.send_message(report)
            return Path("out.txt").write_text(report)  # expect
        """,
        """
        import sqlite3
        import psycopg2
        import httpx
        async def load():
            conn = sqlite3.connect("app.db")  # expect
            pg = psycopg2.connect(dsn)  # expect
            return [httpx.get(u) for u in urls]  # expect
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        # One frame per function or lambda: is it async, and which local names are bound to
        # a requests Session (True) or to something else that shadows an outer name (False).
        self._frames: list[tuple[bool, dict[str, bool]]] = []
        self._module_names: dict[str, bool] = {}
        # Per class: `self.<attr>` attributes assigned a requests Session in any method.
        self._class_attrs: list[set[str]] = []
        self.idle = not _can_report(context)

    # --- state ----------------------------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        params = node.params
        names: dict[str, bool] = {
            p.name.value: False for p in (*params.posonly_params, *params.params, *params.kwonly_params)
        }
        self._frames.append((node.asynchronous is not None, names))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._frames.pop()

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._frames.append((False, {}))

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self._frames.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._class_attrs.append(set())

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._class_attrs.pop()

    def _in_async(self) -> bool:
        return bool(self._frames) and self._frames[-1][0]

    def _names(self) -> dict[str, bool]:
        return self._frames[-1][1] if self._frames else self._module_names

    def _is_session_factory(self, expr: cst.BaseExpression) -> bool:
        return isinstance(expr, cst.Call) and self.qualify(expr.func) in _SESSION_FACTORIES

    def visit_Assign(self, node: cst.Assign) -> None:
        is_session = self._is_session_factory(node.value)
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                self._names()[target.target.value] = is_session
            elif is_session and _IS_SELF_ATTRIBUTE(target.target) and self._class_attrs:
                self._class_attrs[-1].add(target.target.attr.value)  # type: ignore[attr-defined]

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if _IS_WITH_AS_NAME(node):
            name = node.asname.name.value  # type: ignore[union-attr]
            self._names()[name] = self._is_session_factory(node.item)

    def _is_session(self, receiver: cst.BaseExpression) -> bool:
        """Is `receiver` (of `receiver.get(...)`) a requests Session bound in this file?"""
        if isinstance(receiver, cst.Name):
            local = self._names()
            if receiver.value in local:
                return local[receiver.value]
            return self._module_names.get(receiver.value, False)
        if _IS_SELF_ATTRIBUTE(receiver) and self._class_attrs:
            return receiver.attr.value in self._class_attrs[-1]  # type: ignore[attr-defined]
        return False

    # --- the check ------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        if not self._in_async():
            return
        name = self.qualify(node.func)
        if name is not None and name in _BLOCKING:
            shown = name.removeprefix("builtins.")
            severity = Severity.MEDIUM if name in _MEDIUM else None
            self.report(node, f"{shown}() blocks the event loop; use {_BLOCKING[name]}", severity=severity)
            return
        func = node.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value in _HTTP_METHODS
            and self._is_session(func.value)
        ):
            call = f"{dotted(func.value)}.{func.attr.value}"
            self.report(node, f"{call}() on a requests.Session blocks the event loop; use {_ASYNC_HTTP}")
