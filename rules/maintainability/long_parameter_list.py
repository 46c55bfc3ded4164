from __future__ import annotations

from auditor.analysis.metrics import structure
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import FileRule
from auditor.source import SourceFile


class LongParameterList(FileRule):
    """A function taking more named parameters than a threshold (`self`/`cls`, `*args`
    and `**kwargs` not counted)."""

    id = "MNT003"
    title = "Function takes too many parameters"
    category = Category.MAINTAINABILITY
    severity = Severity.LOW
    confidence = Confidence.HIGH
    refs = (
        "https://rules.sonarsource.com/python/RSPEC-107/",
        "https://refactoring.guru/smells/long-parameter-list",
    )
    tags = ("size", "api")
    options = {"max-params": 8}
    effort = 20
    why = """
        Past seven or eight parameters, callers pass arguments in the wrong order, forget
        which ones matter, and every new option touches every call site. It usually means
        the function does several things, or that a concept (a request, a config, a range)
        travels as loose values instead of one object.
        """
    fix = """
        Group the parameters that travel together into a dataclass or a config object,
        split the function by the decisions its flags make, or make rare options
        keyword-only with defaults. Threshold: `options.MNT003.max-params` (default 8).
        """
    example = Example(
        before="""
            def create_user(name, email, street, city, zip_code, country, phone, language, tz):
                ...
            """,
        after="""
            from dataclasses import dataclass


            @dataclass
            class Address:
                street: str
                city: str
                zip_code: str
                country: str


            def create_user(name, email, address: Address, phone, *, language="en", tz="UTC"):
                ...
            """,
    )
    VALID = [
        """
        class Service:
            def call(self, a, b, c, d, e, f, g, h, *args, **kwargs):
                return a
        """,
        """
        def small(a, b=1, *, c=2):
            return a + b + c
        """,
    ]
    INVALID = [
        """
        def create_user(name, email, street, city, zip_code, country, phone, language, tz):  # expect
            return name
        """,
        """
        class Factory:
            def build(self, a, b, c, d, e,  # expect
                      f, g, h, *, i=None):
                return a

            @staticmethod
            def make(a, b, c, d, e, f, g, h, i):  # expect
                return a
        """,
    ]

    def check(self, source: SourceFile) -> None:
        limit = int(self.opts["max-params"])
        for fn in structure(source).functions:
            if fn.params > limit:
                self.report_at(
                    fn.line,
                    fn.column,
                    message=f"`{fn.qualname}` takes {fn.params} parameters (threshold {limit})",
                    scope=fn.qualname,
                )
