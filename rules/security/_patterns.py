"""Shared predicates of the security pattern rules (SEC2xx): what a name says a value is
for, where a value goes, and which modules are settings.

Not a rule module (the leading underscore keeps discovery away). Every helper is cheap:
it looks at identifiers and literals already in the tree, never re-parses anything.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator

import libcst as cst

from auditor.helpers import dotted
from auditor.walk import children

# --- what a name says ------------------------------------------------------------------

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLIT = re.compile(r"[^A-Za-z0-9]+")


def words(text: str) -> tuple[str, ...]:
    """`resetPasswordToken` / `reset_password_token` -> ("reset", "password", "token")."""
    return tuple(w.lower() for w in _SPLIT.split(_CAMEL.sub("_", text)) if w)


PASSWORD_WORDS = frozenset({"password", "passwords", "passwd", "pwd", "pw", "passphrase", "pass_phrase"})
# A value derived from a password that is not itself the password, or a password-policy name.
_NOT_A_PASSWORD = frozenset(
    {"token", "reset", "length", "len", "field", "url", "policy", "validator", "min", "max", "label", "form", "strength", "expiry", "expires", "changed", "template"}
)
# Words that alone say "this value is a secret or an authenticator".
SECRET_WORDS = frozenset(
    {
        "secret", "secrets", "token", "tokens", "nonce", "salt", "otp", "totp", "hotp", "csrf", "xsrf",
        "apikey", "signature", "hmac", "credential", "credentials", "passcode", "pin", "iv", "sessionid",
        "captcha", "sid", "jwt", "privkey",
    }
)
# Words that make a secret only next to a qualifier: `api_key`, `session_id`, `reset_code`.
_QUALIFIED = {
    "key": frozenset({"api", "secret", "private", "signing", "sign", "encryption", "crypt", "access", "auth", "session", "activation", "hmac", "aes", "master", "license"}),
    "id": frozenset({"session"}),
    "code": frozenset({"verification", "verify", "reset", "auth", "activation", "confirm", "confirmation", "sms", "login", "invite", "invitation", "mfa", "2fa", "security", "one", "access", "recovery", "backup", "unlock"}),
    "link": frozenset({"reset", "magic", "activation", "login"}),
    "url": frozenset({"reset", "magic", "activation"}),
    "cookie": frozenset({"session", "auth"}),
}
# Words that say the value is not security-relevant: cache keys, ETags, file checksums,
# sampling, jitter. They win over secret words (`token_cache_key` is a cache key).
BENIGN_WORDS = frozenset(
    {
        "cache", "cached", "caching", "etag", "etags", "checksum", "checksums", "crc", "fingerprint", "dedup",
        "dedupe", "shard", "sharding", "bucket", "partition", "filename", "file", "files", "path", "content",
        "contents", "version", "jitter", "delay", "backoff", "sleep", "retry", "retries", "sample", "sampling",
        "shuffle", "shuffled", "color", "colour", "mock", "fake", "dummy", "demo", "weight", "weights", "index",
        "idx", "offset", "port", "chunk", "blob", "image", "avatar", "gravatar", "md5sum", "sha1sum", "static",
        "asset", "assets", "template", "templates", "lock", "dsn", "dataset", "row", "rows", "query",
        "layout", "position", "temp", "tmp", "name", "label", "identicon", "pwned", "hibp", "breach", "breached",
    }
)
# Inputs that are random already: hashing them does not hash a password.
_RANDOM_INPUT = frozenset({"random", "urandom", "uuid", "uuid4", "randbits", "getrandbits", "token", "secrets", "time"})


def is_password(ws: Iterable[str]) -> bool:
    ws = set(ws)
    return bool(ws & PASSWORD_WORDS) and not ws & _NOT_A_PASSWORD


def is_secret(ws: Iterable[str]) -> bool:
    ws = tuple(ws)
    present = set(ws)
    if present & SECRET_WORDS or is_password(present):
        return True
    return any(head in present and present & quals for head, quals in _QUALIFIED.items())


def is_benign(ws: Iterable[str]) -> bool:
    return bool(set(ws) & BENIGN_WORDS)


def is_random_input(ws: Iterable[str]) -> bool:
    return bool(set(ws) & _RANDOM_INPUT)


# --- identifiers inside an expression ----------------------------------------------------


def string_value(expr: cst.BaseExpression | None) -> str | None:
    """The value of a plain or implicitly concatenated string literal (None otherwise)."""
    if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString)):
        value = expr.evaluated_value
        return value if isinstance(value, str) else None
    return None


def expr_names(expr: cst.CSTNode, limit: int = 200) -> tuple[tuple[str, ...], ...]:
    """Words of each identifier (names, attributes, string subscript keys, `.get("key")`)
    inside an expression; bounded so a huge literal costs nothing."""
    out: list[tuple[str, ...]] = []
    stack: list[cst.CSTNode] = [expr]
    seen = 0
    while stack and seen < limit:
        node = stack.pop()
        seen += 1
        if isinstance(node, cst.Name):
            out.append(words(node.value))
            continue
        if isinstance(node, cst.Attribute):
            out.append(words(node.attr.value))
            stack.append(node.value)
            continue
        if isinstance(node, cst.SimpleString):
            value = string_value(node)
            if value is not None and len(value) <= 40 and value.isidentifier():
                out.append(words(value))  # request.form["password"], data.get("pwd")
            continue
        stack.extend(reversed(children(node)))
    return tuple(out)


def expr_words(expr: cst.CSTNode, limit: int = 200) -> tuple[str, ...]:
    """The words of all identifiers inside an expression, flattened."""
    return tuple(w for name in expr_names(expr, limit) for w in name)


def names_password(names: Iterable[tuple[str, ...]]) -> str | None:
    """The first identifier that names a password (`form["password"]` -> "password")."""
    for name in names:
        if is_password(name):
            return "_".join(name)
    return None


def target_words(target: cst.BaseExpression) -> tuple[str, ...]:
    """Words naming an assignment target: `token`, `self.api_key`, `session["otp"]`."""
    if isinstance(target, cst.Name):
        return words(target.value)
    if isinstance(target, cst.Attribute):
        return words(target.attr.value)
    if isinstance(target, cst.Subscript) and len(target.slice) == 1:
        index = target.slice[0].slice
        if isinstance(index, cst.Index):
            value = string_value(index.value)
            if value is not None and len(value) <= 60:
                return words(value)
        return target_words(target.value)
    if isinstance(target, (cst.Tuple, cst.List)):
        return tuple(w for el in target.elements for w in target_words(el.value))
    return ()


class DestinationTracker:
    """Mixin for a `Rule`: where the value being computed goes.

    `destination()` gives the words of the innermost assignment target, keyword argument
    or string dict key that encloses the node being visited (`token = ''.join(...)`,
    `make(secret=...)`, `{"nonce": ...}`), and `function_words()` those of the nearest
    enclosing def. Rules that define the same visit methods call `super()`.

    The tracking costs a call per argument and dict entry, so it runs only in modules
    that import one of `tracked_packages` (`self.tracking`).
    """

    tracked_packages: tuple[str, ...] = ()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self._dest: list[tuple[str, ...]] = []
        self._funcs: list[str] = []
        imports = self.context.imports.imports  # type: ignore[attr-defined]
        self.tracking = any(ref.target.split(".", 1)[0] in self.tracked_packages for ref in imports)

    def destination(self) -> tuple[str, ...]:
        for ws in reversed(self._dest):
            if ws:
                return ws
        return ()

    def function_words(self) -> tuple[str, ...]:
        return words(self._funcs[-1]) if self._funcs else ()

    def _push(self, ws: tuple[str, ...]) -> None:
        if self.tracking:
            self._dest.append(ws)

    def _pop(self) -> None:
        if self.tracking:
            self._dest.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._funcs.append(node.name.value)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._funcs.pop()

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._push(())

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self._pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        if self.tracking:
            self._dest.append(tuple(w for t in node.targets for w in target_words(t.target)))

    def leave_Assign(self, original_node: cst.Assign) -> None:
        self._pop()

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if self.tracking:
            self._dest.append(target_words(node.target))

    def leave_AnnAssign(self, original_node: cst.AnnAssign) -> None:
        self._pop()

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if self.tracking:
            self._dest.append(target_words(node.target))

    def leave_AugAssign(self, original_node: cst.AugAssign) -> None:
        self._pop()

    def visit_Arg(self, node: cst.Arg) -> None:
        if self.tracking:
            self._dest.append(words(node.keyword.value) if node.keyword is not None else ())

    def leave_Arg(self, original_node: cst.Arg) -> None:
        self._pop()

    def visit_DictElement(self, node: cst.DictElement) -> None:
        if self.tracking:
            key = string_value(node.key)
            self._dest.append(words(key) if key is not None and len(key) <= 60 else ())

    def leave_DictElement(self, original_node: cst.DictElement) -> None:
        self._pop()


# --- settings modules --------------------------------------------------------------------

# Names that only a Django settings module defines at its top level.
DJANGO_SETTINGS_MARKERS = frozenset({"INSTALLED_APPS", "MIDDLEWARE", "ROOT_URLCONF", "MIDDLEWARE_CLASSES"})
# Module or class names of settings that never run in production.
_DEV_PARTS = frozenset(
    {
        "dev", "devel", "develop", "development", "local", "locals", "test", "tests", "testing", "ci", "debug",
        "sandbox", "example", "examples", "sample", "demo", "docs", "e2e", "unittest", "pytest", "localhost",
    }
)
# Framework defaults that a project overrides: not a deployment's configuration.
_DEFAULTS_MODULES = ("global_settings", "default_settings")


def module_words(module_name: str, relpath: str) -> set[str]:
    """Words of the module's dotted name and of its path (`examples/app/settings.py`)."""
    parts = module_name.split(".") + relpath.removesuffix(".py").split("/")
    return {w for part in parts for w in words(part)}


