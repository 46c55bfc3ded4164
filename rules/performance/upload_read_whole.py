"""PERF010: an uploaded file read into memory in one call."""

from __future__ import annotations

import ast

import libcst as cst
import libcst.matchers as m

from auditor.analysis.tracking import TrackingRule
from auditor.helpers import compiled_matcher
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileContext
from auditor.rules.performance._idle import CallTargets

_UPLOAD_TYPES = frozenset({"fastapi.UploadFile", "starlette.datastructures.UploadFile", "fastapi.datastructures.UploadFile"})
# `request.files[...]`, `request.FILES.get(...)`, `self.request.FILES[...]`
_FILES = m.Attribute(value=m.Name("request") | m.Attribute(attr=m.Name("request")), attr=m.Name("files") | m.Name("FILES"))
_UPLOAD_EXPR = m.Subscript(value=_FILES) | m.Call(func=m.Attribute(value=_FILES, attr=m.Name("get")))
_IS_UPLOAD_EXPR = compiled_matcher(_UPLOAD_EXPR)
_KEY = "uploads"
_UPLOAD_TARGETS = CallTargets(_UPLOAD_TYPES)


def _is_upload_expr(expr: ast.expr) -> bool:
    """`_IS_UPLOAD_EXPR` of the stdlib node."""
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "get":
        expr = expr.func.value
    elif isinstance(expr, ast.Subscript):
        expr = expr.value
    else:
        return False
    if not isinstance(expr, ast.Attribute) or expr.attr not in ("files", "FILES"):
        return False
    request = expr.value
    return (isinstance(request, ast.Name) and request.id == "request") or (
        isinstance(request, ast.Attribute) and request.attr == "request"
    )


def _can_report(context: FileContext) -> bool:
    """A report is `<x>.read()` without arguments, where x is `request.files[...]`-like,
    or a name: a parameter annotated with one of _UPLOAD_TYPES, or assigned such an
    expression."""
    index = context.index
    if index is None:
        return True
    if "read" not in index.names:
        return False
    receivers = [
        call.func.value
        for call in index.of(ast.Call)
        if isinstance(call.func, ast.Attribute) and call.func.attr == "read" and not call.args and not call.keywords
    ]
    if any(_is_upload_expr(receiver) for receiver in receivers):
        return True
    names = {receiver.id for receiver in receivers if isinstance(receiver, ast.Name)}
    if not names:
        return False
    return _UPLOAD_TARGETS.possible(context) or any(
        _is_upload_expr(node.value) and any(isinstance(t, ast.Name) and t.id in names for t in node.targets)
        for node in index.of(ast.Assign)
    )


class UploadReadWhole(TrackingRule):
    id = "PERF010"
    title = "Uploaded file read whole into memory"
    category = Category.PERFORMANCE
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    effort = 20
    tags = ("web", "memory")
    refs = (
        "https://docs.djangoproject.com/en/stable/topics/http/file-uploads/#handling-uploaded-files",
        "https://fastapi.tiangolo.com/reference/uploadfile/",
        "https://flask.palletsprojects.com/en/stable/patterns/fileuploads/",
    )
    why = """
        `.read()` with no size loads the entire upload into the worker's memory. A few
        concurrent uploads of large files (or one hostile multi-gigabyte request when the
        server has no body-size limit) exhaust RAM and get the worker OOM-killed, taking
        every in-flight request on it down. The frameworks spool big uploads to disk
        precisely so that this is not necessary.
    """
    fix = """
        Stream it: iterate `uploaded.chunks()` (Django), `read(1024 * 1024)` in a loop
        (FastAPI `UploadFile`, Flask `FileStorage`) or `save()`/`shutil.copyfileobj()` to
        the destination, and cap request size (`MAX_CONTENT_LENGTH`,
        `DATA_UPLOAD_MAX_MEMORY_SIZE`, the proxy's `client_max_body_size`).
    """
    example = Example(
        before="""
            from flask import Flask, request

            app = Flask(__name__)

            @app.post("/upload")
            def upload():
                data = request.files["file"].read()
                store.put(data)
                return "", 204
        """,
        after="""
            from flask import Flask, request

            app = Flask(__name__)
            app.config["MAX_CONTENT_LENGTH"] = 50 * 1024 * 1024

            @app.post("/upload")
            def upload():
                upload = request.files["file"]
                while chunk := upload.stream.read(1024 * 1024):
                    store.append(chunk)
                return "", 204
        """,
    )
    VALID = [
        """
        from fastapi import FastAPI, UploadFile
        app = FastAPI()
        @app.post("/files")
        async def create(file: UploadFile, other: bytes):
            while chunk := await file.read(65536):
                sink.write(chunk)
            other.read()
        def handle(request):
            for chunk in request.FILES["doc"].chunks():
                sink.write(chunk)
        """,
    ]
    INVALID = [
        """
        from fastapi import FastAPI, UploadFile
        app = FastAPI()
        @app.post("/files")
        async def create(file: UploadFile):
            return len(await file.read())  # expect
        """,
        """
        def upload(request):
            doc = request.FILES["doc"]
            body = doc.read()  # expect
            avatar = request.FILES.get("avatar").read()  # expect
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.idle = not _can_report(context)

    def _uploads(self) -> set[str]:
        names = self.frame.facts.get(_KEY)
        if names is None:
            names = self.frame.facts[_KEY] = set()
        return names  # type: ignore[return-value]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        for param in (*node.params.params, *node.params.kwonly_params):
            if param.annotation is not None and self.qualify(param.annotation.annotation) in _UPLOAD_TYPES:
                self._uploads().add(param.name.value)

    def visit_Assign(self, node: cst.Assign) -> None:
        if _IS_UPLOAD_EXPR(node.value):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    self._uploads().add(target.target.value)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if node.args or not isinstance(func, cst.Attribute) or func.attr.value != "read":
            return
        receiver = func.value
        if _IS_UPLOAD_EXPR(receiver) or (isinstance(receiver, cst.Name) and receiver.value in self._uploads()):
            self.report(node, "read() without a size loads the whole upload into memory; stream it in chunks")
