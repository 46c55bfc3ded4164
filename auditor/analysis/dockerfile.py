"""Dockerfiles, parsed with Docker's own line grammar; never raises on bad input.

- parser directives (`# escape=`` `, `# syntax=`) before the first instruction;
- comment lines (also inside a continuation, where Docker drops them);
- continuations with the escape character (`\\` or `` ` ``), blank lines inside them;
- heredocs (`RUN <<EOF` ... `EOF`, `<<-EOF`, quoted delimiters, several per instruction);
- JSON (exec) form of CMD/ENTRYPOINT/RUN/SHELL/HEALTHCHECK, shell form otherwise;
- stages: `FROM [--platform=...] image [AS name]`, global `ARG`s before the first FROM
  substituted into image references (`python:${PY}-slim`).

No maintained offline Python parser handles heredocs and bad bytes (dockerfile-parse
reads heredoc bodies as instructions and raises on undecodable input), hence this one.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field

from auditor.project import ProjectIndex

DOCKERFILES = ("Dockerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile", "Containerfile", "Containerfile.*", "dockerfile")
_LIMIT = 512 * 1024
_DIRECTIVE = re.compile(r"^#\s*([a-zA-Z]+)\s*=\s*(\S+)\s*$")
_HEREDOC = re.compile(r"<<(-?)([\"']?)([A-Za-z_][\w.-]*)\2")
_FLAG = re.compile(r"^--[\w-]+(?:=\S*)?$")
_VAR = re.compile(r"\$(?:\{(\w+)(?::?[-+][^}]*)?\}|(\w+))")


@dataclass(frozen=True)
class Instruction:
    keyword: str  # upper case: FROM, RUN, CMD...
    args: str  # the logical line after the keyword (continuations joined by a space)
    line: int  # 1-based line of the keyword
    end_line: int
    heredocs: tuple[str, ...] = ()  # bodies of `<<EOF` documents

    def exec_form(self) -> list[str] | None:
        """`["gunicorn", "app:app"]` as a list; None for the shell form."""
        text = self.args.strip()
        if not text.startswith("["):
            return None
        try:
            value = json.loads(text)
        except ValueError:
            return None
        return [str(v) for v in value] if isinstance(value, list) else None

    def words(self) -> list[str]:
        """The arguments as words: the JSON list, or the shell form split like a shell."""
        form = self.exec_form()
        if form is not None:
            return form
        try:
            return shlex.split(self.args, comments=False, posix=True)
        except ValueError:
            return self.args.split()

    def flags(self) -> dict[str, str]:
        """Leading `--name=value` options (`COPY --from=build`, `ADD --checksum=...`)."""
        out: dict[str, str] = {}
        for word in self.args.split():
            if not _FLAG.match(word):
                break
            name, _, value = word[2:].partition("=")
            out[name.lower()] = value
        return out

    def operands(self) -> list[str]:
        """The words after the leading flags."""
        words = self.words()
        i = 0
        while i < len(words) and _FLAG.match(words[i]):
            i += 1
        return words[i:]


@dataclass(frozen=True)
class Stage:
    index: int
    image: str  # as written, global ARGs substituted where they have a default
    name: str  # the `AS name`, lower case; "" if none
    line: int
    instructions: tuple[Instruction, ...]

    def last(self, keyword: str) -> Instruction | None:
        found = [i for i in self.instructions if i.keyword == keyword]
        return found[-1] if found else None


@dataclass(frozen=True)
class Dockerfile:
    path: str
    instructions: tuple[Instruction, ...]
    stages: tuple[Stage, ...]
    lines: tuple[str, ...] = field(repr=False, default=())

    @property
    def final(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    def line_text(self, line: int, limit: int = 300) -> str:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_dockerfile(text: str, path: str = "Dockerfile") -> Dockerfile:
    """The instructions and stages of a Dockerfile's text."""
    lines = tuple(text.lstrip("\ufeff").splitlines())
    escape = _escape_char(lines)
    instructions = tuple(_instructions(lines, escape))
    return Dockerfile(path, instructions, _stages(instructions), lines)


def _escape_char(lines: tuple[str, ...]) -> str:
    for line in lines:
        m = _DIRECTIVE.match(line.strip())
        if not m:
            break
        if m.group(1).lower() == "escape" and m.group(2) in ("`", "\\"):
            return m.group(2)
    return "\\"


