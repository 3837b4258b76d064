"""Laying a composed sheet out on pages: one code path for the printer, the preview and PDF.

`paint_sheet` lays the sheet's HTML out at the device's resolution, moves page breaks so that no
heading ends a page and no quote is split when it fits on one, then paints each page with the
marking, title, page number and version around it (`page_frame`). Text stays text: a PDF made
here can be searched and copied from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QLocale, QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextDocument,
    QTextTable,
)
from PySide6.QtPrintSupport import QPrinter

from briefing_app import paths
from briefing_app.core.safe_output import AtomicWrite, OutputRefused, check_output_path
from briefing_app.core.sheet import Sheet
from briefing_app.ui.background import Report, TaskCancelled
from briefing_app.ui.page_frame import INK, mm, paint_frame, sheet_font
from briefing_app.ui.sheet_html import INDENT_PX, sheet_html

MARGINS_MM = QMarginsF(18, 14, 18, 14)
HEADER_MM = 11.0
FOOTER_MM = 13.0
BODY_POINT_SIZE = 9.5
PREVIEW_LEAST = QSize(600, 500)  # the print preview's size: at least, screen allowing
PREVIEW_MOST = QSize(1400, 1400)  # and at most
EDGE = 0.5  # device pixels: how far a line may touch a page's slice and not be on it


class ExportError(RuntimeError):
    """The PDF could not be written; nothing was left behind and nothing was replaced.
    `refused`: the target itself was refused (see `check_output_path`), nothing was tried."""

    def __init__(self, message: str, *, refused: bool = False) -> None:
        super().__init__(message)
        self.refused = refused


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


def preview_size(available: QSize) -> QSize:
    """The print preview's size on a screen with `available` room: most of its height, as a
    page is taller than it is wide, and as wide again, within 80% of the screen's width; capped
    on large screens, and never so small a page cannot be read, nor larger than the screen."""
    height = min(round(available.height() * 0.9), PREVIEW_MOST.height())
    width = min(round(available.width() * 0.8), height, PREVIEW_MOST.width())
    return QSize(
        min(max(width, PREVIEW_LEAST.width()), available.width()),
        min(max(height, PREVIEW_LEAST.height()), available.height()),
    )


def default_page_size() -> str:
    """Letter where the locale measures in inches (the US), A4 elsewhere."""
    imperial = QLocale.system().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return "Letter" if imperial else "A4"


def build_document(sheet: Sheet, device: QPagedPaintDevice, body: QSizeF) -> QTextDocument:
    """The sheet laid out for `device` as one long page `body` wide."""
    document = QTextDocument()
    document.documentLayout().setPaintDevice(device)
    document.setDefaultFont(sheet_font(BODY_POINT_SIZE))
    document.setDocumentMargin(0)  # the body's edges are the header's and footer's
    document.setIndentWidth(INDENT_PX)  # a sub-event's step in (see sheet_html)
    document.setDefaultStyleSheet(paths.resource("styles", "sheet.css").read_text("utf-8"))
    document.setHtml(sheet_html(sheet))
    document.setTextWidth(body.width())  # one long page: `paginate` cuts it into pages
    # Qt lays a long document out lazily, a part at a time; `paginate` reads every line's
    # place, so all of it must be laid out now (a sheet with no table printed one page).
    document.size()
    return document


@dataclass(frozen=True, slots=True)
class _Atom:
    """A vertical run of the laid-out sheet that a page break must not cut: a line of text, a
    table row, or a whole quote. `keep_with_next` forbids a break after it; a table row carries
    its table's header row, to repeat at the top of a page that starts inside the table.
    `resume` is (block number, line number) for a line that is not its paragraph's first."""

    top: float
    bottom: float
    keep_with_next: bool = False
    header: tuple[float, float] | None = None
    resume: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class PageSlice:
    """The part of the laid-out sheet one page shows (the white space between two pages' parts
    shows on neither), and a table's header row to repeat above it. `resume` says where in a
    paragraph the page starts when it starts inside one (see `_paint_paragraph_end`)."""

    top: float
    bottom: float
    header: tuple[float, float] | None = None
    resume: tuple[int, int] | None = None


