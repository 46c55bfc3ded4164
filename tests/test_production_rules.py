"""The performance, scalability and error-handling rules on small real repositories: a
Django + FastAPI service with the problems a reviewer would flag, and a clean library."""

from __future__ import annotations

from pathlib import Path

from auditor.api import audit
from auditor.config import Config
from auditor.model import Severity
from conftest import make_repo

SELECT = ("PERF", "SCAL", "ERR", "OBS001", "OBS002", "OBS003", "OBS004", "OBS005")  # the service-level OBS rules have their own tests

SERVICE = {
    "manage.py": """
        import os
        import sys
        if __name__ == "__main__":
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings.production")
            sys.exit(0)
    """,
    "shop/__init__.py": "",
    "shop/settings/__init__.py": "",
    "shop/settings/production.py": """
        CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    """,
    "shop/models.py": """
        from django.db import models
        class Customer(models.Model):
            name = models.CharField(max_length=100)
        class Order(models.Model):
            customer = models.ForeignKey(Customer, on_delete=models.CASCADE)
            total = models.IntegerField()
    """,
    "shop/views.py": """
        import logging
        import threading
        from django.core.mail import send_mail
        from django.http import JsonResponse
        from shop.models import Customer, Order
        RECENT = []
        def orders(request):
            rows = []
            for order in Order.objects.all():
                customer = Customer.objects.get(pk=order.customer_id)
                rows.append((order.pk, customer.name))
            RECENT.append(request.path)
            names = [o.customer.name for o in Order.objects.filter(total=1)]
            return JsonResponse({"rows": rows, "names": names})
        def signup(request):
            try:
                RECENT.clear()
            except Exception as err:
                logging.error(str(err))
            send_mail("Welcome", "Hi", "noreply@example.com", [request.POST["email"]])
            threading.Thread(target=print).start()
            return JsonResponse({"n": len(Order.objects.filter(total__gt=0))})
    """,
    "api/__init__.py": "",
    "api/app.py": """
        import time
        import aiohttp
        from fastapi import FastAPI, UploadFile
        from sqlalchemy import create_engine
        app = FastAPI()
        @app.post("/upload")
        async def upload(file: UploadFile):
            time.sleep(1)
            data = await file.read()
            async with aiohttp.ClientSession() as session:
                await session.post("https://example.com", data=data)
        @app.get("/report")
        def report():
            engine = create_engine("postgresql://db/app")
            return {"ok": bool(engine)}
    """,
}

# (rule, file, line, severity)
SERVICE_FINDINGS = {
    ("SCAL004", "shop/settings/production.py", 1, "high"),
    ("PERF003", "shop/views.py", 10, "high"),
    ("SCAL001", "shop/views.py", 12, "medium"),
    ("PERF013", "shop/views.py", 13, "high"),
    ("SCAL001", "shop/views.py", 17, "medium"),
    ("OBS003", "shop/views.py", 19, "medium"),
    ("OBS004", "shop/views.py", 19, "low"),
    ("SCAL003", "shop/views.py", 20, "medium"),
    ("SCAL002", "shop/views.py", 21, "medium"),
    ("PERF008", "shop/views.py", 22, "medium"),
    ("PERF012", "shop/models.py", 6, "medium"),
    ("PERF001", "api/app.py", 8, "high"),
    ("PERF010", "api/app.py", 9, "medium"),
    ("PERF002", "api/app.py", 10, "low"),
    ("PERF005", "api/app.py", 14, "high"),
}

LIBRARY = {
    "pyproject.toml": '[project]\nname = "tidy"\nversion = "1.0"\n',
    "src/tidy/__init__.py": "",
    "src/tidy/core.py": """
        import functools
        import logging
        import re
        log = logging.getLogger(__name__)
        WORD = re.compile(r"\\w+")
        class TidyError(Exception):
            pass
        @functools.lru_cache(maxsize=256)
        def normalise(text: str) -> str:
            return " ".join(WORD.findall(text))
        def parse(items):
            parts = []
            for item in items:
                try:
                    parts.append(normalise(item))
                except UnicodeError as err:
                    raise TidyError(f"cannot parse {item!r}") from err
            return "".join(parts)
        def require(value):
            if value is None:
                raise ValueError("value is required")
            return value
    """,
    "tests/test_core.py": """
        import sys
        from tidy.core import parse
        def test_parse():
            assert parse(["a"]) == "a"
            for _ in range(2):
                try:
                    parse([b"x"])
                except SystemExit:
                    pass
    """,
}


def _findings(root: Path) -> set[tuple[str, str, int, str]]:
    result = audit([root], Config(select=SELECT, per_file_ignores=()), jobs=1)
    assert not result.errors, result.errors
    return {(f.rule, f.file, f.line, f.severity.value) for f in result.findings}


def test_service_fixture_reports_each_problem_once(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "service", SERVICE)
    assert _findings(root) == SERVICE_FINDINGS


def test_clean_library_has_no_findings(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "library", LIBRARY)
    assert _findings(root) == set()


def test_service_high_findings_come_from_the_real_risks(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "service", SERVICE)
    result = audit([root], Config(select=SELECT, per_file_ignores=()), jobs=1)
    high = sorted(f.rule for f in result.findings if f.severity >= Severity.HIGH)
    assert high == ["PERF001", "PERF003", "PERF005", "PERF013", "SCAL004"]
