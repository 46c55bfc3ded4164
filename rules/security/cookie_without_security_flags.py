"""SEC204: a cookie set without Secure / HttpOnly (Flask, Werkzeug, Django, Starlette)."""

from __future__ import annotations

import libcst as cst

from auditor.helpers import dotted, has_star_kwargs
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import Rule
from auditor.rules.security._idle_patterns import skips_tests
from auditor.rules.security._patterns import argument, is_literal_false, is_secret, string_value, words

# set_cookie(key, value, max_age, expires, path, domain, secure, httponly, samesite) in
# Werkzeug, Django and Starlette alike: the flags' positions are shared.
_SECURE, _HTTPONLY, _SAMESITE = 6, 7, 8
_SETTERS = frozenset({"set_cookie", "set_signed_cookie"})
# Cookies that carry a login or a credential by their name.
_HARMLESS = frozenset({"language", "lang", "locale", "theme", "timezone", "tz", "sort", "order", "consent", "banner", "currency", "view", "layout"})
_SESSION_WORDS = frozenset({"session", "sessionid", "sid", "auth", "login", "remember", "jwt", "access", "refresh", "user", "identity", "sso", "csrftoken"})


def _deletes(call: cst.Call) -> bool:
    """`set_cookie(key, max_age=0)` / `expires=<1970>`: how responses delete a cookie."""
    max_age = argument(call, "max_age", 2)
    if max_age is not None and isinstance(max_age.value, cst.Integer) and max_age.value.value == "0":
        return True
    expires = argument(call, "expires", 3)
    text = string_value(expires.value) if expires is not None else None
    return text is not None and "1970" in text


def _sensitive(name: str | None, expr: cst.BaseExpression | None) -> bool:
    """Named like a session or credential cookie; a computed name is sensitive unless it
    says otherwise (`settings.LANGUAGE_COOKIE_NAME`)."""
    if name is not None:
        ws = set(words(name))
        return bool(ws & _SESSION_WORDS) or is_secret(ws)
    ws = set(words(dotted(expr))) if expr is not None else set()
    return not (ws & _HARMLESS) or bool(ws & _SESSION_WORDS) or is_secret(ws)


def _constant(arg: cst.Arg | None) -> bool:
    """A literal cookie value (`"true"`, `1`, `True`)."""
    if arg is None:
        return False
    expr = arg.value
    if isinstance(expr, (cst.SimpleString, cst.Integer)):
        return True
    return isinstance(expr, cst.Name) and expr.value in ("True", "False", "None")


def _missing_flags(call: cst.Call, signed: bool) -> list[str]:
    """"Secure"/"HttpOnly" when not passed or passed as a literal False."""
    missing = []
    for flag, position in (("Secure", _SECURE), ("HttpOnly", _HTTPONLY)):
        arg = argument(call, flag.lower(), None if signed else position)
        if arg is None or is_literal_false(arg.value):
            missing.append(flag)
    return missing


class CookieWithoutSecurityFlags(Rule):
    id = "SEC204"
    title = "Cookie set without Secure or HttpOnly"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    cwe = (614, 1004)
    tags = ("web", "session")
    options = {"include-tests": False}
    effort = 5
    refs = (
        "https://owasp.org/www-community/controls/SecureCookieAttribute",
        "https://owasp.org/www-community/HttpOnly",
        "https://flask.palletsprojects.com/en/stable/security/#set-cookie-options",
        "https://docs.djangoproject.com/en/stable/ref/request-response/#django.http.HttpResponse.set_cookie",
    )
    why = """
        Without `Secure` the browser also sends the cookie over plain HTTP: one request to
        an `http://` link, a captive portal or a downgraded connection on public Wi-Fi hands
        the session to whoever is on the network. Without `HttpOnly` any script on the
        page can read it, so a single XSS bug becomes a stolen session that outlives the
        tab. Flask/Werkzeug, Django and Starlette all default both to off. Reported when a
        flag is missing or a literal False; a flag passed as a variable (a setting) is
        trusted. A cookie whose literal name says it is harmless (a theme, a language) is
        reported low; one named like a session or token, or with a computed name, medium.
        A cookie holding a constant (`"true"` for page scripts) carries nothing to steal.
    """
    fix = """
        Pass `secure=True, httponly=True, samesite="Lax"` (or "Strict") for every cookie
        that identifies a user; take them from settings if local development runs on
        plain HTTP. Only a cookie that page scripts must read (e.g. a CSRF token for an
        SPA) may drop `httponly`, and it still needs `secure`.
    """
    example = Example(
        before="""
            from flask import make_response

            def login_response(token):
                resp = make_response("ok")
                resp.set_cookie("session_token", token)
                return resp
        """,
        after="""
            from flask import make_response

            def login_response(token):
                resp = make_response("ok")
                resp.set_cookie("session_token", token, secure=True, httponly=True, samesite="Lax")
                return resp
        """,
    )
    VALID = [
        """
        def view(response, token, settings):
            response.set_cookie("sessionid", token, secure=True, httponly=True, samesite="Strict")
            response.set_cookie("auth", token, max_age=3600, secure=settings.SECURE, httponly=settings.HTTPONLY)
            response.set_cookie("a", token, None, None, "/", None, True, True, "Lax")
            response.set_cookie(**options)
            response.set_cookie("sessionid", "", max_age=0, path="/")
            response.set_cookie("sessionid", expires="Thu, 01 Jan 1970 00:00:00 GMT")
            response.set_cookie("is_user_authorized", "true")
        """,
        # Not a response: a cookie jar or a test client's own API.
        """
        def client_side(jar, token):
            jar.set("session", token)
            jar.set_cookie_if_ok(token, request)
        """,
    ]
    INVALID = [
        """
        def login(response, token, lang):
            response.set_cookie("session", token)  # expect
            response.set_cookie("remember_me", token, secure=True)  # expect
            response.set_cookie("jwt", token, httponly=True, secure=False)  # expect
            response.set_signed_cookie("user_id", token, salt="x", httponly=True)  # expect
            response.set_cookie("lang", lang)  # expect
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang)  # expect
            response.set_cookie(settings.SESSION_COOKIE_NAME, token)  # expect
        """,
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Reports only `<x>.set_cookie(...)` / `.set_signed_cookie(...)` calls, not in skipped tests.
        index = self.context.index
        self.idle = skips_tests(self) or (index is not None and _SETTERS.isdisjoint(index.names))

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value in _SETTERS):
            return
        if (self.context.is_test and not self.opts["include-tests"]) or has_star_kwargs(node) or _deletes(node):
            return
        if _constant(argument(node, "value", 1)):
            return  # a constant flag for page scripts ("true"): nothing to steal
        signed = func.attr.value == "set_signed_cookie"  # keyword-only flags after `salt`
        missing = _missing_flags(node, signed)
        if not missing:
            return
        name_arg = argument(node, "key", 0)
        name = string_value(name_arg.value) if name_arg is not None else None
        sensitive = _sensitive(name, name_arg.value if name_arg is not None else None)
        shown = f"cookie {name!r}" if name is not None else "cookie"
        samesite = argument(node, "samesite", None if signed else _SAMESITE)
        extra = "" if samesite is not None else "; no SameSite either"
        self.report(
            node,
            f"{shown} set without {' and '.join(missing)}{extra}",
            severity=None if sensitive else Severity.LOW,
        )
