"""Hard-coded secrets: known key formats, secret-named values, placeholders, masking.

The key formats come from Yelp's detect-secrets (its plugins' maintained patterns and its
JWT validation, its entropy measure and heuristic filters), used offline: its
verification step (which calls the providers' APIs) is never run. A few formats it lacks
(Google, Anthropic, Hugging Face, GitHub fine-grained tokens) are added here.

Nothing here ever returns a secret for display: `mask()` keeps at most the first and last
four characters, and `mask_line()` is what a report's snippet shows.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Iterator, Pattern

from auditor.source import split_lines


@dataclass(frozen=True)
class SecretHit:
    """A secret found in one line: `value` is the raw secret, never to be printed."""

    kind: str  # "AWS access key", "password", ...
    value: str
    column: int  # 0-based offset of the value in the line
    known_format: bool  # matched a key format (high confidence), not just a name


@dataclass(frozen=True)
class _Format:
    kind: str
    pattern: Pattern[str]
    group: int = 0  # the group that holds the secret
    validate: Callable[[str], bool] | None = None
    bounded: bool = True  # the match must not be glued to other word characters
    needles: tuple[str, ...] = ()  # substrings one of which any match contains: a cheap pre-check


_PEM_KINDS = ("DSA", "EC", "OPENSSH", "PGP", "RSA", "SSH2 ENCRYPTED", "ENCRYPTED", "")
PEM_BEGIN = re.compile(r"-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----")


# Pre-checks for the patterns that are slow to run over a whole file (no literal prefix).
_NEEDLES: dict[str, tuple[str, ...]] = {
    "Slack token": ("xox", "hooks.slack.com"),
    "Stripe key": ("k_live_",),
    "Mailchimp key": ("-us",),
    "Telegram bot token": (":AA",),  # bot tokens' secret half starts with AA
}


@lru_cache(maxsize=1)
def _formats() -> tuple[_Format, ...]:
    """detect-secrets' patterns (imported once per process, on first use)."""
    from detect_secrets.plugins import (
        aws,
        azure_storage_key,
        basic_auth,
        discord,
        github_token,
        gitlab_token,
        jwt,
        mailchimp,
        npm,
        openai,
        pypi_token,
        sendgrid,
        slack,
        square_oauth,
        stripe,
        telegram_token,
        twilio,
    )

    def each(kind: str, plugin: type, **kw: object) -> list[_Format]:
        return [_Format(kind, p, needles=_NEEDLES.get(kind, ()), **kw) for p in plugin.denylist]  # type: ignore[attr-defined, arg-type]

    out = [
        _Format("AWS access key", aws.AWSKeyDetector.denylist[0]),
        _Format("AWS secret access key", aws.AWSKeyDetector.denylist[1], group=1, bounded=False, needles=("aws", "AWS", "Aws")),
        *each("GitHub token", github_token.GitHubTokenDetector),
        *each("GitLab token", gitlab_token.GitLabTokenDetector),
        *each("Slack token", slack.SlackDetector),
        *each("Stripe key", stripe.StripeDetector),
        *each("Twilio key", twilio.TwilioKeyDetector),
        *each("SendGrid key", sendgrid.SendGridDetector),
        *each("Mailchimp key", mailchimp.MailchimpDetector),
        *each("npm token", npm.NpmDetector, group=1, bounded=False),
        *each("PyPI token", pypi_token.PypiTokenDetector),
        *each("OpenAI key", openai.OpenAIDetector),
        *each("Discord bot token", discord.DiscordBotTokenDetector),
        *each("Telegram bot token", telegram_token.TelegramBotTokenDetector),
        *each("Square OAuth secret", square_oauth.SquareOAuthDetector),
        *each("Azure storage key", azure_storage_key.AzureStorageKeyDetector, bounded=False),
        *each("JSON web token", jwt.JwtTokenDetector, validate=jwt.JwtTokenDetector.is_formally_valid),
        *each("password in a URL", basic_auth.BasicAuthDetector, group=1, bounded=False),
        _Format("Google API key", re.compile(r"AIza[0-9A-Za-z_\-]{35}")),
        _Format("Google OAuth client secret", re.compile(r"GOCSPX-[0-9A-Za-z_\-]{28}")),
        _Format("GitHub token", re.compile(r"github_pat_[0-9A-Za-z_]{82}")),
        _Format("Anthropic key", re.compile(r"sk-ant-[a-z]+\d\d-[0-9A-Za-z_\-]{80,}")),
        _Format("Hugging Face token", re.compile(r"hf_[A-Za-z]{34}")),
        _Format("private key", PEM_BEGIN, bounded=False),
    ]
    return tuple(out)