def is_dev_module(module_name: str, relpath: str) -> bool:
    """`settings/dev.py`, `settings_local.py`, `myproj/test_settings.py`."""
    return bool(module_words(module_name, relpath) & _DEV_PARTS)


def is_dev_name(name: str) -> bool:
    """A config class or object for development: `DevelopmentConfig`, `TestConfig`."""
    return bool(set(words(name)) & _DEV_PARTS)


def is_defaults_module(module_name: str) -> bool:
    return module_name.rsplit(".", 1)[-1] in _DEFAULTS_MODULES


def looks_like_settings(module_name: str, relpath: str) -> bool:
    """Named like a settings module: `settings.py`, `settings/prod.py`, `settings_prod.py`."""
    parts = module_name.split(".") if module_name else relpath.split("/")
    return any(p == "settings" or p.startswith("settings_") for p in parts)


def top_level_assignments(module: cst.Module) -> Iterator[tuple[str, cst.BaseExpression, cst.CSTNode]]:
    """(name, value, statement) for `NAME = value` / `NAME: T = value` at module level,
    including inside top-level if/try blocks (settings often branch on the environment)."""
    yield from _assignments_in(module.body, 0)


def _assignments_in(body: Iterable[cst.CSTNode], depth: int) -> Iterator[tuple[str, cst.BaseExpression, cst.CSTNode]]:
    for stmt in body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, cst.Assign):
                    for target in small.targets:
                        if isinstance(target.target, cst.Name):
                            yield target.target.value, small.value, small
                elif isinstance(small, cst.AnnAssign) and small.value is not None and isinstance(small.target, cst.Name):
                    yield small.target.value, small.value, small
        elif depth < 3 and isinstance(stmt, (cst.If, cst.Try, cst.With)):
            yield from _assignments_in(_suite_body(stmt.body), depth + 1)
            orelse = getattr(stmt, "orelse", None)
            while isinstance(orelse, (cst.If, cst.Else)):
                yield from _assignments_in(_suite_body(orelse.body), depth + 1)
                orelse = getattr(orelse, "orelse", None)
            for handler in getattr(stmt, "handlers", ()):
                yield from _assignments_in(_suite_body(handler.body), depth + 1)


