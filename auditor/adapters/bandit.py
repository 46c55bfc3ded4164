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
            # qualname -> the Call tests to run on a call of that name (BanditRunner shares it).
            self.call_plans: dict[Any, tuple[tuple[Any, Any], ...]] = {}

        def _call_plan(self, qualname: Any) -> tuple[tuple[Any, Any], ...]:
            """The Call tests whose gate lets a call of this name through, in bandit's order,
            each with the check on the context its gate left (or its pre-check)."""
            checks = self.checks.get("Call", ())
            if type(qualname) is not str:
                return checks
            plan = []
            for test, precheck in checks:
                gate = _CALL_GATES.get(test)
                if gate is None:
                    plan.append((test, precheck))
                    continue
                try:
                    verdict = gate(qualname, getattr(test, "_config", None))
                except Exception:  # a config the gate does not know: the test runs
                    verdict = True
                if verdict is True:
                    plan.append((test, None))
                elif verdict is not False:
                    plan.append((test, verdict))
            self.call_plans[qualname] = found = tuple(plan)
            return found

        def run_tests(self, raw_context: dict[str, Any], checktype: str) -> None:
            if checktype == "Call":
                checks = self.call_plans.get(raw_context.get("qualname"))
                if checks is None:
                    checks = self._call_plan(raw_context.get("qualname"))
            else:
                checks = self.checks.get(checktype, ())
            for test, precheck in checks:
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
# Call test -> its gate: from a call's qualified name (bandit's `qualname`; its `name` is
# the last dotted part) and the test's config, False when the test cannot report that call,
# True when it runs, or a check on the raw context that says so for the rest.
_CALL_GATES: dict[Any, Callable[[str, Any], Any]] = {}


def _load_prechecks() -> None:
    """The pre-checks, each for the exact bandit test it was written from: a test whose
    source differs from the one read (another bandit version) runs on every context."""
    if _PRECHECKS or _CALL_GATES:
        return
    from bandit.core import blacklisting
    from bandit.plugins import general_bind_all_interfaces, general_hardcoded_password, general_hardcoded_tmp
    from bandit.plugins import injection_sql, trojansource

    sql = injection_sql
    prechecks = (
        ((trojansource.trojansource,), _TROJANSOURCE_DIGEST, _may_hold_bidi),
        ((blacklisting.blacklist,), _BLACKLIST_DIGEST, _may_be_blacklisted),
        ((general_bind_all_interfaces.hardcoded_bind_all_interfaces,), _BIND_ALL_DIGEST, _binds_all),
        ((general_hardcoded_tmp.hardcoded_tmp_directory,), _TMP_DIGEST, _may_be_tmp),
        ((general_hardcoded_password.hardcoded_password_string,), _PASSWORD_STRING_DIGEST, _may_name_password),
        ((sql.hardcoded_sql_expressions, sql._evaluate_ast, sql._check_string), _SQL_DIGEST, _may_build_sql),
    )
    _PRECHECKS.update(_matching((read[0], read, digest, check) for read, digest, check in prechecks))
    _TMP_TEST[0] = general_hardcoded_tmp.hardcoded_tmp_directory
    _CALL_GATES.update(_matching(_call_gate_table()))


def _matching(table: Iterable[tuple[Any, tuple[Any, ...], str, Any]]) -> dict[Any, Any]:
    """test -> gate, for the entries whose sources are the ones the gate was read from."""
    return {test: gate for test, read, digest, gate in table if _sources_digest(read) == digest}


def _sources_digest(objs: Iterable[Any]) -> str:
    """The digest of the sources of a test and of the helpers its gate relies on."""
    try:
        text = "".join(inspect.getsource(obj) for obj in objs)
    except (OSError, TypeError):
        return ""
    return hashlib.sha256(text.encode()).hexdigest()


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