# --- placeholders and value judgement ------------------------------------------------

_PLACEHOLDER_WORDS = (
    "changeme", "change_me", "change-me", "changethis", "replace", "your_", "your-", "yourkey", "your ",
    "xxx", "***", "...", "example", "dummy", "sample", "placeholder", "fake", "test", "redacted",
    "todo", "fixme", "mock", "foobar", "secret_here", "insert", "enter_", "<", ">", "$(", "${", "{{",
    "{%", "%(", "%s", "{}", "{0", "lorem", "notasecret", "not-a-secret", "not_a_secret",
)
_PLACEHOLDER_VALUES = frozenset(
    {
        "password", "passwd", "pass", "secret", "token", "key", "apikey", "api_key", "none", "null", "nil",
        "undefined", "true", "false", "admin", "root", "user", "username", "default", "empty", "required",
        "string", "str", "value", "unknown", "off", "on", "yes", "no", "disabled",
    }
)
_REFERENCE = re.compile(r"^(?:\$\w+|%\w+%|!(?:env|secret|vault|ref)\b|env\(|ENV\[|os\.environ|getenv\()", re.I)


def is_placeholder(value: str) -> bool:
    """Empty, templated (`${VAR}`, `{{ x }}`, `<your-key>`), a reference to the environment
    or a vault, or an obvious stand-in (`changeme`, `xxx`, `example`, `dummy`, `test`...)."""
    v = value.strip().strip("'\"`")
    if not v or len(set(v)) <= 2:
        return True
    low = v.lower()
    if low in _PLACEHOLDER_VALUES or _REFERENCE.match(v):
        return True
    return any(w in low for w in _PLACEHOLDER_WORDS)


_KEY_QUALIFIERS = frozenset({"api", "secret", "private", "access", "auth", "signing", "encryption", "master", "account", "client", "app", "license", "webhook"})
_PASS_QUALIFIERS = frozenset({"db", "database", "smtp", "mysql", "postgres", "pg", "redis", "email", "mail", "admin", "root", "user", "ftp", "ldap", "rabbitmq", "amqp", "mongo", "proxy"})
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def name_words(name: str) -> list[str]:
    """`dbPassword` -> [db, password]; `AWS_SECRET_ACCESS_KEY` -> [aws, secret, access, key]."""
    return [w.lower() for w in _WORD.findall(name)]


def secret_name_kind(name: str) -> str | None:
    """What a name says its value is (`password`, `token`, `API key`...), or None when the
    name does not name a secret (`token_url`, `password_field`, `PASSWORD_RESET_TIMEOUT`)."""
    words = name_words(name)
    if not words:
        return None
    last = words[-1]
    prev = words[-2] if len(words) > 1 else ""
    if last == "pwd" and not prev:  # `pwd` alone is usually the working directory
        return None
    if last in ("password", "passwd", "pwd", "passphrase") or (last == "pass" and prev in _PASS_QUALIFIERS):
        return "password"
    if last == "key" and prev in _KEY_QUALIFIERS:
        return f"{prev} key" if prev != "api" else "API key"
    if last in ("apikey",):
        return "API key"
    if last in ("secret", "token", "credential", "credentials"):
        return f"{prev} {last}".strip() if prev in ("client", "access", "auth", "refresh", "bearer", "bot", "shared") else last
    return None


def entropy(value: str) -> float:
    """Shannon entropy per character (bits), as detect-secrets computes it."""
    if not value:
        return 0.0
    counts: dict[str, int] = {}
    for ch in value:
        counts[ch] = counts.get(ch, 0) + 1
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


_NOT_A_SECRET_SHAPE = re.compile(
    r"""^(?:
        [./~]|\w+://(?![^/\s]*:[^/\s]*@)      # a path or a URL without credentials
      | [A-Z][A-Z0-9_]+$                      # an environment variable's name
      | [a-z_][a-z0-9_]*(?:\.[a-z_][\w]*)+$   # a dotted module or setting path
      | _*[a-z]+(?:[_\-][a-z]+)*$             # a lowercase identifier or word
      | (?:[A-Z][a-z]+)+$                      # a word or CamelCase name (`Passwort`, `PasswordInput`)
      | .*\.(?:pem|key|crt|cer|json|txt|ya?ml|ini|cfg|p12|pfx|der|gpg|asc)$
    )""",
    re.X,
)


