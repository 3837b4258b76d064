"""The bundled sample briefing: clean, faithful to its report, and in step with the JSON Schema."""

import json
import re
from pathlib import Path

import pytest
import yaml

from briefing_app import paths
from briefing_app.core.citation import chain_lines
from briefing_app.core.loader import FIELDS, load_dataset
from briefing_app.core.model import Dataset, Quote
from briefing_app.core.quote_marks import quote_pieces, quoted_runs

REPORT = Path(__file__).resolve().parents[3] / "shared" / "sources" / "000_14dd2039a843f4f6.txt"


@pytest.fixture(scope="module")
def sample() -> Dataset:
    result = load_dataset(paths.sample_dataset())
    assert result.problems == ()
    assert result.dataset is not None
    return result.dataset


def test_sample_validates_clean(sample: Dataset) -> None:
    assert len(sample.events) >= 12
    assert sample.info.marking == "UNCLASSIFIED // OPEN SOURCE"


def test_tree_spans_2022_to_july_2024(sample: Dataset) -> None:
    dates = [event.date for event in sample.events.values() if event.date]
    assert min(date.start.lower for date in dates if date.start) == "2022-01-01"
    assert max(date.upper for date in dates) == "2024-12-31"  # `2024?` and `2023/2024`
    assert len(sample.roots()) == 4
    assert all(sample.children_of(root) for root in sample.roots())


def test_announcement_and_who_ordered_it(sample: Dataset) -> None:
    announced = sample.events["withdrawal-announced"]
    assert announced.date is not None
    assert announced.date.text == "2024-07-13"
    assert {actor.actor for actor in announced.actors} >= {"khrenin"}
    ordered = sample.events["lukashenko-orders-withdrawal"]
    assert [a.actor for a in ordered.actors if a.role == "gave the order"] == ["lukashenko"]


def test_contested_withdrawal_names_who_contests_it(sample: Dataset) -> None:
    announced = sample.events["withdrawal-announced"]
    assert announced.status == "contested"
    assert [(d.by, d.stance) for d in announced.disputes] == [("ukrainian-officials", "contests")]


def test_estimates_keep_their_ranges(sample: Dataset) -> None:
    figures = {f.label: f for f in sample.events["btg-deployment-2024"].figures}
    troops = figures["Troops in those battalion tactical groups"]
    assert (troops.low, troops.high, troops.qualifier) == (4000, 6000, "estimate")
    groups = figures["Battalion tactical groups near the border"]
    assert (groups.value, groups.qualifier) == (4, "up_to")
    russians = sample.events["russian-troops-2024"].figures[0]
    assert (russians.value, russians.qualifier) == (9000, "approx")
    grouping = sample.events["joint-grouping-2022"]
    assert grouping.date is not None
    assert grouping.date.text == "2022-10/2022-12"
    assert (grouping.figures[0].value, grouping.figures[0].qualifier) == (9000, "up_to")


def test_every_person_and_body_is_an_actor(sample: Dataset) -> None:
    names = {actor.name for actor in sample.actors.values()}
    assert {
        "Alexander Lukashenko",
        "Viktor Khrenin",
        "Vadim Denisenko",
        "NATO",
        "Wagner Group",
        "Ministry of Defence of Belarus",
        "Special Operations Forces of Belarus",
        "Armed Forces of Ukraine",
        "Ukrainian officials",
    } <= names


def test_sources_are_graded(sample: Dataset) -> None:
    grades = {source.publisher: source.reliability for source in sample.sources.values()}
    assert grades == {"Army Recognition": "C", "Ministry of Defence of Belarus": "D"}


def test_quotes_are_short_attributed_and_located(sample: Dataset) -> None:
    quotes = [quote for event in sample.events.values() for quote in event.quotes]
    assert len(quotes) >= 10
    for quote in quotes:
        assert quote.locator
        assert len(quote.text.split()) <= 20
        # The report prints no one's own words in quotation marks: all are its account, or its
        # own analysis, which has no speaker.
        if quote.mode == "editorial":
            assert quote.speaker is None
            assert sample.sources[quote.source].publisher == "Army Recognition"
        else:
            assert quote.mode == "reported"
            assert quote.speaker in sample.actors


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _body_paragraphs() -> list[str]:
    """The report's body paragraphs, as `paragraph N` counts them: one a line, without the page's
    furniture (headline, links, copyright) and without the picture captions."""
    furniture = ("Skip to main content", "Follow Army Recognition", "Copyright", "Belarus orders")
    return [
        _flat(line)
        for line in REPORT.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith(furniture) and "(Picture source:" not in line
    ]


