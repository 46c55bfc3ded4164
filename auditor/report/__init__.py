"""Renderers: each turns an AuditResult into text. The only place that imports jinja2."""

from __future__ import annotations

from auditor.model import AuditResult


def render(fmt: str, result: AuditResult) -> str:
    if fmt == "json":
        from auditor.report.json_report import render_json

        return render_json(result)
    if fmt == "text":
        from auditor.report.text_report import render_text

        return render_text(result)
    if fmt == "html":
        from auditor.report.html import render_html

        return render_html(result)
    raise ValueError(f"unknown format {fmt!r}")
