"""The names table: a whole name or alias, folded, finds all of its entity's names."""

from briefing_app.core.names import MAX_NAME_TERMS, NameRun, NameTable, folded_name

TABLE = NameTable(
    [
        ("Kyiv", "Kiev", "Київ"),
        ("Armed Forces of Ukraine", "ZSU", "Armed Forces"),
        ("Minsk",),  # no alias: nothing to add
        ("Minsk Oblast", "Minsk"),  # shares a name with the city
        ("  ", ""),  # blank names are no names
    ]
)


def test_a_name_or_alias_expands_to_every_name_first_itself() -> None:
    assert TABLE.expand("kiev") == ("kiev", "kyiv", "киів")
    assert TABLE.expand("kyiv") == ("kyiv", "kiev", "киів")
    assert TABLE.expand("kie") == ("kie",)
    assert TABLE.expand("zsu") == ("zsu", "armed forces", "armed forces of ukraine")


def test_entities_sharing_a_name_lend_each_other_their_names() -> None:
    assert TABLE.expand("minsk") == ("minsk", "minsk oblast")
    assert TABLE.expand("") == ("",)


def test_names_fold_like_queries() -> None:
    assert folded_name("  Armed\u00a0 Forces\n of  UKRAINE ") == "armed forces of ukraine"
    assert folded_name("Łukašenka") == "lukasenka"


def test_runs_take_the_longest_name_from_the_left() -> None:
    assert TABLE.runs(["armed", "forces", "of", "ukraine"]) == [
        NameRun(0, 4, ("armed forces of ukraine", "armed forces", "zsu"))
    ]
    assert TABLE.runs(["armed", "forces", "said"]) == [
        NameRun(0, 2, ("armed forces", "armed forces of ukraine", "zsu"))
    ]
    assert TABLE.runs(["minsk", "oblast", "armed", "forces"])[0].end == 2
    assert [run.start for run in TABLE.runs(["minsk", "oblast", "armed", "forces"])] == [0, 2]
    assert TABLE.runs(["kiev"]) == []  # one word is no run: `expand` covers it
    assert TABLE.runs([]) == []


def test_runs_are_bounded() -> None:
    long = NameTable([(" ".join(["w"] * (MAX_NAME_TERMS + 1)), "short")])
    assert long.runs(["w"] * (MAX_NAME_TERMS + 1)) == []
    assert long.expand(" ".join(["w"] * (MAX_NAME_TERMS + 1)))[1] == "short"