def _instructions(lines: tuple[str, ...], escape: str) -> list[Instruction]:
    out: list[Instruction] = []
    i, n = 0, len(lines)
    while i < n:
        stripped = lines[i].strip()
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        start = i
        parts: list[str] = []
        while True:
            piece = lines[i].rstrip()
            if piece.endswith(escape) and i + 1 < n:
                parts.append(piece[:-1])
                i += 1
                while i < n and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
                    i += 1  # blank and comment lines inside a continuation are dropped
                if i >= n:
                    break
                continue
            parts.append(piece[:-1] if piece.endswith(escape) else piece)
            break
        logical = " ".join(p.strip() for p in parts if p.strip())
        i += 1
        keyword, _, args = logical.partition(" ")
        bodies, i = _heredoc_bodies(args, lines, i)
        out.append(Instruction(keyword.upper(), args.strip(), start + 1, i, tuple(bodies)))
    return out


def _heredoc_bodies(args: str, lines: tuple[str, ...], i: int) -> tuple[list[str], int]:
    """Bodies of the `<<EOF` documents an instruction opens; the index after them."""
    bodies: list[str] = []
    if "<<" not in args:
        return bodies, i
    for m in _HEREDOC.finditer(args):
        strip_tabs, delimiter = m.group(1) == "-", m.group(3)
        body: list[str] = []
        while i < len(lines):
            line = lines[i]
            i += 1
            if (line.lstrip("\t") if strip_tabs else line).rstrip() == delimiter:
                break
            body.append(line)
        bodies.append("\n".join(body))
    return bodies, i


def _stages(instructions: tuple[Instruction, ...]) -> tuple[Stage, ...]:
    global_args: dict[str, str] = {}
    stages: list[Stage] = []
    current: list[Instruction] = []
    header: Instruction | None = None
    for ins in instructions:
        if ins.keyword == "FROM":
            if header is not None:
                stages.append(_stage(len(stages), header, current, global_args))
            header, current = ins, []
        elif header is None:
            if ins.keyword == "ARG":
                global_args.update(_arg_defaults(ins))
        else:
            current.append(ins)
    if header is not None:
        stages.append(_stage(len(stages), header, current, global_args))
    return tuple(stages)


def _stage(index: int, header: Instruction, body: list[Instruction], args: dict[str, str]) -> Stage:
    operands = header.operands()
    image = substitute(operands[0], args) if operands else ""
    name = operands[2].lower() if len(operands) >= 3 and operands[1].lower() == "as" else ""
    return Stage(index, image, name, header.line, tuple(body))


def _arg_defaults(ins: Instruction) -> dict[str, str]:
    out: dict[str, str] = {}
    for word in ins.words():
        name, eq, value = word.partition("=")
        if eq:
            out[name] = value
    return out


def substitute(text: str, values: dict[str, str]) -> str:
    """`python:${PY}-slim` with PY=3.12 -> `python:3.12-slim`; unknown variables stay."""

    def repl(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(2)
        return values.get(name, m.group(0))

    return _VAR.sub(repl, text)


def key_values(ins: Instruction) -> list[tuple[str, str]]:
    """ENV/ARG/LABEL pairs: `ENV A=1 B="x y"`, the legacy `ENV A 1`, `ARG NAME` (value "")."""
    words = ins.words()
    if not words:
        return []
    if ins.keyword == "ENV" and "=" not in words[0]:
        return [(words[0], " ".join(words[1:]))]
    out = []
    for word in words:
        name, _, value = word.partition("=")
        out.append((name, value))
    return out


@dataclass(frozen=True)
class ImageRef:
    name: str  # registry/repository, lower case
    tag: str  # "" when absent
    digest: str  # "" when absent

    @property
    def unresolved(self) -> bool:
        return "$" in self.name or "$" in self.tag


def image_ref(image: str) -> ImageRef:
    """`registry:5000/team/app:1.2@sha256:...` -> name, tag, digest."""
    ref, _, digest = image.partition("@")
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    if colon > slash:
        return ImageRef(ref[:colon].lower(), ref[colon + 1:], digest)
    return ImageRef(ref.lower(), "", digest)


def dockerfiles(project: ProjectIndex) -> list[Dockerfile]:
    """Every Dockerfile of the repository, parsed (cached per run)."""
    cached = project.cache.get("dockerfiles")
    if isinstance(cached, list):
        return cached
    out: list[Dockerfile] = []
    for relpath in project.files_matching(*DOCKERFILES):
        name = relpath.rsplit("/", 1)[-1]
        if name.endswith((".md", ".txt", ".rst", ".py", ".sh", ".j2", ".jinja", ".tpl", ".tmpl")):
            continue
        text = project.read_text(relpath, limit=_LIMIT)
        if text is None or "\x00" in text[:4096]:
            continue
        out.append(parse_dockerfile(text, relpath))
    project.cache["dockerfiles"] = out
    return out
