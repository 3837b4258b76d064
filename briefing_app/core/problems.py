"""Problems found while reading a dataset, in the `file:line:col: severity: message [rule]` form
that editors, CI logs and people all understand.

A problem quotes the dataset (names, values, file names), and the dataset is untrusted: printed
as it is, an ESC sequence could recolour or erase a terminal's lines or write its clipboard, a
newline could forge a `file:line:col` line, and a bidi control could reorder what is read. So
the text form shows every such character as a visible escape (`escape_controls`)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal, Protocol

Severity = Literal["error", "warning"]


class Where(Protocol):
    """Where something is written: an `Origin`, or a reference's."""

    @property
    def path(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def col(self) -> int: ...


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with a dataset. Field order is the sort order: by file, then position."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    rule: str

    def __str__(self) -> str:
        return escape_controls(
            f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.rule}]"
        )

    @classmethod
    def at(cls, where: Where, severity: Severity, message: str, rule: str) -> Problem:
        """The problem written at `where` (an Origin)."""
        return cls(where.path, where.line, where.col, severity, message, rule)

    def as_dict(self) -> dict[str, str | int]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
            "rule": self.rule,
        }


_NAMED_ESCAPES: Final = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_controls(text: str) -> str:
    """`text` as one line of harmless characters: each one that is not printable (C0 and C1
    controls, DEL, format characters such as bidi controls and zero-width spaces, line and
    paragraph separators, unusual spaces) becomes a visible escape (`\\x1b`, `\\n`, `\\u202e`).
    The undecodable bytes of a file name (surrogate escapes) show as the bytes (`\\xc0`)."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by `surrogateescape`
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def count_errors(problems: Iterable[Problem]) -> int:
    return sum(1 for problem in problems if problem.severity == "error")


def summary_line(problems: Iterable[Problem], file_count: int) -> str:
    """`3 errors, 1 warning in 14 files`: the last line of a validation run."""
    problem_list = list(problems)
    errors = count_errors(problem_list)
    warnings = len(problem_list) - errors
    return (
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} "
        f"in {_plural(file_count, 'file')}"
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` hint for a misspelt key, value or id, or an empty string."""
    options = list(choices)
    folded = [option for option in options if option.casefold() == word.casefold()]
    matches = folded or difflib.get_close_matches(word, options, n=1, cutoff=0.7)
    return f" (did you mean '{matches[0]}'?)" if matches else ""
