"""One audited file: its bytes read once, and every view of them made lazily, once.

A `SourceFile` is shared by the libcst rules, the file rules and the adapters, so a file is
decoded once, parsed once by libcst and at most once by the stdlib `ast`.
"""

from __future__ import annotations

import ast
import bisect
import codecs
import io
import os
import re
import sys
import tokenize
import warnings
from contextlib import AbstractContextManager, contextmanager, nullcontext
import dataclasses
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Iterable, Iterator, Mapping

import libcst as cst
from libcst._nodes.internal import CodegenState

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# CPython's parser limits, as its SyntaxError messages say them (tokenizer and parser).
_DEPTH_LIMITS = frozenset({"too many nested parentheses", "too many levels of indentation", "too complex"})
_LONE_BACKSLASH = re.compile(r"(?:^|(?<=[\r\n]))[ \t\f]*\\(?:\r\n|\r|\n|$)")
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


def split_lines(text: str) -> list[str]:
    """Lines as Python and editors number them: split at CRLF, CR and LF only
    (`str.splitlines` also splits at form feeds, \\x1c-\\x1e, \\x85, U+2028...)."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


class SourceError(Exception):
    """The file cannot be turned into text or a tree; `kind` is an ErrorKind value."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def decode_source(data: bytes) -> tuple[str, str]:
    """Decode bytes as Python does: a BOM, then a PEP 263 cookie in the first two lines.

    Returns (text, encoding). Raises SourceError("decode-error") with a one-line reason.
    """
    if b"\x00" in data:
        raise SourceError("decode-error", "file contains NUL bytes (binary, not Python source)")
    encoding = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
        encoding = "utf-8-sig"
    else:
        for line in data.split(b"\n", 2)[:2]:
            m = _COOKIE.match(line)
            if m:
                encoding = m.group(1).decode("ascii", "replace")
                break
            if line.strip() and not line.lstrip().startswith(b"#"):
                break
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise SourceError("decode-error", f"unknown source encoding {encoding!r}") from None
    try:
        text = data.decode(codec.name if encoding != "utf-8-sig" else "utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(
            "decode-error", f"not valid {encoding} at byte {exc.start}: {exc.reason}"
        ) from None
    return text, encoding


@dataclass(frozen=True)
class Span:
    """1-based lines and columns, end inclusive of the last character's column + 1."""

    line: int
    column: int
    end_line: int
    end_column: int