def paginate(document: QTextDocument, page_height: float) -> list[PageSlice]:
    """Cut the sheet, laid out as one long page, into pages, between atoms only: no line is cut,
    no quote is split when it fits on a page, a heading keeps the two lines after it, and a
    table's header row never ends a page. Each page is filled as far as those rules allow."""
    atoms = _atoms(document, page_height)
    pages: list[PageSlice] = []
    start, first = 0.0, 0
    while first < len(atoms):
        header = atoms[first].header
        if header is not None and header[0] >= start:
            header = None  # the table starts on this page: its header is already here
        limit = start + page_height - (header[1] - header[0] if header else 0.0)
        last = first
        while last + 1 < len(atoms) and atoms[last + 1].bottom <= limit:
            last += 1
        if atoms[first].bottom > limit:  # one atom taller than a page: cut it where it must
            pages.append(PageSlice(start, limit, header))
            start = limit
            continue
        keep = last
        while keep > first and atoms[keep].keep_with_next and keep + 1 < len(atoms):
            keep -= 1
        last = last if keep == first and atoms[first].keep_with_next else keep
        # The page ends with its last atom; the white space before the next is not needed.
        resume = atoms[first].resume if start == atoms[first].top else None
        pages.append(PageSlice(start, atoms[last].bottom, header, resume))
        first = last + 1
        start = atoms[first].top if first < len(atoms) else atoms[last].bottom
    return pages or [PageSlice(0.0, document.size().height())]


def _atoms(document: QTextDocument, page_height: float) -> list[_Atom]:
    atoms: list[_Atom] = []
    keep_lines = 0  # lines still to keep with what follows (after a heading)
    iterator = document.rootFrame().begin()
    while not iterator.atEnd():
        frame = iterator.currentFrame()
        if isinstance(frame, QTextTable):
            atoms += _table_atoms(document, frame, page_height)
            keep_lines = 0
        elif frame is None and iterator.currentBlock().text():
            # (Qt puts an empty paragraph after each table, laid out inside the table's area.)
            block = iterator.currentBlock()
            heading = block.blockFormat().headingLevel() > 0
            text_layout = block.layout()
            y = text_layout.position().y()
            for number in range(text_layout.lineCount()):
                line = text_layout.lineAt(number)
                keep = heading or keep_lines > 0
                if not heading and keep_lines:
                    keep_lines -= 1
                resume = (block.blockNumber(), number) if number else None
                atoms.append(_Atom(y + line.y(), y + line.y() + line.height(), keep, None, resume))
            if heading:
                keep_lines = 2
        iterator += 1
    return _merge_overlaps(atoms)


def _merge_overlaps(atoms: list[_Atom]) -> list[_Atom]:
    """One atom for any that overlap, so no page break can fall inside either."""
    merged: list[_Atom] = []
    for atom in sorted(atoms, key=lambda atom: atom.top):
        if merged and atom.top < merged[-1].bottom:
            last = merged[-1]
            merged[-1] = _Atom(
                last.top,
                max(last.bottom, atom.bottom),
                atom.keep_with_next,
                last.header,
                last.resume,
            )
        else:
            merged.append(atom)
    return merged


def _table_atoms(document: QTextDocument, table: QTextTable, page_height: float) -> list[_Atom]:
    """A quote (one cell) is one atom if it fits on a page; other tables break between rows."""
    layout = document.documentLayout()
    box = layout.frameBoundingRect(table)
    if table.rows() == 1 and table.columns() == 1 and box.height() < page_height:
        return [_Atom(box.top(), box.bottom())]
    # Not `table.document()`: PySide6 takes ownership of what that returns and deletes the
    # document when the wrapper goes away.
    tops = []
    for row in range(table.rows()):
        cells = (table.cellAt(row, column) for column in range(table.columns()))
        tops.append(
            min(
                layout.blockBoundingRect(document.findBlock(c.firstPosition())).top() for c in cells
            )
        )
    tops[0] = box.top()
    bottoms = [*tops[1:], box.bottom()]
    header_rows = min(table.format().headerRowCount(), table.rows() - 1)
    header = (tops[0], tops[header_rows]) if header_rows else None
    return [
        _Atom(
            top,
            bottom,
            keep_with_next=row < header_rows,
            header=None if row < header_rows else header,
        )
        for row, (top, bottom) in enumerate(zip(tops, bottoms, strict=True))
    ]


