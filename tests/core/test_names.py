"""The names table: a whole name or alias, folded, finds its entity's other names, each as a
whole word; the table is linear in the names it holds, and an expansion is capped."""

import time

from briefing_app.core.names import (
    MAX_NAME_LENGTH,
    MAX_NAME_TERMS,
    MAX_OTHER_NAMES,
    NameRun,
    NameTable,
    folded_name,
    name_key,
)
from briefing_app.core.textmatch import WholeWord

TABLE = NameTable(
    [
        ("Kyiv", "Kiev", "Київ"),
        ("Armed Forces of Ukraine", "ZSU", "Armed Forces"),
        ("Minsk",),  # no alias: nothing to add
        ("Minsk Oblast", "Minsk"),  # shares a name with the city
        ("  ", ""),  # blank names are no names
        ("United Kingdom", "UK", "(U.K.)", "a", "-", "#1"),
        ("北京", "Beijing"),
    ]
)


def test_a_name_or_alias_finds_the_other_names_as_whole_words() -> None:
    assert TABLE.others("kiev") == ("kyiv", "киів")
    assert TABLE.others("kyiv") == ("kiev", "киів")
    assert all(isinstance(name, WholeWord) for name in TABLE.others("kiev"))
    assert TABLE.others("kie") == ()
    assert TABLE.others("zsu") == ("armed forces", "armed forces of ukraine")
    assert TABLE.others("minsk oblast") == ("minsk",)


def test_entities_sharing_a_name_lend_each_other_their_names() -> None:
    assert TABLE.others("minsk") == ("minsk oblast",)
    assert TABLE.others("") == ()


def test_names_too_short_or_not_words_name_nothing() -> None:
    """`a`, `-` and `#1` would make a name match almost every event; `(U.K.)` is `u.k`."""
    assert TABLE.others("uk") == ("u.k", "united kingdom")
    assert TABLE.others("a") == ()
    assert TABLE.others("-") == ()
    assert TABLE.others("#1") == ()
    assert TABLE.others("(u.k.)") == ("uk", "united kingdom")  # typed, trimmed the same
    assert name_key("  ") == name_key("x") == name_key("--") == ""
    assert name_key("u.s.") == "u.s"
    assert name_key("a" * (MAX_NAME_LENGTH + 1)) == ""


def test_a_name_in_a_script_without_spaces_stays_plain_text() -> None:
    """Chinese runs its words together: `北京` is found inside a sentence, not as a word."""
    (name,) = TABLE.others("beijing")
    assert name == "北京"
    assert not isinstance(name, WholeWord)
    assert isinstance(TABLE.others("北京")[0], WholeWord)


def test_names_fold_like_queries() -> None:
    assert folded_name("  Armed\u00a0 Forces\n of  UKRAINE ") == "armed forces of ukraine"
    assert folded_name("Łukašenka") == "lukasenka"


def test_runs_take_the_longest_name_from_the_left() -> None:
    assert TABLE.runs(["armed", "forces", "of", "ukraine"]) == [
        NameRun(0, 4, ("armed forces", "zsu"))
    ]
    assert TABLE.runs(["armed", "forces", "said"]) == [
        NameRun(0, 2, ("armed forces of ukraine", "zsu"))
    ]
    assert TABLE.runs(["minsk", "oblast", "armed", "forces"])[0].end == 2
    assert [run.start for run in TABLE.runs(["minsk", "oblast", "armed", "forces"])] == [0, 2]
    assert TABLE.runs(["kiev"]) == []  # one word is no run: `others` covers it
    assert TABLE.runs([]) == []


def test_runs_are_bounded() -> None:
    long = NameTable([(" ".join(["ww"] * (MAX_NAME_TERMS + 1)), "short")])
    assert long.runs(["ww"] * (MAX_NAME_TERMS + 1)) == []
    assert long.others(" ".join(["ww"] * (MAX_NAME_TERMS + 1))) == ("short",)


def test_an_entity_with_thousands_of_aliases_costs_its_names_once() -> None:
    """Every alias once had a sorted copy of all the others: 8,000 aliases took 40 s and 2.5 GB.
    Now the entity is one group its names share, and a term brings at most MAX_OTHER_NAMES."""
    aliases = [f"a{number}" for number in range(20_000)]
    started = time.perf_counter()
    table = NameTable([("Actor", *aliases)])
    assert time.perf_counter() - started < 2  # about 0.05 s; quadratic, it took minutes
    assert [len(group) for group in table._groups] == [20_001]
    assert all(groups == [0] for groups in table._member_of.values())
    others = table.others("a17")
    assert len(others) == MAX_OTHER_NAMES
    assert "a17" not in others
    assert others == tuple(sorted(others))


def test_a_name_shared_by_thousands_of_entities_brings_a_capped_few() -> None:
    table = NameTable([(f"Border {number}", "zz") for number in range(10_000)])
    others = table.others("zz")
    assert len(others) == MAX_OTHER_NAMES
    assert set(others) <= {f"border {number}" for number in range(10_000)}
    assert table.others("border 7") == ("zz",)
    # The same names twice are one group.
    assert len(NameTable([("Kyiv", "Kiev")] * 1000)._groups) == 1