# B104 reports the one string "0.0.0.0"; B108 a string that starts with one of its temp
# directories (from its config, or its own three).
_BIND_ALL_DIGEST = "f0e3f4fa96406ed177114b2c5c37185e3323b493279662f09b9b761854709838"
_TMP_DIGEST = "4cc7ae873a20591ea690dc65819951e35a483048f0528d41a87dd204e7c161c9"


_TMP_TEST: list[Any] = [None]  # B108, whose config `_may_be_tmp` reads as the test does


def _binds_all(context: dict[str, Any]) -> bool:
    return context.get("str") == "0.0.0.0"


def _may_be_tmp(context: dict[str, Any]) -> bool:
    value = context.get("str")
    config = getattr(_TMP_TEST[0], "_config", None)
    try:  # as the test reads them; on any failure the test itself runs
        if config is not None and "tmp_dirs" in config:
            dirs = config["tmp_dirs"]
        else:
            dirs = ["/tmp", "/var/tmp", "/dev/shm"]  # nosec: B108
        return any(value.startswith(d) for d in dirs)  # type: ignore[union-attr]
    except Exception:
        return True


# B105 (hard-coded password string) reads a string whose parent is an assignment, a dict,
# a subscript (`Index` before 3.9) or a comparison; B608 (SQL built from strings) one whose
# parent is `+`/`%` (BinOp), `.format`/`.replace` or an f-string: for any other parent
# its statement is "", which its pattern never matches.
_PASSWORD_STRING_DIGEST = "218ccf93be9b2fc4726a282f597de49ba27934b92908a2a21d98f8bef9eac2ec"
_SQL_DIGEST = "7d33273cd2b29d62088cee09fd596d83fb0011f7a35c4582c7f636a55bc66a27"
_PASSWORD_PARENTS = (ast.Assign, ast.Dict, ast.Subscript, ast.Compare, *([ast.Index] if hasattr(ast, "Index") else []))


def _may_name_password(context: dict[str, Any]) -> bool:
    parent = getattr(context.get("node"), "_bandit_parent", None)
    return parent is None or isinstance(parent, _PASSWORD_PARENTS)


def _may_build_sql(context: dict[str, Any]) -> bool:
    parent = getattr(context.get("node"), "_bandit_parent", None)
    if parent is None or isinstance(parent, (ast.BinOp, ast.JoinedStr)):
        return True
    return isinstance(parent, ast.Attribute) and parent.attr in ("format", "replace")


