"""Editing a query's structure as the pickers do: every alternative, nothing else touched."""

import random
from collections import Counter

import pytest

from briefing_app.core.query import (
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    TOKEN,
    Query,
    Term,
    parse_query,
    quote_value,
)
from briefing_app.core.query_edit import (
    Choices,
    Edit,
    FieldValue,
    PickState,
    field_value,
    pick,
    pick_state,
    set_value,
    unpick,
)
from briefing_app.core.query_pieces import Intent, refusal

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


def errors(text: str) -> Counter[tuple[str, str]]:
    """The query's errors, each with the text it is about."""
    return Counter((e.message, text[e.start : e.end]) for e in parse_query(text).errors)


def tokens(text: str) -> list[str]:
    return [m.group() for m in TOKEN.finditer(text) if not m.group("space")]


def hanging_ands(text: str) -> Counter[int]:
    """How many ANDs stand first, last, or beside an OR or another AND."""
    found = tokens(text)
    edges = ("", "OR", "AND")
    return Counter(
        1
        for at, token in enumerate(found)
        if token == "AND"
        and (
            (found[at - 1] if at else "") in edges
            or (found[at + 1] if at + 1 < len(found) else "") in edges
        )
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


def test_a_term_is_never_glued_to_what_follows_it() -> None:
    """`"belarus"OR` is two tokens typed together; a term added before the OR stands apart."""
    edit = pick('"belarus"OR tag:nato', "actor", "khrenin", ACTORS)
    assert edit.text == '"belarus" actor:khrenin OR tag:nato actor:khrenin'
    assert len(parse_query(edit.text).alternatives) == 2
    assert set_value('"belarus"OR tag:nato', "after", "2024").text == (
        '"belarus" after:2024 OR tag:nato after:2024'
    )
    assert picked('"a""b"OR x') == '"a""b" actor:denisenko OR x actor:denisenko'
    assert unpicked('"a"actor:lukashenko OR x') == '"a" OR x'
    assert unpicked('x"a"AND actor:lukashenko') == 'x"a"'


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
    # The second OR was already "OR needs a term on both sides"; with the first alternative
    # gone, keeping both would make that error twice.
    assert unpicked("foo:bar actor:lukashenko OR OR x") == "foo:bar OR x"
    assert unpicked("foo:bar tag:y actor:lukashenko OR OR x") == "foo:bar tag:y OR OR x"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The first alternative's only other piece is left out by the parser: kept as typed,
        # but no longer an alternative of its own, or its OR would have nothing on one side.
        ("actor:lukashenko bad:x OR tag:x", "bad:x tag:x"),
        ("tag:x OR actor:lukashenko bad:x", "tag:x bad:x"),
        ('actor:lukashenko "" OR tag:x', '"" tag:x'),  # an empty phrase is no term either
        ("actor:lukashenko AND bad:x OR tag:x", "bad:x tag:x"),
        ("x AND OR actor:lukashenko", "x"),  # no AND left hanging at the end
        ("actor:lukashenko OR AND x", "x"),
        ("x AND OR y", "x AND OR y"),  # nothing removed: the person's own AND stays
    ],
)
def test_unticking_never_leaves_a_new_error(text: str, expected: str) -> None:
    edit = unpick(text, "actor", "lukashenko", ACTORS)
    assert edit.text == expected
    assert errors(edit.text) <= errors(text)
    assert not hanging_ands(edit.text) - hanging_ands(text)
    if "bad:x" in text:
        assert "bad:x (not understood) kept as typed" in edit.note


def test_clearing_a_field_leaves_no_new_error_or_hanging_and() -> None:
    for text, expected in [
        ("after:2024 bad:x OR tag:x", "bad:x tag:x"),
        ("x AND OR after:2024", "x"),
        ("x AND after:2024", "x"),
        ("after:2024 AND x OR after:2024", "x"),
    ]:
        edit = set_value(text, "after", None)
        assert edit.text == expected
        assert errors(edit.text) <= errors(text)


