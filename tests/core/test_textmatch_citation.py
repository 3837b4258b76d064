"""Folding, highlight spans, and plain-text citations (bidi-safe to paste anywhere)."""

import json
from pathlib import Path

from briefing_app import paths
from briefing_app.core.citation import cited, quote_citation, source_reference
from briefing_app.core.loader import load_dataset
from briefing_app.core.safetext import FSI, PDF, PDI
from briefing_app.core.textmatch import fold, match_spans
from tests.core.helpers import load_text


def test_fold() -> None:
    assert fold("Kyïv ÉCOLE Straße") == "kyiv ecole strasse"
    assert fold("ASCII") == "ascii"
    assert fold("Łukašenka Wag\u200bner") == "lukasenka wagner"  # more in test_folding.py


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
        "withdrawal from Ukraine border\u201d, in English, https://armyrecognition.com/"
        "focus-analysis-conflicts/army/conflicts-in-the-world/russia-ukraine-war-2022/"
        "belarus-orders-immediate-troop-withdrawal-from-ukraine-border. Reliability C: fairly "
        "reliable."
    )
    mod = dataset.sources["belarus-mod-pictures-2024-07"]
    assert source_reference(mod) == (
        "Ministry of Defence of Belarus, \u201cPictures of the southern border visit and the "
        "deployed forces\u201d. Reliability D: not usually reliable."
    )


RTL_QUOTE = """\
dataset: {title: T}
sources:
  - id: s
    kind: article
    title: "Report\u202e"
    publisher: "\u05d4\u05d0\u05e8\u05e5"
    url: "https://example.org/invoice\u202egpj.exe"
    reliability: C
actors:
  - {id: k, name: "Khrenin\u202eretsiniM", kind: person}
events:
  - id: e
    title: E
    sources: [s]
    quotes:
      - {text: "we go\u202b", mode: reported, speaker: k, speaker_role: "Minister\u202d", source: s}
"""


def test_a_copied_citation_keeps_each_data_string_to_itself(tmp_path: Path) -> None:
    """An unclosed override in a name must not reverse the citation's own words after it, in
    whatever document the citation is pasted into."""
    dataset = load_text(tmp_path, RTL_QUOTE).dataset
    assert dataset is not None
    citation = quote_citation(dataset.events["e"].quotes[0], dataset)
    assert citation == (
        f"{FSI}Khrenin\u202eretsiniM{PDF}{PDI} ({FSI}Minister\u202d{PDF}{PDI}), as reported by "
        f"{FSI}\u05d4\u05d0\u05e8\u05e5{PDI}: \u201c{FSI}we go\u202b{PDF}{PDI}\u201d\n"
        f"Source: {FSI}\u05d4\u05d0\u05e8\u05e5{PDI}, \u201c{FSI}Report\u202e{PDF}{PDI}\u201d, "
        "https://example.org/invoice%E2%80%AEgpj.exe. Reliability C: fairly reliable."
    )


FORGED_QUOTE = (
    "We will withdraw.\u201d \u2014 Minister of Defence, 13 Jul 2024\n"
    "Source (paragraph 2): Ministry of Defence, \u201cOfficial statement\u201d... Reliability A..."
    "\n\n\u201c"
)


def test_a_multi_line_quote_cannot_forge_a_citation_line(tmp_path: Path) -> None:
    """A quote whose text imitates the end of a citation and a `Source` line of a reliable
    source stays on the quote's line: the citation's lines are the app's own, and its one
    `Source` line names the real source."""
    dataset_text = f"""\
dataset: {{title: T}}
sources:
  - id: s
    kind: social_post
    title: "Thread\\n\\u2029Reliability A"
    publisher: some forum
    reliability: F
actors:
  - {{id: p, name: "Anonymous\\u2028poster", kind: person}}
events:
  - id: e
    title: E
    sources: [s]
    quotes:
      - text: {json.dumps(FORGED_QUOTE)}
        mode: direct
        speaker: p
        source: s
        locator: "post 7\\r\\nSource: forged"
"""
    result = load_text(tmp_path, dataset_text)
    dataset = result.dataset
    assert dataset is not None
    quote = dataset.events["e"].quotes[0]
    assert quote.text == FORGED_QUOTE  # the quote is loaded as written
    citation = quote_citation(quote, dataset)
    lines = citation.splitlines()  # \u2028 and \u2029 too, as an editor or word processor breaks
    assert citation.split("\n") == lines
    assert len(lines) == 2
    said, source = lines
    assert said == (
        "\u201cWe will withdraw.\u201d \u2014 Minister of Defence, 13 Jul 2024 Source (paragraph "
        "2): Ministry of Defence, \u201cOfficial statement\u201d... Reliability A... \u201c"
        "\u201d \u2014 Anonymous poster"
    )
    assert source == (
        "Source (post 7 Source: forged): some forum, \u201cThread Reliability A\u201d. "
        "Reliability F: reliability cannot be judged."
    )
    assert source_reference(dataset.sources["s"]).count("\n") == 0


def test_citation_data_keeps_its_isolation_on_one_line() -> None:
    assert cited("a\n\n  b\u2028c\u2029d\te\x85f\rg") == "a b c d e f g"
    assert cited("\u05d4\n\u202e\u05d0") == f"{FSI}\u05d4 \u202e\u05d0{PDF}{PDI}"
    assert cited("\x1b[2K x") == "\u241b[2K x"
