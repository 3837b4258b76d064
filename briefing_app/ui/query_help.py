"""The filter's language explained, with examples: Help > Query Language and the "?" beside the
filter open it, and the filter field's tooltip says the short of it."""

from __future__ import annotations

from typing import Final

PLACEHOLDER: Final = (
    'Filter: words, "a phrase", -word, actor:, place:, tag:, source:, status:, '
    "reliability:>=C, credibility:<=3, after:2024-07, before:, OR"
)
FIELD_TOOLTIP: Final = (
    "Words match what an event says: title, summary, quotes, figures, disputes, tags,\n"
    "its actors and places with their other names; not its sources' titles (use "
    "source:).\nTerms side by side must all match; OR gives alternatives; -word "
    "excludes; actor:a,b is either.\nFields: actor:khrenin place:kyiv tag:withdrawal "
    "source:armyrecognition status:contested\nreliability:>=C (every source C or "
    "better), reliability:<=E (a source E or worse)\ncredibility:<=3 after:2024-07 "
    "before:2024-08 (dates overlap)\nTyping actor: (or place:, tag:, source:, status:) offers "
    "the dataset's choices. F1 or ? explains it all."
)

QUERY_HELP: Final = """\
# The filter's language

The filter keeps the events that match what you type; the tree shows them in their storylines,
and the status bar counts them. Terms side by side must all match.

| you type | it keeps events |
| --- | --- |
| `withdrawal border` | saying both words (anywhere in a word: `kie` finds "Kiev") |
| `"exact phrase"` | saying the phrase |
| `-word`, `-actor:wagner` | not saying the word; without that actor |
| `Kiev` | saying Kiev, or another name of the same place or actor as a whole word ("Kyiv") |
| `9000` or `9,000` | saying the number, with or without thousands separators |
| `actor:khrenin`, `place:kyiv`, `tag:withdrawal` | with that actor, place or tag: its id, a whole name or alias, or the start of a word of one (`actor:luka`) |
| `actor:khrenin,lukashenko` | with either actor |
| `source:armyrecognition` | resting on that source: cited, or a link of a cited source's chain |
| `status:contested` | with that status (reported, confirmed, contested, refuted, assessed) |
| `reliability:>=B` | whose every source is B or better (chains included) |
| `reliability:<=E` | resting on at least one source E or worse |
| `reliability:B` | resting on a source graded B |
| `credibility:<=3` | graded 1 to 3 (`>=`, `>`, `<`, `=` too) |
| `after:2024-07 before:2024-08` | overlapping those dates (YYYY, YYYY-MM or YYYY-MM-DD) |
| `tag:nato OR tag:wagner` | matching either side |

Free text searches what an event itself says: title, summary, quotes (with speakers and their
roles, and translations), figures, disputes, tags, and the names and aliases of its actors and
places. Sources' titles are not searched as text: use `source:`.

**While you type.** After `actor:`, `place:`, `tag:`, `source:` or `status:` the field offers
the dataset's choices by id, name or alias; Enter or a click takes one. Up and Down walk back
through the queries you used. A term that cannot be read (an unclosed quote, a date written
`13/07/2024`, an `after:` later than its `before:`) is left out, and the bar says why under
the field, which turns red.

**Keep a search.** Searches > Save Current Search... keeps the query under a name; the menu
lists your saved searches with how many events each finds in the open dataset.

**Keys.** Ctrl+F goes to the filter; Esc in it clears it and Ctrl+Z brings it back. The
pickers (Actors, Places, Tags, Sources) and the date and reliability fields write into the
same query.
"""
