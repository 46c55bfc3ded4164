"""SEC203: the `random` module making a token, password, key, nonce, salt or OTP."""

from __future__ import annotations

import libcst as cst

from auditor.helpers import dotted
from auditor.model import Category, Confidence, Example, Severity
from auditor.rule import Rule
from auditor.rules.security._idle_patterns import QualifiedTargets, skips_tests
from auditor.rules.security._patterns import DestinationTracker, is_benign, is_secret

# The whole public API of random.Random (module functions are methods of a hidden instance).
RANDOM_API = frozenset(
    {
        "betavariate", "binomialvariate", "choice", "choices", "expovariate", "gammavariate", "gauss",
        "getrandbits", "lognormvariate", "normalvariate", "paretovariate", "randbytes", "randint", "random",
        "randrange", "sample", "shuffle", "triangular", "uniform", "vonmisesvariate", "weibullvariate",
    }
)
_MODULE_FUNCS = frozenset(f"random.{name}" for name in RANDOM_API)
_INSTANCES = frozenset({"random.Random"})
_REACHED = QualifiedTargets(_MODULE_FUNCS | _INSTANCES)


class InsecureRandomForSecret(DestinationTracker, Rule):
    id = "SEC203"
    title = "Predictable `random` used for a secret value"
    category = Category.SECURITY
    severity = Severity.HIGH
    # Judged from names (target, keyword, dict key, enclosing function): right for
    # `token = ...`, blind to a value passed through neutral names.
    confidence = Confidence.MEDIUM
    cwe = (330, 338)
    supersedes = ("B311",)
    tags = ("crypto",)
    tracked_packages = ("random",)
    options = {"include-tests": False}
    effort = 10
    refs = (
        "https://docs.python.org/3/library/random.html",
        "https://docs.python.org/3/library/secrets.html",
        "https://cwe.mitre.org/data/definitions/338.html",
        "https://github.com/tna0y/Python-random-module-cracker",
    )
    why = """
        `random` is a Mersenne Twister: after 624 observed 32-bit outputs (a few dozen
        tokens or reset codes an attacker requested for their own account) its whole
        state is known, and every past and future value can be computed. Password-reset
        tokens, session ids, API keys, OTP codes, nonces and salts made with it can be
        predicted, which is account takeover. `random.seed(time)` makes it worse. Only
        calls whose result goes to a name that says it is secret (token, password, key,
        nonce, salt, otp, session id...) or that sit in a function named so are
        reported; jitter, sampling and shuffling are left alone, and so is test code
        (option `include-tests`).
    """
    fix = """
        Use the `secrets` module: `secrets.token_urlsafe(32)` for tokens,
        `secrets.token_hex()`, `secrets.choice(alphabet)` to build passwords,
        `f"{secrets.randbelow(10**6):06d}"` for OTP codes, `os.urandom(16)` for salts and
        nonces; or `random.SystemRandom()` where an existing API wants a Random object.
    """
    example = Example(
        before="""
            import random
            import string

            def new_reset_token() -> str:
                alphabet = string.ascii_letters + string.digits
                return "".join(random.choice(alphabet) for _ in range(32))
        """,
        after="""
            import secrets

            def new_reset_token() -> str:
                return secrets.token_urlsafe(32)
        """,
    )
    VALID = [
        # Non-security randomness: jitter, sampling, shuffling, simulation.
        """
        import random
        def retry_delay(attempt):
            delay = 2 ** attempt + random.uniform(0, 1)
            return delay
        def pick(servers, rows):
            server = random.choice(servers)
            random.shuffle(rows)
            sample = random.sample(rows, 10)
            return server, sample
        """,
        # secrets and SystemRandom are the right tools.
        """
        import random, secrets
        _sysrand = random.SystemRandom()
        def make_token():
            token = secrets.token_urlsafe(32)
            otp = _sysrand.randint(100000, 999999)
            password = "".join(random.SystemRandom().choice("abc") for _ in range(12))
            return token, otp, password
        """,
        # A cache key next to a token is not a secret; a different `random` module.
        """
        import random
        from myproject import rand as random2
        def lookup(token):
            cache_key = f"{token}:{random.randint(0, 9)}"
            nonce = random2.random()
            return cache_key, nonce
        """,
    ]
    INVALID = [
        """
        import random
        from random import choice, getrandbits
        def signup(user):
            user.password = "".join(choice("abcdef0123456789") for _ in range(10))  # expect
            session_id = getrandbits(128)  # expect
            otp = random.randint(100000, 999999)  # expect
            salt = random.randbytes(16)  # expect
            delay = random.random()
            return {"nonce": random.random()}  # expect
        """,
        # A random.Random instance; a function named for what it makes.
        """
        import random
        rng = random.Random()
        def generate_api_key():
            return "%032x" % rng.getrandbits(128)  # expect
        def make_verification_code():
            return str(random.normalvariate(0, 1))  # expect
        """,
        """
        import random
        class Tokens:
            def __init__(self):
                self.rng = random.Random(42)
            def issue(self, user):
                user.reset_token = self.rng.random()  # expect
        """,
    ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._instances: set[str] = set()  # `rng`, `self.rng`: names bound to random.Random()
        # visit_Call returns at once without tracking or in skipped tests; a report needs
        # a call qualified to a `random` function, or an instance made by random.Random().
        self.idle = not self.tracking or skips_tests(self) or not _REACHED.reachable(self.context)

    def visit_Assign(self, node: cst.Assign) -> None:
        super().visit_Assign(node)
        value = node.value
        if self.tracking and isinstance(value, cst.Call) and self.qualify(value.func) in _INSTANCES:
            for target in node.targets:
                name = dotted(target.target)
                if name:
                    self._instances.add(name)

    def visit_Call(self, node: cst.Call) -> None:
        if not self.tracking or (self.context.is_test and not self.opts["include-tests"]):
            return
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in RANDOM_API and dotted(func.value) in self._instances:
            name = f"{dotted(func.value)}.{func.attr.value}"
        else:
            qualified = self.qualify(func)
            if qualified not in _MODULE_FUNCS:
                return
            name = qualified
        evidence = self._secret_use()
        if evidence is not None:
            self.report(node, f"{name}() makes `{evidence}`: predictable after a few outputs; use `secrets`")

    def _secret_use(self) -> str | None:
        dest = self.destination()
        if is_benign(dest):
            return None
        if is_secret(dest):
            return "_".join(dest)
        func = self.function_words()
        if func and not is_benign(func) and is_secret(func):
            return "_".join(func)
        return None