class SourceFile:
    """A file of the audited repository. `relpath` is POSIX and relative to the root."""

    def __init__(self, relpath: str, data: bytes, module_name: str = "") -> None:
        self.relpath = relpath
        self.data = data
        self.module_name = module_name
        self.cache: dict[str, object] = {}  # analyzers keep derived views here (radon blocks)

    @cached_property
    def _decoded(self) -> tuple[str, str]:
        return decode_source(self.data)

    @property
    def text(self) -> str:
        return self._decoded[0]

    @property
    def encoding(self) -> str:
        return self._decoded[1]

    @cached_property
    def lines(self) -> list[str]:
        """The text split into lines as Python numbers them: at CRLF, CR and LF only
        (str.splitlines also splits at form feeds and other separators, which would
        shift every line number after one)."""
        return split_lines(self.text)

    def char_column(self, line: int, byte_offset: int) -> int:
        """1-based character column of a 0-based UTF-8 byte offset (what the stdlib ast
        and so bandit and radon report) on a 1-based line."""
        if not 0 < line <= len(self.lines) or byte_offset <= 0:
            return max(byte_offset, 0) + 1
        text = self.lines[line - 1]
        if text.isascii():
            return byte_offset + 1
        return len(text.encode("utf-8")[:byte_offset].decode("utf-8", "ignore")) + 1

    @cached_property
    def line_count(self) -> int:
        return len(self.lines)

    @cached_property
    def module(self) -> cst.Module:
        """The libcst tree. Raises SourceError("parse-error").

        libcst's native parser recurses on the machine stack: a few thousand nested
        parentheses or `not`s crash the whole process (SIGSEGV), which no `except` catches.
        CPython's own parser refuses such nesting cleanly, so a file it rejects for its
        depth never reaches libcst; a file it cannot read at all (newer syntax, Python 2)
        is first parsed by libcst in a forked child, which may die in our place.
        """
        text = self.text  # a file that does not decode is a decode-error, not a parse error
        too_deep = self._too_deep()
        if too_deep:
            raise SourceError("parse-error", too_deep)
        if self.cache.get("ast_failed") and not _native_parse_survives(text):
            raise SourceError("parse-error", "nesting too deep to parse (libcst's parser ran out of stack)")
        _install_fast_inits()
        try:
            with _unvalidated(not self.cache.get("ast_failed")):
                module = cst.parse_module(text)
        except cst.ParserSyntaxError as exc:
            raise SourceError("parse-error", self._syntax_message(exc)) from None
        except RecursionError:
            raise SourceError("parse-error", "nesting too deep to parse") from None
        except Exception as exc:  # the native parser raises bare exceptions on some inputs
            raise SourceError("parse-error", f"could not parse: {exc}".splitlines()[0]) from None
        # Positions come from libcst's code generation, so its tree must give the text back.
        # It does not after a line that holds only a backslash (dropped, and the next
        # statement may land in the block above) or a second BOM (dropped; Python rejects
        # it). What it drops among the blank and comment lines at the end of the file, or
        # a form feed before a statement, moves no statement's line.
        suspect = _LONE_BACKSLASH.search(text) or text.startswith("\ufeff")
        if suspect and _stripped_lines(module.code) != _stripped_lines(text):
            raise SourceError("parse-error", self._round_trip_message(text))
        return module

    def _round_trip_message(self, text: str) -> str:
        """Why libcst's tree does not give `text` back: Python's syntax error if it has one,
        else the first line that holds only a backslash."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                compile(text, self.relpath, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
        except SyntaxError as err:
            return f"syntax error at line {err.lineno}, column {err.offset}: {err.msg}"
        except (RecursionError, MemoryError, ValueError):
            pass
        lone = _LONE_BACKSLASH.search(text)
        line = len(_LINE_BREAK.findall(text, 0, lone.start())) + 1 if lone else 1
        return f"line {line} holds only a backslash, which libcst misreads"

    def _syntax_message(self, exc: cst.ParserSyntaxError) -> str:
        """Python's own words for a syntax error where it has them (line, column, reason):
        they are what a developer knows; libcst's native parser points past the error."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                compile(self.text, self.relpath, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
        except SyntaxError as err:
            return f"syntax error at line {err.lineno}, column {err.offset}: {err.msg}"
        except (RecursionError, MemoryError, ValueError):
            pass
        msg = " ".join(exc.message.split()) or "syntax error"
        return f"syntax error at line {exc.raw_line}, column {exc.raw_column + 1}: {msg}"

    @cached_property
    def ast(self) -> ast.Module:
        """The stdlib tree, for bandit and radon. Raises SourceError("analyzer-skipped").

        The running interpreter may not read syntax that libcst reads (a 3.12 f-string on
        3.11): then only the analyzers that need `ast` skip the file.
        """
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return ast.parse(self.text, filename=self.relpath)
        except SyntaxError as exc:
            self.cache["ast_failed"] = True
            if exc.msg in _DEPTH_LIMITS:
                self.cache["too_deep"] = f"nesting too deep to parse (line {exc.lineno}: {exc.msg})"
            raise SourceError(
                "analyzer-skipped",
                f"Python {_py_version()} cannot parse it (line {exc.lineno}: {exc.msg})",
            ) from None
        except (RecursionError, MemoryError) as exc:
            # CPython's parser and ast builder report nesting past their limits this way.
            self.cache["too_deep"] = "nesting too deep to parse (Python's own parser gives up on it)"
            raise SourceError("analyzer-skipped", f"stdlib ast failed: {type(exc).__name__}") from None
        except ValueError as exc:
            raise SourceError("analyzer-skipped", f"stdlib ast failed: {type(exc).__name__}") from None

    @cached_property
    def ast_nodes(self) -> list[ast.AST]:
        """Every node of the stdlib tree in `ast.walk` order, listed once for the
        collectors that each scan the whole file. Raises SourceError like `ast`."""
        return walk_nodes(self.ast)

    def _too_deep(self) -> str | None:
        """Why the file is nested too deeply for any parser to be safe on it, if it is."""
        try:
            self.ast
        except SourceError:
            pass
        reason = self.cache.get("too_deep")
        return reason if isinstance(reason, str) else None

    def import_lines(self) -> list[int] | None:
        """Lines of every import statement in source order (the order of a statement-level
        walk: bodies, handlers, cases, else, finally), from the stdlib tree; None if the
        running interpreter cannot parse the file. Cheaper than positions from libcst."""
        try:
            tree = self.ast
        except SourceError:
            return None
        lines: list[int] = []
        stack: list[list[ast.stmt]] = [list(reversed(tree.body))]
        while stack:
            body = stack[-1]
            if not body:
                stack.pop()
                continue
            stmt = body.pop()
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                lines.append(stmt.lineno)
                continue
            blocks: list[list[ast.stmt]] = []
            for name in ("body", "handlers", "cases", "orelse", "finalbody"):
                for part in getattr(stmt, name, None) or ():
                    if isinstance(part, ast.stmt):
                        blocks.append([part])
                    else:  # an except handler or a match case: its own body
                        blocks.append(list(part.body))
            flat = [s for block in blocks for s in block]
            if flat:
                stack.append(list(reversed(flat)))
        return lines

    @cached_property
    def tokens(self) -> list[Token]:
        """The file's tokens as stdlib tokenize yields them, as (type, string, start
        line, end line); made once and shared by the comment scanners, the raw metrics
        and clone detection. On a tokenizer error, the tokens read so far."""
        return tokenize_text(self.text)

    @cached_property
    def comments(self) -> dict[int, list[str]]:
        """Comment tokens by 1-based line. Tokenizes only when asked."""
        out: dict[int, list[str]] = {}
        for kind, string, line, _ in self.tokens:
            if kind == tokenize.COMMENT:
                out.setdefault(line, []).append(string)
        return out

    def snippet(self, line: int, end_line: int, limit: int = 5) -> str:
        """The reported lines (at most `limit`), as text."""
        if line < 1:
            return ""
        last = min(end_line, line + limit - 1, len(self.lines))
        return "\n".join(self.lines[line - 1:last])

    def positions(self, nodes: Iterable[cst.CSTNode]) -> dict[cst.CSTNode, Span]:
        """Positions of the given nodes only (1-based), from one partial code generation.

        libcst's PositionProvider tracks every node and costs about twice the parse; we
        record token indices for the nodes asked for and stop when the last one is done.
        """
        wanted = set(nodes)
        if not wanted:
            return {}
        state = _PositionState(
            default_indent=self.module.default_indent,
            default_newline=self.module.default_newline,
            wanted=wanted,
        )
        try:
            self.module._codegen(state)
        except _Done:
            pass
        offsets = [0]
        for tok in state.tokens:
            offsets.append(offsets[-1] + len(tok))
        code = "".join(state.tokens)
        # Lines as `lines` numbers them: a lone CR ends a line too (old Mac files).
        line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(code))]

        def to_pos(offset: int) -> tuple[int, int]:
            line_index = bisect.bisect_right(line_starts, offset) - 1
            return line_index + 1, offset - line_starts[line_index] + 1

        out: dict[cst.CSTNode, Span] = {}
        for node in nodes:
            rng = state.range_of(node)
            if rng is None:
                continue
            start, end = offsets[rng[0]], offsets[rng[1]]
            start = _skip_trivia(code, start, end)
            while end > start and code[end - 1] in " \t\r\n\\":
                end -= 1
            (l1, c1), (l2, c2) = to_pos(start), to_pos(end)
            out[node] = Span(l1, c1, l2, c2)
        return out


