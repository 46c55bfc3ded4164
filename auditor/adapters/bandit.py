"""Bandit stays Bandit: every selected bandit test runs on the already-parsed stdlib tree.

Each bandit issue becomes a report that keeps bandit's test id (B602), severity,
confidence and CWE; bandit's own `# nosec` / `# nosec B602` comments work as in bandit.
"""

from __future__ import annotations

import ast
import hashlib
import inspect
import io
import logging
import re
import textwrap
import tokenize
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable

from auditor.adapters.bandit_titles import TITLES
from auditor.model import Category, Confidence, RuleDoc, Severity
from auditor.source import SourceFile

# bandit and stevedore (its plugin loader) log to stderr; the audit reports problems itself.
for _name in ("bandit", "stevedore"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

_LEVEL = {"HIGH": "high", "MEDIUM": "medium", "LOW": "low", "UNDEFINED": "low"}
DOCS = "https://bandit.readthedocs.io/en/latest/"


@dataclass(frozen=True)
class BanditIssue:
    test_id: str
    severity: Severity
    confidence: Confidence
    cwe: tuple[int, ...]
    message: str
    line: int
    end_line: int
    column: int
    end_column: int


@lru_cache(maxsize=1)
def bandit_rule_docs() -> dict[str, RuleDoc]:
    """A RuleDoc for every bandit test and blacklist entry, from bandit's own metadata."""
    from bandit.core import extension_loader

    manager = extension_loader.MANAGER
    docs: dict[str, RuleDoc] = {}
    for plugin in manager.plugins:
        test_id = plugin.plugin._test_id
        title, why, refs = _parse_docstring(plugin.plugin.__doc__ or "", test_id)
        severity, confidence, cwe = _issue_defaults(plugin.plugin)
        docs[test_id] = RuleDoc(
            id=test_id,
            name=plugin.name.replace("_", "-"),
            title=TITLES.get(test_id) or title or plugin.name.replace("_", " "),
            category=Category.SECURITY,
            severity=severity,
            confidence=confidence,
            cwe=cwe,
            why=why,
            fix=f"Follow bandit's guidance for {test_id}; see {DOCS}plugins/index.html",
            refs=(f"{DOCS}plugins/{test_id.lower()}_{plugin.name}.html", *refs),
            source="bandit",
        )
    for test_id, entry in manager.blacklist_by_id.items():
        kind = "imports" if test_id.startswith("B4") else "calls"
        docs[test_id] = RuleDoc(
            id=test_id,
            name=f"blacklist-{entry['name'].replace('_', '-')}",
            title=TITLES.get(test_id) or f"Use of {entry['name'].replace('_', ' ')}",
            category=Category.SECURITY,
            severity=Severity(_LEVEL.get(entry.get("level", "MEDIUM"), "medium")),
            confidence=Confidence.HIGH,
            cwe=(int(entry["cwe"]),) if entry.get("cwe") else (),
            why=entry.get("message", "").replace("{name}", ", ".join(entry.get("qualnames", [])[:4])),
            fix=f"Replace the flagged {kind} with a safe alternative; see {DOCS}blacklists/blacklist_{kind}.html",
            refs=(f"{DOCS}blacklists/blacklist_{kind}.html",),
            source="bandit",
        )
    return dict(sorted(docs.items()))


def _issue_defaults(test: object) -> tuple[Severity, Confidence, tuple[int, ...]]:
    """The highest severity and confidence, and the CWE, that a bandit test can report,
    read from the `bandit.Issue(...)` calls in its own source (bandit declares none)."""
    import ast
    import inspect

    from bandit.core.issue import Cwe

    severity, confidence, cwe = Severity.MEDIUM, Confidence.MEDIUM, ()
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(test)))  # type: ignore[arg-type]
    except (OSError, TypeError, SyntaxError):
        return severity, confidence, cwe
    levels: dict[str, list[str]] = {"severity": [], "confidence": []}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for kw in node.keywords:
            if kw.arg in levels and isinstance(kw.value, ast.Attribute):
                levels[kw.arg].append(kw.value.attr)
            elif kw.arg == "cwe" and isinstance(kw.value, ast.Attribute) and not cwe:
                value = getattr(Cwe, kw.value.attr, None)
                cwe = (int(value),) if isinstance(value, int) and value else ()
    rank = {"HIGH": 3, "MEDIUM": 2, "LOW": 1}
    if levels["severity"]:
        severity = Severity(_LEVEL[max(levels["severity"], key=lambda v: rank.get(v, 0))])
    if levels["confidence"]:
        confidence = Confidence(_LEVEL[max(levels["confidence"], key=lambda v: rank.get(v, 0))])
    return severity, confidence, cwe