def looks_like_secret_value(value: str) -> bool:
    """Whether the literal given to a secret-named key is plausibly a real credential:
    not a placeholder, no spaces, 8+ characters, two character classes, some entropy."""
    v = value.strip()
    if len(v) < 8 or len(v) > 4096 or any(c.isspace() for c in v) or is_placeholder(v):
        return False
    if _NOT_A_SECRET_SHAPE.match(v):
        return False
    classes = sum(
        (any(c.islower() for c in v), any(c.isupper() for c in v), any(c.isdigit() for c in v), any(not c.isalnum() for c in v))
    )
    if classes < 2 or entropy(v) < 2.5:
        return False
    from detect_secrets.filters.heuristic import is_potential_uuid, is_sequential_string

    return not is_sequential_string(v) and not is_potential_uuid(v)


# --- scanning ------------------------------------------------------------------------

_WORDCHAR = re.compile(r"\w")


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return not (before and _WORDCHAR.match(before)) and not (after and _WORDCHAR.match(after))


def _pem_value(line: str, match: re.Match[str]) -> tuple[str, int]:
    """A PEM block's secret part on its BEGIN line: what follows the marker (if anything)
    up to an END marker or a quote; the marker itself otherwise."""
    rest = line[match.end():]
    body = re.split(r"-----END|[\"']", rest, maxsplit=1)[0]
    if body.strip().strip("\\n").strip():
        return body, match.end()
    return "", match.start()


def _pem_is_placeholder(text: str, offset: int) -> bool:
    """`-----BEGIN PRIVATE KEY-----\\n...\\n-----END` in documentation is not a key."""
    window = text[offset: offset + 400]
    body = re.split(r"-----END", window, maxsplit=1)[0]
    body = body.split("-----", 2)[-1]
    letters = re.sub(r"[^A-Za-z0-9+/=]", "", body.replace("\\n", ""))
    return len(letters) < 40 or is_placeholder(letters[:64])


def known_secrets(text: str) -> Iterator[tuple[int, SecretHit]]:
    """(1-based line, hit) for every known key format in `text`, placeholders left out;
    sorted by position. Each pattern is one scan of the whole text."""
    if not text:
        return
    line_starts: list[int] = []  # computed on the first match only
    found: dict[tuple[int, int], tuple[int, SecretHit]] = {}
    for fmt in _formats():
        if fmt.needles and not any(n in text for n in fmt.needles):
            continue
        for m in fmt.pattern.finditer(text):
            line_starts = line_starts or _line_starts(text)
            hit = _hit(text, m, fmt, line_starts)
            if hit is not None:
                found.setdefault((m.start(fmt.group), m.end(fmt.group)), hit)
    for key in sorted(found):
        yield found[key]


def _hit(text: str, m: re.Match[str], fmt: _Format, line_starts: list[int]) -> tuple[int, SecretHit] | None:
    start = m.start(fmt.group)
    if start < 0:
        return None
    value = m.group(fmt.group)
    if fmt.bounded and not _bounded(text, m.start(), m.end()):
        return None
    if fmt.validate is not None and not fmt.validate(value):
        return None
    line = _line_of(line_starts, start)
    line_start = line_starts[line - 1]
    if fmt.kind == "private key":
        if _pem_is_placeholder(text, m.end()):
            return None
        line_text = text[line_start: text.find("\n", start) if "\n" in text[start:] else len(text)]
        value, col = _pem_value(line_text, PEM_BEGIN.search(line_text, start - line_start) or m)
        return line, SecretHit(fmt.kind, value, col, True)
    if is_placeholder(value) or (fmt.kind == "password in a URL" and not _url_password(value)):
        return None
    return line, SecretHit(fmt.kind, value, start - line_start, True)


def _url_password(value: str) -> bool:
    """`postgres://app:<a real password>@db` has a password; `://user:pass@`, `:${PW}@`, `:%(pw)s@` do not."""
    return len(value) >= 4 and not value.startswith(("$", "%", "{", "<", "[", "*")) and value.lower() not in ("pass", "pwd")


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    i = find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