# -- tokens --------------------------------------------------------------------------------

Token = tuple[int, str, int, int]  # (tokenize type, string, start line, end line)

# Python 3.11's tokenize is pure Python (3.12's is in C and also splits f-strings): its
# per-line loop, its TokenInfo objects and its pattern, whose alternatives (every string
# prefix among them, twice) are tried in turn for every token, made it a good part of the
# whole audit. `_Scanner` gives the same tokens from one scan of the whole text with
# tokenize's pattern, led by alternatives for the common tokens that each match exactly
# where tokenize's own would match the same text: a name not followed by a quote (else it
# may be a string prefix), an operator (its list, longest first; a dot may start a
# number), a newline, a comment, a one-line string that is not triple-quoted, a number.
_PREFIX = "(?:[bBrRuUfF]|[bB][rR]|[rR][bBfF]|[fF][rR])?"
_OPERATORS = "|".join(re.escape(op) for op in sorted(tokenize.EXACT_TOKEN_TYPES, reverse=True) if op[0] != ".")
_PSEUDO_TOKEN = re.compile(
    tokenize.Whitespace
    + "(?:"
    + r"""(?P<name>[A-Za-z_]\w*+)(?!['"])"""
    + rf"|(?P<op>{_OPERATORS}|\.\.\.|\.(?![0-9]))"
    + r"|(?P<newline>\r?\n)"
    + r"|(?P<comment>#[^\r\n]*)"
    + rf"""|(?P<string>{_PREFIX}'(?!'')[^\n'\\]*(?:\\.[^\n'\\]*)*'|{_PREFIX}"(?!"")[^\n"\\]*(?:\\.[^\n"\\]*)*")"""
    + rf"|(?P<number>{tokenize.Number})"
    + "|(?P<other>"
    + tokenize.group(tokenize.PseudoExtras, tokenize.Number, tokenize.Funny, tokenize.ContStr, tokenize.Name)
    + "))",
    re.UNICODE,
)
_G_NAME, _G_OP, _G_NEWLINE, _G_COMMENT, _G_STRING, _G_NUMBER = (
    _PSEUDO_TOKEN.groupindex[g] for g in ("name", "op", "newline", "comment", "string", "number")
)
# The rest of a triple-quoted string, over its lines: tokenize matches its `endpats` line
# by line, where a backslash cannot escape the line's end; here it may, which changes no
# match (the next line starts unescaped either way).
_TRIPLE_END = {
    quote: re.compile(tail.replace(r"\\.", r"\\[\s\S]"), re.UNICODE)
    for quote, tail in tokenize.endpats.items()
    if quote in tokenize.triple_quoted
}
_SINGLE_QUOTED = frozenset(tokenize.single_quoted)
_LONE_CR = re.compile(r"\r(?!\n)")
_OWN_SCANNER = sys.version_info < (3, 12)
_NAME, _NUMBER, _STRING, _OP, _COMMENT = tokenize.NAME, tokenize.NUMBER, tokenize.STRING, tokenize.OP, tokenize.COMMENT
_NL, _NEWLINE, _INDENT, _DEDENT = tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT


