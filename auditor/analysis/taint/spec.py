"""What the taint analysis knows about libraries: sources, sinks, sanitizers, guards.

Plain tables keyed by qualified name (as `ImportTable.bindings` resolves them) or by
method name, so adding a library is a line here, not code in the analyser.
"""

from __future__ import annotations

import sys

# The sink classes, by the key the rules use; the value is the CWE.
KINDS: dict[str, tuple[int, ...]] = {
    "sql": (89,),
    "command": (78,),
    "code": (94, 95),
    "path": (22,),
    "redirect": (601,),
    "xss": (79,),
    "ssrf": (918,),
    "deserialization": (502,),
    "xxe": (611,),
    "ldap": (90,),
    "xpath": (643,),
    "trust-boundary": (501,),
    "template": (1336,),
    "log": (117,),
}
ALL = frozenset(KINDS)
NORMALIZED = "~normalized"  # pseudo-kind: the path went through realpath()/resolve()

# --- sources --------------------------------------------------------------------------

# Module-level request objects (Flask and friends).
REQUEST_GLOBALS = frozenset({"flask.request", "quart.request", "bottle.request", "werkzeug.local.request"})
# Attributes of a request object that carry what the client sent.
SOURCE_ATTRS = frozenset(
    {
        # Flask, Werkzeug and Quart:
        "args", "form", "values", "json", "get_json", "data", "get_data", "cookies", "headers",
        "files", "view_args", "query_string", "stream", "referrer", "full_path", "path",
        # Django and Django REST framework:
        "GET", "POST", "COOKIES", "META", "body", "FILES", "query_params",
        # Starlette, FastAPI and aiohttp:
        "path_params", "match_info", "query", "post", "text", "read", "content", "rel_url",
    }
)
REQUEST_PARAM_NAMES = frozenset({"request", "req"})
REQUEST_ANNOTATIONS = frozenset({"Request", "HttpRequest", "WebSocket", "BaseRequest", "HTTPConnection"})
# Route decorators: `@app.get("/x")`, `@bp.route("/x")`, `@router.post("/x")`.
ROUTE_METHODS = frozenset({"route", "get", "post", "put", "delete", "patch", "head", "options", "websocket", "api_route"})
# FastAPI parameters that are not client data, or that the framework has already coerced.
FASTAPI_SKIP_DEFAULTS = frozenset({"Depends", "Security"})
COERCED_ANNOTATIONS = frozenset(
    {"int", "float", "bool", "UUID", "uuid.UUID", "datetime", "date", "time", "Decimal", "PositiveInt", "conint"}
)
NON_DATA_ANNOTATIONS = frozenset({"BackgroundTasks", "Response", "Session", "AsyncSession", "SecurityScopes"})
# Route converters that only match numbers: `<int:id>` (Flask), `{id:int}` (Starlette).
NUMERIC_CONVERTERS = frozenset({"int", "float", "uuid"})

# --- sinks ----------------------------------------------------------------------------


class Sink:
    """Which arguments of a call reach the sink: positions and keyword names."""

    __slots__ = ("kind", "positions", "keywords", "note")

    def __init__(self, kind: str, positions: tuple[int, ...] = (0,), keywords: tuple[str, ...] = (), note: str = "") -> None:
        self.kind, self.positions, self.keywords, self.note = kind, positions, keywords, note


def _sinks(kind: str, names: str, positions: tuple[int, ...] = (0,), keywords: tuple[str, ...] = ()) -> dict[str, Sink]:
    return {name: Sink(kind, positions, keywords) for name in names.split()}