def _paragraph(locator: str) -> str:
    match = re.fullmatch(r"paragraph (\d+)", locator)
    assert match, locator
    return _body_paragraphs()[int(match.group(1)) - 1]


needs_report = pytest.mark.skipif(
    not REPORT.exists(), reason="the source report is only kept beside the repo"
)


def _in_order(runs: list[str], text: str) -> bool:
    """Whether each run is in `text`, each after the one before."""
    at = 0
    for run in runs:
        found = text.find(run, at)
        if found < 0:
            return False
        at = found + len(run)
    return True


def _quoted_runs(sample: Dataset, quote: Quote) -> list[str]:
    """The report's own words of a quote: everything outside its editorial marks."""
    return [_flat(run) for run in quoted_runs(quote_pieces(quote.text, sample.info.format))]


@needs_report
def test_quotes_are_exact_excerpts_of_the_report(sample: Dataset) -> None:
    report = _flat(REPORT.read_text(encoding="utf-8"))
    marked = 0
    for event in sample.events.values():
        for quote in event.quotes:
            runs = _quoted_runs(sample, quote)
            marked += len(runs) > 1 or _flat(quote.text) not in report
            assert _in_order(runs, report), (event.id, quote.text)
        for figure in event.figures:
            if figure.as_stated:  # the source's own words for the figure
                assert _flat(figure.as_stated) in report, (event.id, figure.as_stated)
    assert marked == 2  # an omission and an insertion


@needs_report
def test_locators_point_at_the_right_paragraph(sample: Dataset) -> None:
    assert len(_body_paragraphs()) == 9
    words = {4: "four"}
    for event in sample.events.values():
        for quote in event.quotes:
            assert _in_order(_quoted_runs(sample, quote), _paragraph(quote.locator)), quote.text
        for figure in event.figures:
            paragraph = _paragraph(figure.locator)
            for number in (figure.value, figure.low, figure.high):
                if number is not None:
                    written = words.get(int(number), f"{int(number):,}")
                    assert written in paragraph, (event.id, figure.label, written)
        for dispute in event.disputes:
            _paragraph(dispute.locator)


@needs_report
def test_sources_give_no_date_the_report_does_not(sample: Dataset) -> None:
    # The copy prints no publication date (13 July 2024 is the announcement's date), so the
    # article, and the pictures known only through it, carry none.
    report = REPORT.read_text(encoding="utf-8")
    assert "Published" not in report
    assert "published" not in report
    for source in sample.sources.values():
        assert source.published is None, source.id
    note = sample.sources["armyrecognition-2024-07-withdrawal"].reliability_note
    assert "prints no publication date" in note


def test_the_sample_shows_what_format_2_adds_where_the_report_supports_it(
    sample: Dataset,
) -> None:
    assert sample.info.format == 2
    # The pictures were seen in the article, which credits them to the ministry.
    assert chain_lines(sample.sources, "armyrecognition-2024-07-pictures") == [
        "Ministry of Defence of Belarus (D), read in Army Recognition (C)"
    ]
    assert sample.sources["armyrecognition-2024-07-withdrawal"].language == "en"
    kinds = {event.id: event.kind for event in sample.events.values() if event.kind != "occurrence"}
    assert kinds == {
        "lukashenko-claims-ukraine-pullback": "statement",
        "sof-commander-report": "statement",
        "de-escalation-assessment": "assessment",
        "northern-resource-drain": "assessment",
    }
    editorial = [q for e in sample.events.values() for q in e.quotes if q.mode == "editorial"]
    assert len(editorial) == 2
    troops = sample.events["btg-deployment-2024"].figures[1]
    assert troops.as_stated == "an estimated 4,000 to 6,000 troops"  # the range, kept


# -- what a reader reads: attributions, aliases, grades, titles ----------------------------------


def test_no_role_repeats_the_name(sample: Dataset) -> None:
    def same(a: str, b: str) -> bool:
        return a.casefold().strip() == b.casefold().strip()

    for actor in sample.actors.values():
        assert not same(actor.title, actor.name), actor.id
    for event in sample.events.values():
        for part in event.actors:
            assert not same(part.role, sample.actors[part.actor].name), (event.id, part.actor)
        for quote in event.quotes:
            if quote.mode == "editorial":
                continue
            assert quote.speaker is not None
            name = sample.actors[quote.speaker].name
            assert not same(quote.speaker_role, name), (event.id, quote.speaker)
    officials = sample.events["ukrainian-scepticism"].quotes[0]
    assert (officials.speaker, officials.speaker_role) == ("ukrainian-officials", "")


