"""The token list a SourceFile shares (suppression comments, raw metrics, clone units) is
exactly what stdlib tokenize yields, up to its first error, on any text: ordinary code
(scanned without tokenize on 3.11) and every oddity that makes the scan hand the text to
tokenize itself (error tokens, old Mac line ends, unterminated strings, bad dedents)."""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.source import _OWN_SCANNER, SourceFile, _Scanner, tokenize_text

ROOT = Path(__file__).resolve().parent.parent


def stdlib_tokens(text: str) -> list[tuple[int, str, int, int]]:
    out = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text, newline="").readline):
            out.append((tok.type, tok.string, tok.start[0], tok.end[0]))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        pass
    return out


EDGE_CASES = [
    "",
    "\n",
    "   ",
    "x = 1",
    "x = 1\n",
    "x = 1\n   ",
    "x = 1  # tail",
    "# only a comment",
    "def f():\n    return 1\n",
    "def f():\n    return 1",
    "def f():\n    return 1\n  # dedented comment\n\n",
    "if x:\n\tpass\n        pass\n",
    "if x:\n  \f  pass\n",
    "\fx = 1\n",
    "class A:\n    def f(self):\n        pass\n  x = 1\n",  # a dedent to no outer level
    "x = (1,\n     2)\n",
    "x = (1,\n\n  # inside\n     2)\n",
    "x = (1,\n",
    "x = 1)\n",
    "x = 1)\ny = 2\n",
    "x = 1 + \\\n    2\n",
    "x = 1 + \\\n",
    "x = 1 + \\\n   ",
    "x = 1 + \\\n# comment\n",
    "x = 1 + \\\n\ny = 2\n",
    "    \\\nx = 1\n",
    '"""doc"""\n',
    '"""doc\nstring\n"""\nx = 1\n',
    '"""doc\\\nstring"""\n',
    '"""doc\\\r\nstring"""\r\n',
    '"""unterminated\n',
    "'''a''' + '''b\nc''' + 'd'\n",
    "x = '''\n''' ; y = 2",
    "'a\\\nb'\n",
    "'a\\\nb\n",
    "'unterminated\nx = 1\n",
    "x = 'a' 'b' rb'c' Rb\"d\" f'{x!r:>10}' u'e' br'\\'' ''\n",
    "x = ub'no prefix'\n",
    "x = '''''' + \"\"\"\"\"\" + ''''a''''\n",
    "x = 1e3 + 0x1f + 1_000 + 1j + .5 + 5. + 0o17 + 0b1 + 00\n",
    "x = a...b..c.d\n",
    "x = a ** b **= c // d //= e -> f != g := h << i <<= j >> k >>= l @ m @= n\n",
    "x := 1; y = 2;\n",
    "café = π + x²\n",
    "x = $y\n",
    "x = a ? b\n",
    "x = 1 !\n",
    "x = 1\r\ny = 2\r\n",
    "x = 1\ry = 2\r",
    "if x:\r    y = 1\r",
    "# c\r\nx = 1\r\n",
    "x = 1\n\x0by = 2\n",
    "x = 1\u2028y = 2\n",
    "\ufeffx = 1\n",
    "x = 1 \\ y\n",
    "x = 'a\\\r\nb'\r\n",
    "def f(\n    a,  # one\n    b,\n):\n    pass\n",
    "  x = 1\n",
    "if x:\n    pass\n    \n",
    "if x:\n    pass\n\t\n",
]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_tokens_equal_stdlib_tokenize_on_edge_cases(text: str) -> None:
    assert tokenize_text(text) == stdlib_tokens(text)


FRAGMENTS = [
    "x", "ab", "rb", "f", "u", "R", "br", "if", "def", " ", "  ", "    ", "\t", "\f", "\n", "\r\n", "\r",
    "\\\n", "\\\r\n", "\\", "'", '"', "'''", '"""', "#", "# c", "(", ")", "[", "]", "{", "}", ":", ";",
    "=", "==", ".", "...", "..", "1", "0", "1.5", ".5", "1e3", "0x1f", "1j", "é", "π", "²", "$", "?", "!",
    "!=", "->", "**=", "<", ">", "@", "~", ",", "\x0b", "\u2028", "\xa0", "_", "x1", "'a'", '"b"',
    "'''d'''", "f'{x}'", "\\'", '\\"',
]
TOKENS = [
    "x", "ab", "rb", "f", "if", "def", "else", "(", ")", "[", "]", "{", "}", ":", ";", "=", "==", ".",
    "...", "1", "0", "1.5", ".5", "1e3", "0x1f", "1j", "00", "1_0", "é", "π", "²", "->", "**=", "<", ">",
    "@", "~", ",", "_", "'a'", '"b"', "'''d'''", '"""e"""', "f'{x}'", "rb'\\''", "'\\\\'", "b''", "''",
    "'''a\nb'''", '"""\n"""', "'''\\\n'''", '"""a\\"""b"""', "'''x''''", '""""""', "r'''\r\n'''",
    "'''unterminated", "'cont\\\n'", "$", "?", "\\", "'''#'''", "'#'",
]
INDENTS = ["", " ", "    ", "\t", "  \t", "\f", " \f ", "        ", "\t\t"]


@st.composite
def code_like(draw: st.DrawFn) -> str:
    """Lines of indentation, tokens and comments: mostly text the scan handles itself."""
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    lines = []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["code", "code", "code", "code", "comment", "blank"]))
        body = ""
        if kind == "comment":
            body = draw(st.sampled_from(["#", "# c", "# x = 1"]))
        elif kind == "code":
            sep = draw(st.sampled_from([" ", ""]))
            body = sep.join(draw(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=6)))
            body += draw(st.sampled_from(["", "", "", "  # tail", " \\"]))
        lines.append(draw(st.sampled_from(INDENTS)) + body)
    end = draw(st.sampled_from(["", newline, newline, newline + draw(st.sampled_from(INDENTS))]))
    return newline.join(lines) + end


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@_settings(800)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_tokens_equal_stdlib_tokenize_on_any_fragments(text: str) -> None:
    assert tokenize_text(text) == stdlib_tokens(text)


@_settings(800)
@given(code_like())
def test_tokens_equal_stdlib_tokenize_on_code_like_text(text: str) -> None:
    assert tokenize_text(text) == stdlib_tokens(text)


@pytest.mark.skipif(not _OWN_SCANNER, reason="Python 3.12+ tokenizes in C: no scan of our own")
def test_ordinary_code_is_scanned_without_tokenize() -> None:
    """The fast scan is what runs on real code (it hands nothing here to tokenize)."""
    for path in sorted((ROOT / "auditor").rglob("*.py")):
        text = SourceFile(path.name, path.read_bytes()).text
        assert _Scanner(text).run() == stdlib_tokens(text), path