CALL_SINKS: dict[str, Sink] = {
    **_sinks("sql", "sqlalchemy.text sqlalchemy.sql.text sqlalchemy.sql.expression.text", (0,), ("text",)),
    **_sinks("sql", "django.db.models.expressions.RawSQL django.db.models.RawSQL", (0,), ("sql",)),
    **_sinks("sql", "pandas.read_sql pandas.read_sql_query", (0,), ("sql",)),
    **_sinks("command", "os.system os.popen os.popen2 os.popen3 os.popen4 subprocess.getoutput subprocess.getstatusoutput"),
    **_sinks("command", "asyncio.create_subprocess_shell commands.getoutput"),
    **_sinks("command", "os.execl os.execle os.execlp os.execlpe os.execv os.execve os.execvp os.execvpe"),
    **_sinks("command", "os.spawnl os.spawnle os.spawnlp os.spawnlpe os.spawnv os.spawnve os.spawnvp os.spawnvpe", (1,)),
    **_sinks("code", "builtins.eval builtins.exec builtins.compile", (0,), ("source",)),
    **_sinks("path", "builtins.open io.open codecs.open os.open", (0,), ("file",)),
    **_sinks("path", "flask.send_file", (0,), ("path_or_file",)),
    **_sinks("path", "flask.send_from_directory", (0,), ("directory",)),
    **_sinks("path", "os.remove os.unlink os.rmdir os.removedirs os.listdir os.scandir os.mkdir os.makedirs os.truncate"),
    **_sinks("path", "os.rename os.renames os.replace shutil.copy shutil.copyfile shutil.copy2 shutil.move", (0, 1)),
    **_sinks("path", "shutil.rmtree shutil.copytree tarfile.open zipfile.ZipFile fastapi.responses.FileResponse"),
    **_sinks("path", "starlette.responses.FileResponse django.http.FileResponse", (0,), ("path",)),
    **_sinks("redirect", "flask.redirect werkzeug.utils.redirect django.shortcuts.redirect quart.redirect", (0,), ("location", "to")),
    **_sinks("redirect", "django.http.HttpResponseRedirect django.http.HttpResponsePermanentRedirect", (0,), ("redirect_to",)),
    **_sinks("redirect", "fastapi.responses.RedirectResponse starlette.responses.RedirectResponse", (0,), ("url",)),
    **_sinks("redirect", "aiohttp.web.HTTPFound aiohttp.web.HTTPSeeOther aiohttp.web.HTTPMovedPermanently", (0,), ("location",)),
    **_sinks("xss", "flask.make_response markupsafe.Markup flask.Markup jinja2.Markup django.utils.html.format_html"),
    **_sinks("xss", "django.utils.safestring.mark_safe django.utils.safestring.SafeString", (0,), ("s",)),
    **_sinks("xss", "fastapi.responses.HTMLResponse starlette.responses.HTMLResponse", (0,), ("content",)),
    **_sinks("ssrf", "requests.get requests.post requests.put requests.patch requests.delete requests.head requests.options", (0,), ("url",)),
    **_sinks("ssrf", "requests.request requests.api.request", (1,), ("url",)),
    **_sinks("ssrf", "httpx.get httpx.post httpx.put httpx.patch httpx.delete httpx.head httpx.stream", (0,), ("url",)),
    **_sinks("ssrf", "urllib.request.urlopen urllib.request.Request urllib.request.urlretrieve urllib.urlopen", (0,), ("url",)),
    **_sinks("ssrf", "http.client.HTTPConnection http.client.HTTPSConnection aiohttp.request", (0,), ("host",)),
    **_sinks("deserialization", "pickle.loads pickle.load pickle.Unpickler cPickle.loads cPickle.load _pickle.loads"),
    **_sinks("deserialization", "dill.loads dill.load marshal.loads marshal.load shelve.open jsonpickle.decode"),
    **_sinks("deserialization", "pandas.read_pickle yaml.unsafe_load yaml.unsafe_load_all torch.load joblib.load"),
    **_sinks("template", "flask.render_template_string jinja2.Template django.template.Template mako.template.Template", (0,), ("source",)),
    **_sinks("xpath", "lxml.etree.XPath lxml.etree.ETXPath", (0,), ("path",)),
    **_sinks("ldap", "ldap.filter.filter_format", (0,)),
}
# Methods matched on any receiver (`cursor.execute`, `Model.objects.raw`).
METHOD_SINKS: dict[str, Sink] = {
    "execute": Sink("sql", (0,), ("sql", "statement", "query", "operation")),
    "executemany": Sink("sql", (0,), ("sql", "statement", "query", "operation")),
    "executescript": Sink("sql", (0,), ("sql_script",)),
    "raw": Sink("sql", (0,), ("raw_query",)),
    "extra": Sink("sql", (0, 1, 2, 3, 4, 5), ("select", "where", "params", "tables", "order_by", "select_params")),
    "from_string": Sink("template", (0,), ("source",)),
    "xpath": Sink("xpath", (0,), ("_path",)),
    "search_s": Sink("ldap", (2,), ("filterstr",)),
    "search_st": Sink("ldap", (2,), ("filterstr",)),
    "search_ext": Sink("ldap", (2,), ("filterstr",)),
    "search_ext_s": Sink("ldap", (2,), ("filterstr",)),
}
# HTTP clients: `with httpx.Client() as c: c.get(url)`.
HTTP_CLIENTS = frozenset(
    {"requests.Session", "requests.session", "httpx.Client", "httpx.AsyncClient", "aiohttp.ClientSession",
     "urllib3.PoolManager", "urllib3.ProxyManager"}
)
HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "stream", "urlopen"})
XPATH_EVALUATORS = frozenset({"lxml.etree.XPathEvaluator", "lxml.etree.XPathDocumentEvaluator", "lxml.etree.XPathElementEvaluator"})
# Template text that turns escaping off for a variable.
UNSAFE_TEMPLATE_MARKERS = ("|safe", "| safe", "autoescape false", "autoescape off", "|mark_safe")
# pathlib methods: the receiver (a Path built from the value) is what reaches the file system.
PATH_METHODS = frozenset({"read_text", "read_bytes", "write_text", "write_bytes", "unlink", "rmdir", "touch", "mkdir"})
SUBPROCESS = frozenset(
    {"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.Popen",
     "asyncio.create_subprocess_exec"}
)
SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ksh", "/bin/sh", "/bin/bash", "/usr/bin/bash", "cmd", "cmd.exe", "powershell"})
YAML_LOAD = frozenset({"yaml.load", "yaml.load_all"})
YAML_SAFE_LOADERS = frozenset({"yaml.SafeLoader", "yaml.CSafeLoader", "yaml.BaseLoader", "yaml.CBaseLoader"})
LXML_PARSE = frozenset({"lxml.etree.fromstring", "lxml.etree.XML", "lxml.etree.parse", "lxml.etree.fromstringlist"})
LXML_PARSER = frozenset({"lxml.etree.XMLParser", "lxml.etree.XMLPullParser"})
DOM_PARSE = frozenset(
    {"xml.dom.minidom.parse", "xml.dom.minidom.parseString", "xml.dom.pulldom.parse", "xml.dom.pulldom.parseString"}
)
# The standard library's parsers resolve no external entity (and expat >= 2.4.1 caps
# entity expansion): bandit's B313-B319 on them are demoted when used with defaults.
STDLIB_XML = frozenset(
    {"xml.etree.ElementTree.fromstring", "xml.etree.ElementTree.parse", "xml.etree.ElementTree.XML",
     "xml.etree.ElementTree.iterparse", "xml.etree.cElementTree.fromstring", "xml.etree.cElementTree.parse",
     "xml.dom.minidom.parse", "xml.dom.minidom.parseString", "xml.dom.pulldom.parse", "xml.dom.pulldom.parseString",
     "xml.sax.parse", "xml.sax.parseString", "xml.dom.expatbuilder.parseString", "xml.sax.expatreader.create_parser"}
)
SAX_EXTERNAL_FEATURES = ("feature_external_ges", "feature_external_pes")
SAX_EXTERNAL_URIS = frozenset(
    {"http://xml.org/sax/features/external-general-entities", "http://xml.org/sax/features/external-parameter-entities"}
)
LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "critical", "exception", "log"})
LOG_QUALIFIED_PREFIX = ("logging.",)
SESSION_GLOBALS = frozenset({"flask.session", "quart.session"})
# Responses whose body is HTML unless a content type says otherwise.
HTML_RESPONSES = frozenset(
    {"django.http.HttpResponse", "flask.Response", "werkzeug.wrappers.Response", "werkzeug.Response",
     "starlette.responses.Response", "fastapi.Response", "fastapi.responses.Response", "aiohttp.web.Response"}
)
CONTENT_TYPE_KEYWORDS = ("content_type", "mimetype", "media_type")

