"""Read a catalogue YAML file into plain Python data, remembering where every value came from.

Editors need `file:line: field: message`, so every key and value is recorded with its line, and every
scalar with the text exactly as the editor wrote it (a phone `1522` or an ISTAT code `059011` is text,
whatever YAML's typing rules say).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

import yaml

from .messages import _

Path = tuple  # a path into the data: ("services", 3, "name")


@dataclass
class Problem:
    file: str
    line: int
    field: str
    message: str
    severity: str = "error"  # or "warning", or "care" (what `finder check --care` adds)

    def __str__(self) -> str:
        prefix = {"error": "", "warning": _("warning: "), "care": _("care: ")}.get(self.severity, f"{self.severity}: ")
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
            Problem(self.file, self.line_of(path), self.field_name(path), message, severity))

    def field_name(self, path: Path) -> str:
        """The dotted path with each list item named by its id where it has one, as editors know it:
        `access_points[segretariato-latina].hours.mon`, not `access_points[3].hours.mon`."""
        named, here = [], self.data
        for part in path:
            item = here[part] if isinstance(here, (list, dict)) and _holds(here, part) else None
            if isinstance(part, int) and isinstance(item, dict) and isinstance(item.get("id"), str):
                named.append(item["id"])
            else:
                named.append(part)
            here = item
        return dotted(named, keys=path)

    def text_at(self, path: Path):
        """The value at `path` as the editor wrote it, when YAML typed it as something else."""
        return self.raw.get(tuple(path))


def _holds(container, part) -> bool:
    if isinstance(container, list):
        return isinstance(part, int) and 0 <= part < len(container)
    return part in container


def dotted(path: Path, keys: Path | None = None) -> str:
    """`services[3].name`; with `keys`, the list positions of `keys` show `path`'s names instead."""
    parts = []
    for index, part in enumerate(path):
        if isinstance((keys or path)[index], int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or "(file)"


MAX_FILE_BYTES = 5 * 1024 * 1024  # a district's catalogue is about 200 KB: 5 MB is a wrong file, not a big district


def _too_large() -> str:
    return _("the file is larger than {size} MB, and a catalogue is about 200 KB: check that this is the right "
             "file").format(size=MAX_FILE_BYTES // (1024 * 1024))


_scalar_loader = yaml.SafeLoader("")


def _construct_scalar(node: yaml.ScalarNode):
    return _scalar_loader.construct_object(node, deep=True)


def _file_text(file: str, source: Source) -> str | None:
    """The file's text, or None with the reason it cannot be read among the source's problems."""
    try:
        if os.path.getsize(file) > MAX_FILE_BYTES:
            source.problem((), _too_large())
            return None
        with open(file, encoding="utf-8") as handle:
            return handle.read()
    except FileNotFoundError:
        source.problem((), _("file not found"))
    except IsADirectoryError:
        source.problem((), _("this is a folder: give the path of a catalogue file (.yaml)"))
    except (OSError, UnicodeDecodeError) as error:
        source.problem((), _("cannot be read as UTF-8 text ({error})").format(error=error.__class__.__name__))
    return None


def read_source(file: str, text: str | None = None) -> Source:
    """Parse one YAML file; syntax errors become problems with their line, never exceptions."""
    source = Source(file)
    if text is None:
        text = _file_text(file, source)
        if text is None:
            return source
    if len(text) > MAX_FILE_BYTES:
        source.problem((), _too_large())
        return source
    if not text.strip():
        source.problem((), _("the file is empty: it should start with `format: 1`"))
        return source
    try:
        node = _compose(text)
        data = None if node is None else _convert(node, (), source)
    except yaml.MarkedYAMLError as error:
        source.problems.append(_syntax_problem(file, text, error))
        return source
    except yaml.reader.ReaderError as error:  # a control character: no mark, only a position
        line = text.count("\n", 0, error.position) + 1
        code = error.character if isinstance(error.character, int) else ord(error.character)
        source.problems.append(Problem(file, line, _key_on_line(text, line),
                                       _("a character that cannot be in the file ({code}): delete it, it is "
                                         "often invisible").format(code=f"U+{code:04X}")))
        return source
    except yaml.YAMLError as error:
        source.problem((), _("not valid YAML: {reason}").format(reason=" ".join(str(error).split())))
        return source
    except (RecursionError, _TooBig):  # `[[[[…` thousands deep, or an alias that holds itself
        source.problem((), _("the file is nested too deeply, or an alias (`*name`) repeats itself: "
                             "write the values out instead"))
        return source
    if data is None:
        source.problem((), _("the file holds no data: it should start with `format: 1`"))
        return source
    source.data = data
    return source


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _compose(text: str):
    """libyaml when it is there (20 times faster); Python's parser words a syntax error best."""
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


def _syntax_problem(file: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    lines = text.splitlines()
    tab_line = next((number for number in (line, line - 1) if 0 < number <= len(lines)
                     and "\t" in lines[number - 1]), None)
    quote_line = _unclosed_quote(lines, line)
    if tab_line:
        line, message = tab_line, _("a tab character: indent with spaces, never tabs")
    elif quote_line:
        line, message = quote_line, _('a text opened with `"` is not closed on this line: add the closing `"`')
    elif any(words in (error.problem or "") for words in INDENTATION_TROUBLE):
        line = _misaligned_line(lines, line)
        message = _("this line is not lined up with the fields around it: start it with exactly as many "
                    "spaces as the field above it that belongs to the same item")
    else:
        message = _("not valid YAML ({reason}); check the indentation and quotes here and on the line "
                    "before").format(reason=error.problem or "?")
    return Problem(file, line, _key_on_line(text, line), message)


INDENTATION_TROUBLE = ("expected <block end>", "mapping values are not allowed", "did not find expected",
                       "expected '-' indicator")


def _misaligned_line(lines: list, line: int) -> int:
    """YAML notices a line indented too little only on the next one: blame the line that is out of step."""
    before = [number for number in range(line - 1, 0, -1) if lines[number - 1].strip()
              and not lines[number - 1].lstrip().startswith("#")]
    if not before or line > len(lines):
        return line
    previous = lines[before[0] - 1]
    opens_block = previous.rstrip().endswith(":") or previous.lstrip().startswith("- ")
    if _indent(lines[line - 1]) > _indent(previous) and not opens_block:
        return before[0]
    return line


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _unclosed_quote(lines: list, line: int, reach: int = 5) -> int | None:
    """The line, at or a few above `line`, where a double-quoted text starts and does not end: YAML
    reads on into the next lines and only complains further down."""
    for number in range(min(line, len(lines)), max(line - reach, 0), -1):
        if lines[number - 1].replace('\\"', "").count('"') % 2:
            return number
    return None


def _key_on_line(text: str, line: int) -> str:
    """The dotted path of the key written on `line` (or the nearest line above that has one), for a
    syntax error's field: YAML gave up there, so the path is read from the indentation of the lines."""
    lines = text.splitlines()
    for number in range(min(line, len(lines)) - 1, -1, -1):
        if _line_key(lines[number]) is not None:
            return dotted(_path_of_line(lines, number))
    return "yaml"


def _line_key(line: str):
    """The key a line writes (`name` for `  - name: x`), "" for a bare list item, None for neither."""
    content = line.strip()
    if not content or content.startswith("#"):
        return None
    is_item = content.startswith("- ") or content == "-"
    if is_item:
        content = content[1:].strip()
    candidate = content.split(":", 1)
    if len(candidate) == 2 and candidate[0].strip() and " " not in candidate[0].strip() \
            and not candidate[0].startswith(("[", "{", "'", '"')):
        return candidate[0].strip()
    return "" if is_item else None


def _opens_block(line: str) -> bool:
    """A list item, or a key with nothing after it: the lines below, further in, belong to it."""
    content = line.split(" #", 1)[0].strip()
    return content.startswith("-") or content.endswith(":")


def _indent(line: str) -> int:
    expanded = line.expandtabs(8)  # a tab is an error anyway; this only keeps its line under its parent
    return len(expanded) - len(expanded.lstrip(" "))


def _path_of_line(lines: list, number: int) -> tuple:
    """("district", "id") for the `id:` under `district:`; list items count their index."""
    key = _line_key(lines[number])
    limit = _indent(lines[number])
    path = [key] if key else []
    if lines[number].strip().startswith("-"):
        path.insert(0, _item_index(lines, number, limit))
    for above in range(number - 1, -1, -1):
        line = lines[above]
        if _line_key(line) is None or _indent(line) >= limit or not _opens_block(line):
            continue
        limit = _indent(line)
        if line.strip().startswith("-"):
            path.insert(0, _item_index(lines, above, limit))
        else:
            path.insert(0, _line_key(line))
    return tuple(path)


def _item_index(lines: list, number: int, indent: int) -> int:
    """How many list items (`- ` at the same indentation) come before the one on line `number`."""
    index = 0
    for above in range(number - 1, -1, -1):
        line = lines[above]
        if _line_key(line) is None:
            continue
        if _indent(line) < indent:
            break
        if _indent(line) == indent and line.strip().startswith("-"):
            index += 1
    return index


class _TooBig(Exception):
    pass


MAX_DEPTH = 40  # a catalogue needs about 6 levels; aliases can make a file loop or explode
MAX_VALUES = 200_000


def _convert(node, path: Path, source: Source):
    if len(path) > MAX_DEPTH or len(source.lines) > MAX_VALUES:
        raise _TooBig()
    source.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            child = path + (key,)
            if key in result:
                source.lines[child] = key_node.start_mark.line + 1
                source.problem(child, _("`{key}` is written twice in the same place; keep one").format(key=key))
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
    except Exception:  # PyYAML's constructors fail in many ways on an explicit tag (`!!bool x`)
        return node.value
