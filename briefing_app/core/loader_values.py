"""Reading values out of YAML nodes: keys checked against the tables, text, choices, dates,
numbers, ids and references, each with a located problem when it is wrong.

Text arrives as the dataset wrote it, so every text is checked for what could mislead where it
is shown: control characters (commands to a terminal), line breaks in what must be one line (a
name, a title), and right-to-left controls left open (they reverse whatever is shown after).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Final, Protocol, TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from briefing_app.core.edtf import EdtfDate, EdtfError, parse_edtf
from briefing_app.core.loader_fields import (
    FIELDS,
    FORMAT_2_KEYS,
    FORMAT_2_VALUES,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    PROSE_KEYS,
    character_name,
    control_character,
    kind_name,
    line_break,
    one_line,
    parse_number,
    suspicious,
    unbalanced_bidi,
    without_controls,
)
from briefing_app.core.model import Origin
from briefing_app.core.problems import Problem, Severity, did_you_mean
from briefing_app.core.safetext import has_visible_character
from briefing_app.core.yamlread import MAX_TEXT_CHARS

T = TypeVar("T")

# The reference kind of an `estimated_by` not yet looked up (see `loader_figures`); also the
# name of the table of actors and sources both, so an id that is neither is reported as such.
ESTIMATOR: Final = "actor or source"


class Located(Protocol):
    @property
    def origin(self) -> Origin: ...


@dataclass(frozen=True, slots=True)
class Reference:
    """One use of an id, checked once every file has been read."""

    kind: str  # "event", "actor", "place", "source" or ESTIMATOR
    target: str
    origin: Origin
    field: str


class NodeReader:
    """Reads the values of one dataset's nodes; `display` is the file being read."""

    def __init__(self, tables: Mapping[str, Mapping[str, Located]]) -> None:
        self.problems: list[Problem] = []
        self.display = ""
        self.references: list[Reference] = []
        self.tables = tables
        # Where the data uses format 2, and how: kept until the end of the load, which reports
        # them unless the dataset section says `format: 2` (see `Builder.finish`).
        self.format_2_uses: list[tuple[Origin, str]] = []
        # Problems that are problems only in format 2 (a quote's editorial marks, which format 1
        # reads as plain text), reported at the end if the dataset says `format: 2`.
        self.format_2_checks: list[tuple[Origin, str, str]] = []

    # -- problems and positions -------------------------------------------------------------

    def origin(self, node: Node) -> Origin:
        mark = node.start_mark
        return Origin(self.display, mark.line + 1, mark.column + 1)

    def report(self, node: Node, message: str, rule: str, severity: Severity = "error") -> None:
        self.report_at(self.origin(node), message, rule, severity)

    def report_at(
        self, origin: Origin, message: str, rule: str, severity: Severity = "error"
    ) -> None:
        self.problems.append(Problem.at(origin, severity, message, rule))

    def needs_format_2(self, node: Node, what: str) -> None:
        """Note that `node` uses something format 2 added; `what` says what, as the message
        begins ("'as_of' is a format 2 key", "qualifier 'nearly' is a format 2 value"). Noted,
        not reported: some uses are known only once every file is read (what an id names)."""
        self.format_2_uses.append((self.origin(node), what))

    def format_2_value(self, fields: dict[str, Node], kind: str, key: str, value: str) -> None:
        """Note `value` of `kind`'s `key` if it is one of the values format 2 added."""
        if value in FORMAT_2_VALUES.get((kind, key), ()):
            self.needs_format_2(fields[key], f"{key} '{value}' is a format 2 value")

    # -- structure ------------------------------------------------------------------------------

    def mapping(self, node: Node, kind: str) -> dict[str, Node] | None:
        """The mapping's values by key, after checking the keys against `FIELDS[kind]`."""
        if not isinstance(node, MappingNode):
            self.report(node, f"expected a mapping ({kind}), found {kind_name(node)}", "type")
            return None
        spec = FIELDS[kind]
        format_2 = FORMAT_2_KEYS.get(kind, frozenset())
        values: dict[str, Node] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.report(key_node, "a key must be plain text", "type")
                continue
            key = key_node.value
            if key in key_lines:
                self.report(
                    key_node,
                    f"duplicate key '{key}' (first on line {key_lines[key]}); "
                    "YAML would silently keep only the last",
                    "duplicate-key",
                )
                continue
            key_lines[key] = key_node.start_mark.line + 1
            if key not in spec.allowed:
                self.report(
                    key_node,
                    f"unknown key '{key}' in {kind}{did_you_mean(key, spec.allowed)}",
                    "unknown-key",
                )
                continue
            if key in format_2:
                self.needs_format_2(key_node, f"'{key}' is a format 2 key")
            values[key] = value_node
        for key in spec.required:
            if key not in values:
                self.report(node, f"{kind} has no '{key}'", "missing-key")
        return values

    def sequence(self, node: Node) -> list[Node]:
        if isinstance(node, SequenceNode):
            items: list[Node] = node.value
            return items
        self.report(node, f"expected a list, found {kind_name(node)}", "type")
        return []

    def items(
        self, fields: dict[str, Node], key: str, read: Callable[[Node], T | None]
    ) -> tuple[T, ...]:
        node = fields.get(key)
        if node is None:
            return ()
        built = (read(item) for item in self.sequence(node))
        return tuple(item for item in built if item is not None)

    # -- text -----------------------------------------------------------------------------------

    def scalar(self, fields: dict[str, Node], key: str) -> str:
        """The text of `key` as written (cut at the length limit), or "" if absent or not text."""
        node = fields.get(key)
        if node is None:
            return ""
        if not isinstance(node, ScalarNode):
            self.report(node, f"'{key}' must be text, found {kind_name(node)}", "type")
            return ""
        value: str = node.value
        if len(value) > MAX_TEXT_CHARS:
            self.report(
                node,
                f"'{key}' is {len(value):,} characters long; the limit is {MAX_TEXT_CHARS:,}",
                "text-too-long",
            )
            return value[:MAX_TEXT_CHARS]
        return value

    def text(self, fields: dict[str, Node], key: str, *, required: bool = False) -> str:
        value = self.scalar(fields, key).strip()
        if not value:
            if required and isinstance(fields.get(key), ScalarNode):
                self.report(fields[key], f"'{key}' is empty", "missing-key")
            return value
        node = fields[key]
        if suspicious(value):
            value = self.misleading(node, key, value)
        if required and not has_visible_character(value):
            self.report(node, f"'{key}' has no visible characters", "missing-key")
        return value

    def misleading(self, node: Node, key: str, value: str) -> str:
        """`value` without what would mislead where it is shown, each thing reported."""
        control = control_character(value)
        if control is not None:
            self.report(
                node,
                f"'{key}' holds control character {character_name(control)}, which is not "
                "allowed in text",
                "encoding",
            )
            value = without_controls(value)
        broken = None if key in PROSE_KEYS else line_break(value)
        if broken is not None:
            self.report(
                node,
                f"'{key}' must be one line; it holds a line break ({character_name(broken)})",
                "one-line",
            )
            value = one_line(value)
        bidi = unbalanced_bidi(value)
        if bidi is not None:
            self.report(
                node,
                f"'{key}' has {character_name(bidi)} with no partner: unbalanced bidi controls "
                "can reverse the text shown after it",
                "bidi-control",
                "warning",
            )
        return value

    def texts(self, fields: dict[str, Node], key: str) -> list[tuple[str, Node]]:
        node = fields.get(key)
        if node is None:
            return []
        found: list[tuple[str, Node]] = []
        for item in self.sequence(node):
            value = self.text({key: item}, key)
            if value:
                found.append((value, item))
        return found

    # -- values with a form ---------------------------------------------------------------------

    def choice(
        self,
        fields: dict[str, Node],
        key: str,
        choices: Iterable[str],
        default: str = "",
        invalid: list[str] | None = None,
        *,
        required: bool = False,
    ) -> str:
        """The value if it is one of `choices`; else `default`, and `key` goes into `invalid` so
        that the viewer can show the value as invalid rather than as the default.

        Only an optional key left out means the default. One written with nothing after it
        (`status:`, `stance: ""`) is an error: the person meant to give a value and forgot it,
        and showing the default would state a grade or stance nobody gave. So is a required key
        left out (`mapping` reports it), and it is invalid for the same reason."""
        value = self.text(fields, key)
        options = tuple(choices)
        if not value:
            node = fields.get(key)
            if node is None:
                if required and invalid is not None:
                    invalid.append(key)
                return default
            if isinstance(node, ScalarNode):  # else a list or mapping: `scalar` reported it
                self.report_empty_choice(node, key, options, default, required=required)
            if invalid is not None:
                invalid.append(key)
            return default
        if value not in options:
            self.report(
                fields[key],
                f"'{key}' must be one of {', '.join(options)}, not '{value}'"
                f"{did_you_mean(value, options)}",
                "enum",
            )
            if invalid is not None:
                invalid.append(key)
            return default
        return value

    def report_empty_choice(
        self, node: Node, key: str, options: tuple[str, ...], default: str, *, required: bool
    ) -> None:
        """A choice written with no value: `missing-key` where the key is required (as for an
        empty required text), `enum` where leaving the key out would give a default."""
        give = f"give one of {', '.join(options)}"
        if required:
            self.report(node, f"'{key}' is empty: {give}", "missing-key")
        else:
            leave = f", or leave it out for {default}" if default else ", or leave it out"
            self.report(node, f"'{key}' is empty: {give}{leave}", "enum")

    def date(self, fields: dict[str, Node], key: str) -> EdtfDate | None:
        value = self.text(fields, key)
        if not value:
            return None
        try:
            date = parse_edtf(value)
        except EdtfError as error:
            self.report(fields[key], f"'{key}': {error}", "date")
            return None
        if "T" in value:  # a time of day came with format 2
            self.needs_format_2(fields[key], f"a time of day in '{key}' is format 2")
        return date

    def language(self, fields: dict[str, Node]) -> str:
        """A `language` key: a BCP 47 tag such as `en`, `ru` or `pt-BR`."""
        return self.pattern(fields, "language", LANGUAGE_PATTERN, "a language tag such as 'en'")

    def number(self, fields: dict[str, Node], key: str) -> float | None:
        value = self.text(fields, key)
        if not value:
            return None
        try:
            return parse_number(value)
        except ValueError as error:
            self.report(fields[key], f"'{key}' must be {error}, not '{value}'", "type")
            return None

    def pattern(self, fields: dict[str, Node], key: str, regex: re.Pattern[str], what: str) -> str:
        value = self.text(fields, key)
        if value and regex.fullmatch(value) is None:
            self.report(fields[key], f"'{key}' must be {what}, not '{value}'", "format")
            return ""
        return value

    # -- ids and references ---------------------------------------------------------------------

    def identifier(self, fields: dict[str, Node], kind: str) -> str | None:
        """The object's id, if well formed and not yet used by another object of its kind."""
        value = self.text(fields, "id", required=True)
        if not value:
            return None
        node = fields["id"]
        if ID_PATTERN.fullmatch(value) is None:
            self.report(
                node,
                f"id '{value}' must be 1-100 lowercase letters, digits, '-', '_' or '.', "
                "beginning and ending with a letter or digit",
                "id-format",
            )
            return None
        table = self.tables[kind]
        if value in table:
            first = table[value].origin
            self.report(
                node, f"duplicate {kind} id '{value}'; first defined at {first}", "duplicate-id"
            )
            return None
        return value

    def reference(self, fields: dict[str, Node], key: str, kind: str) -> str | None:
        value = self.text(fields, key)
        if not value:
            return None
        self.references.append(Reference(kind, value, self.origin(fields[key]), key))
        return value

    def references_list(self, fields: dict[str, Node], key: str, kind: str) -> tuple[str, ...]:
        found = []
        for value, node in self.texts(fields, key):
            self.references.append(Reference(kind, value, self.origin(node), key))
            found.append(value)
        return tuple(dict.fromkeys(found))
