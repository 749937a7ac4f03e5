"""Read a catalogue YAML file into plain Python data, remembering where every value came from.

Editors need `file:line: field: message`, so every key and value is recorded with its line, and every
scalar with the text exactly as the editor wrote it (a phone `1522` or an ISTAT code `059011` is text,
whatever YAML's typing rules say).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import yaml

Path = tuple  # a path into the data: ("services", 3, "name")


@dataclass
class Problem:
    file: str
    line: int
    field: str
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "warning: "
        return f"{self.file}:{self.line}: {self.field}: {prefix}{self.message}"


@dataclass
class Source:
    """One YAML file read into data, with the line and the raw text of everything in it."""

    file: str
    data: object = None
    lines: dict = field(default_factory=dict)  # path -> 1-based line of the key (or the item)
    raw: dict = field(default_factory=dict)  # path -> the scalar exactly as written
    problems: list = field(default_factory=list)

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1

    def problem(self, path: Path, message: str, severity: str = "error") -> None:
        self.problems.append(
            Problem(self.file, self.line_of(path), dotted(path), message, severity))

    def text_at(self, path: Path):
        """The value at `path` as the editor wrote it, when YAML typed it as something else."""
        return self.raw.get(tuple(path))


def dotted(path: Path) -> str:
    parts = []
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or "(file)"


_scalar_loader = yaml.SafeLoader("")


def _construct_scalar(node: yaml.ScalarNode):
    return _scalar_loader.construct_object(node, deep=True)


def read_source(file: str, text: str | None = None) -> Source:
    """Parse one YAML file; syntax errors become problems with their line, never exceptions."""
    source = Source(file)
    if text is None:
        try:
            with open(file, encoding="utf-8") as handle:
                text = handle.read()
        except FileNotFoundError:
            source.problem((), "file not found")
            return source
        except (OSError, UnicodeDecodeError) as error:
            source.problem((), f"cannot be read as UTF-8 text ({error.__class__.__name__})")
            return source
    if not text.strip():
        source.problem((), "the file is empty: it should start with `format: 1`")
        return source
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        source.problems.append(_syntax_problem(file, text, error))
        return source
    except yaml.YAMLError as error:
        source.problem((), f"not valid YAML: {error}")
        return source
    if node is None:
        source.problem((), "the file holds no data: it should start with `format: 1`")
        return source
    source.data = _convert(node, (), source)
    return source


def _syntax_problem(file: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    lines = text.splitlines()
    nearby = lines[max(line - 2, 0):line]
    if any("\t" in candidate for candidate in nearby):
        message = "a tab character: indent with spaces, never tabs"
    else:
        reason = error.problem or "not valid YAML"
        message = f"not valid YAML ({reason}); check the indentation and quotes here and on the line before"
    return Problem(file, line, _key_on_line(text, line), message)


def _key_on_line(text: str, line: int) -> str:
    """The key written on `line` (or the nearest line above that has one), for a syntax error's field."""
    lines = text.splitlines()
    for number in range(min(line, len(lines)) - 1, -1, -1):
        candidate = lines[number].strip().lstrip("- ").split(":", 1)
        if len(candidate) == 2 and candidate[0] and " " not in candidate[0].strip():
            return candidate[0].strip()
    return "yaml"


def _convert(node, path: Path, source: Source):
    source.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            child = path + (key,)
            if key in result:
                source.lines[child] = key_node.start_mark.line + 1
                source.problem(child, f"`{key}` is written twice in the same place; keep one")
                continue
            source.lines[child] = key_node.start_mark.line + 1
            result[key] = _convert(value_node, child, source)
            source.lines[child] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (index,), source) for index, item in enumerate(node.value)]
    source.raw[path] = node.value
    try:
        return _construct_scalar(node)
    except (yaml.YAMLError, ValueError):
        return node.value
