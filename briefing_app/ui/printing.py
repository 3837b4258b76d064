"""Laying a composed sheet out on pages: one code path for the printer, the preview and PDF.

`paint_sheet` lays the sheet's HTML out at the device's resolution, moves page breaks so that no
heading ends a page and no quote is split when it fits on one, then paints each page with the
marking, title, page number and version around it. Text stays text: a PDF made here can be
searched and copied from.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QLocale, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrameFormat,
    QTextTable,
)

from briefing_app import paths
from briefing_app.core.sheet import Sheet
from briefing_app.ui.sheet_html import sheet_html

MARGINS_MM = QMarginsF(18, 14, 18, 14)
HEADER_MM = 11.0
FOOTER_MM = 13.0
BODY_POINT_SIZE = 9.5
INK = QColor("#111111")
FAINT = QColor("#555555")


class ExportError(RuntimeError):
    """The PDF could not be written; nothing was left behind and nothing was replaced."""


def page_layout(sheet: Sheet) -> QPageLayout:
    size = QPageSize(
        QPageSize.PageSizeId.Letter
        if sheet.options.page_size == "Letter"
        else QPageSize.PageSizeId.A4
    )
    orientation = (
        QPageLayout.Orientation.Landscape
        if sheet.options.landscape
        else QPageLayout.Orientation.Portrait
    )
    return QPageLayout(size, orientation, MARGINS_MM, QPageLayout.Unit.Millimeter)


def sheet_font(point_size: float, *, bold: bool = False) -> QFont:
    """A font for the sheet. Without ligatures the PDF's text is the words themselves: "fi"
    stays two letters, so a search for "fortifies" finds it in every reader."""
    font = QFont()
    font.setPointSizeF(point_size)
    font.setBold(bold)
    font.setFeature(QFont.Tag("liga"), 0)
    return font


def default_page_size() -> str:
    """Letter where the locale measures in inches (the US), A4 elsewhere."""
    imperial = QLocale.system().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return "Letter" if imperial else "A4"


def _mm(device: QPagedPaintDevice, millimetres: float) -> float:
    return millimetres / 25.4 * device.logicalDpiY()


def build_document(sheet: Sheet, device: QPagedPaintDevice, body: QSizeF) -> QTextDocument:
    """The sheet laid out for `device` in pages of `body` size, with page breaks moved."""
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)
    document.setDefaultFont(sheet_font(BODY_POINT_SIZE))
    document.setDefaultStyleSheet(paths.resource("styles", "sheet.css").read_text("utf-8"))
    document.setHtml(sheet_html(sheet))
    document.setPageSize(body)
    keep_together(document)
    return document


def keep_together(document: QTextDocument) -> None:
    """Move page breaks: a heading goes to the next page rather than end one without the start
    of its section, and a quote (a one-cell table) moves whole to the next page when it would
    be split but fits on one.

    Qt's rich text has no `break-inside: avoid` or keep-with-next, so the layout is checked and
    a page break set before each offender, a few rounds until nothing moves."""
    page_height = document.pageSize().height()
    layout = document.documentLayout()

    def page(y: float) -> int:
        return int(y // page_height)

    for _ in range(8):
        moved = False
        block = document.begin()
        while block.isValid():
            heading = block.blockFormat().headingLevel() > 0
            following = block.next()
            if heading and following.isValid() and _breaks_freely(block.blockFormat()):
                # Keep the heading with its section's first lines: the block after it (an
                # event's dates and status) and the first line of the one after that.
                kept = following.next() if following.next().isValid() else following
                line = kept.layout().lineAt(0) if kept.layout().lineCount() else None
                first_line = line.height() if line is not None else 0.0
                top = layout.blockBoundingRect(block).top()
                after = layout.blockBoundingRect(kept).top() + first_line
                if page(top) != page(after - 1):
                    cursor = QTextCursor(block)
                    format_ = block.blockFormat()
                    format_.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                    cursor.setBlockFormat(format_)
                    moved = True
            block = following
        for frame in document.rootFrame().childFrames():
            if isinstance(frame, QTextTable) and frame.rows() == 1 and frame.columns() == 1:
                rect = layout.frameBoundingRect(frame)
                split = page(rect.top()) != page(rect.bottom() - 1)
                if split and rect.height() < page_height and _breaks_freely(frame.format()):
                    # A table's own format: a plain frame format would drop its columns.
                    table_format = frame.format()
                    table_format.setPageBreakPolicy(
                        QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
                    )
                    frame.setFormat(table_format)
                    moved = True
        # Lay the whole document out again: after format changes Qt's incremental relayout can
        # leave blocks after a moved heading unplaced, and they would not print.
        document.markContentsDirty(0, document.characterCount())
        if not moved:
            return


def _breaks_freely(format_: QTextBlockFormat | QTextFrameFormat) -> bool:
    return format_.pageBreakPolicy() == QTextFormat.PageBreakFlag.PageBreak_Auto


def paint_sheet(sheet: Sheet, device: QPagedPaintDevice) -> int:
    """Paint every page of the sheet on `device` (a QPrinter or QPdfWriter) in the device's
    page layout, so a paper size chosen in the print dialog or preview is the one used;
    returns the number of pages."""
    paint_rect = device.pageLayout().paintRectPixels(device.resolution())
    width, height = float(paint_rect.width()), float(paint_rect.height())
    header, footer = _mm(device, HEADER_MM), _mm(device, FOOTER_MM)
    body = QSizeF(width, height - header - footer)
    document = build_document(sheet, device, body)
    pages = document.pageCount()
    painter = QPainter()
    if not painter.begin(device):
        raise ExportError("the printer or file could not be opened for writing")
    try:
        context = QAbstractTextDocumentLayout.PaintContext()
        palette = QPalette()
        palette.setColor(QPalette.ColorRole.Text, INK)  # paper is light, whatever the screen is
        context.palette = palette
        for number in range(pages):
            if number:
                device.newPage()
            _paint_margins(painter, device, sheet, number + 1, pages, width, height)
            painter.save()
            painter.translate(0, header - number * body.height())
            context.clip = QRectF(0, number * body.height(), width, body.height())
            painter.setClipRect(context.clip)
            document.documentLayout().draw(painter, context)
            painter.restore()
    finally:
        painter.end()
    return pages


def _paint_margins(
    painter: QPainter,
    device: QPagedPaintDevice,
    sheet: Sheet,
    number: int,
    pages: int,
    width: float,
    height: float,
) -> None:
    """Marking top and bottom on every page; title and page number in the header; dataset,
    version and printing time in the footer."""
    marking_font = sheet_font(8.5, bold=True)
    small = sheet_font(7.5)
    line = _mm(device, 4.2)
    painter.setPen(INK)
    painter.setFont(marking_font)
    centre = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
    painter.drawText(QRectF(0, 0, width, line), centre, sheet.marking)
    painter.setFont(small)
    painter.setPen(FAINT)
    title = painter.fontMetrics().elidedText(
        sheet.title, Qt.TextElideMode.ElideRight, int(width * 0.7)
    )
    painter.drawText(QRectF(0, line, width, line), Qt.AlignmentFlag.AlignLeft, title)
    painter.drawText(
        QRectF(0, line, width, line), Qt.AlignmentFlag.AlignRight, f"Page {number} of {pages}"
    )
    painter.drawLine(0, int(line * 2.1), int(width), int(line * 2.1))
    bottom = height - line * 2.2
    painter.drawLine(0, int(bottom), int(width), int(bottom))
    stamp = f"{sheet.version} \u00b7 printed {sheet.made}"
    stamp_width = painter.fontMetrics().horizontalAdvance(stamp) + line
    dataset_title = painter.fontMetrics().elidedText(
        sheet.dataset.info.title, Qt.TextElideMode.ElideRight, int(max(width - stamp_width, 0))
    )
    footer_row = QRectF(0, bottom + line * 0.15, width, line)
    painter.drawText(footer_row, Qt.AlignmentFlag.AlignLeft, dataset_title)
    painter.drawText(footer_row, Qt.AlignmentFlag.AlignRight, stamp)
    painter.setPen(INK)
    painter.setFont(marking_font)
    painter.drawText(QRectF(0, height - line, width, line), centre, sheet.marking)


def export_pdf(sheet: Sheet, target: Path, *, overwrite: bool = False) -> int:
    """Write the sheet to `target` as a PDF, whole or not at all; returns the page count.

    The PDF is written to a hidden file beside the target and renamed over it only once it is
    complete, so a failed export leaves no partial file and never replaces a good one."""
    target = Path(target)
    if target.exists() and not overwrite:
        raise ExportError(f"{target} already exists")
    try:
        handle, temporary_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
    except OSError as error:
        raise ExportError(f"cannot write in {target.parent}: {error.strerror or error}") from None
    os.close(handle)
    temporary = Path(temporary_name)
    try:
        writer = QPdfWriter(str(temporary))
        writer.setResolution(300)
        writer.setCreator("Briefing Viewer")
        writer.setTitle(sheet.title)
        writer.setPageLayout(page_layout(sheet))
        pages = paint_sheet(sheet, writer)
        del writer  # finishes and closes the file
        if temporary.stat().st_size == 0:
            raise ExportError("the PDF came out empty")
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return pages
