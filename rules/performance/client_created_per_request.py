"""PERF005: a database engine or client created inside a request handler."""

from __future__ import annotations

import libcst as cst

from auditor.analysis.tracking import TrackingRule
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext
from auditor.rules.performance._idle import CallTargets, handlers

# Qualified constructor -> what it costs when made per request.
_FACTORIES: dict[str, str] = {
    "sqlalchemy.create_engine": "a new connection pool",
    "sqlalchemy.ext.asyncio.create_async_engine": "a new connection pool",
    "psycopg2.connect": "a new database connection (TCP, TLS, authentication)",
    "psycopg.connect": "a new database connection (TCP, TLS, authentication)",
    "psycopg.AsyncConnection.connect": "a new database connection (TCP, TLS, authentication)",
    "asyncpg.connect": "a new database connection (TCP, TLS, authentication)",
    "asyncpg.create_pool": "a new connection pool",
    "pymysql.connect": "a new database connection",
    "MySQLdb.connect": "a new database connection",
    "mysql.connector.connect": "a new database connection",
    "redis.Redis": "a new Redis connection pool",
    "redis.StrictRedis": "a new Redis connection pool",
    "redis.from_url": "a new Redis connection pool",
    "redis.Redis.from_url": "a new Redis connection pool",
    "redis.asyncio.Redis": "a new Redis connection pool",
    "redis.asyncio.from_url": "a new Redis connection pool",
    "pymongo.MongoClient": "a new MongoDB client (connection pool and monitor threads)",
    "motor.motor_asyncio.AsyncIOMotorClient": "a new MongoDB client (connection pool and monitor threads)",
    "elasticsearch.Elasticsearch": "a new Elasticsearch client and connection pool",
    "httpx.Client": "a new HTTP connection pool",
    "httpx.AsyncClient": "a new HTTP connection pool",
}
_TARGETS = CallTargets(_FACTORIES)
_POOLS = frozenset({"sqlalchemy.create_engine", "sqlalchemy.ext.asyncio.create_async_engine", "asyncpg.create_pool"})


class ClientCreatedPerRequest(TrackingRule):
    id = "PERF005"
    title = "Database engine or client created per request"
    category = Category.PERFORMANCE
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    effort = 30
    tags = ("database", "web")
    refs = (
        "https://docs.sqlalchemy.org/en/20/core/connections.html#basic-usage",
        "https://www.psycopg.org/psycopg3/docs/advanced/pool.html",
        "https://redis-py.readthedocs.io/en/stable/connections.html#connection-pools",
        "https://pymongo.readthedocs.io/en/stable/faq.html#how-does-connection-pooling-work-in-pymongo",
    )
    why = """
        Engines, Redis and Mongo clients are connection pools meant to be created once per
        process. Built inside a request handler, every request pays a fresh TCP + TLS +
        authentication handshake (tens of milliseconds), and pools that are never disposed
        leak connections until the database refuses new ones (`too many connections`).
        Under a traffic spike the database sees a connection storm instead of steady
        reuse. A `create_engine()` per request is reported at high severity: each builds
        a whole pool.
    """
    fix = """
        Create the engine/client once at start-up (module level, the app factory, or a
        FastAPI lifespan / Django `DATABASES` setting) and reuse it: hand out sessions or
        connections from its pool inside the handler.
    """
    example = Example(
        before="""
            from flask import Flask
            from sqlalchemy import create_engine, text

            app = Flask(__name__)

            @app.get("/users/<int:user_id>")
            def user(user_id):
                engine = create_engine(DATABASE_URL)
                with engine.connect() as conn:
                    return dict(conn.execute(text("SELECT * FROM users WHERE id = :id"), {"id": user_id}).one()._mapping)
        """,
        after="""
            from flask import Flask
            from sqlalchemy import create_engine, text

            app = Flask(__name__)
            engine = create_engine(DATABASE_URL, pool_pre_ping=True)

            @app.get("/users/<int:user_id>")
            def user(user_id):
                with engine.connect() as conn:
                    return dict(conn.execute(text("SELECT * FROM users WHERE id = :id"), {"id": user_id}).one()._mapping)
        """,
    )
    VALID = [
        """
        import redis
        from fastapi import FastAPI
        app = FastAPI()
        cache = redis.Redis(host="cache")
        @app.get("/items/{item_id}")
        def item(item_id: int):
            return cache.get(item_id)
        def make_client():
            return redis.Redis(host="cache")
        """,
        # Not a web module: scripts may connect once per run.
        """
        import psycopg2
        def main(request):
            conn = psycopg2.connect(DSN)
        """,
    ]
    INVALID = [
        """
        import psycopg2
        import redis
        from django.http import JsonResponse
        from django.views import View
        def stats(request):
            conn = psycopg2.connect(DSN)  # expect
            return JsonResponse({})
        class Counter(View):
            def post(self, request):
                r = redis.Redis(host="cache")  # expect
                return JsonResponse({"n": r.incr("n")})
        """,
        """
        from fastapi import APIRouter
        from pymongo import MongoClient
        router = APIRouter()
        @router.get("/docs")
        async def docs():
            client = MongoClient(MONGO_URL)  # expect
            return list(client.db.docs.find())
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        # A report is a call of one of _FACTORIES in a request handler.
        self.idle = not _TARGETS.possible(context, handlers)

    def visit_Call(self, node: cst.Call) -> None:
        handler = self.frame.handler
        if not handler:
            return
        name = self.qualify(node.func)
        if name in _FACTORIES:
            severity = Severity.HIGH if name in _POOLS else None
            self.report(
                node,
                f"{name}() in request handler {handler}() creates {_FACTORIES[name]} on every request; create it once and reuse it",
                severity=severity,
            )
