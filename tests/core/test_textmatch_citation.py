"""Folding, highlight spans, and plain-text citations."""

from briefing_app import paths
from briefing_app.core.citation import quote_citation, source_reference
from briefing_app.core.loader import load_dataset
from briefing_app.core.textmatch import fold, match_spans


def test_fold() -> None:
    assert fold("Kyïv ÉCOLE Straße") == "kyiv ecole strasse"
    assert fold("ASCII") == "ascii"


def test_match_spans_map_back_to_the_original_text() -> None:
    text = "Straße in Kyïv; kyiv again"
    spans = match_spans(text, ("kyiv", "strasse"))
    assert [text[start:end] for start, end in spans] == ["Straße", "Kyïv", "kyiv"]
    assert match_spans("abc", ()) == []
    assert match_spans("aaaa", ("aa", "a")) == [(0, 4)]


def test_citations() -> None:
    dataset = load_dataset(paths.sample_dataset()).dataset
    assert dataset is not None
    quote = dataset.events["sof-commander-report"].quotes[2]
    assert quote_citation(quote, dataset) == (
        "Vadim Denisenko (Commander of the Special Operations Forces of Belarus), Jul 2024, "
        "as reported by Army Recognition: \u201cthe withdrawal process would be carried out "
        "calmly and routinely\u201d\n"
        "Source (paragraph 4): Army Recognition, \u201cBelarus orders immediate troop "
        "withdrawal from Ukraine border\u201d, Jul 2024, https://armyrecognition.com/"
        "focus-analysis-conflicts/army/conflicts-in-the-world/russia-ukraine-war-2022/"
        "belarus-orders-immediate-troop-withdrawal-from-ukraine-border. Reliability C: fairly "
        "reliable."
    )
    mod = dataset.sources["belarus-mod-pictures-2024-07"]
    assert source_reference(mod) == (
        "Ministry of Defence of Belarus, \u201cPictures of the southern border visit and the "
        "deployed forces\u201d, Jul 2024. Reliability D: not usually reliable."
    )
