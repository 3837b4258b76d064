"""The filter bar: controls that follow the query text and edit it as a query; errors shown in
the palette's own red, on the message and on the field at fault."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from briefing_app import paths
from briefing_app.core.loader import load_dataset
from briefing_app.core.model import Dataset
from briefing_app.core.query import parse_query
from briefing_app.ui.error_style import contrast, readable_red
from briefing_app.ui.filter_bar import FilterBar
from briefing_app.ui.filter_fields import reliability_choice
from briefing_app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # popups, offscreen
ARMY_RECOGNITION = "armyrecognition-2024-07-withdrawal"


@pytest.fixture(scope="module")
def sample() -> Dataset:
    dataset = load_dataset(paths.sample_dataset()).dataset
    assert dataset is not None
    return dataset


@pytest.fixture
def bar(qtbot: QtBot, sample: Dataset) -> FilterBar:
    widget = FilterBar()
    qtbot.addWidget(widget)
    tags = sorted({tag for event in sample.events.values() for tag in event.tags})
    widget.set_dataset(sample, tags)
    widget.resize(900, 120)
    widget.show()
    return widget


def states(bar: FilterBar, field: str) -> dict[str, Qt.CheckState]:
    """The choices not unticked, and how they are ticked."""
    choices = bar.pickers[field].choices
    items = [choices.item(row) for row in range(choices.count())]
    return {
        item.data(Qt.ItemDataRole.UserRole): item.checkState()
        for item in items
        if item.checkState() != Qt.CheckState.Unchecked
    }


def click(bar: FilterBar, field: str, choice_id: str) -> None:
    """What a click on a choice's box does: a tick flips, a half tick becomes a tick."""
    choices = bar.pickers[field].choices
    for row in range(choices.count()):
        item = choices.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == choice_id:
            ticked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked)
            return
    raise AssertionError(choice_id)


def test_unticking_in_an_or_query_leaves_a_valid_query(bar: FilterBar) -> None:
    bar.set_text("actor:khrenin OR actor:lukashenko")
    half = Qt.CheckState.PartiallyChecked
    assert states(bar, "actor") == {"khrenin": half, "lukashenko": half}
    click(bar, "actor", "lukashenko")
    assert bar.search.text() == "actor:khrenin"
    assert bar.query.errors == ()
    assert states(bar, "actor") == {"khrenin": Qt.CheckState.Checked}
    assert bar.pickers["actor"].text() == "Actors (1)"


def test_ticking_reaches_every_alternative_and_says_so(bar: FilterBar) -> None:
    bar.set_text("tag:nato OR tag:wagner")
    click(bar, "actor", "denisenko")
    assert bar.search.text() == "tag:nato actor:denisenko OR tag:wagner actor:denisenko"
    assert states(bar, "actor") == {"denisenko": Qt.CheckState.Checked}
    assert not bar.note.isHidden()
    assert "each of the 2 alternatives" in bar.note.text()
    bar.search.setText("tag:nato")  # typing again puts the note away
    bar.search.textEdited.emit("tag:nato")
    assert bar.note.isHidden()


def test_a_value_typed_by_hand_ticks_its_choice(bar: FilterBar) -> None:
    bar.set_text("source:armyrecognition")  # the publisher's name: its article and pictures
    assert states(bar, "source") == {
        ARMY_RECOGNITION: Qt.CheckState.Checked,
        "armyrecognition-2024-07-pictures": Qt.CheckState.Checked,
    }
    assert bar.pickers["source"].text() == "Sources (2)"
    bar.set_text("actor:luka")  # a piece of a name: matches, but names no one choice
    assert states(bar, "actor") == {}
    assert bar.pickers["actor"].text() == "Actors (1 typed)"


def test_a_detail_pane_click_adds_to_every_alternative(bar: FilterBar) -> None:
    bar.set_text("x OR y")
    bar.add_term("actor", "khrenin")
    assert bar.search.text() == "x actor:khrenin OR y actor:khrenin"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("", "Any reliability"),
        ("reliability:>=B", "Every source B or better"),
        ("x Reliability:>=c", "Every source C or better"),
        ("reliability:>=A", "Every source A"),
        ("reliability:A", "A source graded A (as typed)"),  # some source graded A: no item says so
        ("reliability:<=E", "A source E or worse (as typed)"),
        ("reliability:>=B OR x", "Reliability differs between alternatives"),
        ("reliability:>=B x OR reliability:>=B y", "Every source B or better"),
    ],
)
def test_reliability_typed_shows_in_the_choice(bar: FilterBar, text: str, shown: str) -> None:
    bar.set_text(text)
    assert bar.reliability.currentText() == shown
    bar.set_text("")
    assert bar.reliability.currentText() == "Any reliability"
    assert bar.reliability.count() == 6  # the "as typed" item goes when not needed


def test_reliability_chosen_reaches_every_alternative(bar: FilterBar) -> None:
    bar.set_text("x OR y reliability:<=E")
    index = bar.reliability.findData("C")
    bar.reliability.setCurrentIndex(index)
    bar.reliability.activated.emit(index)
    assert bar.search.text() == "x reliability:>=C OR y reliability:>=C"
    bar.reliability.setCurrentIndex(0)
    bar.reliability.activated.emit(0)
    assert bar.search.text() == "x OR y"


