"""SEC303: `|safe` (or `Markup(...)`) in a Jinja2 or Django template turns escaping off."""

from __future__ import annotations

from auditor.analysis.templates import (
    ESCAPING_FILTERS,
    SafeUse,
    is_plain_text,
    line_text,
    read_template,
    safe_uses,
    template_files,
    tokens,
)
from auditor.analysis.service import is_product_path
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule


# Attributes that hold developer-written text by convention (Django form help texts).
_AUTHOR_TEXT = frozenset({"help_text"})


class SafeFilterInTemplate(ProjectRule):
    id = "SEC303"
    title = "Template output marked safe (`|safe`)"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    cwe = (79,)
    effort = 20
    refs = (
        "https://docs.djangoproject.com/en/stable/ref/templates/builtins/#safe",
        "https://jinja.palletsprojects.com/en/stable/templates/#html-escaping",
        "https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html",
    )
    tags = ("templates", "xss")
    why = """
        Jinja2 (with autoescaping) and Django escape every `{{ value }}`; `|safe`,
        `|safeseq`, `{% filter safe %}` and `Markup(...)` switch that off for one value. If
        any part of it comes from a user (a profile field, a comment rendered from Markdown, a
        product name typed by a merchant, a query parameter), the page runs their script in
        every visitor's session: stolen sessions, actions taken as the victim. The filter
        sits in a template far from where the value is built, so the next change to that code
        introduces the XSS silently. A literal (`{{ "<br>"|safe }}`), a value already
        escaped by an earlier filter, a Django `help_text` (developer-written by convention)
        and plain-text (`.txt`) templates are reported at low severity.
        """
    fix = """
        Drop `|safe` and let the engine escape. When HTML is really needed, build it in Python
        with `format_html()` (Django) or `markupsafe.Markup.format()` / `escape()` (Jinja),
        which escape the interpolated values, or sanitize user HTML with an allow-list
        sanitizer (nh3, bleach) before marking it safe.
        """
    example = Example(
        before="""
            # file: templates/post.html
            <article>{{ post.body_html|safe }}</article> {# expect #}
            """,
        after="""
            # file: templates/post.html
            <article>{{ post.body_html }}</article>
            """,
    )
    VALID = [
        """
        # file: templates/page.html
        <p>{{ user.name }}</p>
        {# {{ legacy|safe }} #}
        {% comment %}{{ old|safe }}{% endcomment %}
        {{ value|safe_title }}
        # file: static/readme.txt
        {{ not_a_template|safe }}
        """,
    ]
    INVALID = [
        """
        # file: app/templates/profile.html
        <div class="bio">
          {{ profile.bio | markdown | safe }} {# expect #}
          {{ "<hr>"|safe }} {# expect #}
          {% set intro = page.intro|safe %} {# expect #}
          {% filter safe %}{{ page.footer }}{% endfilter %} {# expect #}
          {{ Markup(page.banner) }} {# expect #}
        </div>
        # file: app/jinja2/mail.txt
        Hello {{ name|safe }} {# expect #}
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        for relpath in template_files(project):
            text = read_template(project, relpath)
            if text is None:
                continue
            for token in tokens(text):
                for use in safe_uses(token):
                    self._report_safe(relpath, text, token.line, token.column, use)
                if token.kind == "expr" and "Markup(" in token.body:
                    message = "`Markup(...)` in a template marks its argument safe: escaping is off for it"
                    self._report(relpath, text, token.line, token.column, message, None)

    def _report_safe(self, relpath: str, text: str, line: int, column: int, use: SafeUse) -> None:
        escaped = [f for f in use.filters if f in ESCAPING_FILTERS]
        what = f"`{use.base}`" if use.base else "the block"
        severity = None
        if use.constant:
            message = f"`|{use.filter}` on a constant ({use.base}): harmless today, but it invites copying onto variables"
            severity = Severity.LOW
        elif escaped:
            message = f"`|{use.filter}` after `|{escaped[-1]}`: {what} is already escaped, the filter is moot"
            severity = Severity.LOW
        elif use.base.rsplit(".", 1)[-1] in _AUTHOR_TEXT:
            message = f"`|{use.filter}` on {what}: text written by developers (Django renders help texts unescaped), not users"
            severity = Severity.LOW
        else:
            chain = "|".join(use.filters)
            through = f" (through `|{chain}`)" if chain else ""
            message = f"`|{use.filter}` disables escaping for {what}{through}: XSS if any part of it comes from a user"
        self._report(relpath, text, line, column, message, severity)

    def _report(self, relpath: str, text: str, line: int, column: int, message: str, severity: Severity | None) -> None:
        if not is_product_path(relpath):  # tests, examples: not what users are served
            severity = Severity.LOW
        elif is_plain_text(relpath):
            message += " (a plain-text template: a risk only if its output ends up in HTML)"
            severity = Severity.LOW
        self.report_at(relpath, line, message, column=column, severity=severity, snippet=line_text(text, line))