def walk_nodes(root: ast.AST, fields: Mapping[type, tuple[str, ...]] | None = None) -> list[ast.AST]:
    """`list(ast.walk(root))`: the same nodes in the same (breadth-first) order, about
    twice as fast (`ast.walk` goes through the `iter_child_nodes` and `iter_fields`
    generators for every node). A field the node lacks is skipped, as `iter_fields`
    skips it; the list grows while it is read, which is the walk's queue.

    `fields`, node class -> the fields to look into, prunes the walk for a caller that
    wants only some kinds of node (the others keep their `ast.walk` order)."""
    nodes = [root]
    append = nodes.append
    node_type = ast.AST
    for node in nodes:
        for name in node._fields if fields is None else fields[node.__class__]:
            value = getattr(node, name, None)
            if isinstance(value, node_type):
                append(value)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, node_type):
                        append(item)
    return nodes


def tokenize_text(text: str) -> list[Token]:
    """What `tokenize.generate_tokens` yields for `text` read with newline="" (lines end
    at CR too, as Python numbers them), up to its first error, as (type, string, start
    line, end line). Text that makes tokenize emit an error token or stop with an error,
    or that has old Mac line ends, is left to tokenize itself (slower, same result)."""
    tokens = _Scanner(text).run() if _OWN_SCANNER else None
    if tokens is None:
        tokens = []
        try:
            for tok in tokenize.generate_tokens(io.StringIO(text, newline="").readline):
                tokens.append((tok.type, tok.string, tok.start[0], tok.end[0]))
        except (tokenize.TokenError, SyntaxError, IndentationError):
            pass  # keep the tokens read so far
    return tokens


