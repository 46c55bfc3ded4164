"""Renderers: each turns an AuditResult into text. The only place that imports jinja2."""

from __future__ import annotations

from auditor.model import AuditResult, Severity


def render(fmt: str, result: AuditResult, *, fail_on: Severity | None = None) -> str:
    """The report in format `fmt`. `fail_on` is the run's threshold (None: never fail);
    only the JUnit report uses it, to fail a test case exactly when the gate fails."""
    if fmt == "json":
        from auditor.report.json_report import render_json

        return render_json(result)
    if fmt == "text":
        from auditor.report.text_report import render_text

        return render_text(result)
    if fmt == "html":
        from auditor.report.html import render_html

        return render_html(result)
    if fmt == "sarif":
        from auditor.report.sarif import render_sarif

        return render_sarif(result)
    if fmt == "gitlab":
        from auditor.report.gitlab import render_gitlab

        return render_gitlab(result)
    if fmt == "junit":
        from auditor.report.junit import render_junit

        return render_junit(result, fail_on)
    raise ValueError(f"unknown format {fmt!r}")
