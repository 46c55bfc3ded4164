"""SEC304: `{% autoescape false %}` / `{% autoescape off %}` in a template."""

from __future__ import annotations

import re

from auditor.analysis.templates import is_plain_text, line_text, read_template, template_files, tokens
from auditor.analysis.service import is_product_path
from auditor.model import Category, Confidence, Example, Severity
from auditor.project import ProjectIndex
from auditor.rule import ProjectRule

_OFF = re.compile(r"^autoescape\s+(false|False|off)\s*$")
_ON = re.compile(r"^autoescape\s+(true|True|on)\s*$")
_LITERAL = re.compile(r"""^\s*(?:"[^"]*"|'[^']*'|-?\d+)\s*$""")


class AutoescapeDisabledInTemplate(ProjectRule):
    id = "SEC304"
    title = "Autoescaping turned off in a template"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    cwe = (79,)
    effort = 20
    refs = (
        "https://docs.djangoproject.com/en/stable/ref/templates/builtins/#autoescape",
        "https://jinja.palletsprojects.com/en/stable/templates/#autoescape-overrides",
    )
    tags = ("templates", "xss")
    why = """
        Inside `{% autoescape false %}` (Jinja2) or `{% autoescape off %}` (Django) every
        `{{ value }}` is written raw. One user-controlled variable in the block, today or
        after the next edit, is stored or reflected XSS: script running in the session of
        everyone who views the page. Blocks are long-lived and grow; reviewers of a later
        change to the block do not see that escaping is off. Plain-text templates (`.txt`
        e-mail bodies and subjects), where escaping would be wrong, are not reported.
        """
    fix = """
        Remove the block and let the engine escape. Build the few pieces of trusted HTML in
        Python with `format_html()` (Django) or `Markup.format()` (Jinja), which escape what
        they interpolate, or sanitize user HTML with an allow-list sanitizer (nh3, bleach).
        """
    example = Example(
        before="""
            # file: templates/email.html
            {% autoescape off %} {# expect #}
            <p>{{ message.body }}</p>
            {% endautoescape %}
            """,
        after="""
            # file: templates/email.html
            <p>{{ message.body }}</p>
            """,
    )
    VALID = [
        """
        # file: templates/page.html
        {% autoescape on %}<p>{{ user.name }}</p>{% endautoescape %}
        {% autoescape true %}{{ x }}{% endautoescape %}
        """,
    ]
    INVALID = [
        """
        # file: templates/feed.jinja2
        {%- autoescape false -%} {# expect #}
        {{ item.title }}
        {%- endautoescape %}
        {% autoescape false %}{{ "<br>" }}{% endautoescape %} {# expect #}
        """,
    ]

    def check(self, project: ProjectIndex) -> None:
        for relpath in template_files(project):
            # In a plain-text template (e-mail body, subject) turning escaping off is right.
            if is_plain_text(relpath):
                continue
            text = read_template(project, relpath)
            if text is None or "autoescape" not in text:
                continue
            self._check_text(relpath, text)

    def _check_text(self, relpath: str, text: str) -> None:
        open_at: list[tuple[int, int, bool]] = []  # (line, column, escaping off) per block
        variables: list[int] = []  # non-literal expressions in each open block
        for token in tokens(text):
            if token.kind == "tag" and (_OFF.match(token.body) or _ON.match(token.body)):
                open_at.append((token.line, token.column, bool(_OFF.match(token.body))))
                variables.append(0)
            elif token.kind == "tag" and token.body.startswith("endautoescape") and open_at:
                self._close(relpath, text, open_at.pop(), variables.pop())
            elif token.kind == "expr" and variables and not _LITERAL.match(token.body):
                variables[-1] += 1
        while open_at:  # unclosed (or closed by a parent template): off to the end
            self._close(relpath, text, open_at.pop(), variables.pop())

    def _close(self, relpath: str, text: str, block: tuple[int, int, bool], count: int) -> None:
        line, column, off = block
        if not off:
            return
        if count:
            message = f"autoescaping is off for {count} expression(s) in this block: each is an XSS if it carries user data"
            severity = None
        else:
            message = "autoescaping is off in this block (only literals today): the next variable added is unescaped"
            severity = Severity.LOW
        if not is_product_path(relpath):  # tests, examples, docs: not what users are served
            severity = Severity.LOW
        self.report_at(relpath, line, message, column=column, severity=severity, snippet=line_text(text, line))
