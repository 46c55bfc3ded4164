"""Which calls are sinks, which of their arguments matter, and their safe forms.

`check_call` is called for every call the analyser evaluates, with the values of its
arguments; it records a sink hit (or, when every relevant argument is a constant, a
constant sink for the bandit demotion) on the function analyser.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from auditor.analysis.taint import spec
from auditor.analysis.taint.values import CLEAN, Val, item, union
from auditor.source import walk_nodes

if TYPE_CHECKING:
    from auditor.analysis.taint.collect import FunctionAnalyzer

NOTES = {
    "sql": "executed as SQL",
    "command": "run as an OS command",
    "code": "evaluated as Python code",
    "path": "used as a file path",
    "redirect": "used as the redirect target",
    "xss": "written into an HTML response",
    "ssrf": "used as the URL of a server-side request",
    "deserialization": "deserialized",
    "xxe": "parsed as XML with external entities enabled",
    "ldap": "used in an LDAP search filter",
    "xpath": "used in an XPath query",
    "trust-boundary": "stored in the session",
    "template": "compiled as a template",
    "log": "written to the log",
}


def check_call(
    fn: FunctionAnalyzer,
    node: ast.Call,
    qn: str | None,
    method: str | None,
    positional: list[Val],
    keywords: dict[str | None, Val],
    receiver: Val,
) -> None:
    if qn is not None and _qualified(fn, node, qn, positional, keywords):
        return
    func = node.func
    if isinstance(func, ast.Name) and func.id in fn.xpath_evaluators:
        _report(fn, node, "xpath", positional[:1], None)
    if method is not None:
        _method(fn, node, method, positional, keywords, receiver)


def _note(kind: str, node: ast.Call, qn: str | None) -> str:
    func = node.func
    name = qn.rsplit(".", 1)[-1] if qn else ""
    written = _written(func) or name or "the call"
    return f"{NOTES[kind]} by {written}()"


def _written(func: ast.expr) -> str:
    parts: list[str] = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if isinstance(func, ast.Name):
        parts.append(func.id)
    elif isinstance(func, ast.Call):
        parts.append("(...)")
    return ".".join(reversed(parts[:3]))


def _args(node: ast.Call, positional: list[Val], keywords: dict[str | None, Val], sink: spec.Sink) -> list[Val]:
    out = []
    starred = next((i for i, a in enumerate(node.args) if isinstance(a, ast.Starred)), len(node.args))
    for i in sink.positions:
        if i < len(positional):
            out.append(positional[i] if i < starred else union(positional[starred:]))
    for name in sink.keywords:
        if name in keywords:
            out.append(keywords[name])
    return out


def _report(fn: FunctionAnalyzer, node: ast.Call, kind: str, values: list[Val], qn: str | None) -> None:
    if not values:
        return
    fn.sink(kind, node, union(values), _note(kind, node, qn))


def _qualified(fn: FunctionAnalyzer, node: ast.Call, qn: str, positional: list[Val], keywords: dict[str | None, Val]) -> bool:
    """Sinks known by qualified name. True when `qn` was one (handled)."""
    sink = spec.CALL_SINKS.get(qn)
    if sink is not None:
        _report(fn, node, sink.kind, _args(node, positional, keywords, sink), qn)
        if qn == "flask.render_template_string" and node.args and _unescaped_template(fn, node.args[0]):
            _report(fn, node, "xss", list(keywords.values()), qn)
        return True
    handler = _SPECIAL.get(qn)
    if handler is not None:
        handler(fn, node, qn, positional, keywords)
        return True
    if qn.startswith(spec.LOG_QUALIFIED_PREFIX) and qn.rsplit(".", 1)[-1] in spec.LOG_METHODS:
        _log(fn, node, positional, qn)
        return True
    return False


def _unescaped_template(fn: FunctionAnalyzer, template: ast.expr) -> bool:
    """A constant template that marks a variable `|safe` (or turns autoescape off)."""
    text = template.value if isinstance(template, ast.Constant) else None
    if isinstance(template, ast.Name):
        text = fn.file.constants.get(template.id)
    return isinstance(text, str) and any(m in text.lower() for m in spec.UNSAFE_TEMPLATE_MARKERS)


def _log(fn: FunctionAnalyzer, node: ast.Call, positional: list[Val], qn: str | None) -> None:
    """`log.info("... %r", x)`: `%r` writes repr(x), which escapes line breaks."""
    first = node.args[0] if node.args else None
    if node.func.attr == "log" if isinstance(node.func, ast.Attribute) else False:  # log(level, msg, ...)
        first = node.args[1] if len(node.args) > 1 else None
        positional = positional[1:]
    if isinstance(first, ast.Constant) and isinstance(first.value, str) and "%" in first.value and len(positional) > 1:
        import re

        conversions = re.findall(r"%[-#0 +]*\d*(?:\.\d+)?([a-zA-Z%])", first.value)
        conversions = [c for c in conversions if c != "%"]
        if conversions and all(c in "rdifeEgGxXo" for c in conversions):
            positional = positional[:1]
    _report(fn, node, "log", positional, qn)


def _subprocess(fn: FunctionAnalyzer, node: ast.Call, qn: str, positional: list[Val], keywords: dict[str | None, Val]) -> None:
    """`shell=True` runs the string through a shell; a list runs its first item as the
    program (`sh -c` runs its third); constant programs with data arguments are safe."""
    command_node = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg == "args"), None)
    command = positional[0] if positional else keywords.get("args", CLEAN)
    if command_node is None:
        return
    shell = keywords.get("shell")
    shell_node = next((k.value for k in node.keywords if k.arg == "shell"), None)
    shell_on = shell is not None and not (isinstance(shell_node, ast.Constant) and not shell_node.value)
    if qn == "asyncio.create_subprocess_exec":
        value = command
    elif shell_on:
        value = command
    elif command.items is not None:
        value = _program(command_node, command)
    else:
        value = command
    fn.sink("command", node, value, _note("command", node, qn))


def _program(command_node: ast.expr, command: Val) -> Val:
    elts = command_node.elts if isinstance(command_node, (ast.List, ast.Tuple)) else []
    texts = [e.value if isinstance(e, ast.Constant) else None for e in elts[:2]]
    if len(texts) == 2 and texts[0] in spec.SHELLS and texts[1] in ("-c", "/c", "-Command"):
        return union([item(command, 2)])
    program = item(command, 0)
    if program.labels:
        return program
    # constants and data as arguments of a constant program: only the program decides what runs
    return Val({}, command.const)


def _yaml(fn: FunctionAnalyzer, node: ast.Call, qn: str, positional: list[Val], keywords: dict[str | None, Val]) -> None:
    loader = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "Loader"), None)
    if loader is not None and fn.file.qualify(loader, fn.local) in spec.YAML_SAFE_LOADERS:
        return
    _report(fn, node, "deserialization", positional[:1] or [keywords.get("stream", CLEAN)], qn)


def _lxml(fn: FunctionAnalyzer, node: ast.Call, qn: str, positional: list[Val], keywords: dict[str | None, Val]) -> None:
    parser = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "parser"), None)
    if parser is None or not _unsafe_parser(fn, parser):
        return  # lxml's default parser (5.x) resolves no external entity
    _report(fn, node, "xxe", positional[:1] or [keywords.get("text", CLEAN), keywords.get("source", CLEAN)], qn)


def _unsafe_parser(fn: FunctionAnalyzer, parser: ast.expr) -> bool:
    from auditor.analysis.taint.collect import _lxml_parser_unsafe

    if isinstance(parser, ast.Name):
        return fn.unsafe_parsers.get(parser.id, fn.file.unsafe_parsers.get(parser.id, False))
    if isinstance(parser, ast.Call) and fn.file.qualify(parser.func, fn.local) in spec.LXML_PARSER:
        return _lxml_parser_unsafe(parser)
    return False


def _html_response(fn: FunctionAnalyzer, node: ast.Call, qn: str, positional: list[Val], keywords: dict[str | None, Val]) -> None:
    """A response body is HTML by default for Django and Flask, and when a content type
    says so; a JSON or plain-text body, or a value only in a header, is not XSS."""
    ctype = next((k.value for k in node.keywords if k.arg in spec.CONTENT_TYPE_KEYWORDS), None)
    default_html = qn.startswith(("django.", "flask.", "werkzeug."))
    if ctype is None and not default_html:
        return
    if ctype is not None:
        if not (isinstance(ctype, ast.Constant) and isinstance(ctype.value, str)) or "html" not in ctype.value:
            return
    body = positional[:1] or [keywords.get(k, CLEAN) for k in ("content", "response", "body", "text")]
    _report(fn, node, "xss", body, qn)


def _method(fn: FunctionAnalyzer, node: ast.Call, method: str, positional: list[Val], keywords: dict[str | None, Val], receiver: Val) -> None:
    """Sinks known by method name, judged by what the receiver is."""
    sink = spec.METHOD_SINKS.get(method)
    owner = node.func.value  # type: ignore[attr-defined]
    if sink is not None:
        _report(fn, node, sink.kind, _args(node, positional, keywords, sink), None)
    elif method in spec.PATH_METHODS:
        _report(fn, node, "path", [receiver], None)
    elif method in spec.LOG_METHODS and _is_logger(owner):
        _log(fn, node, positional, None)
    elif method in spec.HTTP_METHODS and _is_client(fn, owner):
        url = positional[1:2] if method in ("request", "urlopen") else positional[:1]
        _report(fn, node, "ssrf", url + ([keywords["url"]] if "url" in keywords else []), None)
    else:
        _object_method(fn, node, method, positional, keywords, receiver, owner)


def _object_method(
    fn: FunctionAnalyzer, node: ast.Call, method: str, positional: list[Val], keywords: dict[str | None, Val], receiver: Val, owner: ast.expr
) -> None:
    """Sinks on objects the function built: responses, uploads, SAX parsers, sessions."""
    if method == "write" and isinstance(owner, ast.Name) and owner.id in fn.html_responses:
        _report(fn, node, "xss", positional[:1], None)
    elif method == "save" and receiver.labels and node.args and isinstance(owner, ast.Name):
        # an uploaded file (`f = request.files["doc"]`) saved under a client-chosen name; a
        # Django FileField's save() cleans the name through its storage
        _report(fn, node, "path", positional[:1], None)
    elif method == "setFeature" and len(node.args) == 2 and isinstance(owner, ast.Name):
        _sax_feature(fn, node)
    elif method in ("parse", "parseString", "feed") and _is_unsafe_name(fn, owner):
        _report(fn, node, "xxe", positional[:1], None)
    elif method == "search":
        _ldap_search(fn, node, positional, keywords)
    elif method in ("update", "setdefault") and fn._is_session(owner):
        fn.sink("trust-boundary", node, union([*positional, *keywords.values()]), "stored in the session")


def _sax_feature(fn: FunctionAnalyzer, node: ast.Call) -> None:
    """`parser.setFeature(feature_external_ges, True)` turns a SAX parser into an XXE one."""
    feature, flag = node.args
    name = fn.file.qualify(feature, fn.local) or ""
    text = feature.value if isinstance(feature, ast.Constant) else ""
    if name.endswith(spec.SAX_EXTERNAL_FEATURES) or text in spec.SAX_EXTERNAL_URIS:
        fn.unsafe_parsers[node.func.value.id] = isinstance(flag, ast.Constant) and bool(flag.value)  # type: ignore[attr-defined]


def _is_unsafe_name(fn: FunctionAnalyzer, node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and fn.unsafe_parsers.get(node.id, fn.file.unsafe_parsers.get(node.id, False))


def _dom_parse(fn: FunctionAnalyzer, node: ast.Call, qn: str, positional: list[Val], keywords: dict[str | None, Val]) -> None:
    """minidom/pulldom/sax parse with a SAX parser that loads external entities."""
    parser = next((k.value for k in node.keywords if k.arg == "parser"), None)
    if parser is None and len(node.args) > 1 and qn.startswith("xml.dom."):
        parser = node.args[1]
    if parser is not None and _is_unsafe_name(fn, parser):
        _report(fn, node, "xxe", positional[:1], qn)
    elif parser is None and qn in spec.STDLIB_XML:
        fn.file.quiet_sink(node, "xxe", False, reason="stdlib-xml")


def _is_client(fn: FunctionAnalyzer, node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return node.id in fn.http_clients or (node.id not in fn.env and node.id in fn.file.http_clients)
    return isinstance(node, ast.Call) and fn.file.qualify(node.func, fn.local) in spec.HTTP_CLIENTS


def _is_logger(node: ast.expr) -> bool:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    last = parts[0].lower() if parts else ""
    return "log" in last


def _ldap_search(fn: FunctionAnalyzer, node: ast.Call, positional: list[Val], keywords: dict[str | None, Val]) -> None:
    """ldap3's `conn.search(base, filter)`: only when the filter looks like one (`(uid=...)`)."""
    filter_node = node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "search_filter"), None)
    if filter_node is None:
        return
    texts = _texts(fn, filter_node)
    if not any("(" in t and "=" in t for t in texts):
        return
    value = positional[1] if len(node.args) > 1 else keywords.get("search_filter", CLEAN)
    fn.sink("ldap", node, value, _note("ldap", node, None))


def _texts(fn: FunctionAnalyzer, node: ast.expr) -> list[str]:
    out = []
    for sub in walk_nodes(node):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            out.append(sub.value)
        elif isinstance(sub, ast.Name):
            out.extend(fn.texts(sub.id))
    return out


_SPECIAL = {
    **{name: _subprocess for name in spec.SUBPROCESS},
    **{name: _yaml for name in spec.YAML_LOAD},
    **{name: _lxml for name in spec.LXML_PARSE},
    **{name: _html_response for name in spec.HTML_RESPONSES},
    **{name: _dom_parse for name in spec.DOM_PARSE | spec.STDLIB_XML},
}