def _call_gate_table() -> list[tuple[Any, tuple[Any, ...], str, Callable[[str, Any], Any]]]:
    """(test, the sources its gate was derived from, their digest, the gate) per Call test.

    Each gate is the condition on the call's name that the test's own code needs before
    it can report: a test that returns nothing unless `qualname == "exec"` gets a gate
    that is False for every other name. A gate returns a context check where the test
    then needs a keyword the call may not have (`shell=`, `method=`, a string value).
    The digest covers the test and the helpers that condition lives in.
    """
    from bandit.core import blacklisting
    from bandit.core import context as b_context
    from bandit.plugins import (
        app_debug,
        crypto_request_no_cert_validation,
        django_sql_injection,
        django_xss,
        exec as b_exec,
        general_bad_file_permissions,
        general_hardcoded_password,
        hashlib_insecure_functions,
        huggingface_unsafe_download,
        injection_paramiko,
        injection_shell,
        injection_wildcard,
        insecure_ssl_tls,
        jinja2_templates,
        logging_config_insecure_listen,
        mako_templates,
        markupsafe_markup_xss,
        pytorch_load,
        request_without_timeout,
        snmp_security_check,
        ssh_no_host_key_verification,
        tarfile_unsafe_members,
        weak_cryptographic_key,
        yaml_load,
    )

    keywords = (b_context.Context.call_keywords.fget, b_context.Context.get_call_arg_value)
    shell = injection_shell
    weak_key = weak_cryptographic_key
    table: list[tuple[Any, tuple[Any, ...], str, Callable[[str, Any], Any]]] = [
        (shell.any_other_function_with_shell_equals_true, (shell.has_shell, *keywords), _GATE_DIGESTS["B604"], _gate_b604),
        (django_sql_injection.django_extra_used, (), _GATE_DIGESTS["B610"], _last_is("extra")),
        (django_xss.django_mark_safe, (), _GATE_DIGESTS["B703"], _last_in("mark_safe", "SafeText", "SafeUnicode", "SafeString", "SafeBytes")),
        (django_sql_injection.django_rawsql_used, (), _GATE_DIGESTS["B611"], _last_is("RawSQL")),
        (b_exec.exec_used, (), _GATE_DIGESTS["B102"], _name_in("exec")),
        (app_debug.flask_debug_true, (), _GATE_DIGESTS["B201"], _gate_b201),
        (general_hardcoded_password.hardcoded_password_funcarg, (), _GATE_DIGESTS["B106"], _gate_b106),
        (hashlib_insecure_functions.hashlib, (), _GATE_DIGESTS["B324"], _gate_b324),
        (huggingface_unsafe_download.huggingface_unsafe_download, (), _GATE_DIGESTS["B615"], _gate_b615),
        (jinja2_templates.jinja2_autoescape_false, (), _GATE_DIGESTS["B701"], _module_and_last("jinja2", "Environment")),
        (injection_wildcard.linux_commands_wildcard_injection, (), _GATE_DIGESTS["B609"], _gate_b609),
        (logging_config_insecure_listen.logging_config_insecure_listen, (), _GATE_DIGESTS["B612"], _name_in("logging.config.listen")),
        (markupsafe_markup_xss.markupsafe_markup_xss, (), _GATE_DIGESTS["B704"], _gate_b704),
        (injection_paramiko.paramiko_calls, (), _GATE_DIGESTS["B601"], _last_is("exec_command")),
        (pytorch_load.pytorch_load, (), _GATE_DIGESTS["B614"], _name_in("torch.load", "torch.serialization.load")),
        (crypto_request_no_cert_validation.request_with_no_cert_validation, (), _GATE_DIGESTS["B501"], _gate_http),
        (request_without_timeout.request_without_timeout, (), _GATE_DIGESTS["B113"], _gate_http),
        (general_bad_file_permissions.set_bad_file_permissions, (), _GATE_DIGESTS["B103"], _last_holds("chmod")),
        (snmp_security_check.snmp_insecure_version_check, (), _GATE_DIGESTS["B508"], _name_in("pysnmp.hlapi.CommunityData")),
        (snmp_security_check.snmp_crypto_check, (), _GATE_DIGESTS["B509"], _name_in("pysnmp.hlapi.UsmUserData")),
        (ssh_no_host_key_verification.ssh_no_host_key_verification, (), _GATE_DIGESTS["B507"], _last_is("set_missing_host_key_policy")),
        (insecure_ssl_tls.ssl_with_bad_version, keywords, _GATE_DIGESTS["B502"], _gate_b502),
        (insecure_ssl_tls.ssl_with_no_version, (), _GATE_DIGESTS["B504"], _name_in("ssl.wrap_socket")),
        (shell.start_process_with_a_shell, (), _GATE_DIGESTS["B605"], _config_lists("shell")),
        (shell.start_process_with_no_shell, (), _GATE_DIGESTS["B606"], _config_lists("no_shell")),
        (shell.start_process_with_partial_path, (), _GATE_DIGESTS["B607"], _config_lists("subprocess", "shell", "no_shell")),
        (shell.subprocess_popen_with_shell_equals_true, (), _GATE_DIGESTS["B602"], _config_lists("subprocess")),
        (shell.subprocess_without_shell_equals_true, (), _GATE_DIGESTS["B603"], _config_lists("subprocess")),
        (tarfile_unsafe_members.tarfile_unsafe_members, (), _GATE_DIGESTS["B202"], _last_holds("extractall")),
        (mako_templates.use_of_mako_templates, (), _GATE_DIGESTS["B702"], _module_and_last("mako", "Template")),
        (
            weak_key.weak_cryptographic_key,
            (weak_key._weak_crypto_key_size_cryptography_io, weak_key._weak_crypto_key_size_pycrypto),
            _GATE_DIGESTS["B505"],
            _gate_b505,
        ),
        (yaml_load.yaml_load, (), _GATE_DIGESTS["B506"], _module_and_last("yaml", "load")),
        (blacklisting.blacklist, (), _BLACKLIST_DIGEST, _gate_blacklist),
    ]
    return [(test, (test, *helpers), digest, gate) for test, helpers, digest, gate in table]