def _line_of(starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return bisect_right(starts, offset)


# --- masking -------------------------------------------------------------------------


def mask(value: str) -> str:
    """A 20-character AWS key id -> `AKIA************RBVD`; short values keep one character."""
    v = value
    if len(v) >= 16:
        keep = 4
        return v[:keep] + "*" * (len(v) - 2 * keep) + v[-keep:]
    if len(v) >= 6:
        return v[0] + "*" * (len(v) - 1)
    return "*" * len(v)


def mask_line(line: str, values: Iterable[str], limit: int = 300) -> str:
    """The line with every given secret masked (longest first), shortened to `limit`."""
    out = line
    for v in sorted({v for v in values if v}, key=len, reverse=True):
        out = out.replace(v, mask(v))
    if len(out) > limit:
        out = out[: limit - 1] + "…"
    return out


# --- key = value lines of configuration files ------------------------------------------

_KV = re.compile(
    r"""^\s*(?:-\s+)?(?:export\s+)?["']?(?P<key>[A-Za-z_][\w.\-]*)["']?\s*(?::|=|:=)\s*(?P<value>.*?)\s*$"""
)


_QUOTED_PAIR = re.compile(r"""(?P<q>["'])(?P<key>[A-Za-z_][\w.\-]*)(?P=q)\s*:\s*(?P<v>["'])(?P<value>[^"'\\]+)(?P=v)""")


@dataclass(frozen=True)
class KeyValue:
    line: int
    key: str
    value: str  # unquoted; inline comments removed
    column: int  # 0-based offset of the value in the line


def key_values(text: str, max_line: int = 4000) -> Iterator[KeyValue]:
    """`KEY=value`, `key: value`, `"key": "value",`, `key = "value"` lines of .env, YAML,
    JSON, INI and TOML files (one grammar: the formats agree on one line's shape)."""
    for number, line in enumerate(split_lines(text), 1):
        if len(line) > max_line or not line.strip() or line.lstrip().startswith(("#", ";", "//")):
            continue
        m = _KV.match(line)
        if m:
            value, offset = _unquote(m.group("value"))
            if value:
                yield KeyValue(number, m.group("key"), value, m.start("value") + offset)
                continue
        if "{" in line:  # JSON objects and YAML flow mappings on one line
            for q in _QUOTED_PAIR.finditer(line):
                yield KeyValue(number, q.group("key"), q.group("value"), q.start("value"))


def _unquote(raw: str) -> tuple[str, int]:
    raw = raw.rstrip(",").rstrip()
    if raw[:1] in ("'", '"'):
        q = raw[0]
        end = raw.find(q, 1)
        return (raw[1:end], 1) if end > 0 else (raw[1:], 1)
    if raw[:1] in ("{", "[", "|", ">", "&", "*"):
        return "", 0
    value = re.split(r"\s+[#;]", raw, maxsplit=1)[0].strip()
    return value, 0


@dataclass(frozen=True)
class LineSecret:
    line: int
    hit: SecretHit
    name: str  # the key the value is given to; "" for a bare key-format match


def secrets_in_config(text: str, names: bool = True) -> list[LineSecret]:
    """Secrets of a configuration file's text, by line: every known key format, and (when
    `names`) values of secret-named keys that look real. One finding per value."""
    out: list[LineSecret] = [LineSecret(line, hit, "") for line, hit in known_secrets(text)]
    if names:
        taken = {(s.line, s.hit.value) for s in out}
        for kv in key_values(text):
            kind = secret_name_kind(kv.key)
            if kind is None or not looks_like_secret_value(kv.value):
                continue
            if any(line == kv.line and (kv.value in value or value in kv.value) for line, value in taken):
                continue
            out.append(LineSecret(kv.line, SecretHit(kind, kv.value, kv.column, False), kv.key))
    out.sort(key=lambda s: (s.line, s.hit.column))
    return out


def secret_message(hit: SecretHit, name: str = "") -> str:
    """`hard-coded AWS access key `AKIA****...` in `aws_key``: the value always masked."""
    shown = f" `{mask(hit.value)}`" if hit.kind != "private key" else ""
    where = f" in `{name}`" if name else ""
    return f"hard-coded {hit.kind}{shown}{where}"


def masked_snippet(line_text: str, hits: Iterable[SecretHit]) -> str:
    """The reported line with every secret on it masked."""
    return mask_line(line_text, [h.value for h in hits])