def _suite_body(suite: cst.BaseSuite) -> Iterable[cst.CSTNode]:
    return suite.body if isinstance(suite, (cst.IndentedBlock, cst.SimpleStatementSuite)) else ()


def is_literal_true(expr: cst.BaseExpression | None) -> bool:
    return isinstance(expr, cst.Name) and expr.value == "True"


def is_literal_false(expr: cst.BaseExpression | None) -> bool:
    return isinstance(expr, cst.Name) and expr.value == "False"


def call_name(call: cst.Call) -> str:
    """The last name of the callee: `set_cookie` for `resp.set_cookie(...)`."""
    func = call.func
    if isinstance(func, cst.Attribute):
        return func.attr.value
    if isinstance(func, cst.Name):
        return func.value
    return ""


def receiver(call: cst.Call) -> str:
    """`app.config` for `app.config.update(...)` ("" when not a dotted name)."""
    func = call.func
    return dotted(func.value) if isinstance(func, cst.Attribute) else ""


def positional(call: cst.Call) -> list[cst.Arg]:
    """Positional arguments up to the first `*args` (after it, positions are unknown)."""
    out = []
    for arg in call.args:
        if arg.keyword is not None or arg.star == "**":
            continue
        if arg.star == "*":
            break
        out.append(arg)
    return out