def _last(qualname: str) -> str:
    """bandit's `name` of a call: the last dotted part of its `qualname`."""
    return qualname.split(".")[-1]


def _name_in(*names: str) -> Callable[[str, Any], bool]:
    """`qualname == ...` / `qualname in {...}`."""
    wanted = frozenset(names)
    return lambda qualname, config: qualname in wanted


def _last_is(name: str) -> Callable[[str, Any], bool]:
    """`call_function_name == ...` / `in [...]`."""
    return lambda qualname, config: _last(qualname) == name


def _last_in(*names: str) -> Callable[[str, Any], bool]:
    wanted = frozenset(names)
    return lambda qualname, config: _last(qualname) in wanted


def _last_holds(part: str) -> Callable[[str, Any], bool]:
    """`"chmod" in context.call_function_name`."""
    return lambda qualname, config: part in _last(qualname)


def _module_and_last(module: str, name: str) -> Callable[[str, Any], bool]:
    """`"jinja2" in qualname_list and func == "Environment"`."""

    def gate(qualname: str, config: Any) -> bool:
        parts = qualname.split(".")
        return module in parts and parts[-1] == name

    return gate


def _config_lists(*keys: str) -> Callable[[str, Any], bool]:
    """`config and qualname in config["shell"] (or ...)`: the shell-injection family."""

    def gate(qualname: str, config: Any) -> bool:
        return bool(config) and any(qualname in config[key] for key in keys)

    return gate


def _keyword_check(*names: str) -> Callable[[dict[str, Any]], bool]:
    """The call passes one of these keyword arguments (`call_keywords` has that key)."""
    wanted = frozenset(names)

    def check(context: dict[str, Any]) -> bool:
        node = context.get("call")
        return not isinstance(node, ast.Call) or any(kw.arg in wanted for kw in node.keywords)

    return check


_HAS_SHELL = _keyword_check("shell")
_HAS_METHOD = _keyword_check("method", "ssl_version")


def _gate_b604(qualname: str, config: Any) -> Any:
    # `config and qualname not in config["subprocess"]`, then has_shell: False without `shell=`.
    return _HAS_SHELL if config and qualname not in config["subprocess"] else False


def _gate_b201(qualname: str, config: Any) -> bool:
    return qualname.endswith(".run")


def _has_str_keyword(context: dict[str, Any]) -> bool:
    """B106 reports a keyword argument whose value is a string constant."""
    node = context.get("node")
    if not isinstance(node, ast.Call):
        return True
    for kw in node.keywords:
        if isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
            return True
    return False


def _gate_b106(qualname: str, config: Any) -> Any:
    return _has_str_keyword


def _gate_b324(qualname: str, config: Any) -> bool:
    parts = qualname.split(".")
    return "hashlib" in parts or ("crypt" in parts and parts[-1] in ("crypt", "mksalt"))


_HF = {"from_pretrained": "transformers", "load_dataset": "datasets", "hf_hub_download": "huggingface_hub",
       "snapshot_download": "huggingface_hub", "repository_id": "huggingface_hub"}


def _gate_b615(qualname: str, config: Any) -> bool:
    parts = qualname.split(".")
    return parts[-1] in _HF and _HF[parts[-1]] in parts


def _gate_b609(qualname: str, config: Any) -> bool:
    if not ("shell" in config and "subprocess" in config):
        return False
    return qualname in config["shell"] or qualname in config["subprocess"]


