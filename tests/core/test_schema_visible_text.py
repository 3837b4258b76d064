"""The schema refuses a required text that shows nothing, as the loader does: an editor using it
flags `title: "\\u3164"` (a Hangul filler) before `briefing-app validate` does."""

from __future__ import annotations

import json
import re
import unicodedata

import jsonschema
import pytest

from briefing_app import paths
from briefing_app.core.loader_fields import FIELDS
from briefing_app.core.safetext import shows_as_nothing

REQUIRED_TEXTS = {
    ("dataset", "title"),
    ("source", "title"),
    ("actor", "name"),
    ("place", "name"),
    ("event", "title"),
    ("figure", "label"),
    ("quote", "text"),
    ("dispute", "summary"),
    ("actor_title", "title"),
}
REF = "#/definitions/visible_text"


def _schema() -> dict[str, object]:
    loaded: dict[str, object] = json.loads(
        paths.resource("dataset.schema.json").read_text(encoding="utf-8")
    )
    return loaded


def visible_text_pattern() -> str:
    """The pattern the schema holds: a character that does not show as nothing, over the
    Basic Multilingual Plane (a JSON Schema pattern cannot name characters beyond it;
    surrogates left out). When Python's Unicode version changes what is unassigned,
    regenerate the schema's pattern from this."""
    ranges: list[list[int]] = []
    for code in range(0x10000):
        char = chr(code)
        if unicodedata.category(char) == "Cs" or not shows_as_nothing(char):
            continue
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])

    def part(first: int, last: int) -> str:
        if first == last:
            return f"\\u{first:04x}"
        between = "" if last == first + 1 else "-"
        return f"\\u{first:04x}{between}\\u{last:04x}"

    return "[^" + "".join(part(first, last) for first, last in ranges) + "]"


def test_the_pattern_is_the_loaders_rule() -> None:
    definitions = _schema()["definitions"]
    assert isinstance(definitions, dict)
    pattern_text = definitions["visible_text"]["pattern"]
    assert pattern_text == visible_text_pattern()
    pattern = re.compile(pattern_text)
    for code in range(0x10000):
        char = chr(code)
        if unicodedata.category(char) == "Cs":
            continue
        assert (pattern.search(f" {char} ") is None) == shows_as_nothing(char), f"U+{code:04X}"


def test_every_required_text_uses_it() -> None:
    definitions = _schema()["definitions"]
    assert isinstance(definitions, dict)
    used = set()
    for kind, fields in FIELDS.items():
        definition = definitions.get(kind)
        if definition is None:
            continue
        for key in fields.required:
            spec = definition["properties"][key]
            refs = [spec.get("$ref")] + [part.get("$ref") for part in spec.get("allOf", [])]
            if REF in refs:
                used.add((kind, key))
    assert used == REQUIRED_TEXTS


@pytest.mark.parametrize(
    "title", ["", "   ", "\u3164", "\u2800", "\u115f\u1160", "\uffa0", "\u200b", "\u180e"]
)
def test_the_schema_refuses_a_title_that_shows_nothing(title: str) -> None:
    validator = jsonschema.Draft7Validator(_schema())
    assert len(list(validator.iter_errors({"dataset": {"title": title}}))) == 1
    assert list(validator.iter_errors({"dataset": {"title": f"{title}T"}})) == []
    quote = {"text": title, "mode": "direct", "source": "s"}
    document = {"events": [{"id": "e", "title": "E", "quotes": [quote]}]}
    assert len(list(validator.iter_errors(document))) == 1
