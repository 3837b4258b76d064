"""Briefing sheets as PDF: what a reader finds in them, how pages break, and safe writing."""

import itertools
import os
import re
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QPdfWriter, QTextBlock, QTextTable

from briefing_app import paths
from briefing_app.core import safe_output
from briefing_app.core.loader import load_dataset
from briefing_app.core.model import Dataset, Quote
from briefing_app.core.query import parse_query
from briefing_app.core.quote_marks import QuotePiece, quote_pieces
from briefing_app.core.sheet import SheetOptions, compose_sheet
from briefing_app.ui import page_frame, printing
from briefing_app.ui.printing import (
    ExportError,
    build_document,
    export_pdf,
    page_layout,
    paginate,
)
from tests.core.helpers import MINIMAL, write


@pytest.fixture(scope="module")
def dataset(qapp) -> Dataset:  # type: ignore[no-untyped-def]
    loaded = load_dataset(paths.sample_dataset()).dataset
    assert loaded is not None
    return loaded


def pdf_pages(path: Path) -> list[str]:
    """Each page's text, with runs of white space made single spaces."""
    return [re.sub(r"\s+", " ", page.extract_text()) for page in pypdf.PdfReader(path).pages]


@pytest.fixture(scope="module")
def sample_pdf(dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "sheet.pdf"
    assert export_pdf(compose_sheet(dataset, SheetOptions()), path) >= 3
    return path


def test_every_page_has_marking_and_page_number(sample_pdf: Path) -> None:
    pages = pdf_pages(sample_pdf)
    for number, text in enumerate(pages, 1):
        assert text.count("UNCLASSIFIED // OPEN SOURCE") == 2, number
        assert f"Page {number} of {len(pages)}" in text
        assert "data " in text  # the version in the footer


def printed_words(dataset: Dataset, quote: Quote) -> str:
    """A quote's text as the sheet prints it: one line, an omission as `[\u2026]`."""

    def shown(piece: QuotePiece) -> str:
        if piece.kind == "omission":
            return "[\u2026]"
        return f"[{piece.text}]" if piece.kind == "insertion" else piece.text

    return " ".join("".join(map(shown, quote_pieces(quote.text, dataset.info.format))).split())


def test_sheet_holds_every_quote_source_and_the_scope(dataset: Dataset, sample_pdf: Path) -> None:
    text = " ".join(pdf_pages(sample_pdf))
    assert "All events; 24 of 24 events" in text
    for event in dataset.events.values():
        assert event.title in text
        for quote in event.quotes:
            assert printed_words(dataset, quote) in text, quote.text
    assert "Reliability C (fairly reliable)" in text
    # The pictures were seen in the article: the ministry's grade is in the chain.
    assert "Chain: Ministry of Defence of Belarus (D), read in Army Recognition (C)" in text
    assert "an estimated 4,000 to 6,000 troops" in text
    assert "fortifies" in text  # no ligatures: the words are searchable as typed


def test_text_is_real_text_in_embedded_fonts(sample_pdf: Path) -> None:
    reader = pypdf.PdfReader(sample_pdf)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    descriptors = [
        font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        for font in fonts.values()
    ]
    assert all(
        any(key in d for key in ("/FontFile", "/FontFile2", "/FontFile3")) for d in descriptors
    )


def test_filtered_sheet_has_only_matches(dataset: Dataset, tmp_path: Path) -> None:
    query = parse_query("tag:nato OR tag:wagner")
    sheet = compose_sheet(dataset, SheetOptions(scope="filter"), query=query)
    path = tmp_path / "filtered.pdf"
    export_pdf(sheet, path)
    text = " ".join(pdf_pages(path))
    assert "Events matching: tag nato; or tag wagner; 2 of 24 events" in text
    assert "NATO sees the largest Russian military presence in Belarus in decades" in text
    assert "Russia rotates troops out of Belarus; Wagner contingent remains" in text
    assert "Lukashenko visits the southern border region" not in text


def test_one_event_sheet(dataset: Dataset, tmp_path: Path) -> None:
    sheet = compose_sheet(dataset, SheetOptions(scope="event", event_id="withdrawal-announced"))
    path = tmp_path / "event.pdf"
    export_pdf(sheet, path)
    text = " ".join(pdf_pages(path))
    assert "Special operations forces commander reports no provocations" in text
    assert "Minor forces stay to watch the southern border" in text
    assert "Russia invades Ukraine" not in text


def test_markup_in_data_prints_literally(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    title = '<b>bold</b> &amp; <img src="file:///etc/passwd">'
    loaded = load_dataset(
        write(tmp_path, "d.yaml", MINIMAL.replace("title: E,", f"title: '{title}',"))
    )
    assert loaded.dataset is not None
    path = tmp_path / "markup.pdf"
    export_pdf(compose_sheet(loaded.dataset, SheetOptions()), path)
    assert title in " ".join(pdf_pages(path))


def test_letter_landscape(dataset: Dataset, tmp_path: Path) -> None:
    sheet = compose_sheet(dataset, SheetOptions(page_size="Letter", landscape=True))
    path = tmp_path / "letter.pdf"
    export_pdf(sheet, path)
    box = pypdf.PdfReader(path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 612)


def test_existing_file_is_not_replaced_without_asking(dataset: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "keep.pdf"
    path.write_bytes(b"%PDF- a good old sheet")
    with pytest.raises(ExportError, match="already exists"):
        export_pdf(compose_sheet(dataset, SheetOptions()), path)
    assert path.read_bytes() == b"%PDF- a good old sheet"


def test_failed_export_leaves_nothing_and_keeps_the_old_file(
    dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "keep.pdf"
    path.write_bytes(b"%PDF- a good old sheet")

    def broken(*_args: object) -> int:
        raise ExportError("the printer caught fire")

    monkeypatch.setattr(printing, "paint_sheet", broken)
    with pytest.raises(ExportError, match="caught fire"):
        export_pdf(compose_sheet(dataset, SheetOptions()), path, overwrite=True)
    assert path.read_bytes() == b"%PDF- a good old sheet"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.pdf"]


def test_unwritable_folder_fails_cleanly_before_painting(
    dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(_target: Path) -> tuple[Path, int]:
        raise PermissionError(13, "Permission denied")

    def never(*_args: object) -> int:
        raise AssertionError("a sheet was painted that could never be saved")

    monkeypatch.setattr(safe_output, "_create_beside", refuse)  # what a read-only folder does
    monkeypatch.setattr(printing, "paint_sheet", never)
    with pytest.raises(ExportError, match=r"cannot write in .*: Permission denied"):
        export_pdf(compose_sheet(dataset, SheetOptions()), tmp_path / "sheet.pdf")
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_fails_cleanly(dataset: Dataset, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="cannot write in"):
        export_pdf(compose_sheet(dataset, SheetOptions()), tmp_path / "no" / "sheet.pdf")
    assert list(tmp_path.iterdir()) == []


def _laid_out(dataset: Dataset, tmp_path: Path, height_share: float):  # type: ignore[no-untyped-def]
    writer = QPdfWriter(str(tmp_path / "unused.pdf"))
    writer.setResolution(300)
    sheet = compose_sheet(dataset, SheetOptions())
    writer.setPageLayout(page_layout(sheet))
    rect = writer.pageLayout().paintRectPixels(300)
    page_height = rect.height() * height_share
    document = build_document(sheet, writer, QSizeF(rect.width(), page_height))
    return document, page_height, paginate(document, page_height)


def _second_line_after(heading: QTextBlock) -> float:
    """The bottom of the second line of text after `heading`, however its paragraphs wrap."""
    lines = 0
    block = heading.next()
    while block.isValid():
        layout = block.layout()
        for number in range(layout.lineCount() if block.text() else 0):
            lines += 1
            if lines == 2:
                line = layout.lineAt(number)
                return layout.position().y() + line.y() + line.height()
        block = block.next()
    return heading.layout().position().y()


@pytest.mark.parametrize("height_share", [0.35, 0.6, 0.8])
def test_pages_break_well(dataset: Dataset, tmp_path: Path, height_share: float) -> None:
    """Every line is on one page; no quote box is split; every heading has two more lines with
    it; a page starting inside a table repeats its header row; no page overflows."""
    document, height, pages = _laid_out(dataset, tmp_path, height_share)
    assert pages[0].top == 0
    for previous, page in itertools.pairwise(pages):
        assert previous.bottom <= page.top
    for page in pages:
        used = page.bottom - page.top + (page.header[1] - page.header[0] if page.header else 0)
        assert used <= height + 0.5
    for atom in printing._atoms(document, height):
        assert any(page.top <= atom.top and atom.bottom <= page.bottom for page in pages)
    layout = document.documentLayout()
    breaks = [page.bottom for page in pages[:-1]]
    quotes = [
        layout.frameBoundingRect(frame)
        for frame in document.rootFrame().childFrames()
        if isinstance(frame, QTextTable) and frame.rows() == 1 and frame.columns() == 1
    ]
    assert len(quotes) == sum(len(e.quotes) for e in dataset.events.values())
    for box in quotes:
        assert not any(box.top() < cut < box.bottom() for cut in breaks)
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() and block.text() != "Sources":
            top = block.layout().position().y()
            end = _second_line_after(block)
            assert not any(top < cut < end for cut in breaks), block.text()
        block = block.next()
    assert any(page.header for page in pages)  # the chronology runs over a page here


def test_text_is_painted_once(dataset: Dataset, sample_pdf: Path) -> None:
    """A page paints only its own part of the sheet: nothing invisible hides in the PDF."""
    # Where an editorial mark's upright type meets the quote's italic, the PDF's text reads a
    # space that is not drawn.
    text = re.sub(r"([\u2018\u201c]) | ([\u2019\u201d])", r"\1\2", " ".join(pdf_pages(sample_pdf)))
    for event in dataset.events.values():
        for quote in event.quotes:
            words = printed_words(dataset, quote)
            # As a quote, not as the title it may also be: a reported one in single marks.
            marks = ("\u2018", "\u2019") if quote.mode == "reported" else ("\u201c", "\u201d")
            assert text.count(f"{marks[0]}{words}{marks[1]}") == 1, quote.text


def test_no_line_is_in_the_pdf_twice_across_a_page_break(
    dataset: Dataset, sample_pdf: Path
) -> None:
    """The line that ends a page touched the next page's slice and went into its text too,
    hidden by the clip but found by search and copy."""
    from PySide6.QtGui import QTextDocument

    from briefing_app.ui.sheet_html import sheet_html

    # Hyphens aside: a PDF reader joins "Belarus-" at a line's end to the next line's word.
    printed = re.sub(r"-\s*", "", " ".join(pdf_pages(sample_pdf)))
    laid_out = QTextDocument()
    laid_out.setHtml(sheet_html(compose_sheet(dataset, SheetOptions())))
    meant = re.sub(r"-\s*", "", " ".join(laid_out.toPlainText().split()))
    for event in dataset.events.values():
        ending = re.sub(r"-\s*", "", " ".join(event.summary.split()[-4:]))
        assert printed.count(ending) == meant.count(ending), ending


def test_cancelled_export_leaves_nothing(dataset: Dataset, tmp_path: Path) -> None:
    from briefing_app.ui.background import TaskCancelled

    heard: list[tuple[int, int, str]] = []
    with pytest.raises(TaskCancelled):
        export_pdf(
            compose_sheet(dataset, SheetOptions()),
            tmp_path / "sheet.pdf",
            report=lambda *step: heard.append(step),
            cancelled=lambda: len(heard) >= 2,
        )
    assert heard[0][0] == 1
    assert heard[1][0] == 2
    assert heard[0][2] == "pages"
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def dataset_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "ds"
    shutil.copytree(paths.sample_dataset(), folder)
    return folder


def test_export_refuses_the_dataset_itself(dataset_folder: Path) -> None:
    """With or without the dataset's location, an export never writes over or into it."""
    loaded = load_dataset(dataset_folder).dataset
    assert loaded is not None
    data = dataset_folder / "events" / "ukraine-north.yaml"
    before = data.read_bytes()
    known = compose_sheet(loaded, SheetOptions(), location=dataset_folder)
    unknown = compose_sheet(loaded, SheetOptions())  # falls back to the dataset's files
    for sheet, target in [(known, data), (known, dataset_folder / "sheet.pdf"), (unknown, data)]:
        with pytest.raises(ExportError, match="inside the dataset being printed") as refusal:
            export_pdf(sheet, target, overwrite=True)
        assert refusal.value.refused
    assert data.read_bytes() == before
    assert not (dataset_folder / "sheet.pdf").exists()


def test_export_refuses_what_is_not_a_regular_file(dataset: Dataset, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.pdf")
    sheet = compose_sheet(dataset, SheetOptions())
    for target in (tmp_path / "fifo.pdf", Path("/dev/null"), tmp_path):
        with pytest.raises(ExportError, match="not a regular file") as refusal:
            export_pdf(sheet, target, overwrite=True)
        assert refusal.value.refused


@pytest.mark.usefixtures("umask")
def test_exported_sheets_get_the_users_permissions(dataset: Dataset, tmp_path: Path) -> None:
    sheet = compose_sheet(dataset, SheetOptions(scope="event", event_id="withdrawal-announced"))
    export_pdf(sheet, tmp_path / "new.pdf")
    assert stat.S_IMODE((tmp_path / "new.pdf").stat().st_mode) == 0o644  # 0666 & ~022
    (tmp_path / "shared.pdf").write_bytes(b"%PDF- old")
    (tmp_path / "shared.pdf").chmod(0o664)
    os.umask(0o077)
    export_pdf(sheet, tmp_path / "shared.pdf", overwrite=True)
    assert stat.S_IMODE((tmp_path / "shared.pdf").stat().st_mode) == 0o664  # kept
    assert (tmp_path / "shared.pdf").read_bytes().startswith(b"%PDF-1")


def test_a_full_disk_keeps_the_good_sheet(
    dataset: Dataset, small_filesystem: Callable[[str], Path]
) -> None:
    tiny = small_filesystem("size=64k")
    (tiny / "sheet.pdf").write_bytes(b"%PDF- the good old sheet")
    with pytest.raises(ExportError, match="No space left on device") as failure:
        export_pdf(compose_sheet(dataset, SheetOptions()), tiny / "sheet.pdf", overwrite=True)
    assert not failure.value.refused
    assert (tiny / "sheet.pdf").read_bytes() == b"%PDF- the good old sheet"
    assert [path.name for path in tiny.iterdir()] == ["sheet.pdf"]


@pytest.mark.parametrize("marking", ["UNCLASSIFIED", "WIDE " + "\u2e3b" * 60 + " END"])
def test_a_marking_wider_than_the_page_still_fits_it(tmp_path: Path, marking: str) -> None:
    """The loader refuses markings too long to print; glyphs wider than it foresees (three-em
    dashes here) still never cut one short: the marking's font shrinks to fit."""
    from PySide6.QtGui import QFontMetricsF, QPainter

    writer = QPdfWriter(str(tmp_path / "m.pdf"))
    painter = QPainter(writer)
    try:
        width = float(writer.width())
        font = page_frame.marking_font(painter, marking, width)
        advance = QFontMetricsF(font, writer).horizontalAdvance(marking)
    finally:
        painter.end()
    assert advance <= width
    if marking == "UNCLASSIFIED":
        assert font.pointSizeF() == page_frame.MARKING_POINTS


def test_the_sheet_names_the_real_site_of_a_lookalike_address(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """On paper no dialog shows where a link leads, so the sheet says it."""
    path = write(
        tmp_path,
        "brief.yaml",
        MINIMAL.replace(
            "title: S, reliability: B",
            'title: S, reliability: B, url: "https://www.google.com@xn--80ak6aa92e.com/x"',
        ),
    )
    loaded = load_dataset(path).dataset
    assert loaded is not None
    text = " ".join(pdf_text_of(compose_sheet(loaded, SheetOptions()), tmp_path).split())
    assert "the site is xn--80ak6aa92e.com" in text
    assert "Cyrillic" in text


def pdf_text_of(sheet: object, folder: Path) -> str:
    target = folder / "sheet.pdf"
    export_pdf(sheet, target)  # type: ignore[arg-type]
    return "\n".join(pdf_pages(target))


def test_footnote_markers_for_several_sources_are_kept_apart(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Sources 1 and 2 printed as "¹²" read as note 12."""
    from briefing_app.ui.sheet_html import sheet_html

    path = write(
        tmp_path,
        "brief.yaml",
        MINIMAL.replace(
            "  - {id: s, kind: article, title: S, reliability: B}\n",
            "  - {id: s, kind: article, title: S, reliability: B}\n"
            "  - {id: t, kind: article, title: T, reliability: C}\n",
        ).replace(
            "{id: e, title: E, sources: [s]}", "{id: e, title: E, summary: Said., sources: [s, t]}"
        ),
    )
    loaded = load_dataset(path).dataset
    assert loaded is not None
    assert "Said.<sup>1,2</sup>" in sheet_html(compose_sheet(loaded, SheetOptions()))