def _parse_docstring(doc: str, test_id: str) -> tuple[str, str, tuple[str, ...]]:
    """bandit docstrings: `**B604: Title**`, prose paragraphs, then RST sections."""
    lines = doc.strip().splitlines()
    title = ""
    if lines:
        m = re.match(r"\*\*(?:B\d+:\s*)?(.+?)\*\*", lines[0].strip())
        if m:
            title = m.group(1).strip()
            lines = lines[1:]
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith((".. ", ":Example", "**Config", "Example", "Config Options")) or stripped.startswith(">>"):
            break
        if not stripped:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(stripped)
    if current:
        paragraphs.append(" ".join(current))
    why = "\n\n".join(paragraphs[:3])
    refs = tuple(dict.fromkeys(re.findall(r"https?://[^\s>`)]+", doc)))
    return title, why, refs


_LEAN: tuple[type, type] | None = None


def _lean_classes() -> tuple[type, type]:
    """bandit's node visitor and tester, minus the work whose result no one reads."""
    global _LEAN
    if _LEAN is None:
        _LEAN = (_lean_visitor_class(), _lean_tester_class())
    return _LEAN


def _lean_tester_class() -> type:
    """bandit's tester, running every selected test on every context as bandit does.

    bandit's `run_tests` also adds up scores (we read none) and, for each test that
    finds nothing, looks up the `# nosec` comments of the node's lines only to log a
    warning when one names that test: about a third of its time on Django. This
    subclass keeps the rest of the loop as it is: a fresh copy of the context and a new
    `Context` per test, bandit's error handling, and the `# nosec` handling of every
    issue found. What tests ask of a `Context` over and over for the same file is
    kept: whether a module is imported "like" a name, until the file imports more.
    """
    from bandit.core import context as b_context
    from bandit.core import tester as b_tester

    class LeanContext(b_context.Context):
        def __init__(self, context_object: dict[str, Any], imported_like: dict[str, tuple[int, set[str], bool]]) -> None:
            self._context = context_object
            self._imported_like = imported_like

        def is_module_imported_like(self, module: str) -> bool:
            imports = self._context.get("imports")
            if type(imports) is not set:
                return super().is_module_imported_like(module)
            # The file's import set only grows: the same size means the same content.
            known = self._imported_like.get(module)
            if known is not None and known[0] == len(imports) and known[1] is imports:
                return known[2]
            found = super().is_module_imported_like(module)
            self._imported_like[module] = (len(imports), imports, found)
            return found

    class LeanTester(b_tester.BanditTester):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            self.imported_like: dict[str, tuple[int, set[str], bool]] = {}
            self.checks = {
                checktype: tuple((test, _PRECHECKS.get(test)) for test in tests)
                for checktype, tests in self.testset.tests.items()
            }

        def run_tests(self, raw_context: dict[str, Any], checktype: str) -> None:
            for test, precheck in self.checks.get(checktype, ()):
                if precheck is not None and not precheck(raw_context):
                    continue
                temp_context = raw_context.copy()
                context = LeanContext(temp_context, self.imported_like)
                try:
                    config = getattr(test, "_config", _NO_CONFIG)
                    result = test(context) if config is _NO_CONFIG else test(context, config)
                    if result is not None:
                        self._keep(result, test, temp_context)
                except Exception as exc:  # bandit reports a crashing test and goes on
                    self.report_error(test.__name__, context, exc)

        def _keep(self, result: Any, test: Any, temp_context: dict[str, Any]) -> None:
            """bandit's handling of an issue found: its place, then `# nosec`."""
            nosec_tests_to_skip = self._get_nosecs_from_contexts(temp_context, test_result=result)
            filename = temp_context["filename"]
            result.fname = filename.decode("utf-8") if isinstance(filename, bytes) else filename
            result.fdata = temp_context["file_data"]
            if result.lineno is None:
                result.lineno = temp_context["lineno"]
            if result.linerange == []:
                result.linerange = temp_context["linerange"]
            if result.col_offset == -1:
                result.col_offset = temp_context["col_offset"]
            result.end_col_offset = temp_context.get("end_col_offset", 0)
            result.test = test.__name__
            if result.test_id == "":
                result.test_id = test._test_id
            if nosec_tests_to_skip is not None:
                if not nosec_tests_to_skip:
                    self.metrics.note_nosec()
                    return
                if result.test_id in nosec_tests_to_skip:
                    self.metrics.note_skipped_test()
                    return
            self.results.append(result)

    return LeanTester


_NO_CONFIG = object()
# test -> a cheap check on bandit's raw context: False when the test cannot find anything.
_PRECHECKS: dict[Any, Callable[[dict[str, Any]], bool]] = {}


