"""Read one YAML file into position-carrying nodes, safely.

Nothing is ever constructed from the YAML: libyaml's C parser composes nodes (which keep their line
and column) and the loader reads those nodes itself. That is why a `!!python/...` tag cannot run
code, why duplicate keys can be seen at all (a dict would silently keep the last), and why every
scalar stays text (`2024-07-13` is not turned into a date, nor `no` into False).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

import yaml
from yaml._yaml import CParser  # libyaml, shipped in every PyYAML wheel
from yaml.nodes import Node
from yaml.resolver import BaseResolver

from briefing_app.core.loader_files import MAX_FILE_BYTES as MAX_FILE_BYTES
from briefing_app.core.loader_files import FileRefused, read_data_file
from briefing_app.core.problems import Problem

MAX_TEXT_CHARS: Final = 100_000
# libyaml refuses deeper nesting itself; the format never needs more than a handful of levels.
LIBYAML_MAX_DEPTH: Final = 1000

# Characters YAML does not allow in a stream (C0 and C1 controls but tab, newline, carriage return
# and next-line; surrogates; the two non-characters).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_UTF8_BOM: Final = b"\xef\xbb\xbf"
_WIDE_BOMS: Final = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)


class _NodeComposer(CParser, BaseResolver):
    """libyaml's parser and composer, with no implicit typing: every plain scalar is text."""

    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        BaseResolver.__init__(self)


@contextmanager
def garbage_collector_paused() -> Iterator[None]:
    """Loading allocates millions of objects and no reference cycles. With the collector running,
    each full collection rescans every node already made, again and again (a 50,000-event
    dataset took 36 s instead of 4); paused, the objects are freed by reference counting alone."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character `index` in `text`."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _byte_line_col(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte `offset`, in a file that may not decode."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


class FileReader:
    """Reads files for one dataset and collects the problems it finds.

    `inside` is a folder dataset's resolved folder, which no file may lead out of; `refused`
    collects the files that could not be read at all (missing, unreadable, not a file)."""

    def __init__(self, problems: list[Problem], inside: str | None = None) -> None:
        self.problems = problems
        self.inside = inside
        self.refused: set[str] = set()

    def _error(self, display: str, line: int, col: int, message: str, rule: str) -> None:
        self.problems.append(Problem(display, line, col, "error", message, rule))

    def read(self, path: Path, display: str) -> Node | None:
        """The root node of `path`, or None when the file is empty or unusable (and said why)."""
        text = self._decode(path, display)
        if text is None:
            return None
        if ("&" in text or "*" in text or "!" in text) and self._has_forbidden_constructs(
            text, display
        ):
            return None
        return self._compose(text, display)

    def _decode(self, path: Path, display: str) -> str | None:
        try:
            data = read_data_file(path, self.inside)
        except FileRefused as refusal:
            self._error(display, 1, 1, refusal.message, refusal.rule)
            if refusal.rule != "file-too-large":
                self.refused.add(display)
            return None
        for bom, encoding in _WIDE_BOMS:
            if data.startswith(bom):
                self._error(
                    display, 1, 1, f"file is {encoding}-encoded; save it as UTF-8", "encoding"
                )
                return None
        if data.startswith(_UTF8_BOM):
            self.problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "warning",
                    "file starts with a byte-order mark, which was ignored; save as UTF-8 "
                    "without BOM",
                    "encoding",
                )
            )
            data = data[len(_UTF8_BOM) :]
        nul = data.find(b"\x00")
        if nul >= 0:
            line, col = _byte_line_col(data, nul)
            self._error(
                display,
                line,
                col,
                "NUL byte in file: this is a binary or UTF-16 file, not UTF-8 text",
                "encoding",
            )
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line, col = _byte_line_col(data, error.start)
            self._error(
                display,
                line,
                col,
                f"byte 0x{data[error.start]:02X} is not valid UTF-8 (is the file Latin-1 or "
                "Windows-1252?); save it as UTF-8",
                "encoding",
            )
            return None
        forbidden = _FORBIDDEN.search(text)
        if forbidden:
            line, col = line_col(text, forbidden.start())
            self._error(
                display,
                line,
                col,
                f"control character U+{ord(forbidden.group()):04X} is not allowed in YAML",
                "encoding",
            )
            return None
        return text

    def _has_forbidden_constructs(self, text: str, display: str) -> bool:
        """Anchors, aliases and tags, found by walking libyaml's events.

        Aliases can expand a few hundred bytes into hundreds of millions of nodes, and tags name
        types to construct; the format needs neither, so a file that uses them is not read. This
        walk only runs when the text holds `&`, `*` or `!` at all.
        """
        found = 0
        parser = _NodeComposer(text)
        try:
            while parser.check_event():
                event = parser.get_event()
                mark = event.start_mark if event is not None else None
                if mark is None:
                    continue
                anchor = getattr(event, "anchor", None)
                tag = getattr(event, "tag", None)
                if isinstance(event, yaml.AliasEvent):
                    message = f"alias '*{anchor}' is not allowed: write the value out in full"
                    rule = "yaml-anchor"
                elif anchor is not None:
                    message = f"anchor '&{anchor}' is not allowed: write the value out in full"
                    rule = "yaml-anchor"
                elif tag is not None and tag not in ("!", *_STANDARD_TAGS):
                    message = f"YAML tag '{tag}' is not allowed: the format has no typed values"
                    rule = "yaml-tag"
                else:
                    continue
                found += 1
                self._error(display, mark.line + 1, mark.column + 1, message, rule)
        except yaml.YAMLError:
            pass  # the composer reports syntax errors with their position; no need to twice
        finally:
            parser.dispose()
        return found > 0

    def _compose(self, text: str, display: str) -> Node | None:
        parser = _NodeComposer(text)
        try:
            node: Node | None = parser.get_single_node()
            return node
        except yaml.MarkedYAMLError as error:
            self._syntax_problem(display, error)
        except yaml.reader.ReaderError as error:
            line, col = line_col(text, error.position)
            self._error(display, line, col, f"unreadable character: {error.reason}", "encoding")
        except yaml.YAMLError as error:
            self._error(display, 1, 1, f"YAML error: {error}", "yaml-syntax")
        except RecursionError:
            self._error(display, 1, 1, "YAML is nested too deeply to read", "nesting")
        except MemoryError:
            self._error(display, 1, 1, "not enough memory to read this file", "file-too-large")
        finally:
            parser.dispose()
        return None

    def _syntax_problem(self, display: str, error: yaml.MarkedYAMLError) -> None:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (error.problem or "").strip()
        if isinstance(error, yaml.composer.ComposerError) and "another document" in problem:
            self._error(
                display,
                line,
                col,
                "a second YAML document starts here; a dataset file holds exactly one",
                "multi-document",
            )
        elif "maximum nesting depth" in problem:
            self._error(
                display,
                line,
                col,
                f"nesting is deeper than {LIBYAML_MAX_DEPTH} levels",
                "nesting",
            )
        else:
            context = (error.context or "").strip()
            message = f"{problem} ({context})" if context else problem
            self._error(display, line, col, f"YAML syntax: {message}", "yaml-syntax")


_STANDARD_TAGS: Final = (
    BaseResolver.DEFAULT_SCALAR_TAG,
    BaseResolver.DEFAULT_SEQUENCE_TAG,
    BaseResolver.DEFAULT_MAPPING_TAG,
)
