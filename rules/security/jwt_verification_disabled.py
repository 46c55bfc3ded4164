"""SEC213: a JWT decoded without checking its signature, or with `none` allowed."""

from __future__ import annotations

import libcst as cst

from auditor.helpers import has_star_kwargs
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import Rule
from auditor.rules.security._idle_patterns import QualifiedTargets, skips_tests
from auditor.rules.security._patterns import argument, is_literal_false, string_value

# PyJWT: decode(jwt, key="", algorithms=None, options=None, ...); python-jose:
# decode(token, key, algorithms=None, options=None, ...).
_DECODERS = frozenset({"jwt.decode", "jwt.api_jwt.decode", "jwt.PyJWT().decode", "jose.jwt.decode"})
_ALGORITHMS_AT = 2
_REACHED = QualifiedTargets(_DECODERS)


class JwtVerificationDisabled(Rule):
    id = "SEC213"
    title = "JWT decoded without signature verification"
    category = Category.SECURITY
    severity = Severity.HIGH
    # Reading claims unverified on purpose (to pick the key) is legitimate when the
    # token is verified right after; the call alone cannot show that.
    confidence = Confidence.MEDIUM
    cwe = (347, 345)
    tags = ("authentication", "crypto", "jwt")
    options = {"include-tests": False}
    effort = 20
    refs = (
        "https://pyjwt.readthedocs.io/en/stable/usage.html#reading-the-claimset-without-validation",
        "https://pyjwt.readthedocs.io/en/stable/api.html#jwt.decode",
        "https://python-jose.readthedocs.io/en/latest/jwt/api.html",
        "https://auth0.com/blog/critical-vulnerabilities-in-json-web-token-libraries/",
    )
    why = """
        A JWT is only as good as its signature: with `verify_signature: False` (or PyJWT
        1.x's `verify=False`) anyone can write a token saying `{"sub": "admin"}` and it
        is accepted. Allowing the `none` algorithm is the same hole, and decoding
        without an `algorithms` list lets the token choose its own algorithm (with
        python-jose and old PyJWT an RS256 public key can then be used as an HS256 secret
        to sign forged tokens). Reported when verification is off, `none` is allowed, or
        `algorithms` is missing.
    """
    fix = """
        Verify every token you trust: `jwt.decode(token, key, algorithms=["RS256"],
        audience=..., issuer=...)` with the one algorithm you issue. To read the header
        before choosing the key, use `jwt.get_unverified_header(token)` and then verify.
    """
    example = Example(
        before="""
            import jwt

            def current_user_id(token: str) -> str:
                claims = jwt.decode(token, options={"verify_signature": False})
                return claims["sub"]
        """,
        after="""
            import jwt

            def current_user_id(token: str, public_key: str) -> str:
                claims = jwt.decode(token, public_key, algorithms=["RS256"], audience="api")
                return claims["sub"]
        """,
    )
    VALID = [
        """
        import jwt
        from jose import jwt as jose_jwt
        def check(token, key, opts):
            a = jwt.decode(token, key, algorithms=["HS256"])
            b = jwt.decode(token, key, ["RS256"], options={"require": ["exp"]})
            c = jose_jwt.decode(token, key, algorithms=["RS256"])
            d = jwt.decode(token, key, algorithms=ALGORITHMS, options=opts)
            e = jwt.get_unverified_header(token)
            f = jwt.decode(token, key, **settings.JWT)
            return a, b, c, d, e, f
        """,
        """
        import base64
        def unrelated(token):
            return base64.decode(token)
        """,
    ]
    INVALID = [
        """
        import jwt
        from jose import jwt as jose_jwt
        def check(token, key):
            a = jwt.decode(token, options={"verify_signature": False})  # expect
            b = jwt.decode(token, key, verify=False)  # expect
            c = jwt.decode(token, key, algorithms=["HS256", "none"])  # expect
            d = jose_jwt.decode(token, key)  # expect
            e = jose_jwt.decode(token, key, algorithms=["RS256"], options={"verify_signature": False})  # expect
            return a, b, c, d, e
        """,
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Reports only calls qualified to a JWT decoder, not in skipped tests.
        self.idle = skips_tests(self) or not _REACHED.reachable(self.context)

    def visit_Call(self, node: cst.Call) -> None:
        if self.context.is_test and not self.opts["include-tests"]:
            return
        name = self.qualify(node.func)
        if name not in _DECODERS or has_star_kwargs(node):
            return
        options = argument(node, "options", 3)
        verify = argument(node, "verify")
        if (options is not None and _signature_off(options.value)) or (verify is not None and is_literal_false(verify.value)):
            self.report(node, f"{name}() with signature verification off: anyone can forge the token")
            return
        algorithms = argument(node, "algorithms", _ALGORITHMS_AT)
        if algorithms is None:
            self.report(
                node,
                f"{name}() without algorithms=: the token picks its own algorithm (algorithm confusion)",
                severity=Severity.MEDIUM,
            )
        elif _allows_none(algorithms.value):
            self.report(node, f"{name}() accepts the `none` algorithm: unsigned tokens pass")


def _signature_off(expr: cst.BaseExpression) -> bool:
    if not isinstance(expr, cst.Dict):
        return False
    for element in expr.elements:
        if isinstance(element, cst.DictElement) and string_value(element.key) in ("verify_signature", "verify"):
            return is_literal_false(element.value)
    return False


def _allows_none(expr: cst.BaseExpression) -> bool:
    if isinstance(expr, (cst.List, cst.Tuple, cst.Set)):
        return any((string_value(el.value) or "").lower() == "none" for el in expr.elements)
    return (string_value(expr) or "").lower() == "none"