def _load_prechecks() -> None:
    """The pre-checks, each for the exact bandit test it was written from: a test whose
    source differs from the one read (another bandit version) runs on every context."""
    if _PRECHECKS:
        return
    from bandit.core import blacklisting
    from bandit.plugins import trojansource

    for test, digest, check in (
        (trojansource.trojansource, _TROJANSOURCE_DIGEST, _may_hold_bidi),
        (blacklisting.blacklist, _BLACKLIST_DIGEST, _may_be_blacklisted),
    ):
        if _source_digest(test) == digest:
            _PRECHECKS[test] = check


def _source_digest(func: Any) -> str:
    try:
        return hashlib.sha256(inspect.getsource(func).encode()).hexdigest()
    except (OSError, TypeError):
        return ""


# B613 (trojansource) decodes the whole file and looks for each of ten bidirectional
# control characters on every line: 1.4% of an audit. None of them in the text it
# decodes, it finds nothing.
_TROJANSOURCE_DIGEST = "4f024e913bdb43156475da2a723ef6015aaee2038aaccd3556a0b4503c9f17fc"


# The blacklist test (B3xx calls) compares a call's qualified name with each of about a
# hundred names, one by one, on every call: 1% of an audit. A name it does not hold
# (nor `__import__(...)` / `importlib.import_module(...)`, whose argument it reads) it
# does not report.
_BLACKLIST_DIGEST = "0fa8274aa13330dcac26f26dfe5a6e359ccc91171d02d51876d05aa6881209a6"
_CALL_NAMES: list[Any] = [None, frozenset()]  # (the blacklist's config, its call names)


def _may_be_blacklisted(context: dict[str, Any]) -> bool:
    from bandit.core import blacklisting

    node = context.get("node")
    if not isinstance(node, ast.Call):  # an import: the test runs
        return True
    if isinstance(node.func, ast.Name) and node.func.id == "__import__":
        return True
    config = getattr(blacklisting.blacklist, "_config", None)
    if _CALL_NAMES[0] is not config:
        checks = config.get("Call", []) if isinstance(config, dict) else []
        names = {qn for check in checks for qn in check.get("qualnames", ())}
        _CALL_NAMES[:] = [config, frozenset(names | {"importlib.import_module", "importlib.__import__"})]
    return context.get("qualname") in _CALL_NAMES[1]


def _may_hold_bidi(context: dict[str, Any]) -> bool:
    from bandit.plugins.trojansource import BIDI_CHARACTERS

    src_data = context["file_data"]
    try:  # as trojansource decodes it; on any failure the test itself runs
        src_data.seek(0)
        encoding, _ = tokenize.detect_encoding(src_data.readline)
        src_data.seek(0)
        text = src_data.read().decode(encoding)
    except Exception:
        return True
    return any(char in text for char in BIDI_CHARACTERS)


# How the lean walk treats a node type: run bandit's visit on it (a `visit_` method or
# selected tests), only walk it, give it its parent and sibling links but no walk (it has
# no child nodes), or skip it.
_VISIT, _WALK, _LEAF, _SKIP = object(), object(), object(), object()
# Expression contexts and operators: one shared instance each in the whole tree (`Load()`),
# leaves no bandit test reads; bandit gives them the parent of whichever node it saw last.
_SHARED = (ast.expr_context, ast.operator, ast.unaryop, ast.boolop, ast.cmpop)
_LEAVES = frozenset({ast.Name, ast.alias, ast.Global, ast.Nonlocal})  # no child but a context


def _idle_constant(node: ast.AST, parent: ast.AST) -> bool:
    """A constant bandit's `visit_Constant` runs no test on: a number, None, True, ...,
    or a docstring-like string alone in an expression statement (its context, built
    first, is dropped unread when the next node is entered)."""
    if not isinstance(node, ast.Constant):
        return False
    return not isinstance(node.value, (str, bytes)) or isinstance(parent, ast.Expr)