class _Bail(Exception):
    """The scan met what only tokenize's own loop handles: it decides."""


class _Scanner:
    """Python 3.11's `tokenize._tokenize` over the whole text at once, for text with no
    error token, no lone CR and no one-quote string continued by a backslash."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[Token] = []
        self.lnum = 1
        self.parens = 0
        self.indents = [0]
        self.line_begin = 0  # where the current line starts in the text
        self.continued = False  # the line before ended with a backslash

    def run(self) -> list[Token] | None:
        if "\r" in self.text and _LONE_CR.search(self.text):
            return None
        try:
            pos, at_start = 0, True
            while pos >= 0:
                pos, at_start = self._scan(pos, at_start)
        except _Bail:
            return None
        return self.out

    def _scan(self, pos: int, at_start: bool) -> tuple[int, bool]:
        """Tokens from `pos` (the start of a statement's line when `at_start`) to the end
        of the text (-1) or to the end of a triple-quoted string, where the scan restarts."""
        append = self.out.append
        blank = False  # a comment or blank line: its newline is NL
        lnum = self.lnum
        for m in _PSEUDO_TOKEN.finditer(self.text, pos):
            if m.start() != pos:
                raise _Bail  # an error token
            group = m.lastindex
            start, pos = m.span(group)
            if at_start:
                at_start = False
                if group == _G_NEWLINE or group == _G_COMMENT:
                    blank = True
                elif start == pos:  # the end of the text (the only empty match)
                    self.lnum = lnum
                    self._end(line_start=True)
                    return -1, False
                else:
                    self._indent(m.start(), start, lnum)
            if group == _G_NAME:
                append((_NAME, m.group(group), lnum, lnum))
            elif group == _G_OP:
                token = m.group(group)
                if token in "([{":
                    self.parens += 1
                elif token in ")]}":
                    self.parens -= 1
                append((_OP, token, lnum, lnum))
            elif group == _G_NEWLINE:
                append((_NL if blank or self.parens > 0 else _NEWLINE, m.group(group), lnum, lnum))
                lnum += 1
                self.line_begin, self.continued, blank = pos, False, False
                at_start = self.parens == 0
            elif group == _G_STRING:
                append((_STRING, m.group(group), lnum, lnum))
            elif group == _G_COMMENT:
                append((_COMMENT, m.group(group), lnum, lnum))
            elif group == _G_NUMBER:
                append((_NUMBER, m.group(group), lnum, lnum))
            elif start == pos:
                self.lnum = lnum
                self._end(comment_line=blank)
                return -1, False
            else:
                self.lnum = lnum
                restart = self._other(start, pos)
                if restart >= 0:
                    return restart, False
                lnum = self.lnum
        raise _Bail  # (the end of the text always matches)

    def _indent(self, begin: int, start: int, lnum: int) -> None:
        """INDENT and DEDENT tokens before the first token of a statement's line."""
        self.continued = False
        space = self.text[begin:start]
        column = len(space)
        if "\t" in space or "\f" in space:
            column = 0
            for char in space:
                column = column + 1 if char == " " else (column // 8 + 1) * 8 if char == "\t" else 0
        indents = self.indents
        if column > indents[-1]:
            indents.append(column)
            self.out.append((_INDENT, space, lnum, lnum))
        while column < indents[-1]:
            if column not in indents:
                raise _Bail  # IndentationError
            indents.pop()
            self.out.append((_DEDENT, "", lnum, lnum))

    def _other(self, start: int, end: int) -> int:
        """tokenize's own choice for a token of its own pattern; where the scan restarts
        after a triple-quoted string, else -1."""
        text, lnum = self.text, self.lnum
        token = text[start:end]
        initial = token[0]
        if token in _TRIPLE_END:
            close = _TRIPLE_END[token].match(text, end)
            if close is None:
                raise _Bail  # EOF in multi-line string
            string = text[start:close.end()]
            lines = string.count("\n")
            self.out.append((_STRING, string, lnum, lnum + lines))
            if lines:
                self.lnum = lnum + lines
                self.line_begin = start + string.rindex("\n") + 1
            return close.end()
        if initial in "0123456789" or (initial == "." and token != "." and token != "..."):
            kind = _NUMBER
        elif initial in "\r\n" or initial == "#":
            raise _Bail  # (newlines and comments have their own alternatives)
        elif initial in _SINGLE_QUOTED or token[:2] in _SINGLE_QUOTED or token[:3] in _SINGLE_QUOTED:
            if token[-1] == "\n":
                raise _Bail  # a one-quote string continued by a backslash
            kind = _STRING
        elif initial.isidentifier():
            kind = _NAME
        elif initial == "\\":  # a backslash continuation
            self.lnum = lnum + 1
            self.line_begin, self.continued = end, True
            return -1
        else:
            if initial in "([{":
                self.parens += 1
            elif initial in ")]}":
                self.parens -= 1
            kind = _OP
        self.out.append((kind, token, lnum, lnum))
        return -1

    def _end(self, line_start: bool = False, comment_line: bool = False) -> None:
        """The end of the text: tokenize's last NEWLINE, DEDENTs and ENDMARKER."""
        text, lnum = self.text, self.lnum
        if not line_start:
            if self.parens or (self.continued and self.line_begin == len(text)):
                raise _Bail  # EOF in multi-line statement
            last = text[self.line_begin:]  # the last line, without a line end
            if comment_line:
                self.out.append((_NL, "", lnum, lnum))
            elif last and not last.strip().startswith("#"):
                self.out.append((_NEWLINE, "", lnum, lnum))
            lnum += 1
        self.out.extend((_DEDENT, "", lnum, lnum) for _ in self.indents[1:])
        self.out.append((tokenize.ENDMARKER, "", lnum, lnum))


def _stripped_lines(code: str) -> list[str]:
    """The text's lines without their leading blanks, up to the blank and comment lines at
    the end (libcst drops some of those): what must match for its positions to be right."""
    lines = [line.lstrip(" \t\f") for line in _LINE_BREAK.split(code)]
    while lines and (not lines[-1] or lines[-1].startswith("#")):
        lines.pop()
    return lines


def _skip_trivia(code: str, start: int, end: int) -> int:
    """Move past blank space and whole comment lines that precede a node's first token."""
    i = start
    while i < end:
        ch = code[i]
        if ch in " \t\r\n\\\f":
            i += 1
        elif ch == "#":
            nl = _LINE_BREAK.search(code, i, end)
            i = end if nl is None else nl.end()
        else:
            break
    return i if i < end else start


class _Done(Exception):
    pass


class _PositionState(CodegenState):
    """Code generation that notes where the wanted nodes start and end, by token index.
    Its hooks run for every node generated: they look nodes up by `id` (a node's hash is
    a Python method) and hand the others a shared no-op context."""

    def __init__(self, default_indent: str, default_newline: str, wanted: Iterable[cst.CSTNode]) -> None:
        super().__init__(default_indent=default_indent, default_newline=default_newline)
        self.wanted = {id(node) for node in wanted}
        self.raw: dict[int, list[int]] = {}
        self.syntactic: dict[int, tuple[int, int, cst.CSTNode | None, cst.CSTNode | None]] = {}
        self.pending = len(self.wanted)

    def before_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.wanted:
            self.raw[id(node)] = [len(self.tokens), -1]

    def after_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.wanted:
            self.raw[id(node)][1] = len(self.tokens)
            self.pending -= 1
            if self.pending <= 0:
                raise _Done

    def record_syntactic_position(  # type: ignore[override]
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> AbstractContextManager[None]:
        if id(node) not in self.wanted:
            return _UNRECORDED
        for extra in (start_node, end_node):
            if extra is not None and id(extra) not in self.wanted:
                self.wanted.add(id(extra))
                self.pending += 1
        return self._syntactic(node, start_node, end_node)

    @contextmanager
    def _syntactic(self, node: cst.CSTNode, start_node: cst.CSTNode | None, end_node: cst.CSTNode | None) -> Iterator[None]:
        start = len(self.tokens)
        yield
        self.syntactic[id(node)] = (start, len(self.tokens), start_node, end_node)

    def range_of(self, node: cst.CSTNode) -> tuple[int, int] | None:
        if id(node) in self.syntactic:
            start, end, start_node, end_node = self.syntactic[id(node)]
            if start_node is not None:
                start = (self.range_of(start_node) or (start, end))[0]
            if end_node is not None:
                end = (self.range_of(end_node) or (start, end))[1]
            return start, end
        raw = self.raw.get(id(node))
        if raw is None or raw[1] < 0:
            return None
        return raw[0], raw[1]


_UNRECORDED = nullcontext()


@contextmanager
def _unvalidated(skip: bool) -> Iterator[None]:
    """Build nodes without libcst's per-node `_validate` when `skip`: 14% of the parse.
    Only for source that CPython's own parser accepted: then the checks (whitespace
    between tokens, well-formed parentheses...) cannot fail. libcst's native parser is
    looser than CPython's (it reads `return* x`), and on source CPython rejects the
    validation is what turns such a tree into a parse error. Nodes built by others
    meanwhile (rules, other threads) may skip it too; they are read-only here."""
    if not skip:
        yield
        return
    from libcst._nodes.base import CSTNode

    post_init = CSTNode.__dict__["__post_init__"]
    CSTNode.__post_init__ = _no_validation  # type: ignore[method-assign]
    try:
        yield
    finally:
        CSTNode.__post_init__ = post_init  # type: ignore[method-assign]


def _no_validation(self: cst.CSTNode) -> None:
    return None


_FAST_INITS: list[int] = []  # how many node classes got one, once per process


def _install_fast_inits() -> None:
    """Give libcst's node classes a faster `__init__` with the same effect.

    libcst's nodes are frozen dataclasses: their generated `__init__` stores each field
    with `object.__setattr__(self, name, value)`, a slow generic call, and the native
    parser builds millions of nodes through it (a tenth of the parse). The `__init__`
    made here for each class, from the class's own dataclass fields, takes the same
    parameters with the same defaults and default factories, stores each field where
    `object.__setattr__` would (the slot's descriptor, else the instance dict) and calls
    `__post_init__` as the dataclass did. A class whose `__init__` is not dataclasses'
    own generated code, or whose fields are not plain init fields, keeps its own."""
    if _FAST_INITS:
        return
    from libcst._nodes.base import CSTNode

    count, todo = 0, [CSTNode]
    seen: set[type] = set()
    while todo:
        for cls in todo.pop().__subclasses__():
            if cls in seen:
                continue
            seen.add(cls)
            todo.append(cls)
            init = _fast_init(cls)
            if init is not None:
                cls.__init__ = init  # type: ignore[misc]
                count += 1
    _FAST_INITS.append(count)


def _fast_init(cls: type) -> Any:
    """The faster `__init__` for one dataclass node class, or None to keep its own."""
    own = cls.__dict__.get("__init__")
    code = getattr(own, "__code__", None)
    if code is None or code.co_filename != "<string>" or "__dataclass_builtins_object__" not in code.co_freevars:
        return None  # not the dataclass-generated __init__ this replaces
    if not dataclasses.is_dataclass(cls) or not hasattr(cls, "__post_init__"):
        return None
    namespace: dict[str, Any] = {"_FACTORY": getattr(dataclasses, "_HAS_DEFAULT_FACTORY", object())}  # as dataclasses does
    params: list[str] = []
    body: list[str] = []
    for i, f in enumerate(dataclasses.fields(cls)):
        made = _field_code(cls, i, f, namespace, params)
        if made is None:
            return None
        params.append(made[0])
        body.extend(made[1])
    if any(line.startswith("    _dict[") for line in body):
        if not getattr(cls, "__dictoffset__", 0):
            return None
        body.insert(0, "    _dict = self.__dict__")
    body.append("    self.__post_init__()")
    exec(f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body) + "\n", namespace)  # audit: ignore[B102] -- code made here from dataclass fields, as dataclasses does
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    return init


def _field_code(cls: type, i: int, f: dataclasses.Field, namespace: dict[str, Any], params: list[str]) -> tuple[str, list[str]] | None:
    """One field's parameter and the lines that store it, or None for a field this does not handle."""
    name = f.name
    if not f.init or f.kw_only or f._field_type is not dataclasses._FIELD or not name.isidentifier():  # type: ignore[attr-defined]
        return None
    lines: list[str] = []
    if f.default is not dataclasses.MISSING:
        namespace[f"_default{i}"] = f.default
        param = f"{name}=_default{i}"
    elif f.default_factory is not dataclasses.MISSING:
        namespace[f"_factory{i}"] = f.default_factory
        param = f"{name}=_FACTORY"
        lines.append(f"    if {name} is _FACTORY: {name} = _factory{i}()")
    elif params and "=" in params[-1]:
        return None  # a required field after a default: not a dataclass this version makes
    else:
        param = name
    attribute = next((k.__dict__[name] for k in cls.__mro__ if name in k.__dict__), None)
    if hasattr(type(attribute), "__set__"):  # a data descriptor (a slot): object.__setattr__ calls it
        namespace[f"_set{i}"], namespace[f"_slot{i}"] = type(attribute).__set__, attribute
        lines.append(f"    _set{i}(_slot{i}, self, {name})")
    else:  # anything else on the class is shadowed by the instance's dict
        lines.append(f"    _dict[{name!r}] = {name}")
    return param, lines


def _native_parse_survives(text: str) -> bool:
    """Whether libcst's native parser returns at all on `text`, tried in a forked child
    (it can overflow the machine stack, which kills the process). Where there is no
    fork, the parse is attempted in-process as before."""
    if not hasattr(os, "fork"):
        return True
    pid = os.fork()
    if pid == 0:  # the child: parse, then leave at once (no atexit, no buffers flushed)
        try:
            cst.parse_module(text)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WIFEXITED(status)


def _py_version() -> str:
    import sys

    return f"{sys.version_info.major}.{sys.version_info.minor}"
