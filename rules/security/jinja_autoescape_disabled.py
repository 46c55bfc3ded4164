"""SEC212: a Jinja2 environment that does not HTML-escape what templates print."""

from __future__ import annotations

import libcst as cst

from auditor.helpers import has_star_kwargs
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import Rule
from auditor.rules.security._idle_patterns import QualifiedTargets, skips_tests
from auditor.rules.security._patterns import argument, is_literal_false

_ENVIRONMENTS = frozenset(
    {
        "jinja2.Environment",
        "jinja2.environment.Environment",
        "jinja2.sandbox.SandboxedEnvironment",
        "jinja2.sandbox.ImmutableSandboxedEnvironment",
    }
)
_REACHED = QualifiedTargets(_ENVIRONMENTS)
# Environment(block_start_string, ..., autoescape is the 14th parameter): only by keyword
# in practice.


class JinjaAutoescapeDisabled(Rule):
    id = "SEC212"
    title = "Jinja2 environment without autoescaping"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    # An environment that renders e-mails as text, SQL or config files needs no HTML
    # escaping; the code rarely says which.
    confidence = Confidence.MEDIUM
    cwe = (79, 116)
    supersedes = ("B701",)
    tags = ("web", "xss", "templates")
    options = {"include-tests": False}
    effort = 15
    refs = (
        "https://jinja.palletsprojects.com/en/stable/api/#autoescaping",
        "https://jinja.palletsprojects.com/en/stable/api/#jinja2.select_autoescape",
        "https://cwe.mitre.org/data/definitions/79.html",
    )
    why = """
        Jinja2's `Environment` does not escape by default (`autoescape=False`): every
        `{{ value }}` is pasted into the HTML as is, so a user's name, comment or search
        term containing `<script>` runs in other users' browsers (stored or reflected
        XSS): their sessions, CSRF tokens and actions are the attacker's. Flask turns
        autoescaping on for its own environment; an environment you create yourself
        does not. Reported when `autoescape` is missing or a literal False.
    """
    fix = """
        Pass `autoescape=select_autoescape(["html", "htm", "xml"])` (or `True` for an
        HTML-only environment); mark known-safe fragments with `Markup` only after
        escaping their parts. An environment that only renders plain text (e-mails, SQL,
        config) needs no escaping: mark the line `# audit: ignore[SEC212]` and say why.
    """
    example = Example(
        before="""
            from jinja2 import Environment, FileSystemLoader

            env = Environment(loader=FileSystemLoader("templates"))
        """,
        after="""
            from jinja2 import Environment, FileSystemLoader, select_autoescape

            env = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())
        """,
    )
    VALID = [
        """
        import jinja2
        from jinja2 import Environment, select_autoescape
        env = Environment(autoescape=select_autoescape(["html"]))
        env2 = jinja2.Environment(loader=loader, autoescape=True)
        env3 = Environment(autoescape=settings.AUTOESCAPE)
        env4 = Environment(**options)
        """,
        """
        from myproject.templating import Environment
        env = Environment()
        """,
    ]
    INVALID = [
        """
        import jinja2
        from jinja2.sandbox import SandboxedEnvironment
        env = jinja2.Environment(loader=jinja2.PackageLoader("app"))  # expect
        env2 = jinja2.Environment(autoescape=False)  # expect
        env3 = SandboxedEnvironment()  # expect
        """,
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Reports only calls qualified to a Jinja2 environment class, not in skipped tests.
        self.idle = skips_tests(self) or not _REACHED.reachable(self.context)

    def visit_Call(self, node: cst.Call) -> None:
        if self.context.is_test and not self.opts["include-tests"]:
            return
        if self.qualify(node.func) not in _ENVIRONMENTS or has_star_kwargs(node):
            return
        arg = argument(node, "autoescape")
        if arg is None:
            self.report(node, "Jinja2 Environment without autoescape: templates print values unescaped (XSS)")
        elif is_literal_false(arg.value):
            self.report(node, "Jinja2 Environment(autoescape=False): templates print values unescaped (XSS)")