def _gate_b704(qualname: str, config: Any) -> bool:
    return qualname in ("markupsafe.Markup", "flask.Markup") or qualname in config.get("extend_markup_names", [])


_HTTP_VERBS = frozenset({"get", "options", "head", "post", "put", "patch", "delete"})
_HTTPX_ATTRS = _HTTP_VERBS | {"request", "stream", "Client", "AsyncClient"}


def _gate_http(qualname: str, config: Any) -> bool:
    """B501 and B113: a `requests.<verb>` or `httpx.<attr>` call."""
    parts = qualname.split(".")
    return (parts[0] == "requests" and parts[-1] in _HTTP_VERBS) or (parts[0] == "httpx" and parts[-1] in _HTTPX_ATTRS)


def _gate_b502(qualname: str, config: Any) -> Any:
    # Any other call is reported only for a `method=` or `ssl_version=` keyword.
    return qualname in ("ssl.wrap_socket", "pyOpenSSL.SSL.Context") or _HAS_METHOD


_WEAK_KEY_CALLS = frozenset({
    "cryptography.hazmat.primitives.asymmetric.dsa.generate_private_key",
    "cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key",
    "cryptography.hazmat.primitives.asymmetric.ec.generate_private_key",
    "Crypto.PublicKey.DSA.generate",
    "Crypto.PublicKey.RSA.generate",
    "Cryptodome.PublicKey.DSA.generate",
    "Cryptodome.PublicKey.RSA.generate",
})


def _gate_b505(qualname: str, config: Any) -> bool:
    return qualname in _WEAK_KEY_CALLS


def _calls_dunder_import(context: dict[str, Any]) -> bool:
    node = context.get("node")
    if not isinstance(node, ast.Call):
        return True
    return isinstance(node.func, ast.Name) and node.func.id == "__import__"


def _gate_blacklist(qualname: str, config: Any) -> Any:
    # The blacklist's own pre-check, split: its names by qualname, `__import__(...)` by node.
    checks = config.get("Call", []) if isinstance(config, dict) else None
    if checks is None:
        return True
    names = {qn for check in checks for qn in check.get("qualnames", ())}
    return qualname in names or qualname in ("importlib.import_module", "importlib.__import__") or _calls_dunder_import


