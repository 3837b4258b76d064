"""Editing a query's structure as the pickers do: every alternative, nothing else touched."""

import pytest

from briefing_app.core.query import parse_query
from briefing_app.core.query_edit import (
    Choices,
    FieldValue,
    PickState,
    field_value,
    pick,
    pick_state,
    set_value,
    unpick,
)

ACTORS = Choices.of(
    [
        ("khrenin", ["Viktor Khrenin"]),
        ("lukashenko", ["Alexander Lukashenko", "Sasha"]),
        ("denisenko", ["Vadim Denisenko"]),
        ("viktor k", ["Another Viktor"]),
    ]
)
SOURCES = Choices.of(
    [
        ("ar-1", ["Belarus orders withdrawal", "Army Recognition"]),
        ("ar-2", ["Troops leave", "Army Recognition"]),
        ("mod", ["Pictures", "Ministry of Defence of Belarus"]),
    ]
)


def picked(text: str, choice: str = "denisenko") -> str:
    return pick(text, "actor", choice, ACTORS).text


def unpicked(text: str, choice: str = "lukashenko") -> str:
    return unpick(text, "actor", choice, ACTORS).text


# -- ticking ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "actor:denisenko"),
        ("   ", "actor:denisenko"),
        ("withdrawal", "withdrawal actor:denisenko"),
        ("actor:khrenin", "actor:khrenin,denisenko"),
        ("tag:nato OR tag:wagner", "tag:nato actor:denisenko OR tag:wagner actor:denisenko"),
        (
            "actor:khrenin OR actor:lukashenko",
            "actor:khrenin,denisenko OR actor:lukashenko,denisenko",
        ),
        ("actor:denisenko OR tag:x", "actor:denisenko OR tag:x actor:denisenko"),
        ("actor:denisenko", "actor:denisenko"),  # already chosen: nothing to do
        ("Actor:Denisenko", "Actor:Denisenko"),  # field names and values in any case
        ('actor:"Vadim Denisenko"', 'actor:"Vadim Denisenko"'),  # named by its name
        ("ACTOR:khrenin  tag:x", "ACTOR:khrenin,denisenko  tag:x"),  # spelling and spaces kept
        ('actor:"viktor k"', 'actor:"viktor k",denisenko'),
        ("actor:khrenin, tag:x", "actor:khrenin,denisenko tag:x"),  # no empty value left
        ("actor:a actor:b", "actor:a actor:b,denisenko"),  # the last plain term takes it
        ("x AND tag:y", "x AND tag:y actor:denisenko"),
    ],
)
def test_ticking_reaches_every_alternative(text: str, expected: str) -> None:
    assert picked(text) == expected


def test_ticking_keeps_what_the_picker_does_not_concern_verbatim() -> None:
    text = '  "air defence"  -wagner status:contested  after:2024-07 OR  Kyiv  '
    assert picked(text) == (
        '  "air defence"  -wagner status:contested  after:2024-07 actor:denisenko'
        " OR  Kyiv actor:denisenko  "
    )


def test_ticking_an_id_that_needs_quotes_quotes_it() -> None:
    assert picked("x", "viktor k") == 'x actor:"viktor k"'
    assert pick("x", "tag", "a,b", Choices()).text == 'x tag:"a,b"'


def test_ticking_removes_an_exclusion_of_the_same_choice_and_says_so() -> None:
    edit = pick("-actor:denisenko,khrenin OR -actor:denisenko", "actor", "denisenko", ACTORS)
    assert edit.text == "-actor:khrenin actor:denisenko OR actor:denisenko"
    assert "-actor:denisenko" in edit.note
    assert "excluded" in edit.note


def test_ticking_into_several_alternatives_says_so_and_one_does_not() -> None:
    assert "each of the 2 alternatives" in pick("a OR b", "actor", "khrenin", ACTORS).note
    assert pick("a", "actor", "khrenin", ACTORS).note == ""


def test_a_stray_or_is_left_as_typed() -> None:
    assert picked("OR x") == "OR x actor:denisenko"
    assert picked("x OR") == "x actor:denisenko OR"
    assert picked("OR") == "OR actor:denisenko"


def test_a_value_with_an_open_quote_is_closed_before_another_joins_it() -> None:
    assert picked('actor:"viktor') == 'actor:"viktor",denisenko'


# -- unticking ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("actor:khrenin OR actor:lukashenko", "actor:khrenin"),
        ("actor:lukashenko OR actor:khrenin", "actor:khrenin"),
        ("a OR actor:lukashenko OR b", "a OR b"),
        ("actor:lukashenko", ""),
        ("actor:khrenin,lukashenko", "actor:khrenin"),
        ('actor:"lukashenko","viktor k"', 'actor:"viktor k"'),
        ("actor:Sasha tag:x", "tag:x"),  # named by an alias
        ("ACTOR:LUKASHENKO tag:x", "tag:x"),
        ("tag:x AND actor:lukashenko", "tag:x"),  # no AND left hanging
        ("actor:lukashenko AND tag:x", "tag:x"),
        ("a AND actor:lukashenko AND b", "a AND b"),
        ("-actor:lukashenko tag:x", "-actor:lukashenko tag:x"),  # exclusions are not ticks
        ("actor:luka tag:x", "actor:luka tag:x"),  # a piece of a name names nothing
        ("  x   actor:lukashenko  y ", "  x  y "),
        ("tag:x actor:lukashenko OR tag:y actor:lukashenko", "tag:x OR tag:y"),
    ],
)
def test_unticking_leaves_no_dangling_or(text: str, expected: str) -> None:
    result = unpicked(text)
    assert result == expected
    assert not any("OR needs" in e.message for e in parse_query(result).errors)