# -- refusing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ['"special operations', 'actor:a"b c,d e', 'x OR "khrenin', 'actor:khrenin "half', '"'],
)
def test_no_edit_is_made_while_a_quote_is_open(text: str) -> None:
    """A quote left open runs to the end: a term added would land inside it, and closing it
    would make a filter of half a phrase. The text stays; the note says what to do."""
    for edit in (
        pick(text, "actor", "denisenko", ACTORS),
        unpick(text, "actor", "khrenin", ACTORS),
        set_value(text, "after", "13/07/2024"),
        set_value(text, "after", None),
        set_value(text, "reliability", ">=B"),
    ):
        assert edit.refused
        assert edit.text == text
        assert "close the quote" in edit.note


def test_a_tick_that_would_pass_the_term_limit_is_refused() -> None:
    text = " OR ".join(f"w{n}" for n in range(33))  # 33 terms; a tick would make 66
    edit = pick(text, "actor", "denisenko", ACTORS)
    assert edit.refused
    assert edit.text == text
    assert f"at most {MAX_TERMS} terms" in edit.note
    assert "actor:denisenko not added" in edit.note
    assert set_value(text, "after", "2024").refused
    assert not pick(" OR ".join(f"w{n}" for n in range(32)), "actor", "x", ACTORS).refused


def test_an_untick_that_would_make_the_query_too_long_is_refused() -> None:
    """`actor:the` names every actor called "the ...": unticking one writes all the others."""
    many = Choices.of((f"actor-number-{n:04}", ["The"]) for n in range(200))
    edit = unpick("actor:the", "actor", "actor-number-0000", many)
    assert edit.refused
    assert edit.text == "actor:the"
    assert f"at most {MAX_QUERY_LENGTH:,} characters" in edit.note
    few = Choices.of((f"actor-number-{n:04}", ["The"]) for n in range(3))
    assert unpick("actor:the", "actor", "actor-number-0000", few).text == (
        "actor:actor-number-0001,actor-number-0002"
    )


def test_a_result_the_parser_reads_otherwise_is_refused() -> None:
    """The last guard, below every edit: what the parser makes of the result, not what the
    edit thought it wrote."""
    anything = Intent({"actor"}, 2, lambda terms: True)
    assert refusal("x OR y", "x actor:k OR y actor:k", anything) is None
    assert refusal("x OR y", "x actor:kOR y actor:k", anything) is not None  # one alternative
    assert refusal("x OR y", "x actor:k OR z actor:k", anything) is not None  # y went
    assert refusal("x OR y", "x actor:k OR y actor:", anything) is not None  # a new error
    everywhere = Intent({"actor"}, 2, lambda terms: any(t.field == "actor" for t in terms))
    assert refusal("x OR y", "x actor:k OR y", everywhere) is not None  # not in every one


def test_a_query_already_over_a_limit_can_still_be_cut_down() -> None:
    text = " ".join(f"w{n}" for n in range(70)) + " actor:lukashenko"
    assert not parse_query(text).alternatives  # left out as a whole
    edit = unpick(text, "actor", "lukashenko", ACTORS)
    assert not edit.refused
    assert edit.text == text.removesuffix(" actor:lukashenko")


def test_a_query_too_long_to_read_can_be_cut_down_but_not_lengthened() -> None:
    text = "bad:x " + " ".join(f"word{n:04}" for n in range(400)) + " actor:lukashenko"
    assert len(text) > MAX_QUERY_LENGTH
    assert pick(text, "actor", "denisenko", ACTORS).refused
    edit = unpick(text, "actor", "lukashenko", ACTORS)
    assert not edit.refused
    assert edit.text == text.removesuffix(" actor:lukashenko")


def test_a_lone_alternative_keeps_its_errors_without_a_note() -> None:
    edit = unpick("actor:lukashenko bad:x", "actor", "lukashenko", ACTORS)
    assert (edit.text, edit.note) == ("bad:x", "")