def test_reliability_items_say_what_the_query_means() -> None:
    assert reliability_choice(None) == ""
    assert reliability_choice(">=d") == "D"
    assert reliability_choice(">=F") is None
    assert reliability_choice("A") is None
    assert reliability_choice("nonsense") is None


def type_date(qtbot: QtBot, bar: FilterBar, field: str, text: str) -> None:
    edit = bar.after if field == "after" else bar.before
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_a_date_written_day_first_marks_its_field_until_fixed(qtbot: QtBot, bar: FilterBar) -> None:
    bar.activateWindow()
    type_date(qtbot, bar, "after", "13/07/2024")
    assert bar.search.text() == "after:13/07/2024"
    assert bar.after.property("inError")
    assert "YYYY-MM-DD" in bar.after.accessibleDescription()
    assert bar.error_color() in bar.after.styleSheet()
    assert bar.search.property("inError")  # the query holds the error too
    assert "YYYY-MM-DD" in bar.search.accessibleDescription()
    assert not bar.before.property("inError")
    assert bar.after.text() == "13/07/2024"  # kept as typed, to be corrected
    type_date(qtbot, bar, "after", "2024-07-13")
    assert bar.search.text() == "after:2024-07-13"
    for field in (bar.after, bar.search):
        assert not field.property("inError")
        assert field.accessibleDescription() == ""
        assert field.styleSheet() == ""


def test_a_date_before_from_marks_the_to_field(qtbot: QtBot, bar: FilterBar) -> None:
    bar.activateWindow()
    type_date(qtbot, bar, "after", "2024-08")
    type_date(qtbot, bar, "before", "2024-07")
    assert bar.before.property("inError")
    assert not bar.after.property("inError")


def test_date_fields_follow_the_text(bar: FilterBar) -> None:
    bar.set_text("x after:2024-07 before:2024-08")
    assert (bar.after.text(), bar.before.text()) == ("2024-07", "2024-08")
    bar.set_text("after:2024-07 OR y")
    assert bar.after.text() == ""
    assert "varies" in bar.after.placeholderText()
    bar.set_text("")
    assert "YYYY-MM-DD" in bar.after.placeholderText()


def test_leaving_a_date_field_untouched_changes_nothing(qtbot: QtBot, bar: FilterBar) -> None:
    bar.set_text("after:2024-07 OR y")
    bar.activateWindow()
    bar.after.setFocus()
    bar.search.setFocus()  # leaving the empty "differs" field does not clear the dates
    assert bar.search.text() == "after:2024-07 OR y"


def test_an_error_in_the_query_marks_the_query_field(bar: FilterBar) -> None:
    bar.set_text("wagner foo:bar")
    assert bar.search.property("inError")
    assert "unknown field" in bar.search.accessibleDescription()
    bar.set_text("wagner")
    assert not bar.search.property("inError")


def palette(window: str, base: str, text: str) -> QPalette:
    colours = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        colours.setColor(group, QPalette.ColorRole.Window, QColor(window))
        colours.setColor(group, QPalette.ColorRole.Base, QColor(base))
        colours.setColor(group, QPalette.ColorRole.WindowText, QColor(text))
        colours.setColor(group, QPalette.ColorRole.Text, QColor(text))
    return colours


@pytest.mark.parametrize(
    ("window", "base", "text"),
    [("#efefef", "#ffffff", "#000000"), ("#2b2b2b", "#1e1e1e", "#e0e0e0")],
    ids=["light", "dark"],
)
def test_the_error_red_reads_on_light_and_dark_palettes(
    bar: FilterBar, window: str, base: str, text: str
) -> None:
    bar.setPalette(palette(window, base, text))
    bar.set_text("foo:bar")
    red = QColor(bar.error_color())
    assert red.red() > red.green()  # still a red
    assert red.red() > red.blue()
    for background in (window, base):
        assert contrast(red, QColor(background)) >= 4.5
    assert red.name() in bar.error.styleSheet()
    assert red.name() in bar.search.styleSheet()
    # What is painted is that red, not a fixed one from the window's style sheet.
    image = bar.error.grab().toImage()
    painted = {
        image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())
    }
    assert red.name() in painted


def test_the_old_fixed_red_failed_on_a_dark_window() -> None:
    assert contrast(QColor("#b03a2e"), QColor("#2b2b2b")) < 4.5
    for background in ("#2b2b2b", "#777777", "#ffffff", "#000000"):
        assert contrast(readable_red(QColor(background)), QColor(background)) >= 4.5