def test_unticking_one_of_what_a_shared_value_names_keeps_the_others() -> None:
    edit = unpick("source:armyrecognition tag:x", "source", "ar-1", SOURCES)
    assert edit.text == "source:ar-2 tag:x"
    assert "other sources" in edit.note
    assert pick_state(edit.text, "source", SOURCES).checked == {"ar-2"}


def test_ticking_then_unticking_gives_the_query_back() -> None:
    for text in ("tag:nato OR tag:wagner", '"air defence" -wagner', "actor:khrenin OR x"):
        assert unpicked(picked(text), "denisenko") == text


def test_errors_the_user_made_are_kept_as_typed() -> None:
    assert unpicked("foo:bar actor:lukashenko OR OR x") == "foo:bar OR OR x"


# -- what the picker shows ----------------------------------------------------------------------


def test_a_value_typed_by_hand_ticks_its_choices() -> None:
    assert pick_state("source:armyrecognition", "source", SOURCES) == PickState(
        frozenset({"ar-1", "ar-2"})
    )
    assert pick_state('source:"army recognition"', "source", SOURCES).checked == {"ar-1", "ar-2"}
    assert pick_state("Actor:KHRENIN", "actor", ACTORS).checked == {"khrenin"}


def test_a_choice_in_some_alternatives_is_partly_ticked() -> None:
    state = pick_state("actor:khrenin OR actor:khrenin,sasha tag:x", "actor", ACTORS)
    assert state.checked == {"khrenin"}
    assert state.partial == {"lukashenko"}


def test_exclusions_and_unknown_values_tick_nothing() -> None:
    state = pick_state("-actor:khrenin actor:luka", "actor", ACTORS)
    assert state == PickState(unnamed=("luka",))
    assert pick_state("", "actor", ACTORS) == PickState()
    assert pick_state("x OR y", "actor", ACTORS) == PickState()


# -- one-value fields ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        ("", "2024-07", "after:2024-07"),
        ("x", "2024-07", "x after:2024-07"),
        ("x After:2023", "2024-07", "x After:2024-07"),
        ("x after:2023 after:2022", "2024-07", "x after:2024-07"),
        ("a OR b after:2023", "2024-07", "a after:2024-07 OR b after:2024-07"),
        ("x after:2023", None, "x"),
        ("after:2023 OR x", None, "x"),
        ("x -after:2023", None, "x -after:2023"),
        ("x", "13/07/2024", "x after:13/07/2024"),  # wrong, but shown and explained, not lost
    ],
)
def test_setting_a_one_value_field(text: str, value: str | None, expected: str) -> None:
    assert set_value(text, "after", value).text == expected


def test_reading_a_one_value_field() -> None:
    assert field_value("x after:2024-07", "after") == FieldValue("2024-07", False, ((2, 15),))
    assert field_value("after:2024 OR x after:2024", "after").value == "2024"
    differs = field_value("after:2024 OR x", "after")
    assert differs.value is None
    assert differs.varies
    assert field_value("x", "after") == FieldValue()
    assert field_value("reliability:>=B", "reliability").value == ">=B"


PIECES = (
    "x",
    '"air defence"',
    "-wagner",
    "tag:nato",
    "actor:khrenin",
    "actor:lukashenko,denisenko",
    "-actor:denisenko",
    "Actor:Sasha",
    "AND",
    "after:2024-07",
)


def queries() -> list[str]:
    """Queries of one to three alternatives of up to three pieces each, in a fixed sample."""
    import random

    chance = random.Random(10)
    found = []
    for _ in range(300):
        alternatives = [
            " ".join(chance.sample(PIECES, chance.randint(1, 3)))
            for _ in range(chance.randint(1, 3))
        ]
        found.append(" OR ".join(alternatives))
    return found


@pytest.mark.parametrize("choice", ["khrenin", "lukashenko", "denisenko"])
def test_any_query_ticked_has_the_choice_everywhere_and_unticked_nowhere(choice: str) -> None:
    for text in queries():
        had = {error.message for error in parse_query(text).errors}  # a stray AND OR AND
        ticked = picked(text, choice)
        assert pick_state(ticked, "actor", ACTORS).checked >= {choice}, (text, ticked)
        assert {e.message for e in parse_query(ticked).errors} <= had, (text, ticked)
        unticked = unpicked(text, choice)
        state = pick_state(unticked, "actor", ACTORS)
        assert choice not in state.checked | state.partial, (text, unticked)
        assert {e.message for e in parse_query(unticked).errors} <= had, (text, unticked)
        # What the picker does not concern is all still there, in order.
        others = [p for p in text.split() if not p.lower().startswith(("actor:", "-actor:"))]
        kept = [p for p in unticked.split() if not p.lower().startswith(("actor:", "-actor:"))]
        assert [p for p in kept if p not in ("OR", "AND")] == [
            p for p in others if p not in ("OR", "AND")
        ] or not unticked, (text, unticked)
