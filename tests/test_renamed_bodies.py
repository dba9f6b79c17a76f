"""Bodies written with their 2025 rename ("Sở Thông tin và Truyền thông (nay là Sở Khoa học và Công nghệ)"):
the holder is today's body, and a question using the old name finds its duties."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_qa.answering import Assistant
from plan_qa.config import Settings
from plan_qa.corpus import parse
from plan_qa.parsing.bodies import agency_list
from plan_qa.parsing.duties import agency_of_heading

RELEASED_PLANS = Path(__file__).resolve().parents[1] / "eval" / "blind_2026-11-28-s6" / "plans"


@pytest.mark.parametrize(
    ("written", "holder"),
    [
        ("Sở Thông tin và Truyền thông (nay là Sở Khoa học và Công nghệ)", "Sở Khoa học và Công nghệ"),
        ("Sở Khoa học và Công nghệ (tiếp nhận chức năng, nhiệm vụ của Sở Thông tin và Truyền thông trước đây)",
         "Sở Khoa học và Công nghệ"),
        ("Sở Y tế", "Sở Y tế"),
    ],
)
def test_a_heading_with_its_rename_names_todays_body(written: str, holder: str) -> None:
    assert agency_of_heading(written) == holder


def test_a_lead_cell_drops_the_former_name_it_explains() -> None:
    assert agency_list("Sở NN&MT (trước đây là Sở TN&MT); Sở Tài chính") == ["Sở Nông nghiệp và Môi trường", "Sở Tài chính"]


def test_a_word_plan_gives_the_duty_to_todays_body() -> None:
    duties = parse(RELEASED_PLANS / "b2_hai-phong.docx").duties
    holders = {duty.agency for duty in duties}
    assert "Sở Khoa học và Công nghệ" in holders
    assert not [h for h in holders if "Truyền thông và Sở" in h or "Truyền thông" in h]


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root = tmp_path_factory.mktemp("renamed")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in ("b2_hai-phong.docx", "a2_gia-lai.pdf"):
        (corpus / name).symlink_to(RELEASED_PLANS / name)
    return Assistant.load(Settings(corpus_dir=corpus, index_root=root / "indexes"))


@pytest.mark.parametrize(
    ("question", "body", "duty_words"),
    [
        ("Sở TT&TT được phân công nhiệm vụ gì trong kế hoạch phòng chống dịch bệnh động vật của Hải Phòng?",
         "Sở Khoa học và Công nghệ", "cơ sở dữ liệu chăn nuôi"),
        # the plan names the old body only to say who does the work now
        ("Sở TN&MT có nhiệm vụ gì trong kế hoạch phòng, chống sốt xuất huyết của Gia Lai?",
         "Sở Nông nghiệp và Môi trường", "vệ sinh môi trường"),
    ],
)
def test_an_old_name_finds_todays_duties(assistant: Assistant, question: str, body: str, duty_words: str) -> None:
    answer = assistant.ask(question)
    assert answer.found and body in answer.answer and duty_words in answer.answer
    assert "nay là" in answer.answer  # the rename is said
