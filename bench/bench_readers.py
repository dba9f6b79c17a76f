"""Cost of the slow readers — OCR of a scanned PDF, LibreOffice conversion of a .doc — against reading the
same plan from its text-layer PDF / .docx, in the same run.

Run: `python bench/bench_readers.py`. Writes `bench/results/readers.md`.

The scan is made here from a released development PDF (each page rendered grey at 200 dpi, saved as a
picture-only PDF); the .doc is the released development .docx saved by LibreOffice. Each is read with
`plan_qa.ingest.read_document` in this process: the scan once with an empty OCR cache and once from the cache,
the .doc and the originals REPEATS times (median). The figures that matter are the ratios.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_office_formats import saved_as  # noqa: E402  (the same conversion the tests use)
from test_ocr import scanned_copy  # noqa: E402

from plan_qa.ingest import read_document  # noqa: E402

PDF = ROOT / "eval" / "blind_2026-11-28-s6" / "plans" / "a2_gia-lai.pdf"
DOCX = ROOT / "eval" / "blind_2026-11-28-s6" / "plans" / "b2_hai-phong.docx"
REPEATS = 3


def _seconds(path: Path) -> float:
    start = time.perf_counter()
    read_document(path)
    return time.perf_counter() - start


def _median(path: Path) -> float:
    return statistics.median(_seconds(path) for _ in range(REPEATS))


def main() -> None:
    os.environ["PLAN_QA_PARSE_SECONDS"] = "0"
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        os.environ["PLAN_QA_CACHE"] = str(folder / "cache")
        scan = scanned_copy(PDF, folder / PDF.name)
        legacy = saved_as(DOCX, folder, ".doc")
        text_layer = _median(PDF)
        first_ocr = _seconds(scan)
        cached_ocr = _median(scan)
        docx = _median(DOCX)
        doc = _median(legacy)
    pages = 5
    lines = [
        "# Slow readers against their fast twins (same plan, same run)",
        "",
        f"Machine: {os.cpu_count()} cores; `python bench/bench_readers.py`; medians of {REPEATS} reads except the first OCR.",
        "",
        "| file | seconds | ratio |",
        "|---|---|---|",
        f"| {PDF.name}, text layer | {text_layer:.2f} | 1 |",
        f"| same, scanned 200 dpi, OCR ({pages} pages, empty cache) | {first_ocr:.1f} | {first_ocr / text_layer:.0f}× |",
        f"| same scan, OCR text from the cache | {cached_ocr:.2f} | {cached_ocr / text_layer:.2f}× |",
        f"| {DOCX.name} | {docx:.2f} | 1 |",
        f"| same plan saved as .doc, via LibreOffice | {doc:.2f} | {doc / docx:.0f}× |",
        "",
        f"OCR: {first_ocr / pages:.1f} s per page on this machine.",
    ]
    out = ROOT / "bench" / "results" / "readers.md"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
