"""Files → parsed plans: one file with `parse`, a folder with `load_corpus_report` (file by file)."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from plan_qa.ingest import SUPPORTED_EXTENSIONS, DocumentError, read_document
from plan_qa.ingest.limits import run_bounded
from plan_qa.oserrors import os_reason
from plan_qa.parsing import Plan, parse_text, plan_id_for

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = PROJECT_ROOT / "corpus"
LOG = logging.getLogger(__name__)


def default_corpus_dir() -> Path:
    """The bundled corpus, or $PLAN_QA_CORPUS when set."""
    return Path(os.environ.get("PLAN_QA_CORPUS", DEFAULT_CORPUS))


class PlanParseError(ValueError):
    """A file was read but holds no recognisable plan."""


@dataclass(frozen=True)
class Skipped:
    """A corpus file left out, and why (Vietnamese)."""

    file: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class CorpusLoad:
    """The plans that loaded and the files that were skipped."""

    plans: list[Plan] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def parse(path: str | Path) -> Plan:
    """Read and parse one plan file (.txt, .md, .docx, .doc, .odt, .rtf, .pdf, .html), reading and parsing together
    bounded in time (`run_bounded`: a child process that answers in JSON)."""
    path = Path(path)
    outcome = json.loads(run_bounded(path, _parse_to_json, str(path)))
    if "not_a_plan" in outcome:
        raise PlanParseError(outcome["not_a_plan"])
    return Plan.from_dict(outcome["plan"])


def _parse_to_json(path: str) -> str:
    """Read and parse in this process: {"plan": …} or {"not_a_plan": message} as JSON."""
    file = Path(path)
    plan = parse_text(read_document(file), plan_id_for(file), file.name)
    if not any(c.kind not in ("front", "title", "preamble") for c in plan.clauses):
        return json.dumps({"not_a_plan": f'Tệp "{file.name}" không có cấu trúc kế hoạch (không tìm thấy mục I., '
                                         'II., …).'}, ensure_ascii=False)
    return json.dumps({"plan": plan.to_dict()}, ensure_ascii=False)


def _is_readme(path: Path) -> bool:
    return path.stem.upper() == "README"


def plan_files(folder: str | Path) -> list[Path]:
    """Supported files in a folder, sorted by name (README files, the folder's notes, excluded)."""
    folder = Path(folder)
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in SUPPORTED_EXTENSIONS and not _is_readme(p)
    )


def _try_parse(path: Path) -> Plan | str:
    """The plan of one file, or the Vietnamese reason it was skipped."""
    try:
        return parse(path)
    except DocumentError as error:
        return error.reason
    except PlanParseError:
        return "không có cấu trúc kế hoạch (không tìm thấy mục I., II., …)"
    except OSError as error:
        return f"không đọc được tệp ({os_reason(error)})"
    except Exception as error:  # a parser defect on one file must not stop the others
        LOG.debug("Lỗi phân tích %s", path, exc_info=True)
        return f"trình phân tích gặp lỗi nội bộ ({type(error).__name__})"


def load_corpus_report(folder: str | Path | None = None) -> CorpusLoad:
    """Parse every plan file of a folder one by one; a bad file is skipped with its reason.

    Two files with the same plan id: the first by name is kept, the other skipped.
    README files stay out (they describe the folder) but are listed as skipped.
    """
    folder = Path(folder or default_corpus_dir())
    result = CorpusLoad()
    readmes = sorted(p for p in folder.iterdir() if p.is_file() and _is_readme(p)
                     and p.suffix.lower() in SUPPORTED_EXTENSIONS)
    for path in readmes:
        result.skipped.append(Skipped(path.name, "tệp README được coi là ghi chú của thư mục, không phải kế hoạch"))
    owners: dict[str, str] = {}
    for path in plan_files(folder):
        outcome = _try_parse(path)
        if isinstance(outcome, str):
            result.skipped.append(Skipped(path.name, outcome))
        elif outcome.plan_id in owners:
            result.skipped.append(Skipped(path.name, f'trùng mã kế hoạch "{outcome.plan_id}" với tệp '
                                                     f'"{owners[outcome.plan_id]}" (chỉ giữ tệp đó)'))
        else:
            owners[outcome.plan_id] = path.name
            result.plans.append(outcome)
    return result


def load_corpus(folder: str | Path | None = None) -> list[Plan]:
    """The plans of a folder (default: the bundled corpus); bad files are skipped with a logged warning
    (`load_corpus_report` returns them)."""
    loaded = load_corpus_report(folder)
    for skipped in loaded.skipped:
        LOG.warning("Bỏ qua %s: %s", skipped.file, skipped.reason)
    return loaded.plans


__all__ = ["CorpusLoad", "DocumentError", "PlanParseError", "Skipped", "default_corpus_dir", "load_corpus",
           "load_corpus_report", "parse", "plan_files"]