def argument(call: cst.Call, name: str, position: int | None = None) -> cst.Arg | None:
    """The argument bound to parameter `name` (by keyword, or at `position`)."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    if position is not None:
        args = positional(call)
        if position < len(args):
            return args[position]
    return None


def config_target(target: cst.BaseExpression) -> tuple[str, str] | None:
    """`app.config["DEBUG"]` -> ("app.config", "DEBUG"); None for anything else."""
    if not (isinstance(target, cst.Subscript) and len(target.slice) == 1):
        return None
    index = target.slice[0].slice
    if not isinstance(index, cst.Index):
        return None
    key = string_value(index.value)
    base = dotted(target.value)
    if key is None or not base or not base.endswith("config"):
        return None
    return base, key


# --- hashing -----------------------------------------------------------------------------

_HASHLIB_FAST = frozenset(
    {
        "md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_224", "sha3_256", "sha3_384", "sha3_512",
        "blake2b", "blake2s", "shake_128", "shake_256",
    }
)
WEAK_HASHES = frozenset({"md5", "md4", "md2", "sha1", "sha", "md5sha1"})
# Third-party constructors of a weak digest, by qualified name.
_OTHER_WEAK = {
    **{f"{pkg}.Hash.{algo.upper()}.new": algo for pkg in ("Crypto", "Cryptodome") for algo in ("md5", "md4", "md2", "sha1")},
    **{f"{pkg}.Hash.SHA.new": "sha1" for pkg in ("Crypto", "Cryptodome")},
    "cryptography.hazmat.primitives.hashes.MD5": "md5",
    "cryptography.hazmat.primitives.hashes.SHA1": "sha1",
}


def normalize_hash(name: str) -> str:
    """`"SHA-1"` -> "sha1", `"MD5"` -> "md5", `"sha3-256"` -> "sha3_256"."""
    text = name.strip().lower().replace("-", "_")
    return text if text.startswith(("sha3", "shake")) else text.replace("_", "")


def hash_constructor(qualified: str | None, call: cst.Call) -> str | None:
    """The algorithm a call constructs a hash object with (normalized), or None.

    `hashlib.md5(...)`, `hashlib.new("SHA1", ...)`, `Crypto.Hash.MD5.new(...)`,
    `cryptography...hashes.SHA1()`. An unknown `hashlib.new(name)` gives None.
    """
    if qualified is None:
        return None
    if qualified.startswith("hashlib."):
        func = qualified[len("hashlib."):]
        if func in _HASHLIB_FAST:
            return func
        if func == "new":
            arg = argument(call, "name", 0)
            value = string_value(arg.value) if arg is not None else None
            return normalize_hash(value) if value else None
        return None
    return _OTHER_WEAK.get(qualified)


def hashed_data(call: cst.Call, qualified: str) -> list[cst.BaseExpression]:
    """The data argument(s) of a hash constructor call (not the algorithm name)."""
    skip = 1 if qualified == "hashlib.new" else 0
    out = [a.value for a in positional(call)[skip:]]
    out += [a.value for a in call.args if a.keyword is not None and a.keyword.value in ("data", "string")]
    return out


def not_for_security(call: cst.Call) -> bool:
    """`usedforsecurity=False`: the caller declared the digest is not a security control."""
    arg = argument(call, "usedforsecurity")
    return arg is not None and is_literal_false(arg.value)


def hash_purpose(
    dest: tuple[str, ...], names: tuple[tuple[str, ...], ...], func: tuple[str, ...]
) -> tuple[str, str] | None:
    """What a digest is for, judged from names: ("password" | "security" | "benign",
    evidence) or None when the names do not say.

    `dest` names where the digest goes, `names` the identifiers in what is hashed,
    `func` the enclosing def.
    A benign destination (cache key, ETag, checksum) wins; then the data, then the
    destination, then the function name.
    """
    data = tuple(w for name in names for w in name)
    if is_benign(dest):
        return "benign", _evidence(dest, BENIGN_WORDS)  # a cache key, an ETag
    if is_random_input(data):
        return "benign", _evidence(data, _RANDOM_INPUT)  # a random value formatted through a digest
    password = names_password(names)
    if password is not None:
        return "password", password
    if is_password(dest):
        return "password", "_".join(dest)
    if is_secret(dest):
        return "security", "_".join(dest)
    if is_benign(data) or is_benign(func):  # hashing file content, or inside `build_etag()` / `cache_key()`
        return "benign", _evidence(data, BENIGN_WORDS) if is_benign(data) else _evidence(func, BENIGN_WORDS)
    if is_secret(data):
        return "security", _evidence(data, SECRET_WORDS)
    if not func:
        return None
    if is_password(func):
        return "password", "_".join(func)
    if is_secret(func):
        return "security", "_".join(func)
    return None


def _evidence(ws: tuple[str, ...], vocabulary: frozenset[str]) -> str:
    return next((w for w in ws if w in vocabulary), "_".join(ws[:3]))


# --- configuration values ----------------------------------------------------------------

_CONFIG_MODULES = frozenset({"config", "configs", "configuration", "conf", "prod", "production", "settings"})
_CONFIG_METHODS = frozenset({"update", "from_mapping"})


def is_config_class(name: str) -> bool:
    """`ProductionConfig`, `Settings`, `BaseConfig`; not `DevelopmentConfig`, `TestSettings`."""
    ws = set(words(name))
    return bool(ws & {"config", "settings", "configuration"}) and not is_dev_name(name)


class SettingsVisitor:
    """Mixin for a `Rule`: calls `self.setting(key, value, node)` for each configuration
    value the module sets, wherever a framework reads it from:

    - top-level `NAME = value` in a settings module (Django markers or a settings/config
      module name) and in the body of a top-level `...Config`/`...Settings` class;
    - `<x>.config["NAME"] = value` and `<x>.config.update(NAME=value)` /
      `.from_mapping(...)` anywhere (Flask, Quart).

    `self.django_settings` tells whether the module is a Django settings module. Test code,
    development settings (`settings/dev.py`, `DevelopmentConfig`) and framework defaults
    (`global_settings.py`) are skipped: `self.settings_skipped`.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.django_settings = False
        self.settings_skipped = False

    def setting(self, key: str, value: cst.BaseExpression, node: cst.CSTNode) -> None:
        raise NotImplementedError

    def visit_Module(self, node: cst.Module) -> None:
        ctx = self.context  # type: ignore[attr-defined]
        self.settings_skipped = bool(
            ctx.is_test or is_dev_module(ctx.module_name, ctx.relpath) or is_defaults_module(ctx.module_name)
        )
        if self.settings_skipped:
            return
        assigned = [item for item in top_level_assignments(node) if item[0].isupper()]
        self.django_settings = any(name in DJANGO_SETTINGS_MARKERS for name, _, _ in assigned)
        last = ctx.module_name.rsplit(".", 1)[-1]
        if self.django_settings or looks_like_settings(ctx.module_name, ctx.relpath) or last in _CONFIG_MODULES:
            for name, value, stmt in assigned:
                self.setting(name, value, stmt)
        for stmt in node.body:
            if isinstance(stmt, cst.ClassDef) and is_config_class(stmt.name.value):
                for name, value, small in _assignments_in(_suite_body(stmt.body), 3):
                    if name.isupper():
                        self.setting(name, value, small)

    def visit_Assign(self, node: cst.Assign) -> None:
        if self.settings_skipped:
            return
        for target in node.targets:
            found = config_target(target.target)
            if found is not None:
                self.setting(found[1], node.value, node)

    def visit_Call(self, node: cst.Call) -> None:
        if self.settings_skipped:
            return
        if call_name(node) in _CONFIG_METHODS and receiver(node).endswith("config"):
            for arg in node.args:
                if arg.keyword is not None and arg.keyword.value.isupper():
                    self.setting(arg.keyword.value, arg.value, arg)


