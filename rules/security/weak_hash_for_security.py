"""SEC201: MD5 or SHA-1 computing a token, a signature or another security value."""

from __future__ import annotations

import libcst as cst

from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import Rule
from auditor.rules.security._idle_patterns import WEAK_HASH_CALLS, skips_tests
from auditor.rules.security._patterns import (
    WEAK_HASHES,
    DestinationTracker,
    expr_names,
    hash_constructor,
    hash_purpose,
    hashed_data,
    is_secret,
    not_for_security,
)


class WeakHashForSecurity(DestinationTracker, Rule):
    id = "SEC201"
    title = "MD5/SHA-1 used for a security purpose"
    category = Category.SECURITY
    severity = Severity.MEDIUM
    # Names decide "security use": right for `token = md5(...)`, blind to a digest passed
    # on through a neutral variable. Hence medium.
    confidence = Confidence.MEDIUM
    cwe = (327, 328)
    supersedes = ("B303", "B324")
    tags = ("crypto",)
    tracked_packages = ("hashlib", "Crypto", "Cryptodome", "cryptography")
    options = {"include-tests": False}
    effort = 20
    refs = (
        "https://cwe.mitre.org/data/definitions/328.html",
        "https://docs.python.org/3/library/hashlib.html#hashlib.new",
        "https://shattered.io/",
        "https://cheatsheetseries.owasp.org/cheatsheets/Cryptographic_Storage_Cheat_Sheet.html",
    )
    why = """
        MD5 and SHA-1 collisions are practical (MD5 in seconds on a laptop, SHA-1 since
        SHAttered), and a bare digest is not a MAC: `md5(secret + message)` can be
        extended without knowing the secret. A token, signature or integrity check built
        on them can be forged or matched by an attacker who sees one value. Reported only
        where names say the digest is a security value (token, signature, secret, nonce,
        API key, HMAC...); cache keys, ETags and file checksums are not reported, and
        bandit's B324 on them drops to info, nor are calls marked
        `usedforsecurity=False`. Digests of passwords are SEC202. Test code is skipped
        (option `include-tests`), and B324 there drops to info.
    """
    fix = """
        For tokens use `secrets.token_urlsafe()`; for signatures and integrity checks an
        HMAC with SHA-256 (`hmac.new(key, msg, hashlib.sha256)`, compared with
        `hmac.compare_digest`); where a fast non-security digest is really meant, say so
        with `hashlib.md5(data, usedforsecurity=False)`.
    """
    example = Example(
        before="""
            import hashlib

            def sign(payload: bytes, secret: bytes) -> str:
                signature = hashlib.md5(secret + payload).hexdigest()
                return signature
        """,
        after="""
            import hashlib
            import hmac

            def sign(payload: bytes, secret: bytes) -> str:
                signature = hmac.new(secret, payload, hashlib.sha256).hexdigest()
                return signature
        """,
    )
    VALID = [
        # Cache keys, ETags, file checksums: not security.
        """
        import hashlib
        def cache_key(url):
            return hashlib.md5(url.encode()).hexdigest()
        def build_etag(project_id, modified):
            return hashlib.md5((SECRET_KEY + project_id + modified).encode()).hexdigest()
        def handler(content, token):
            etag = hashlib.sha1(content).hexdigest()
            cache_key = hashlib.md5(token.encode()).hexdigest()
            checksum = hashlib.new("md5", content).hexdigest()
            return etag, cache_key, checksum
        """,
        # Declared not for security; strong algorithms; an unknown algorithm name.
        """
        import hashlib
        def make_token(data, algo):
            token = hashlib.md5(data, usedforsecurity=False).hexdigest()
            signature = hashlib.sha256(data).hexdigest()
            nonce = hashlib.new(algo, data).hexdigest()
            return token, signature, nonce
        """,
        # A random value formatted through a digest: the digest is not the defence.
        """
        import hashlib, os
        def new_token():
            token = hashlib.md5(os.urandom(32)).hexdigest()
            return token
        """,
        # Passwords are SEC202's; a user's own hashlib module is not hashlib.
        """
        import hashlib
        from myproject import digests as hashlib2
        def store(user, password):
            user.password_hash = hashlib.md5(password.encode()).hexdigest()
            user.token = hashlib2.md5(user.name)
        """,
    ]
    INVALID = [
        """
        import hashlib
        from hashlib import sha1
        def reset_link(user, secret):
            token = hashlib.md5(f"{user.id}:{secret}".encode()).hexdigest()  # expect
            sig = sha1(secret + user.email.encode()).hexdigest()  # expect
            return token, sig
        """,
        # hashlib.new with any spelling; a keyword destination; the function's name.
        """
        import hashlib
        def make_api_key(seed):
            return hashlib.new("SHA1", seed).hexdigest()  # expect
        def send(client, body, key):
            client.post(body, signature=hashlib.new(name="md5", data=key + body).hexdigest())  # expect
        """,
        # A hash object fed a secret later.
        """
        import hashlib
        def verify(message, secret, received):
            h = hashlib.md5()
            h.update(secret)  # expect
            h.update(message)
            return h.hexdigest() == received
        """,
        """
        from Crypto.Hash import MD5
        def sign(secret, msg):
            signature = MD5.new(secret + msg).hexdigest()  # expect
            return signature
        """,
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._objects: dict[str, str] = {}  # local name -> weak algorithm of a hash object
        # visit_Call returns at once without tracking; its reports and verdicts (in test
        # code too) need a call qualified to a weak hash constructor (directly, or making
        # `_objects`).
        self.idle = not self.tracking or not WEAK_HASH_CALLS.reachable(self.context)

    def visit_Assign(self, node: cst.Assign) -> None:
        super().visit_Assign(node)
        if self.tracking and isinstance(node.value, cst.Call) and len(node.targets) == 1:
            target = node.targets[0].target
            algo = hash_constructor(self.qualify(node.value.func), node.value)
            if isinstance(target, cst.Name) and algo in WEAK_HASHES and not not_for_security(node.value):
                self._objects[target.value] = algo

    def visit_Call(self, node: cst.Call) -> None:
        if not self.tracking:
            return
        skipped_test = skips_tests(self)
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "update":
            if not skipped_test and isinstance(func.value, cst.Name) and func.value.value in self._objects:
                self._check_update(node, self._objects[func.value.value])
            return
        qualified = self.qualify(func)
        algo = hash_constructor(qualified, node)
        if algo not in WEAK_HASHES or not_for_security(node):
            return
        if skipped_test:  # test code ships nowhere: bandit's B324 on it drops to info
            self.settle(node, f"SEC201: {algo.upper()} in test code, not a security use")
            return
        data = tuple(n for expr in hashed_data(node, qualified or "") for n in expr_names(expr))
        dest, func = self.destination(), self.function_words()
        purpose = hash_purpose(dest, data, func)
        if purpose is not None and purpose[0] == "security":
            self.report(node, f"{algo.upper()} digest used for `{purpose[1]}`: forgeable; use HMAC-SHA256 or `secrets`")
        elif purpose is not None and purpose[0] == "benign" and not is_secret((*dest, *(w for n in data for w in n), *func)):
            # Benign evidence alone (an ETag, a cache key): a `pin` or `token` anywhere
            # near it, even where a benign word wins, leaves bandit's finding as it is.
            self.settle(node, f"SEC201: {algo.upper()} for `{purpose[1]}`, not a security use")

    def _check_update(self, node: cst.Call, algo: str) -> None:
        data = tuple(n for arg in node.args for n in expr_names(arg.value))
        purpose = hash_purpose((), data, ())
        if purpose is not None and purpose[0] == "security":
            self.report(node, f"{algo.upper()} digest over `{purpose[1]}`: forgeable; use HMAC-SHA256")