def test_a_date_the_parser_cannot_read_is_still_set_and_shown() -> None:
    """The error is in the value the person typed: the field and the query show it."""
    edit = set_value("x", "after", "13/07/2024")
    assert not edit.refused
    assert edit.text == "x after:13/07/2024"
    later = set_value("x after:2024-07 before:2024-06", "before", "2024-05")
    assert not later.refused  # after: later than before: is shown on the date itself
    # ...but not where it would leave an OR with nothing on one side: kept in the field.
    refused = set_value("after:2024 OR x", "after", "13/07/2024")
    assert refused.refused
    assert "YYYY-MM-DD" in refused.note


def test_a_date_typed_fixes_one_the_parser_could_not_read() -> None:
    assert set_value("after:13/07/2024", "after", "2024-07-13").text == "after:2024-07-13"
    revived = set_value("x OR after:13/07/2024", "after", "2024-07-13")
    assert revived.text == "x after:2024-07-13 OR after:2024-07-13"


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


# -- any query ----------------------------------------------------------------------------------

# Pieces typed with or without spaces between them: `"belarus"OR`, `x"a"`, `actor:a"b c"x`, a
# stray quote or OR, errors (`bad:y`, `actor:` with no value, a date the parser cannot read).
FRAGMENTS = (
    "x",
    "Kyiv",
    '"air defence"',
    '"belarus"',
    '""',
    "-wagner",
    "tag:nato",
    "actor:khrenin",
    "actor:lukashenko,denisenko",
    'actor:"viktor k"',
    "-actor:denisenko",
    "-actor:khrenin,lukashenko",
    "Actor:Sasha",
    "AND",
    "OR",
    "OR",
    "-OR",
    "after:2024-07",
    "before:2024-09",
    "-after:2023",
    "bad:y",
    "actor:",
    "after:13/07/2024",
    '"',
    '"open phrase',
)
DATELESS = tuple(f for f in FRAGMENTS if not f.startswith(("after:", "before:")))


def fuzz(fragments: tuple[str, ...], seed: int, count: int = 600) -> list[str]:
    """Queries of one to three alternatives of one to three fragments, every join (at an OR
    too) made of nothing, one or two spaces."""
    chance = random.Random(seed)

    def sep() -> str:
        return chance.choices(["", " ", "  "], weights=[2, 5, 1])[0]

    found = []
    for _ in range(count):
        alternatives = [
            "".join(sep() + part for part in chance.choices(fragments, k=chance.randint(1, 3)))
            for _ in range(chance.randint(1, 3))
        ]
        found.append(
            "".join(
                alt if at == 0 else f"{sep()}OR{sep()}{alt}" for at, alt in enumerate(alternatives)
            )
        )
    return found


def folded_id(choice: str) -> str:
    return parse_query(f"actor:{quote_value(choice)}").alternatives[0][0].values[0]


def names(term: Term, choice: str) -> bool:
    return term.field == "actor" and any(choice in ACTORS.named(v, choice) for v in term.values)


def expect_pick(old: Query, choice: str) -> tuple[tuple[Term, ...], ...]:
    """`old` with `choice` acceptable in every alternative, worked out on the parsed terms."""
    added = Term("actor", (folded_id(choice),))
    if not old.alternatives:
        return ((added,),)
    out = []
    for terms in old.alternatives:
        if any(names(t, choice) and not t.negated for t in terms):
            out.append(terms)
            continue
        kept: list[Term] = []
        for t in terms:
            if t.field == "actor" and t.negated:
                values = tuple(v for v in t.values if choice not in ACTORS.named(v, choice))
                if values:
                    kept.append(Term("actor", values, True))
                continue
            kept.append(t)
        plain = [at for at, t in enumerate(kept) if t.field == "actor" and not t.negated]
        if plain:
            kept[plain[-1]] = Term("actor", (*kept[plain[-1]].values, added.values[0]))
        else:
            kept.append(added)
        out.append(tuple(kept))
    return tuple(out)


def expect_unpick(old: Query, choice: str) -> tuple[tuple[Term, ...], ...]:
    out = []
    for terms in old.alternatives:
        kept: list[Term] = []
        for t in terms:
            if t.field == "actor" and not t.negated:
                values = tuple(v for v in t.values if choice not in ACTORS.named(v, choice))
                if values:
                    kept.append(Term("actor", values))
                continue
            kept.append(t)
        if kept:
            out.append(tuple(kept))
    return tuple(out)