def test_tab_goes_through_the_bar_in_reading_order(qtbot: QtBot, bar: FilterBar) -> None:
    bar.activateWindow()
    bar.search.setFocus()
    chain = bar.focus_chain()
    assert chain[0] is bar.search
    assert chain[-1] is bar.reliability
    visited = [QApplication.focusWidget()]
    for _ in chain[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == [
        bar.search,
        bar.help_button,
        bar.after,
        bar.before,
        *bar.pickers.values(),
        bar.reliability,
    ]


def test_alt_down_on_a_picker_opens_it_rather_than_moving_in_time(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.select_event("sof-commander-report")
    picker = window.filter_bar.pickers["actor"]
    window.activateWindow()
    picker.setFocus()
    qtbot.keyClick(picker, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert picker.popup.isVisible()
    assert window.selected == "sof-commander-report"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)  # Lukashenko, first by name
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert window.filter_bar.search.text() == "actor:lukashenko"
    assert parse_query(window.query.text).errors == ()
    assert QApplication.focusWidget() is picker


def test_the_palette_red_wins_over_the_window_style_sheet(window: MainWindow) -> None:
    bar = window.filter_bar
    bar.set_text("foo:bar")
    image = bar.error.grab().toImage()
    painted = {
        image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())
    }
    assert bar.error_color() in painted
    assert "#b03a2e" not in painted or bar.error_color() == "#b03a2e"


# -- edits the query cannot take ----------------------------------------------------------------


def test_a_tick_with_a_quote_open_is_refused_and_springs_back(bar: FilterBar) -> None:
    bar.set_text('"special operations')
    for _ in range(2):  # each click alike: nothing appended, the box unticked again
        click(bar, "actor", "khrenin")
        assert bar.search.text() == '"special operations'
        assert states(bar, "actor") == {}
        assert not bar.note.isHidden()
        assert "close the quote" in bar.note.text()
        assert "actor:khrenin not added" in bar.note.text()


def test_a_reliability_choice_refused_springs_back(bar: FilterBar) -> None:
    bar.set_text('x "open')
    index = bar.reliability.findData("C")
    bar.reliability.setCurrentIndex(index)
    bar.reliability.activated.emit(index)
    assert bar.search.text() == 'x "open'
    assert bar.reliability.currentText() == "Any reliability"
    assert "close the quote" in bar.note.text()


def test_a_tick_past_the_term_limit_is_refused_and_the_filter_kept(bar: FilterBar) -> None:
    text = " OR ".join(f"w{n}" for n in range(33))
    bar.set_text(text)
    query = bar.query
    assert len(query.alternatives) == 33
    click(bar, "actor", "khrenin")
    assert bar.search.text() == text
    assert bar.query is query  # still in force, not dropped for all events
    assert bar.query.errors == ()
    assert "at most 64 terms" in bar.note.text()
    assert states(bar, "actor") == {}


def test_a_date_refused_stays_in_its_field_until_it_can_be_applied(
    qtbot: QtBot, bar: FilterBar
) -> None:
    """A new user's `"khrenin`, then a From date: the date must not vanish into the quote."""
    bar.activateWindow()
    bar.set_text('"khrenin')
    type_date(qtbot, bar, "after", "2024-07-13")
    assert bar.search.text() == '"khrenin'
    assert bar.after.text() == "2024-07-13"  # kept as typed
    assert bar.after.property("inError")
    assert "close the quote" in bar.after.accessibleDescription()
    assert "close the quote" in bar.note.text()
    bar.search.setFocus()  # leaving the field tries again, and is refused again
    assert bar.search.text() == '"khrenin'
    bar.search.setText('"khrenin"')  # the person closes the quote; the date waits in its field
    bar.apply_now()
    assert bar.after.text() == "2024-07-13"
    assert bar.after.property("inError")
    bar.after.setFocus()
    qtbot.keyClick(bar.after, Qt.Key.Key_Return)
    assert bar.search.text() == '"khrenin" after:2024-07-13'
    assert not bar.after.property("inError")
    assert bar.after.text() == "2024-07-13"


def test_a_refused_date_goes_when_the_filter_is_cleared(qtbot: QtBot, bar: FilterBar) -> None:
    bar.activateWindow()
    bar.set_text('"khrenin')
    type_date(qtbot, bar, "after", "13/07/2024")
    assert bar.after.text() == "13/07/2024"
    bar.clear()
    assert bar.after.text() == ""
    assert not bar.after.property("inError")


def test_unticking_beside_an_error_leaves_no_dangling_or(bar: FilterBar) -> None:
    bar.set_text("actor:khrenin bad:x OR tag:nato")
    click(bar, "actor", "khrenin")
    assert bar.search.text() == "bad:x tag:nato"
    assert [e.message for e in bar.query.errors if "OR" in e.message] == []
    assert "bad:x (not understood) kept as typed" in bar.note.text()


def test_a_held_date_keeps_saying_why_after_another_edit(qtbot: QtBot, bar: FilterBar) -> None:
    bar.activateWindow()
    bar.set_text('"khrenin')
    type_date(qtbot, bar, "after", "2024-07-13")
    click(bar, "actor", "khrenin")  # refused for its own reason
    assert "actor:khrenin not added" in bar.note.text()
    assert "after:2024-07-13 not set" in bar.note.text()  # the date's reason is not lost
    assert "close the quote" in bar.after.toolTip()  # and is where the pointer is
    assert bar.after.toolTip().startswith("Events on or after this date")
