"""SEC202: a password stored or compared as a fast digest (MD5, SHA-1, SHA-256...)."""

from __future__ import annotations

import libcst as cst

from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import Rule
from auditor.rules.security._idle_patterns import HASH_CALLS, skips_tests
from auditor.rules.security._patterns import (
    DestinationTracker,
    expr_names,
    hash_constructor,
    hash_purpose,
    hashed_data,
    names_password,
    not_for_security,
)


class FastHashForPassword(DestinationTracker, Rule):
    id = "SEC202"
    title = "Password hashed with a fast digest"
    category = Category.SECURITY
    severity = Severity.HIGH
    # "A digest of something named password" is nearly always password storage or
    # comparison; the k-anonymity lookup of Have I Been Pwned (SHA-1 of the password, in
    # a function named so) is recognised and skipped.
    confidence = Confidence.MEDIUM
    cwe = (916, 328, 759)
    supersedes = ("B303", "B324")
    tags = ("crypto", "authentication")
    tracked_packages = ("hashlib", "Crypto", "Cryptodome", "cryptography")
    options = {"include-tests": False}
    effort = 60
    refs = (
        "https://cwe.mitre.org/data/definitions/916.html",
        "https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html",
        "https://docs.djangoproject.com/en/stable/topics/auth/passwords/",
        "https://argon2-cffi.readthedocs.io/",
    )
    why = """
        MD5, SHA-1 and even SHA-256/512 are built to be fast: one GPU tries billions of
        candidates a second, so when the user table leaks (a backup, an SQL injection, a
        log) most passwords are recovered within hours, and without a per-user salt one
        precomputed table cracks every account at once. Users reuse passwords, so the
        breach spreads to their other accounts. A digest of a value named password,
        passwd, pwd or passphrase, or a digest stored as one, is reported whatever the
        algorithm and whether salted or not: salt does not make a fast hash slow. Test
        code is skipped (option `include-tests`).
    """
    fix = """
        Use a password hashing function with a work factor and a per-password salt:
        argon2id (`argon2.PasswordHasher().hash(pw)` / `.verify(hash, pw)`), bcrypt, or
        scrypt / PBKDF2 with the iterations OWASP recommends; in Django
        `make_password` / `check_password`, in Werkzeug `generate_password_hash`.
        Rehash legacy digests at the next successful login.
    """
    example = Example(
        before="""
            import hashlib

            def set_password(user, password: str) -> None:
                user.password_hash = hashlib.sha256(password.encode()).hexdigest()
        """,
        after="""
            from argon2 import PasswordHasher

            _hasher = PasswordHasher()

            def set_password(user, password: str) -> None:
                user.password_hash = _hasher.hash(password)
        """,
    )
    VALID = [
        # Slow, salted password hashing.
        """
        import hashlib, os
        def set_password(user, password):
            salt = os.urandom(16)
            user.password_hash = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)
            user.scrypt = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
        """,
        # Hashing a random value to make a temporary password is not hashing a password;
        # the Have I Been Pwned range lookup sends a SHA-1 prefix by design.
        """
        import hashlib, os
        def new_password():
            password = hashlib.sha256(os.urandom(32)).hexdigest()[:16]
            return password
        def pwned_count(password):
            digest = hashlib.sha1(password.encode()).hexdigest().upper()
            return digest[:5]
        """,
        # A password-reset token is not a password.
        """
        import hashlib
        def store(user, password_reset_token):
            user.token_digest = hashlib.sha256(password_reset_token.encode()).hexdigest()
        """,
    ]
    INVALID = [
        """
        import hashlib
        from hashlib import md5
        def register(form, salt):
            digest = hashlib.sha512((salt + form["password"]).encode()).hexdigest()  # expect
            legacy = md5(form.get("passwd").encode()).hexdigest()  # expect
            return digest, legacy
        def check(user, pwd):
            return user.hash == hashlib.new("md5", pwd.encode()).hexdigest()  # expect
        """,
        # Stored as a password; a hash object fed the password.
        """
        import hashlib
        def save(user, raw):
            user.password = hashlib.sha1(raw).hexdigest()  # expect
        def digest(password):
            h = hashlib.sha256()
            h.update(password.encode())  # expect
            return h.hexdigest()
        """,
        # The function hashes passwords: its name says so.
        """
        import hashlib
        def hash_password(raw):
            return hashlib.sha256(raw.encode()).hexdigest()  # expect
        """,
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._objects: dict[str, str] = {}  # local name -> algorithm of a hash object
        # visit_Call returns at once without tracking or in skipped tests; both reports
        # need a call qualified to a hash constructor (directly, or making `_objects`).
        self.idle = not self.tracking or skips_tests(self) or not HASH_CALLS.reachable(self.context)

    def visit_Assign(self, node: cst.Assign) -> None:
        super().visit_Assign(node)
        if self.tracking and isinstance(node.value, cst.Call) and len(node.targets) == 1:
            target = node.targets[0].target
            algo = hash_constructor(self.qualify(node.value.func), node.value)
            if isinstance(target, cst.Name) and algo is not None:
                self._objects[target.value] = algo

    def visit_Call(self, node: cst.Call) -> None:
        if not self.tracking or (self.context.is_test and not self.opts["include-tests"]):
            return
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "update":
            if isinstance(func.value, cst.Name) and func.value.value in self._objects:
                data = tuple(n for arg in node.args for n in expr_names(arg.value))
                if names_password(data) and not _lookup(self.function_words()):
                    algo = self._objects[func.value.value]
                    self.report(node, f"password fed to a fast {algo.upper()} digest: crackable at GPU speed; use argon2/bcrypt/scrypt")
            return
        qualified = self.qualify(func)
        algo = hash_constructor(qualified, node)
        if algo is None or not_for_security(node):
            return
        data = tuple(n for expr in hashed_data(node, qualified or "") for n in expr_names(expr))
        purpose = hash_purpose(self.destination(), data, self.function_words())
        if purpose is not None and purpose[0] == "password" and not _lookup(self.function_words()):
            self.report(
                node,
                f"`{purpose[1]}` hashed with fast {algo.upper()}: crackable at GPU speed once leaked; use argon2/bcrypt/scrypt",
            )


def _lookup(func_words: tuple[str, ...]) -> bool:
    """A breach-corpus lookup (Have I Been Pwned), which needs the SHA-1 of the password."""
    return bool({"pwned", "hibp", "breach", "breached"} & set(func_words))
