"""Values that failed validation read as invalid in the pane and the tree, and an event's
warning is visible and heard, not only hovered."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt

from briefing_app.core.model import INVALID_VALUE
from briefing_app.core.sheet import SheetOptions, compose_sheet
from briefing_app.core.tree import build_tree
from briefing_app.ui import tree_model
from briefing_app.ui.detail_html import Colors, EventPage
from briefing_app.ui.sheet_html import sheet_html
from briefing_app.ui.tree_model import EventTreeModel
from tests.core.helpers import load_text
from tests.core.test_invalid_values import TYPOS

COLORS = Colors(text="#000", muted="#666", mark_background="#ff0", mark_text="#000", warning="#a00")


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_the_pane_shows_invalid_values_as_invalid(tmp_path: Path) -> None:
    result = load_text(tmp_path, TYPOS)
    assert result.dataset is not None
    page = plain(EventPage(result.dataset, result.dataset.events["e"], (), COLORS).html())
    assert "Status\u26a0 " + INVALID_VALUE in page.replace("\n", "")
    assert "Credibility\u26a0 " + INVALID_VALUE in page.replace("\n", "")
    assert "reported" not in page.split("Quotes")[0]  # the stand-in status is never shown
    assert "not graded" not in page
    assert "MODE INVALID" in page
    assert "DIRECT" not in page
    assert "qualifier " + INVALID_VALUE in page
    assert "Stance invalid" in page
    assert "Reliability \u26a0 " + INVALID_VALUE in page
    assert "Treat with care: its status is invalid; its credibility is invalid" in page


def test_the_tree_shows_invalid_and_says_what_the_sign_means(qapp: object, tmp_path: Path) -> None:
    result = load_text(tmp_path, TYPOS)
    assert result.dataset is not None
    model = EventTreeModel()
    model.set_tree(result.dataset, build_tree(result.dataset, "storyline"))
    rows = {
        model.index(row, 0).data(Qt.ItemDataRole.DisplayRole): row
        for row in range(model.rowCount(QModelIndex()))
    }
    bad, fine = rows["E"], rows["F"]
    assert model.index(bad, 3).data() == "invalid"
    assert model.index(bad, 4).data() == "invalid"
    spoken = model.index(fine, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "F. Warning, treat with care: the information is contested"
    sign = tree_model.warning_icon()
    assert sign is not None
    assert model.index(fine, 0).data(Qt.ItemDataRole.DecorationRole).cacheKey() == sign.cacheKey()


def test_the_sheet_shows_invalid_values_as_invalid(tmp_path: Path) -> None:
    result = load_text(tmp_path, TYPOS)
    assert result.dataset is not None
    sheet = compose_sheet(result.dataset, SheetOptions(), now=datetime(2024, 7, 14, tzinfo=UTC))
    page = plain(sheet_html(sheet))
    assert "status invalid" in page
    assert "credibility " + INVALID_VALUE in page
    assert "MODE INVALID" in page
    assert "Stance " + INVALID_VALUE in page
    assert "Reliability ?" in page
    assert "treat with care: its status is invalid" in page
    assert "status reported" not in page


def test_the_sheet_says_only_what_the_status_does_not(tmp_path: Path) -> None:
    result = load_text(
        tmp_path,
        """\
        dataset: {title: T}
        sources:
          - {id: weak, kind: article, title: W, reliability: E}
          - {id: good, kind: article, title: G, reliability: B}
        events:
          - {id: c, title: C, status: contested, sources: [good]}
          - {id: w, title: W, status: contested, sources: [weak]}
        """,
    )
    assert result.dataset is not None
    sheet = compose_sheet(result.dataset, SheetOptions(), now=datetime(2024, 7, 14, tzinfo=UTC))
    lines = [line for line in plain(sheet_html(sheet)).splitlines() if "status contested" in line]
    assert len(lines) == 2
    assert sum("treat with care" in line for line in lines) == 1
    assert any("treat with care: it rests on a source graded E" in line for line in lines)
