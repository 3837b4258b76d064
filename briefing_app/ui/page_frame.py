"""What every page of a sheet carries around its body: the marking at top and bottom, the
sheet's title and page number in the header, and in the footer the dataset, the version of the
data and when it was printed.

The header and footer span exactly the body's width, so all three share one left edge and one
right edge. The marking and the version are never cut: the marking's font shrinks until it
fits, and a footer too full for one row gives the version a row of its own rather than eliding
the dataset's title into it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPagedPaintDevice, QPainter

from briefing_app.core.sheet import Sheet

INK = QColor("#111111")
FAINT = QColor("#555555")
MARKING_POINTS = 8.5
SMALL_POINTS = 7.5  # the header's and footer's text
MARKING_LINE_MM = 4.2  # the height of a marking's row
RULE_GAP_MM = 0.6  # between a rule and the text it divides from the body


def sheet_font(point_size: float, *, bold: bool = False) -> QFont:
    """A font for the sheet. Without ligatures the PDF's text is the words themselves: "fi"
    stays two letters, so a search for "fortifies" finds it in every reader."""
    font = QFont()
    font.setPointSizeF(point_size)
    font.setBold(bold)
    font.setFeature(QFont.Tag("liga"), 0)
    return font


def mm(device: QPagedPaintDevice, millimetres: float) -> float:
    return millimetres / 25.4 * device.logicalDpiY()


def page_number(number: int, pages: int) -> str:
    return f"Page {number:,} of {pages:,}"


@dataclass(frozen=True, slots=True)
class FooterRows:
    """The footer's text as it fits the page: `title` (the dataset's, elided only if it alone is
    wider than the page) and `stamp` (version and printing time, whole) share a row when they
    fit side by side, or else the stamp takes the row below."""

    title: str
    stamp: str
    two_rows: bool


def footer_rows(metrics: QFontMetricsF, title: str, stamp: str, width: float) -> FooterRows:
    advance = metrics.horizontalAdvance
    if not title or advance(title) + advance("    ") + advance(stamp) <= width:
        return FooterRows(title, stamp, two_rows=False)
    elided = metrics.elidedText(title, Qt.TextElideMode.ElideRight, width)
    return FooterRows(elided, stamp, two_rows=True)


def paint_frame(
    painter: QPainter,
    device: QPagedPaintDevice,
    sheet: Sheet,
    number: int,
    pages: int,
    width: float,
    height: float,
) -> None:
    """Marking top and bottom on every page; title and page number in the header; dataset,
    version and printing time in the footer. The dataset's title is left out of the footer
    when the sheet's title already says it (`Sheet.subtitle`)."""
    marking = marking_font(painter, sheet.marking, width)
    small = sheet_font(SMALL_POINTS)
    metrics = QFontMetricsF(small, device)
    line = mm(device, MARKING_LINE_MM)
    row = metrics.lineSpacing()
    left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    centre = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop

    painter.setPen(INK)
    painter.setFont(marking)
    painter.drawText(QRectF(0, 0, width, line), centre, sheet.marking)
    painter.drawText(QRectF(0, height - line, width, line), centre, sheet.marking)

    painter.setFont(small)
    painter.setPen(FAINT)
    numbering = page_number(number, pages)
    room = width - metrics.horizontalAdvance(numbering) - metrics.horizontalAdvance("    ")
    title = metrics.elidedText(sheet.title, Qt.TextElideMode.ElideRight, max(room, 0.0))
    painter.drawText(QRectF(0, line, width, line), left, title)
    painter.drawText(QRectF(0, line, width, line), right, numbering)
    rule = line * 2.1
    painter.drawLine(0, round(rule), round(width), round(rule))

    stamp = f"{sheet.version} \u00b7 printed {sheet.made}"
    fitted = footer_rows(metrics, sheet.subtitle, stamp, width)
    bottom_row = QRectF(0, height - line - row, width, row)
    if fitted.two_rows:
        painter.drawText(bottom_row, right, fitted.stamp)
        top_row = bottom_row.translated(0, -row)
        painter.drawText(top_row, left, fitted.title)
    else:
        top_row = bottom_row
        painter.drawText(top_row, left, fitted.title)
        painter.drawText(top_row, right, fitted.stamp)
    rule = top_row.top() - mm(device, RULE_GAP_MM)
    painter.drawLine(0, round(rule), round(width), round(rule))


def marking_font(painter: QPainter, marking: str, width: float) -> QFont:
    """The marking's font, made smaller if need be so that the whole marking fits the width.
    The loader already refuses a marking too long to print; this holds for glyphs wider than
    a character count can foresee, as a marking is never to be cut short."""
    font = sheet_font(MARKING_POINTS, bold=True)
    advance = QFontMetricsF(font, painter.device()).horizontalAdvance(marking)
    if advance > width > 0:
        font.setPointSizeF(max(MARKING_POINTS * width / advance * 0.98, 1.0))
    return font
