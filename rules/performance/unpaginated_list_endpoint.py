"""PERF011: a request handler that returns every row of a table."""

from __future__ import annotations

import re

import libcst as cst

from auditor.analysis.tracking import TrackingRule
from auditor.model import Category, Confidence, Example, Severity
from auditor.analysis.queries import code_of
from auditor.rule import FileContext
from auditor.rules.performance._idle import handlers, within

# Every row: Django `.objects.all()`, Flask-SQLAlchemy `Model.query.all()`,
# SQLAlchemy `session.query(X).all()` / `session.scalars(select(X)).all()`.
_ALL_ROWS = re.compile(r"\.objects\.all\(\)|\.query\.all\(\)|\bquery\([\w.]*\)\.all\(\)|\.scalars\(select\([\w.]*\)\)\.all\(\)")
_BOUNDED = re.compile(r"\[[^\]]*:|\blimit\(|paginat|\.first\(\)|\.count\(\)|\.exists\(\)|\.aggregate\(")
_KEY = "all-rows"


def _can_report(context: FileContext) -> bool:
    """A report is in a request handler, at a return whose code (or that of an assignment
    in the handler) matches _ALL_ROWS. That code is the file's text but for the indentation
    of continuation lines and the newlines, and a match holds no whitespace: the same match
    is in the file's text, on a line of the handler."""
    if context.index is None:
        return True
    text = context.index.text
    end = text.find(".all()")
    if end < 0:
        return False
    found = handlers(context)
    if not found:
        return False
    lone_cr = text.count("\r") != text.count("\r\n")  # then no line numbers from "\n" alone
    line, counted = 1, 0
    while end >= 0:
        # Every match ends with ".all()" and holds no line break: look on its line only.
        end += len(".all()")
        start = max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1
        line += text.count("\n", counted, end)
        counted = end
        if (lone_cr or within(line, found)) and _ALL_ROWS.search(text, start, end) is not None:
            return True
        end = text.find(".all()", end)
    return False


class UnpaginatedListEndpoint(TrackingRule):
    id = "PERF011"
    title = "List endpoint returns every row, unpaginated"
    category = Category.PERFORMANCE
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    effort = 30
    tags = ("web", "database")
    refs = (
        "https://docs.djangoproject.com/en/stable/topics/pagination/",
        "https://www.django-rest-framework.org/api-guide/pagination/",
        "https://flask-sqlalchemy.readthedocs.io/en/stable/pagination/",
    )
    why = """
        A handler that serializes `Model.objects.all()` (or `query.all()`) returns the whole
        table on every call. Response time, memory and payload size grow with the table:
        fine at launch, then one day a list page takes 30 s, the worker is OOM-killed on
        a large table, and clients time out. A single client polling the endpoint can
        keep the database busy scanning.
    """
    fix = """
        Paginate: slice the queryset (`[offset:offset + limit]`), use Django's `Paginator`,
        DRF `pagination_class`, `.limit()/.offset()` or keyset pagination in SQLAlchemy,
        with a maximum page size enforced server-side.
    """
    example = Example(
        before="""
            from django.http import JsonResponse
            from shop.models import Product

            def products(request):
                return JsonResponse({"items": [p.as_dict() for p in Product.objects.all()]})
        """,
        after="""
            from django.core.paginator import Paginator
            from django.http import JsonResponse
            from shop.models import Product

            def products(request):
                page = Paginator(Product.objects.order_by("pk"), 50).get_page(request.GET.get("page"))
                return JsonResponse({"items": [p.as_dict() for p in page], "pages": page.paginator.num_pages})
        """,
    )
    VALID = [
        """
        from django.http import JsonResponse
        from shop.models import Product
        def products(request):
            items = Product.objects.all()[:50]
            return JsonResponse({"items": [p.as_dict() for p in items]})
        def count(request):
            return JsonResponse({"n": Product.objects.all().count()})
        def export():
            return list(Product.objects.all())
        """,
    ]
    INVALID = [
        """
        from flask import Flask, jsonify
        app = Flask(__name__)
        @app.get("/users")
        def users():
            return jsonify([u.to_dict() for u in User.query.all()])  # expect
        """,
        """
        from rest_framework.response import Response
        from rest_framework.views import APIView
        class Orders(APIView):
            def get(self, request):
                serializer = OrderSerializer(Order.objects.all(), many=True)
                return Response(serializer.data)  # expect
        """,
    ]

    def __init__(self, context: FileContext) -> None:
        super().__init__(context)
        self.idle = not _can_report(context)

    def _names(self) -> set[str]:
        names = self.frame.facts.get(_KEY)
        if names is None:
            names = self.frame.facts[_KEY] = set()
        return names  # type: ignore[return-value]

    def visit_Assign(self, node: cst.Assign) -> None:
        if not self.frame.handler:
            return
        if self._unbounded(code_of(node.value)):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    self._names().add(target.target.value)

    def visit_Return(self, node: cst.Return) -> None:
        if not self.frame.handler or node.value is None:
            return
        text = code_of(node.value)
        names = self._names()
        if self._unbounded(text) or (names and any(re.search(rf"\b{re.escape(n)}\b", text) for n in names)):
            self.report(node, f"{self.frame.handler}() returns every row of the table; paginate with a bounded page size")

    @staticmethod
    def _unbounded(text: str) -> bool:
        return bool(_ALL_ROWS.search(text)) and not _BOUNDED.search(text)