# --- hosts -------------------------------------------------------------------------------

_LOCAL_SUFFIXES = (
    ".local", ".localhost", ".internal", ".svc", ".lan", ".home", ".test", ".example", ".invalid", ".localdomain",
    ".corp", ".intranet", ".private",
)
_PLACEHOLDER_HOSTS = frozenset({"example.com", "example.org", "example.net", "localhost", "host", "hostname", "domain", "server"})
# Hosts of XML/RDF namespaces and schema identifiers: names, never fetched.
_NAMESPACE_HOSTS = (
    "w3.org", "www.w3.org", "purl.org", "xmlns.com", "schemas.xmlsoap.org", "schemas.microsoft.com",
    "schemas.openxmlformats.org", "json-schema.org", "ns.adobe.com", "java.sun.com", "www.opengis.net",
    "docs.oasis-open.org", "xml.org", "www.xml.org", "relaxng.org", "apache.org", "www.apache.org",
    "openoffice.org", "jabber.org", "etherx.jabber.org", "xmpp.org", "www.sitemaps.org", "sitemaps.org",
    "schemas.android.com", "www.google.com", "maven.apache.org", "ogp.me", "rdfs.org", "creativecommons.org",
)


def url_host(url: str) -> str | None:
    """The lower-cased host of an absolute URL (`http://user@Api.X.com:80/p` -> "api.x.com")."""
    scheme, sep, rest = url.partition("://")
    if not sep or not scheme:
        return None
    authority = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    authority = authority.rsplit("@", 1)[-1]
    if authority.startswith("["):  # IPv6 literal
        return authority[1:].split("]", 1)[0].lower()
    return authority.split(":", 1)[0].lower() or None


def is_remote_host(host: str) -> bool:
    """A public host name: not loopback, private, link-local, single-label (a compose
    service), a reserved test domain, a placeholder, or an XML namespace host."""
    if not host or "{" in host or "%" in host or "*" in host or "$" in host:
        return False
    if host in _PLACEHOLDER_HOSTS or host.endswith(_LOCAL_SUFFIXES) or "." not in host and ":" not in host:
        return False
    if host.endswith((".example.com", ".example.org", ".example.net")):
        return False
    if host in _NAMESPACE_HOSTS or any(host.endswith("." + ns) for ns in _NAMESPACE_HOSTS):
        return False
    import ipaddress

    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return not host.replace(".", "").isdigit()
    return ip.is_global