def paint_sheet(
    sheet: Sheet,
    device: QPagedPaintDevice,
    report: Report | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Paint every page of the sheet on `device` (a QPrinter or QPdfWriter) in the device's
    page layout, so a paper size chosen in the print dialog or preview is the one used;
    returns the number of pages. `report` hears after each page; `cancelled` can stop it
    between pages (TaskCancelled)."""
    paint_rect = device.pageLayout().paintRectPixels(device.resolution())
    width, height = float(paint_rect.width()), float(paint_rect.height())
    header, footer = mm(device, HEADER_MM), mm(device, FOOTER_MM)
    body = QSizeF(width, height - header - footer)
    document = build_document(sheet, device, body)
    pages = paginate(document, body.height())
    painter = QPainter()
    if not painter.begin(device):
        raise ExportError("the printer or file could not be opened for writing")
    try:
        context = QAbstractTextDocumentLayout.PaintContext()
        palette = QPalette()
        palette.setColor(QPalette.ColorRole.Text, INK)  # paper is light, whatever the screen is
        context.palette = palette
        for number, page in enumerate(pages, 1):
            if cancelled is not None and cancelled():
                if isinstance(device, QPrinter):
                    device.abort()  # withdraw the job: no half sheet reaches the printer
                raise TaskCancelled(sheet.title)
            if number > 1:
                device.newPage()
            paint_frame(painter, device, sheet, number, len(pages), width, height)
            top = header
            if page.header is not None:  # a table continues here: repeat its header row
                _paint_slice(painter, document, context, page.header, top, width)
                top += page.header[1] - page.header[0]
            _paint_slice(
                painter, document, context, (page.top, page.bottom), top, width, page.resume
            )
            if report is not None:
                report(number, len(pages), "pages")
    finally:
        painter.end()
    return len(pages)


def _paint_slice(
    painter: QPainter,
    document: QTextDocument,
    context: QAbstractTextDocumentLayout.PaintContext,
    span: tuple[float, float],
    at: float,
    width: float,
    resume: tuple[int, int] | None = None,
) -> None:
    """Paint the part of the document between `span` (its y range) at height `at`."""
    painter.save()
    painter.translate(0, at - span[0])
    painter.setClipRect(QRectF(0, span[0], width, span[1] - span[0]))
    top = span[0]
    if resume is not None:
        top = _paint_paragraph_end(painter, document, resume, span[1])
    # The layout skips the lines outside `context.clip`, so they never reach the PDF's text
    # (the painter's clip only hides them: search and copy would find them on two pages). A
    # line that merely touches the slice's edge belongs to the page on the other side.
    if span[1] - top > 2 * EDGE:  # (an empty clip would paint everything)
        context.clip = QRectF(0, top + EDGE, width, span[1] - top - 2 * EDGE)
        document.documentLayout().draw(painter, context)
    painter.restore()


def _paint_paragraph_end(
    painter: QPainter, document: QTextDocument, resume: tuple[int, int], bottom: float
) -> float:
    """Paint a paragraph from line `resume[1]` on, as far as `bottom`; returns where the
    paragraph ends. Qt's text layout also draws the line just above its clip (the last line
    wholly above it is where its drawing starts), so a page that starts inside a paragraph
    would carry the previous page's last line, hidden by the painter's clip but found by
    search and copy. Such a page draws that paragraph's lines itself, and the layout the rest."""
    block = document.findBlockByNumber(resume[0])
    layout = block.layout()
    origin = layout.position()
    painter.setPen(INK)
    for number in range(resume[1], layout.lineCount()):
        line = layout.lineAt(number)
        if origin.y() + line.y() >= bottom - EDGE:
            break
        line.draw(painter, origin)
    return origin.y() + layout.boundingRect().bottom()


def export_pdf(
    sheet: Sheet,
    target: Path,
    *,
    overwrite: bool = False,
    report: Report | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the sheet to `target` as a PDF, whole or not at all; returns the page count.

    The target is refused (ExportError with `refused`) inside the dataset being printed, when
    it is not a regular file, or when it exists and `overwrite` is not set. The PDF is made in
    memory, so its size is known, then written beside the target, flushed and checked, and
    renamed over it: a failed export leaves no partial file and never replaces a good one."""
    dataset = [sheet.location] if sheet.location else [Path(f) for f in sheet.dataset.files]
    try:
        real_target = check_output_path(Path(target), dataset, replace=overwrite)
    except OutputRefused as error:
        raise ExportError(str(error), refused=True) from None
    try:
        output = AtomicWrite(real_target)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ExportError(f"cannot write in {real_target.parent}: {reason}") from None
    with output:
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QPdfWriter(buffer)
        writer.setResolution(300)
        writer.setCreator("Briefing Viewer")
        writer.setTitle(sheet.title)
        writer.setPageLayout(page_layout(sheet))
        pages = paint_sheet(sheet, writer, report, cancelled)
        del writer  # finishes the PDF
        data = buffer.data().data()
        if not data:
            raise ExportError("the PDF came out empty")
        try:
            output.commit(data)
        except OSError as error:
            raise ExportError(error.strerror or str(error)) from None
    return pages
