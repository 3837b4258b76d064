"""The detail pane marks what the filter matched: another name of a place, a number written
another way."""

from briefing_app.core.query import parse_query
from briefing_app.ui.main_window import MainWindow


def marked(window: MainWindow) -> list[str]:
    """The texts the pane shows highlighted."""
    document = window.detail.document()
    found, block = [], document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().background().style().name != "NoBrush":
                found.append(fragment.text())
            iterator += 1
        block = block.next()
    return found


def test_an_alias_in_the_query_marks_the_name_in_the_pane(window: MainWindow) -> None:
    window.apply_query(parse_query("kiev"))
    assert window.count_label.text().startswith("2 of ")
    window.select_event("northern-defences")  # its text says "the 2022 advance on Kyiv"
    assert "Kyiv" in marked(window)


def test_a_number_marks_the_same_number_with_separators(window: MainWindow) -> None:
    window.apply_query(parse_query("9000"))
    window.select_event("russian-troops-2024")
    assert "9,000" in marked(window)


def test_a_number_marks_the_figure_and_a_role_marks_the_speaker_line(window: MainWindow) -> None:
    window.apply_query(parse_query("9000"))
    window.select_event("joint-grouping-2022")  # 9,000 in its summary and as a figure's value
    shown = window.detail.toPlainText().count("9,000")
    assert shown >= 2
    assert sum(text.count("9,000") for text in marked(window)) == shown
    window.apply_query(parse_query('"Defence Minister"'))
    window.select_event("withdrawal-announced")
    assert "Defence Minister" in marked(window)


def test_source_titles_are_not_marked_since_free_text_does_not_search_them(
    window: MainWindow,
) -> None:
    window.apply_query(parse_query("withdrawal"))
    window.select_event("withdrawal-announced")
    page = window.detail.toPlainText()
    assert "withdrawal" in page[page.rindex("Sources") :].lower()  # the source's title says it
    # What this event says comes before the links to other events and the sources.
    own = page[: page.index("Sub-events")].lower()
    marks = [text for text in marked(window) if text.lower() == "withdrawal"]
    assert len(marks) == own.count("withdrawal") > 0
