"""Scanned plans: a PDF without a text layer is read by OCR (Tesseract, Vietnamese), tables included.

The scans are made here from development plans of earlier blind sets (released, in eval/): each page is
rendered to a 200 dpi grey picture and saved as a picture-only PDF (JPEG inside), as a scanner would.
Their structure gold says what must come back. Tesseract is a system program; CI installs it
(scripts/install_readers.sh); without it these tests skip and say so."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from plan_qa.corpus import parse
from plan_qa.evaluation.structure import score_plan
from plan_qa.ingest import ocr, read_document
from plan_qa.ingest.limits import bound_parsing
from plan_qa.ingest.scan_layout import cell_boxes, deskewed, find_tables, ruling_masks, skew_angle

EVAL = Path(__file__).resolve().parents[1] / "eval"
GIA_LAI = EVAL / "blind_2026-11-28-s6" / "plans" / "a2_gia-lai.pdf"
GIA_LAI_GOLD = EVAL / "blind_2026-11-28-s6" / "structure" / "a2_gia-lai.json"

needs_tesseract = pytest.mark.skipif(
    not ocr.ocr_available(),
    reason="Tesseract (tesseract-ocr, tesseract-ocr-vie) chưa cài: bash scripts/install_readers.sh",
)


def scanned_copy(source: Path, target: Path, dpi: int = 200, skew: float = 0.0) -> Path:
    """A picture-only PDF of `source`: every page rendered grey at `dpi` (turned `skew` degrees, as a sheet fed
    askew into the scanner) and saved as a JPEG page."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(source)
    pages = [document[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in range(len(document))]
    pages = [page.rotate(skew, fillcolor=255, resample=3) if skew else page for page in pages]
    document.close()
    pages[0].save(target, save_all=True, append_images=pages[1:], resolution=dpi)
    return target


@pytest.fixture(scope="module")
def scanned_plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(scan of the Gia Lai plan, its fresh OCR cache folder)."""
    folder = tmp_path_factory.mktemp("scan")
    return scanned_copy(GIA_LAI, folder / "a2_gia-lai.pdf"), folder / "cache"


@pytest.fixture(scope="module")
def scanned_parse(scanned_plan: tuple[Path, Path]):
    """The scan parsed as users do: in a bounded child process whose time limit (20 s) is far below what
    OCR of five pages takes, so the reader must ask for more; the cache starts empty."""
    path, cache = scanned_plan
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLAN_QA_CACHE", str(cache))
        patch.setenv("PLAN_QA_PARSE_SECONDS", "20")
        bound_parsing()
        return parse(path)


@needs_tesseract
def test_scanned_plan_reads_like_its_text_layer(scanned_parse) -> None:
    gold = json.loads(GIA_LAI_GOLD.read_text(encoding="utf-8"))
    score = score_plan(gold, scanned_parse)
    # Read from its text layer the plan scores 15/15 rows, leads and timelines, 12/12 duties, 8/8 metadata;
    # from the scan, one timeline reads "Quý 1/2026" (the "I" is taken for a one).
    assert scanned_parse.metadata.number == gold["metadata"]["number"]
    assert score.meta_right == score.meta_total, score.meta_wrong  # signer beside the recipients included
    assert score.duties_found == score.gold_duties
    assert score.found == score.gold_tasks, score.missed_tasks  # appendix rows, on both sides of a page break
    assert score.lead_right == score.found
    assert score.timeline_right >= score.found - 2


@needs_tesseract
def test_scanned_table_rows_keep_their_columns(scanned_parse) -> None:
    row = next(task for task in scanned_parse.tasks if task.task.startswith("Tiêm bổ sung vắc xin sởi"))
    assert row.lead == ["Sở Y tế"]
    assert "Sở Dân tộc và Tôn giáo" in row.coordinators
    assert row.timeline and "2026" in row.timeline


@needs_tesseract
def test_ocr_text_is_cached_per_page(scanned_plan: tuple[Path, Path], scanned_parse, monkeypatch) -> None:
    path, cache = scanned_plan
    pages = sorted((cache / "ocr").glob("*.txt"))
    assert len(pages) == 5
    monkeypatch.setenv("PLAN_QA_CACHE", str(cache))
    monkeypatch.setattr(ocr, "_ocr_page", lambda page: pytest.fail("a cached page was read again"))
    monkeypatch.setenv("PLAN_QA_PARSE_SECONDS", "0")
    text = read_document(path)
    assert all(page.read_text(encoding="utf-8") in text for page in pages)


@needs_tesseract
def test_unwritable_cache_costs_time_not_the_file(scanned_plan: tuple[Path, Path], tmp_path: Path, monkeypatch) -> None:
    path, _ = scanned_plan
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("PLAN_QA_CACHE", str(blocker))
    monkeypatch.setenv("PLAN_QA_PARSE_SECONDS", "0")
    first_page = ocr.ocr_pages(path.read_bytes(), [0])[0]
    assert "KẾ HOẠCH" in first_page and "186/KH-UBND" in first_page


def test_ruled_grid_and_merged_cells_found_in_the_picture() -> None:
    """A drawn 3×3 grid whose first row is one merged cell (a group row) and whose last two rows share
    their first cell (merged down)."""
    page = np.full((1200, 1000), 255, dtype=np.uint8)
    left, right, rows, columns = 100, 900, [100, 300, 500, 700], [100, 300, 600, 900]
    for y in rows:
        page[y - 2:y + 2, left:right] = 0
    for x in columns:
        page[rows[0]:rows[-1], x - 2:x + 2] = 0
    page[rows[0] + 3:rows[1] - 2, columns[1] - 2:columns[2] + 2] = 255  # row 1: no inner borders
    page[rows[2] - 2:rows[2] + 2, columns[0] + 3:columns[1] - 2] = 255  # column 1: rows 2–3 merged
    horizontal, vertical = ruling_masks(page)
    (table,) = find_tables(horizontal, vertical)
    assert [abs(a - b) <= 2 for a, b in zip(table.rows, rows)] == [True] * 4
    assert [abs(a - b) <= 2 for a, b in zip(table.columns, columns)] == [True] * 4
    boxes = cell_boxes(table, horizontal, vertical)
    assert [box is None for box in boxes[0]] == [False, True, True]
    assert boxes[1][0] is not None and boxes[2][0] is None
    assert boxes[1][0][3] == table.rows[3]  # the merged-down cell reaches the bottom rule
    assert all(box is not None for box in boxes[1][1:] + boxes[2][1:])


def _grid_page() -> tuple[np.ndarray, list[int], list[int]]:
    page = np.full((1400, 1100), 255, dtype=np.uint8)
    rows, columns = [200, 400, 600, 800, 1000], [150, 400, 700, 950]
    for y in rows:  # rules 2 px thick, as a scanner at 200 dpi prints a table's 0.25 mm borders
        page[y - 1:y + 1, columns[0]:columns[-1]] = 0
    for x in columns:
        page[rows[0]:rows[-1], x - 1:x + 1] = 0
    for y in range(230, 1000, 40):  # lines of "text" in the cells: words of 30 px
        for x in range(180, 380, 40):
            page[y:y + 8, x:x + 30] = 0
    return page, rows, columns


def test_a_page_scanned_askew_is_turned_upright_before_its_table_is_looked_for() -> None:
    from scipy import ndimage

    upright, rows, columns = _grid_page()
    assert skew_angle(upright) == 0.0 and deskewed(upright) is upright
    for angle in (2.5, -1.5):
        askew = ndimage.rotate(upright, angle, reshape=False, order=1, mode="constant", cval=255)
        if angle > 2:
            assert find_tables(*ruling_masks(askew)) == []  # thin rules at 2.5° are no long level runs: no table
        assert abs(skew_angle(askew) + angle) <= 0.2
        (table,) = find_tables(*ruling_masks(deskewed(askew)))
        assert [abs(a - b) <= 4 for a, b in zip(table.rows, rows)] == [True] * len(rows)
        assert [abs(a - b) <= 4 for a, b in zip(table.columns, columns)] == [True] * len(columns)


@needs_tesseract
def test_a_plan_scanned_askew_reads_its_appendix_table(tmp_path: Path, monkeypatch) -> None:
    scan = scanned_copy(GIA_LAI, tmp_path / "a2_gia-lai.pdf", skew=2.0)
    monkeypatch.setenv("PLAN_QA_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("PLAN_QA_PARSE_SECONDS", "0")
    gold = json.loads(GIA_LAI_GOLD.read_text(encoding="utf-8"))
    score = score_plan(gold, parse(scan))
    # Measured (session 9): 12 of 15 rows found, every found row's lead right; the upright scan finds 15 (the three
    # rows missed open with words the rotated, resampled picture makes Tesseract misread).
    assert score.found >= 12, score.missed_tasks
    assert score.lead_right == score.found
