"""How a briefing sheet reads on paper: no repeated title, space above headings and between
events, sub-events standing in, headings for disputes, padded figure tables, marks inside
quotes, the legend only for what is printed, and header, body and footer on one left edge."""

import dataclasses
import re
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QSize, QSizeF
from PySide6.QtGui import QPdfWriter, QTextDocument, QTextTable

from briefing_app import paths
from briefing_app.core.loader import load_dataset
from briefing_app.core.model import Dataset
from briefing_app.core.sheet import SECTIONS, Sheet, SheetOptions, compose_sheet
from briefing_app.ui.page_frame import page_number
from briefing_app.ui.printing import (
    FOOTER_MM,
    HEADER_MM,
    build_document,
    export_pdf,
    page_layout,
    paginate,
    preview_size,
)
from briefing_app.ui.sheet_html import INDENT_LEVELS, sheet_html
from tests.core.helpers import write

DPI = 300
CSS_PX = DPI / 96  # device pixels in a CSS pixel


@pytest.fixture(scope="module")
def dataset(qapp) -> Dataset:  # type: ignore[no-untyped-def]
    loaded = load_dataset(paths.sample_dataset()).dataset
    assert loaded is not None
    return loaded


def laid_out(sheet: Sheet, tmp_path: Path) -> tuple[QTextDocument, QPdfWriter, float]:
    """The sheet laid out as `paint_sheet` lays it out on A4; the writer must outlive it."""
    writer = QPdfWriter(str(tmp_path / "unused.pdf"))
    writer.setResolution(DPI)
    writer.setPageLayout(page_layout(sheet))
    rect = writer.pageLayout().paintRectPixels(DPI)
    body = rect.height() - (HEADER_MM + FOOTER_MM) / 25.4 * DPI
    return build_document(sheet, writer, QSizeF(rect.width(), body)), writer, body


def blocks(document: QTextDocument) -> dict[str, object]:
    """Each paragraph by its text: the last of equal texts (an event's heading, not its row in
    the chronology)."""
    found: dict[str, object] = {}
    block = document.begin()
    while block.isValid():
        found[block.text()] = block
        block = block.next()
    return found


def gap_above(document: QTextDocument, text: str) -> float:
    """White space between the paragraph `text` (in the root frame) and what is above it."""
    layout = document.documentLayout()
    above = 0.0
    iterator = document.rootFrame().begin()
    while not iterator.atEnd():
        frame = iterator.currentFrame()
        if isinstance(frame, QTextTable):
            above = layout.frameBoundingRect(frame).bottom()
        elif frame is None and iterator.currentBlock().text():
            block = iterator.currentBlock()
            top = block.layout().position().y()
            if block.text() == text:
                return top - above
            above = top + block.layout().boundingRect().height()
        iterator += 1
    raise AssertionError(f"no paragraph {text!r}")


def pdf_text(sheet: Sheet, tmp_path: Path, name: str = "sheet.pdf") -> list[str]:
    path = tmp_path / name
    export_pdf(sheet, path)
    return [re.sub(r"\s+", " ", page.extract_text()) for page in pypdf.PdfReader(path).pages]


def test_the_first_lines_say_the_title_once(dataset: Dataset) -> None:
    whole = sheet_html(compose_sheet(dataset, SheetOptions()))
    meta = re.search(r'<p class="meta">(.*?)</p>', whole)
    assert meta is not None
    assert dataset.info.title not in meta.group(1)
    assert meta.group(1).startswith("as of ")
    event = sheet_html(
        compose_sheet(dataset, SheetOptions(scope="event", event_id="withdrawal-2024"))
    )
    assert re.search(r'<p class="meta">[^<]*' + re.escape(dataset.info.title), event)


def test_headings_and_events_have_space_above(dataset: Dataset, tmp_path: Path) -> None:
    """Qt ignores margins given in points: the sheet's were all 0, so headings touched the
    text above and events ran into each other."""
    sheet = compose_sheet(dataset, SheetOptions())
    document, _writer, _ = laid_out(sheet, tmp_path)
    for heading in ("Key points", "Chronology", "Events", "Sources"):
        assert gap_above(document, heading) >= 15 * CSS_PX, heading
    root = dataset.events["withdrawal-2024"].title
    sub = dataset.events["lukashenko-border-visit"].title
    assert gap_above(document, root) >= 15 * CSS_PX  # an event's heading, after the last event
    assert gap_above(document, sub) >= 10 * CSS_PX  # a sub-event's
    summary = dataset.events["withdrawal-2024"].summary
    assert gap_above(document, " ".join(summary.split()) + "1") > 0  # paragraphs too


def test_sub_events_stand_in_by_depth(dataset: Dataset, tmp_path: Path) -> None:
    sheet = compose_sheet(dataset, SheetOptions())
    document, _writer, _ = laid_out(sheet, tmp_path)
    found = blocks(document)
    lefts = []
    for event_id in ("withdrawal-2024", "lukashenko-border-visit", "lukashenko-orders-withdrawal"):
        event = dataset.events[event_id]
        heading = found[event.title]
        facts = heading.next()  # type: ignore[attr-defined]
        lefts.append(heading.layout().lineAt(0).x())  # type: ignore[attr-defined]
        # The event's own lines stand in with its heading.
        assert facts.layout().lineAt(0).x() == lefts[-1]
    assert lefts[0] == 0
    assert lefts[1] == pytest.approx(16 * CSS_PX)
    assert lefts[2] == pytest.approx(32 * CSS_PX)


