"""Datasets whose every text field is hostile: markup, mnemonics, direction overrides.

`hostile_dataset(folder, value)` writes a small dataset that uses every text field the format
has (with a storyline, a sub-event, a related event, figures, both kinds of quote, a dispute and
a weak source, so every part of the window has something to show), each set to
`value(field name)`.
"""

import json
from collections.abc import Callable
from pathlib import Path

# Markup a widget must never interpret, an `&` it must not eat, Qt's window-title placeholder.
MARKUP = '<img src="file:/tmp/briefing-x.png"> <b>bold</b> &lt;b&gt; &amp; R&D [*]'
RLO = "\u202e"
HEBREW = "\u05e9\u05dc\u05d5\u05dd"


def markup(field: str) -> str:
    return f"{field} {MARKUP}"


def overridden(field: str) -> str:
    """An unclosed right-to-left override, then right-to-left letters."""
    return f"{field}{RLO} {HEBREW}"


def hostile_dataset(
    folder: Path, value: Callable[[str], str], *, url: str, marking: str = "<b>OPEN</b> R&D"
) -> Path:
    """The dataset in `folder`; the marking is short, as the loader demands of a marking."""

    def q(field: str) -> str:
        return json.dumps(value(field))  # a YAML double-quoted string

    folder.mkdir(parents=True, exist_ok=True)
    text = f"""\
dataset:
  title: {q("dataset title")}
  description: {q("description")}
  language: en
  updated: "2024-07-13"
  marking: {json.dumps(marking)}
sources:
  - id: s1
    kind: article
    title: {q("source title")}
    publisher: {q("publisher")}
    author: {q("author")}
    published: "2024-07"
    url: {json.dumps(url)}
    reliability: C
    reliability_note: {q("reliability note")}
  - {{id: s2, kind: social_post, title: {q("weak source title")}, reliability: E}}
actors:
  - id: a1
    name: {q("actor name")}
    kind: person
    title: {q("actor title")}
    country: BY
    aliases: [{q("alias")}]
places:
  - {{id: p1, name: {q("place name")}, kind: city, aliases: [{q("place alias")}]}}
  - {{id: p2, name: {q("second place")}, kind: town}}
events:
  - id: e1
    title: {q("storyline title")}
    date: "2024-07"
    summary: {q("storyline summary")}
    actors: [{{actor: a1, role: {q("role")}}}]
    places: [p1, p2]
    tags: [withdrawal]
    status: contested
    credibility: 3
    sources: [s1]
    related: [e3]
    figures:
      - label: {q("figure label")}
        qualifier: estimate
        low: 4000
        high: 6000
        unit: {q("unit")}
        estimated_by: a1
        source: s1
        locator: {q("figure locator")}
    quotes:
      - text: {q("direct quote")}
        mode: direct
        speaker: a1
        speaker_role: {q("speaker role")}
        said: "2024-07"
        source: s1
        locator: {q("quote locator")}
      - {{text: {q("reported quote")}, mode: reported, speaker: a1, source: s1, locator: p. 2}}
    disputes:
      - {{by: a1, stance: contests, summary: {q("dispute")}, source: s2, locator: {q("where")}}}
  - {{id: e2, parent: e1, title: {q("sub-event title")}, date: "2024-07-13", sources: [s2]}}
  - {{id: e3, title: {q("related title")}, date: "2023", places: [p2], sources: [s1]}}
"""
    (folder / "dataset.yaml").write_text(text, encoding="utf-8")
    return folder