def _lean_visitor_class() -> type:
    """bandit's node visitor, minus the work no selected test reads.

    bandit builds a fresh context (line range, offsets, two debug log calls) for every
    node, `Load` and `Add` included, runs the (empty) test list of every node type and
    adds up scores we never read: half of its time on Django. This subclass does the same
    walk and keeps every parent/sibling link, but builds the context only for node types
    that have a bandit `visit_` method or selected tests, and keeps no scores. Its issues
    are bandit's own (the tests run unchanged on the same contexts).
    """
    from bandit.core import node_visitor
    from bandit.core import utils as b_utils

    base = node_visitor.BanditNodeVisitor
    own = frozenset(name[6:] for name in dir(base) if name.startswith("visit_"))

    class LeanVisitor(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            self.wanted = own | {t for t, tests in self.testset.tests.items() if tests}
            self.kinds: dict[type, object] = {}

        def pre_visit(self, node: ast.AST) -> bool:
            context: dict[str, Any] = {
                "imports": self.imports,
                "import_aliases": self.import_aliases,
                "node": node,
                "filename": self.fname,
                "file_data": self.fdata,
            }
            if hasattr(node, "lineno"):
                context["lineno"] = node.lineno
                context["col_offset"] = node.col_offset
                context["end_col_offset"] = node.end_col_offset
            context["linerange"] = b_utils.linerange(node)
            self.context = context
            return True

        def visit(self, node: ast.AST) -> None:
            name = node.__class__.__name__
            method = getattr(self, "visit_" + name, None)
            if method is not None:
                method(node)
            else:
                self.tester.run_tests(self.context, name)

        def update_scores(self, scores: Any) -> None:
            pass

        def generic_visit(self, node: ast.AST) -> None:
            # One frame per tree level, as bandit's own visitor: SymPy's 569-level-deep
            # resolvent_lookup.py must not hit the recursion limit sooner than in bandit.
            kinds = self.kinds
            for field in node._fields:
                value = getattr(node, field, None)
                if type(value) is list:
                    last = len(value) - 1
                    items = value
                elif isinstance(value, ast.AST):
                    last, items = 0, (value,)
                else:
                    continue
                for idx, item in enumerate(items):
                    cls = item.__class__
                    kind = kinds.get(cls)
                    if kind is None:
                        kind = kinds[cls] = self._kind(cls)
                    if kind is _SKIP:
                        continue
                    item._bandit_sibling = items[idx + 1] if idx < last else None  # type: ignore[attr-defined]
                    item._bandit_parent = node  # type: ignore[attr-defined]
                    if kind is _VISIT and not _idle_constant(item, node):
                        self.pre_visit(item)
                        self.visit(item)
                        self.generic_visit(item)
                        if isinstance(item, (ast.FunctionDef, ast.ClassDef)):  # bandit's post_visit
                            self.namespace = b_utils.namespace_path_split(self.namespace)[0]
                    elif kind is not _LEAF:
                        self.generic_visit(item)

        def _kind(self, cls: type) -> object:
            if not issubclass(cls, ast.AST):  # None and names in lists (`global a, b`)
                return _SKIP
            if cls.__name__ in self.wanted:
                return _VISIT
            if issubclass(cls, _SHARED):
                return _SKIP
            if cls in _LEAVES or not cls._fields:
                return _LEAF
            return _WALK

    return LeanVisitor


class BanditRunner:
    """Runs a fixed set of bandit tests on files; one per worker process."""

    def __init__(self, test_ids: Iterable[str]) -> None:
        from bandit.core import config as b_config
        from bandit.core import test_set

        self.test_ids = frozenset(test_ids)
        _load_prechecks()
        self.config = b_config.BanditConfig()
        self.testset = test_set.BanditTestSet(
            self.config, profile={"include": set(self.test_ids), "exclude": set()}
        )

    def run(self, source: SourceFile, abspath: str) -> list[BanditIssue]:
        """Bandit's issues for one file. Raises SourceError if `ast` cannot parse it."""
        from bandit.core import manager as b_manager
        from bandit.core import metrics as b_metrics

        tree = source.ast
        nosec_lines: dict[int, set[str] | None] = {}
        if "nosec" in source.text:
            for line, comments in source.comments.items():
                for comment in comments:
                    parsed = b_manager._parse_nosec_comment(comment)
                    if parsed is not None:
                        nosec_lines[line] = parsed
        metrics = b_metrics.Metrics()
        metrics.begin(abspath)
        visitor_class, tester_class = _lean_classes()
        visitor = visitor_class(abspath, io.BytesIO(source.data), None, self.testset, False, nosec_lines, metrics)
        visitor.tester = tester_class(self.testset, False, nosec_lines, metrics)
        visitor.generic_visit(tree)
        visitor.context = {
            "file_data": io.BytesIO(source.data),
            "filename": abspath,
            "lineno": 0,
            "linerange": [0, 1],
            "col_offset": 0,
        }
        visitor.tester.run_tests(visitor.context, "File")
        out = []
        for issue in visitor.tester.results:
            lines = [n for n in (issue.linerange or [issue.lineno]) if n]
            line = issue.lineno or (min(lines) if lines else 1)
            end_line = max([line, *lines])
            cwe_id = getattr(issue.cwe, "id", 0) or 0
            out.append(
                BanditIssue(
                    test_id=issue.test_id,
                    severity=Severity(_LEVEL.get(issue.severity, "low")),
                    confidence=Confidence(_LEVEL.get(issue.confidence, "low")),
                    cwe=(int(cwe_id),) if cwe_id else (),
                    message=issue.text,
                    line=line,
                    end_line=end_line,
                    column=source.char_column(line, issue.col_offset or 0),
                    end_column=source.char_column(end_line, issue.end_col_offset or 0),
                )
            )
        return out