def test_deep_sub_events_stop_standing_in_and_say_their_level(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    depth = INDENT_LEVELS + 3
    lines = [
        "dataset: {title: Deep}",
        "sources:",
        "  - {id: s, kind: article, title: S, reliability: B}",
        "events:",
        "  - {id: e0, title: E0, sources: [s]}",
        *(f"  - {{id: e{n}, title: E{n}, parent: e{n - 1}}}" for n in range(1, depth)),
    ]
    loaded = load_dataset(write(tmp_path, "deep.yaml", "\n".join(lines) + "\n")).dataset
    assert loaded is not None
    html = sheet_html(compose_sheet(loaded, SheetOptions()))
    assert f'-qt-block-indent:{INDENT_LEVELS}">E{INDENT_LEVELS}</h4>' in html
    assert f"-qt-block-indent:{INDENT_LEVELS + 1}" not in html
    assert f'E{depth - 1} <span class="label">LEVEL {depth}</span>' in html
    assert "LEVEL" not in html.split(f">E{INDENT_LEVELS + 1}")[0]


def test_disputes_have_a_heading(dataset: Dataset) -> None:
    disputed = sum(1 for event in dataset.events.values() if event.disputes)
    assert disputed
    html = sheet_html(compose_sheet(dataset, SheetOptions()))
    assert (
        html.count("<h5>DISPUTED OR SUPPORTED BY</h5>")
        + html.count('">DISPUTED OR SUPPORTED BY</h5>')
        == disputed
    )
    without = SheetOptions(sections=frozenset(SECTIONS) - {"disputes"})
    assert "DISPUTED" not in sheet_html(compose_sheet(dataset, without))


def test_the_quote_key_is_printed_only_with_quotes(dataset: Dataset, tmp_path: Path) -> None:
    with_quotes = " ".join(pdf_text(compose_sheet(dataset, SheetOptions()), tmp_path))
    # The key explains the kinds of quote the sheet prints: the sample's are all reported.
    assert "REPORTED: the source's account" in with_quotes
    assert "DIRECT:" not in with_quotes
    no_quotes = SheetOptions(sections=frozenset(SECTIONS) - {"quotes"})
    text = " ".join(pdf_text(compose_sheet(dataset, no_quotes), tmp_path, "no-quotes.pdf"))
    assert "Source reliability: A completely reliable" in text
    assert "DIRECT" not in text
    assert "REPORTED" not in text


def test_figure_tables_pad_their_cells(dataset: Dataset, tmp_path: Path) -> None:
    """With no padding a value ran into the estimator beside it."""
    document, _writer, _ = laid_out(compose_sheet(dataset, SheetOptions()), tmp_path)
    tables = [
        frame
        for frame in document.rootFrame().childFrames()
        if isinstance(frame, QTextTable) and frame.columns() == 4
    ]
    assert len(tables) >= 2  # the chronology and the figures
    for table in tables:
        assert table.format().cellPadding() >= 3
        assert table.format().cellSpacing() == 0  # the header's shading runs unbroken


def test_quotation_marks_inside_quotes_alternate(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(
        tmp_path,
        "brief.yaml",
        """\
        dataset: {title: T}
        actors:
          - {id: a, name: A, kind: person}
        sources:
          - {id: s, kind: article, title: 'The "big" report', reliability: B}
        events:
          - id: e
            title: E
            sources: [s]
            quotes:
              - {text: 'we said "no" twice', mode: direct, speaker: a, source: s}
              - {text: "the 'deal' is off", mode: reported, speaker: a, source: s}
        """,
    )
    loaded = load_dataset(path).dataset
    assert loaded is not None
    html = sheet_html(compose_sheet(loaded, SheetOptions()))
    assert "\u201cwe said \u2018no\u2019 twice\u201d" in html
    assert "\u2018the \u201cdeal\u201d is off\u2019" in html
    assert "\u201cThe \u2018big\u2019 report\u201d" in html


def test_header_body_and_footer_share_the_left_edge(dataset: Dataset, tmp_path: Path) -> None:
    """The header was painted at the page's edge and the body 4 px in from it."""
    for options in (SheetOptions(), SheetOptions(scope="event", event_id="withdrawal-announced")):
        sheet = compose_sheet(dataset, options)
        path = tmp_path / "sheet.pdf"
        export_pdf(sheet, path, overwrite=True)
        runs: list[tuple[str, float]] = []  # each run of text on page 1, in painting order

        def seen(text: str, cm: list[float], tm: list[float], *_: object) -> None:
            if text.strip():
                runs.append((" ".join(text.split()), round(tm[4] * cm[0] + cm[4], 1)))  # noqa: B023

        pypdf.PdfReader(path).pages[0].extract_text(visitor_text=seen)

        def left(prefix: str, nth: int = 0) -> float:
            return [x for text, x in runs if text.startswith(prefix)][nth]  # noqa: B023

        title = " ".join(sheet.title.split()[:3])
        edges = {left(title), left(title, 1), left("Key points")}
        edges.add(left("All events" if options.scope == "all" else "Event"))
        if sheet.subtitle:  # the footer names the dataset; the meta line starts with it too
            edges |= {left(" ".join(sheet.subtitle.split()[:3]))}
        assert len(edges) == 1, runs  # header, heading, scope line, "Key points", footer


def test_the_footer_keeps_the_dataset_title_and_the_version_whole(
    dataset: Dataset, tmp_path: Path
) -> None:
    """With a git commit in the version the dataset's title was cut to make room for it."""
    sheet = compose_sheet(dataset, SheetOptions(scope="event", event_id="withdrawal-announced"))
    version = "data 4eb603c58a67, git 1f2c011482+changes"
    sheet = dataclasses.replace(sheet, version=version)
    for text in pdf_text(sheet, tmp_path):
        assert dataset.info.title in text
        assert f"{version} \u00b7 printed {sheet.made}" in text


def test_page_numbers_have_thousands_separators() -> None:
    assert page_number(7, 1234) == "Page 7 of 1,234"


def test_a_page_that_starts_inside_a_paragraph_holds_only_its_own_lines(
    qapp,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    """Qt's layout draws the line above its clip too: a page starting inside a paragraph held
    the previous page's last line, hidden by the clip but found by search and copy."""
    words = [f"word{number:04d}" for number in range(2_500)]
    path = write(
        tmp_path,
        "long.yaml",
        f"""\
        dataset: {{title: T}}
        sources:
          - {{id: s, kind: article, title: S, reliability: B}}
        events:
          - {{id: e, title: E, summary: {" ".join(words)}, sources: [s]}}
        """,
    )
    loaded = load_dataset(path).dataset
    assert loaded is not None
    sheet = compose_sheet(loaded, SheetOptions(sections=frozenset({"figures"})))
    document, _writer, body = laid_out(sheet, tmp_path)
    pages = paginate(document, body)
    # (pypdf may break a word where Qt split its run of text: the words are read unspaced.)
    texts = [re.sub(r"\s+", "", text) for text in pdf_text(sheet, tmp_path)]
    assert len(texts) == len(pages) >= 3
    resumed = [(number, page.resume) for number, page in enumerate(pages) if page.resume]
    assert len(resumed) >= 2
    for number, (block_number, line_number) in resumed:
        block = document.findBlockByNumber(block_number)
        first = block.text()[block.layout().lineAt(line_number).textStart() :].split()[0]
        above = words[words.index(first) - 1]
        assert first in texts[number]
        assert above not in texts[number]
        assert above in texts[number - 1]
    printed = [word for text in texts for word in re.findall(r"word\d{4}", text)]
    assert sorted(printed) == sorted(words + words)  # the key point, and the event: once each


def test_a_sheet_with_no_table_runs_onto_as_many_pages_as_it_needs(
    dataset: Dataset, tmp_path: Path
) -> None:
    """Qt lays a long document out lazily; only a table's place made it lay out the rest, so a
    sheet with no chronology, figures or quotes came out as one page with the rest cut off."""
    sheet = compose_sheet(dataset, SheetOptions(sections=frozenset({"disputes"})))
    text = " ".join(pdf_text(sheet, tmp_path))
    for event in dataset.events.values():
        assert event.title in text
    assert "Source reliability:" in text  # the legend, last of all


@pytest.mark.parametrize(
    ("screen", "size"),
    [
        ((1920, 1040), (936, 936)),  # a full-HD screen less its task bar
        ((1366, 728), (655, 655)),  # a small laptop: no longer taller than the screen
        ((3840, 2100), (1400, 1400)),  # capped
        ((800, 560), (600, 504)),  # never too small to read...
        ((500, 400), (500, 400)),  # ...nor larger than the screen
    ],
)
def test_the_print_preview_fits_the_screen(screen: tuple[int, int], size: tuple[int, int]) -> None:
    """It was always 900 by 1000: taller than a laptop's screen, small on a large one."""
    fitted = preview_size(QSize(*screen))
    assert (fitted.width(), fitted.height()) == size


def test_footnote_markers_run_in_order(tmp_path: Path) -> None:
    """An event citing its sources in another order than the sheet numbers them still reads
    "1,2", never "2,1"."""
    path = write(
        tmp_path,
        "d.yaml",
        """\
        dataset: {title: T}
        sources:
          - {id: a, kind: article, title: A, reliability: B}
          - {id: b, kind: article, title: B, reliability: B}
        events:
          - {id: first, title: First, date: 2024-07-01, summary: One., sources: [a, b]}
          - {id: second, title: Second, date: 2024-07-02, summary: Two., sources: [b, a]}
        """,
    )
    dataset = load_dataset(path).dataset
    assert dataset is not None
    html = sheet_html(compose_sheet(dataset, SheetOptions()))
    assert "Two.<sup>1,2</sup>" in html