# The sha256 of the sources each Call gate was derived from (test id -> digest).
_GATE_DIGESTS = {
    "B604": "f81bbcd9b1d9381c62e3469d024194d59d54f2da83035e1a60a51d12192daf22",
    "B610": "5ea0cd874f578e3e8f63385eb8164a81b6a9ad4597c36f51013c4300c92082ff",
    "B703": "7daf0b008b1dc0d83fdd1cb017a169065e90e380f02035f05595376274367f93",
    "B611": "d0e566d0c4d4e389fbee43e4f748ad573a5e5605f3ad9d9e555062a1adf3e6fc",
    "B102": "f5eb426b651b07622d006a4138de807d6ac509ce7f6925b2102693dfcae184cf",
    "B201": "977bcd573b800ad324be6822dfe688c1f70cb81023ececd01b8959373e5ac2da",
    "B106": "176ee5bcd6c1c1adeaeb8d26c733ec10a4377e7e4c47da3dc162a60269657a21",
    "B324": "3331f5fa462db213ae790e2d6d7b6d6990a80e263aae771f8d0e9f01bf1734ec",
    "B615": "1348e543fdf01b9abcc5e9d94cace1d49dbd3e53f4d609b156311d3d7fb0d690",
    "B701": "2464015d9d99e0ea719e1c877c30a00756b7e2bf8a15c38de6bb28713fdd4e5c",
    "B609": "a3eca33cdd4bf60bd2fe51c7770973050e893e1978cbcb9831f6337642d175a0",
    "B612": "0994602b6311ae04a96f57e71b46f7847d9d521f7f7bd7caf7829d0e1a9c901f",
    "B704": "f7716e72c787e58a0b33f482cccfa0cdc0fee4540463c3371f18dd341fbef5f8",
    "B601": "e034507107f36574d1bc82e803bef5125f116d3221b8433da170362635054be3",
    "B614": "a301feeddc0bf5a69340d844e0438f6605d217c3a3566ad29b9fde639e114404",
    "B501": "d242b0f5d96bc50a1783bb8fd64da7af57a128172c37c6f490dd4541827ef5e2",
    "B113": "cbc3a6e8106720585a3d1665da899f430b8665d89bc5b046f7a2d8c315932109",
    "B103": "f449ac83f1fea04ff3797e8ddfd35c0a381a5f8509c4963fcf216f733ce060f5",
    "B508": "e32f598d638aaea74a31426d99e68b421706cab00374bd01d481004b5130ed31",
    "B509": "e1172ad0df2a866e3659257fac6b245fa9f23cc8e94c5edbcb332616fe2afa84",
    "B507": "6c5081e664a8127910c43a2f9df81e2cbb4ef106b75de7c9221a7844521b556b",
    "B502": "9f087dc0e1b1878ca5d822ba6f4ecc9fa41bbfd886e272a945d8d76ce99132d7",
    "B504": "910bb90f06b493b11510046f401bcf6e977faefe5ce5ed254867b59229b0ed38",
    "B605": "5d636ac4a681bde5a7f0315c7b69d17e7184a28241ed5a0d596b557669c34e1c",
    "B606": "d96b49dbc00632b6c9b0de9a99b1839dc15a5bcdbba1d83afc06650bcdc956b2",
    "B607": "6103696b907ad94080badf0cf9ec4bc1105ba2c6daa56a3d07308d6f54c1f838",
    "B602": "17647b3ec8aa750b32c12f81838f57e2293466a705e0eea3eed6e043af222330",
    "B603": "f87eba7ca1337f794a62fd79e13b61e224cedc79385839686d274c7f45958969",
    "B202": "4f48e3d54ad12c0aa1580e3fa7c9a249a9bd2a1bb2cb612c008e82a32070185f",
    "B702": "4792990b1d855281d568498c603fe2cf97d9ccd26c9a486b26bc2993d78d51ed",
    "B505": "1c5e66bac7082b4981985eb67b175fffc3679428e2f47b5072a020eef10965e5",
    "B506": "e0a15efccb33d6c5a9c625bd8445304b2105b9846334413a1ccd1ae88805d241",
}


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
# selected tests) and walk it, the same for a def or class (whose namespace is popped
# after) or a constant (no child to walk), only walk it, give it its parent and sibling
# links but no walk (it has no child nodes), or skip it.
_VISIT, _VISIT_DEF, _CONSTANT = object(), object(), object()
_WALK, _LEAF, _SKIP = object(), object(), object()
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
                    if kind is _WALK:
                        self.generic_visit(item)
                    elif kind is _LEAF:
                        continue
                    elif kind is _CONSTANT:  # no child node to walk
                        if not _idle_constant(item, node):
                            self.pre_visit(item)
                            self.visit(item)
                    else:
                        self.pre_visit(item)
                        self.visit(item)
                        self.generic_visit(item)
                        if kind is _VISIT_DEF:  # bandit's post_visit
                            self.namespace = b_utils.namespace_path_split(self.namespace)[0]

        def _kind(self, cls: type) -> object:
            if not issubclass(cls, ast.AST):  # None and names in lists (`global a, b`)
                return _SKIP
            if cls.__name__ in self.wanted:
                if cls is ast.Constant:
                    return _CONSTANT
                return _VISIT_DEF if issubclass(cls, (ast.FunctionDef, ast.ClassDef)) else _VISIT
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
        # qualname -> the Call tests its gates let through: the same for every file.
        self.call_plans: dict[Any, tuple[tuple[Any, Any], ...]] = {}

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
        visitor.tester.call_plans = self.call_plans
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