def expect_set(old: Query, value: str | None) -> tuple[tuple[Term, ...], ...]:
    new = parse_query(f"after:{value}").alternatives[0][0] if value else None
    if new is not None and not old.alternatives:
        return ((new,),)
    out = []
    for terms in old.alternatives:
        plain = [at for at, t in enumerate(terms) if t.field == "after" and not t.negated]
        kept = [t for at, t in enumerate(terms) if at not in plain[1:]]
        if new is None:
            kept = [t for at, t in enumerate(terms) if at not in plain]
        elif plain:
            kept[plain[0]] = new
        else:
            kept.append(new)
        if kept:
            out.append(tuple(kept))
    return tuple(out)


def unconcerned(text: str, concerned: str) -> list[str]:
    """The tokens an edit of `concerned` must keep, in order: all but its terms, OR and AND."""
    return [
        t
        for t in tokens(text)
        if t not in ("OR", "AND") and not t.lower().lstrip("-").startswith(concerned)
    ]


def check(
    text: str, edit: Edit, expected: tuple[tuple[Term, ...], ...] | None, concerned: str
) -> None:
    """The edit is refused exactly when a quote is open; otherwise the parsed result is the old
    query with the change and nothing else, no new error, no AND left hanging, every token
    the edit does not concern kept in order."""
    if text.count('"') % 2:
        assert edit.refused, (text, edit)
        assert edit.text == text
        return
    assert not edit.refused, (text, edit)
    new = parse_query(edit.text)
    assert expected is None or new.alternatives == expected, (text, edit.text)
    assert not errors(edit.text) - errors(text), (text, edit.text)
    assert not hanging_ands(edit.text) - hanging_ands(text), (text, edit.text)
    assert unconcerned(edit.text, concerned) == unconcerned(text, concerned), (text, edit.text)


@pytest.mark.parametrize("choice", ["khrenin", "lukashenko", "denisenko", "viktor k"])
def test_any_query_ticked_or_unticked_changes_that_choice_alone(choice: str) -> None:
    for text in fuzz(FRAGMENTS, seed=10):
        old = parse_query(text)
        ticked = pick(text, "actor", choice, ACTORS)
        check(text, ticked, expect_pick(old, choice), "actor:")
        if not ticked.refused:
            assert errors(ticked.text) == errors(text), (text, ticked.text)
            assert choice in pick_state(ticked.text, "actor", ACTORS).checked
        unticked = unpick(text, "actor", choice, ACTORS)
        check(text, unticked, expect_unpick(old, choice), "actor:")


def revives(text: str) -> bool:
    """Whether an alternative has only terms the parser leaves out, one a date: setting the
    date makes it an alternative again (tested on its own above)."""
    groups: list[list[str]] = [[]]
    for token in tokens(text):
        if token == "OR":
            groups.append([])
        else:
            groups[-1].append(token)
    return any(
        not parse_query(" ".join(group)).alternatives
        and any(token.lower().startswith("after:") for token in group)
        for group in groups
    )


@pytest.mark.parametrize("value", ["2024", "2024-08", "2023-12-31", None])
def test_any_query_with_a_date_set_or_cleared_changes_that_date_alone(value: str | None) -> None:
    dates = (*DATELESS, "after:2024-07", "before:2024-09", "After:2022")
    tried = 0
    for text in fuzz(dates, seed=11):
        if revives(text):
            continue
        tried += 1
        edit = set_value(text, "after", value)
        # A date glued to what followed it (`after:2024OR`) was left out, and is replaced
        # where it stands: the order of AND terms means nothing, so compare them as sets.
        expected = tuple(Counter(terms) for terms in expect_set(parse_query(text), value))
        got = tuple(Counter(terms) for terms in parse_query(edit.text).alternatives)
        check(text, edit, None, "after:")
        assert edit.refused or got == expected, (text, edit.text)
        if not edit.refused and parse_query(edit.text).alternatives:
            assert field_value(edit.text, "after").value == value, (text, edit.text)
    assert tried > 300