# --- sanitizers and value models ---------------------------------------------------------

# Calls whose result no longer carries the input for these sink kinds (ALL: for any).
SANITIZERS: dict[str, frozenset[str]] = {
    **{n: ALL for n in ("builtins.int", "builtins.float", "builtins.bool", "builtins.len", "builtins.abs",
                        "builtins.round", "builtins.ord", "builtins.hash", "builtins.id", "builtins.isinstance",
                        "builtins.callable", "builtins.type", "builtins.hasattr", "builtins.any", "builtins.all",
                        "uuid.UUID", "decimal.Decimal", "datetime.date.fromisoformat", "flask.url_for",
                        "django.urls.reverse", "django.shortcuts.resolve_url", "flask.render_template",
                        "django.shortcuts.render", "django.template.loader.render_to_string", "flask.jsonify",
                        "django.http.JsonResponse", "fastapi.responses.JSONResponse", "starlette.responses.JSONResponse",
                        "builtins.open", "io.open", "secrets.compare_digest", "hmac.compare_digest", "os.path.exists",
                        "os.path.isfile", "os.path.isdir", "bcrypt.hashpw", "bcrypt.checkpw")},
    **{n: frozenset({"command"}) for n in ("shlex.quote", "pipes.quote", "shlex.join")},
    **{n: frozenset({"xss", "log"}) for n in ("html.escape", "markupsafe.escape", "flask.escape", "jinja2.escape",
                                              "django.utils.html.escape", "django.utils.html.conditional_escape",
                                              "bleach.clean", "cgi.escape",
                                              "xml.sax.saxutils.escape", "django.utils.html.strip_tags")},
    **{n: frozenset({"path"}) for n in ("werkzeug.utils.secure_filename", "os.path.basename", "django.utils.text.get_valid_filename",
                                        "django.utils._os.safe_join", "werkzeug.security.safe_join", "werkzeug.utils.safe_join",
                                        "flask.safe_join")},
    **{n: frozenset({"xss", "sql", "command", "ldap", "xpath", "log", "path"}) for n in ("urllib.parse.quote",)},
    # quote_plus/urlencode also encode "/" and ":": the value cannot name another host
    **{n: frozenset({"xss", "sql", "command", "ldap", "xpath", "log", "path", "redirect", "ssrf"}) for n in
       ("urllib.parse.quote_plus", "urllib.parse.urlencode", "django.utils.http.urlencode")},
    **{n: frozenset({"ldap"}) for n in ("ldap.filter.escape_filter_chars", "ldap3.utils.conv.escape_filter_chars",
                                        "ldap.dn.escape_dn_chars", "ldap3.utils.dn.escape_rdn")},
    **{n: frozenset({"sql"}) for n in ("psycopg2.extensions.quote_ident", "psycopg.sql.Identifier", "psycopg2.sql.Identifier",
                                       "psycopg.sql.Literal", "psycopg2.sql.Literal")},
    **{n: frozenset({"xss", "log", "sql", "command"}) for n in ("json.dumps",)},
}
# Sinks' results carry no request data of their own (and reporting them twice helps nobody).
SINK_RESULTS_CLEAN = frozenset(CALL_SINKS) | HTML_RESPONSES | SUBPROCESS | YAML_LOAD | LXML_PARSE
# Hashes and digests: the output says nothing an attacker chose.
CLEAN_PREFIXES = ("hashlib.", "hmac.", "secrets.", "random.", "time.", "math.", "logging.", "re.compile")
# Path normalisers: required before a startswith()/is_relative_to() check counts as a guard.
NORMALIZERS = frozenset({"os.path.realpath", "os.path.abspath", "os.path.normpath", "posixpath.realpath", "posixpath.normpath"})
NORMALIZER_METHODS = frozenset({"resolve", "absolute"})
# Methods whose result is a number, a bool or otherwise free of the receiver's text.
CLEAN_METHODS = frozenset(
    {"isdigit", "isdecimal", "isnumeric", "isalpha", "isalnum", "isidentifier", "startswith", "endswith",
     "count", "index", "find", "rfind", "is_relative_to", "exists", "is_file", "is_dir", "keys_count",
     "hexdigest", "digest", "__len__", "fetchone", "fetchall", "fetchmany", "first", "count", "exists",
     "is_valid", "has_key", "__contains__", "items_count", "temporary_file_path", "check_password"}
)
# Allow-list / validation calls: `if url_has_allowed_host_and_scheme(url, ...)`.
URL_VALIDATORS = frozenset(
    {"django.utils.http.url_has_allowed_host_and_scheme", "django.utils.http.is_safe_url"}
)
REGEX_MATCH = frozenset({"re.fullmatch", "re.match", "re.search"})
VALIDATING_METHODS = frozenset({"isdigit", "isdecimal", "isnumeric", "isalpha", "isalnum", "isidentifier", "fullmatch"})
URL_PARSERS = frozenset({"urllib.parse.urlparse", "urllib.parse.urlsplit", "urlparse.urlparse"})
# Calls that end the request: after `if bad: abort(400)` the value is checked.
ABORTS = frozenset(
    {"flask.abort", "werkzeug.exceptions.abort", "sys.exit", "os._exit", "builtins.exit", "builtins.quit",
     "fastapi.HTTPException", "django.core.exceptions.PermissionDenied", "quart.abort", "bottle.abort"}
)
# Functions outside the repository named like lookups return stored records, not their
# argument: `find_user(email)`, `get_object_or_404(Model, pk=pk)`, `load_order(order_id)`.
LOOKUP_PREFIXES = ("find", "get_", "load", "fetch", "lookup", "query", "authenticate", "check_", "is_", "has_", "count")
# Builtins and stdlib modules are never the repository's own functions.
STDLIB = frozenset(sys.stdlib_module_names) | {"builtins"}

# --- bandit demotion -------------------------------------------------------------------

# Bandit tests that flag a sink whatever its input, by the sink they flag: when every
# argument that matters is proven constant, their finding on that line drops to `info`.
BANDIT_BY_KIND: dict[str, tuple[str, ...]] = {
    "sql": ("B608", "B610", "B611"),
    "command": ("B602", "B603", "B604", "B605", "B606", "B607", "B609"),
    "code": ("B102", "B307"),
    "deserialization": ("B301", "B302", "B506", "B614"),
    "xxe": ("B313", "B314", "B315", "B316", "B317", "B318", "B319", "B320"),
    "ssrf": ("B310",),
    "xss": ("B308", "B703", "B704"),
    "template": ("B702",),
}