def test_no_state_is_aliased_by_a_city(sample: Dataset) -> None:
    # "Minsk" is the capital, the seat of government: the report's "efforts by Minsk" is a figure
    # of speech, and as an alias it made a search for Minsk match every event Belarus is in.
    cities = {"minsk", "kyiv", "kiev", "moscow"}
    for place in sample.places.values():
        if place.kind in {"city", "town", "village"}:
            cities |= {name.casefold() for name in (place.name, *place.aliases)}
    for actor in sample.actors.values():
        if actor.kind == "state":
            assert not cities & {alias.casefold() for alias in actor.aliases}, actor.id
    assert "Minsk" not in sample.actors["belarus"].aliases


def test_every_event_names_its_actors(sample: Dataset) -> None:
    # No "No actor" group: an assessment names whoever made it.
    for event in sample.events.values():
        assert event.actors, event.id
        if event.status == "assessed":
            assessors = [a.actor for a in event.actors if a.role == "made the assessment"]
            assert assessors == ["army-recognition"], event.id


def test_credibility_is_no_better_than_its_sources_allow(sample: Dataset) -> None:
    # One C-graded report relaying statements nobody else confirms is at best "possibly true".
    for event in sample.events.values():
        grades = {sample.sources[source].reliability for source in event.cited_source_ids()}
        if grades <= set("CDEF") and event.credibility is not None:
            assert event.credibility >= 3, event.id
    graded = {e.credibility for e in sample.events.values() if e.credibility is not None}
    assert graded == {3}


def test_contested_claims_say_who_contests_them(sample: Dataset) -> None:
    contested = [e for e in sample.events.values() if e.status == "contested"]
    assert {e.id for e in contested} == {"withdrawal-2024", "withdrawal-announced"}
    for event in contested:
        assert ("ukrainian-officials", "contests") in [(d.by, d.stance) for d in event.disputes]


def test_titles_do_not_assert_what_is_contested(sample: Dataset) -> None:
    title = sample.info.title
    assert title == "Belarus announces withdrawal of troops from the Ukraine border (July 2024)"
    assert sample.events["withdrawal-2024"].title.startswith("Belarus announces")
    for text in (title, sample.info.description, sample.events["withdrawal-2024"].title):
        assert not re.search(r"\b(withdraws|withdrew|draws down|drew down)\b", text), text


# -- the JSON Schema ---------------------------------------------------------------------------

SCHEMA_DEFINITIONS = {
    "file": None,
    "dataset": "dataset",
    "source": "source",
    "actor": "actor",
    "place": "place",
    "event": "event",
    "event_actor": "event_actor",
    "figure": "figure",
    "quote": "quote",
    "dispute": "dispute",
    "actor_title": "actor_title",
}


def _schema() -> dict[str, object]:
    loaded: dict[str, object] = json.loads(
        paths.resource("dataset.schema.json").read_text(encoding="utf-8")
    )
    return loaded


def test_schema_and_loader_know_the_same_keys() -> None:
    schema = _schema()
    definitions = schema["definitions"]
    assert isinstance(definitions, dict)
    assert set(FIELDS) == set(SCHEMA_DEFINITIONS)
    for kind, fields in FIELDS.items():
        name = SCHEMA_DEFINITIONS[kind]
        node = schema if name is None else definitions[name]
        assert set(node["properties"]) == set(fields.allowed), kind
        assert set(node.get("required", [])) == set(fields.required), kind


def test_sample_files_satisfy_the_schema() -> None:
    import jsonschema

    validator = jsonschema.Draft7Validator(_schema())
    files = sorted(paths.sample_dataset().rglob("*.yaml"))
    assert len(files) == 5
    for path in files:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
        assert errors == [], path


def test_schema_rejects_what_the_loader_rejects() -> None:
    import jsonschema

    validator = jsonschema.Draft7Validator(_schema())
    bad = {
        "dataset": {"title": "T", "langauge": "en"},
        "sources": [{"id": "S 1", "kind": "artcle", "title": "S", "reliability": "b"}],
    }
    assert len(list(validator.iter_errors(bad))) == 4
