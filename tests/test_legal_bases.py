"""Legal bases: the documents a real plan cites, read whatever their kind or numbering, and the one a question asks for."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_qa.answering import Assistant
from plan_qa.corpus import parse
from plan_qa.parsing.legal_refs import issuers_asked, kinds_asked
from plan_qa.text.vietnamese import fold_diacritics

from conftest import REALPLANS, realplans_assistant


def _bases(name: str) -> dict[str, tuple[str, str | None, str | None]]:
    if not REALPLANS.is_dir():
        pytest.skip(f"không có thư mục kế hoạch thật {REALPLANS} (shared/realplans)")
    plan = parse(REALPLANS / name)
    return {b.number: (b.kind, b.date, b.issuer) for b in plan.metadata.legal_bases if b.number}


def test_party_numbers_are_bases_and_an_issuer_stops_at_the_next_document() -> None:
    bases = _bases("bac-ninh_141-KH-UBND.md")
    # "Thực hiện Kế hoạch số 14-KH/TU ngày 29/7/2025 của Ban Thường vụ Tỉnh ủy và Kế hoạch số 24/KH-UBND …
    # thực hiện Nghị quyết số 66-NQ/TW …"
    assert bases["14-KH/TU"] == ("Kế hoạch", "29/7/2025", "Ban Thường vụ Tỉnh ủy")
    assert bases["24/KH-UBND"][:2] == ("Kế hoạch", "14/8/2025")
    assert bases["66-NQ/TW"][0] == "Nghị quyết"


def test_a_basis_cited_without_so_and_with_a_spaced_number() -> None:
    # "… và Kế hoạch 223/KH- UBND ngày 24/10/2025 của UBND tỉnh …"
    assert _bases("thanh-hoa_235-KH-UBND.md")["223/KH-UBND"][:2] == ("Kế hoạch", "24/10/2025")


def test_guidance_and_qualified_kinds_are_bases() -> None:
    assert _bases("dak-lak_0125-KH-UBND.md")["7886/HD-BNV"][0] == "Hướng dẫn"
    assert _bases("dong-thap_617-KH-UBND.md")["10-CTr/TU"][0] == "Chương trình"  # "Chương trình hành động số …"


@pytest.mark.parametrize(
    ("question", "kinds", "several"),
    [
        ("Việc khen thưởng thực hiện theo hướng dẫn nào?", {"Hướng dẫn"}, False),
        ("Kế hoạch căn cứ quyết định phân bổ dự toán nào của UBND thành phố?", {"Quyết định"}, False),
        ("Kế hoạch về xây dựng pháp luật thực hiện những kế hoạch nào?", {"Kế hoạch"}, True),
        ("Kế hoạch căn cứ vào những văn bản nào?", set(), True),
        ("ke hoach thuc hien thong tu lien tich nao", {"Thông tư liên tịch"}, False),
        ("Ai chủ trì kế hoạch này?", set(), False),
        ("ke hoach thuc hien theo cong van nao", {"Công văn"}, False),  # a công văn is a kind of its own
        ("Kế hoạch căn cứ luật nào?", {"Luật"}, False),
    ],
)
def test_kind_a_question_asks_for(question: str, kinds: set[str], several: bool) -> None:
    assert kinds_asked(fold_diacritics(question).lower()) == (frozenset(kinds), several)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return realplans_assistant(tmp_path_factory, ("can-tho_159-KH-UBND.md", "bac-ninh_141-KH-UBND.md",
                                                  "ho-chi-minh_174-KH-UBND.md"))


def test_the_named_kind_picks_the_basis(assistant: Assistant) -> None:
    # The plan cites a resolution of the HĐND and a decision of the UBND on the same allocation.
    answer = assistant.ask("Kế hoạch giảm nghèo của Cần Thơ căn cứ quyết định phân bổ dự toán nào?")
    assert answer.found and "2140/QĐ-UBND" in answer.answer and "206/NQ-HĐND" not in answer.answer


def test_several_bases_of_the_named_kind_are_all_given(assistant: Assistant) -> None:
    answer = assistant.ask("Kế hoạch nâng cao năng lực xây dựng chính sách, pháp luật của Bắc Ninh thực hiện những kế hoạch nào?")
    assert answer.found and "14-KH/TU" in answer.answer and "24/KH-UBND" in answer.answer


def test_a_decision_cites_its_bases_before_its_articles_and_is_not_its_own_basis() -> None:
    if not REALPLANS.is_dir():
        pytest.skip(f"không có thư mục kế hoạch thật {REALPLANS} (shared/realplans)")
    plan = parse(REALPLANS / "quang-ngai_1627-QĐ-UBND.md")
    bases = {b.number: b for b in plan.metadata.legal_bases if b.number}
    assert bases["213/QĐ-TTg"].issuer == "Thủ tướng Chính phủ"
    assert bases["23/CT-TTg"].kind == "Chỉ thị"
    assert bases["213/QĐ-TTg"].clause_id.startswith(f"{plan.plan_id}:QD.")  # cited where the decision says it
    assert plan.metadata.number not in bases


def test_a_law_whose_name_holds_a_comma_is_one_basis() -> None:
    if not REALPLANS.is_dir():
        pytest.skip(f"không có thư mục kế hoạch thật {REALPLANS} (shared/realplans)")
    plan = parse(REALPLANS / "ho-chi-minh_2853-QĐ-UBND.md")
    laws = [b.text for b in plan.metadata.legal_bases if b.kind == "Luật"]
    assert sum(law.startswith("Luật Phòng, chống thiên tai") for law in laws) == 1
    assert "Luật Phòng" not in laws


def test_a_decisions_basis_is_answered_and_cited_from_the_decision(tmp_path_factory: pytest.TempPathFactory) -> None:
    assistant = realplans_assistant(tmp_path_factory, ("quang-ngai_1627-QĐ-UBND.md",))
    answer = assistant.ask("Quyết định 1627 của Quảng Ngãi căn cứ chỉ thị nào của Thủ tướng?")
    assert answer.found and "23/CT-TTg" in answer.answer and "1627/QĐ-UBND" not in answer.answer
    assert any("Căn cứ Chỉ thị số 23/CT-TTg" in c.text for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "issuers"),
    [
        ("Kế hoạch thực hiện theo văn bản nào của Thủ tướng Chính phủ?", ["Thủ tướng"]),
        ("ke hoach thuc hien nghi quyet so may cua tinh uy", ["Tỉnh ủy"]),
        ("Kế hoạch của UBND tỉnh căn cứ văn bản nào?", []),  # the plan's own issuer, not the one asked for
    ],
)
def test_issuer_a_question_asks_for(question: str, issuers: list[str]) -> None:
    assert [i.names[0] for i in issuers_asked(fold_diacritics(question).lower())] == issuers


def test_the_named_issuer_picks_the_basis(assistant: Assistant) -> None:
    # Bắc Ninh's plan carries out a plan of the Tỉnh ủy's standing board and one of the UBND tỉnh.
    answer = assistant.ask("Kế hoạch nâng cao năng lực xây dựng pháp luật của Bắc Ninh thực hiện kế hoạch nào của Tỉnh ủy?")
    assert answer.found and "14-KH/TU" in answer.answer and "24/KH-UBND" not in answer.answer


def test_a_law_named_with_va_is_read_whole() -> None:
    if not REALPLANS.is_dir():
        pytest.skip(f"không có thư mục kế hoạch thật {REALPLANS} (shared/realplans)")
    laws = [b.text for b in parse(REALPLANS / "lai-chau_7360-KH-UBND.md").metadata.legal_bases if b.kind == "Luật"]
    assert any(law.startswith("Luật Tiêu chuẩn và quy chuẩn kỹ thuật") for law in laws)


def test_a_number_typed_with_stray_spaces_is_read_whole() -> None:
    # Invented preamble: spaces a typist left around the slash and the dash of a document's number.
    from plan_qa.parsing.metadata import document_number, legal_bases

    text = ("Căn cứ Nghị định số 78/2021/NĐ -CP ngày 01/8/2021 của Chính phủ; Căn cứ Kế hoạch số 15 /KH-UBND ngày "
            "10/01/2026 của UBND tỉnh; Căn cứ Thông tư số 06/ 2022/TT- BTTTT ngày 3/6/2022 của Bộ Thông tin và "
            "Truyền thông; Căn cứ Quyết định số 12/QĐ-UBND - Sở Tài chính.")
    numbers = [b.number for b in legal_bases([("x:preamble", text)])]
    assert numbers == ["78/2021/NĐ-CP", "15/KH-UBND", "06/2022/TT-BTTTT", "12/QĐ-UBND"]
    assert document_number("Số: 15 /KH -UBND") == "15/KH-UBND"


def test_a_quoc_hoi_number_keeps_its_legislature() -> None:
    # The Quốc hội numbers its laws and resolutions by legislature: "163/2024/QH15" (Đồng Nai 182), never "…/QH".
    assert "163/2024/QH15" in _bases("dong-nai_182-KH-UBND.md")
    from plan_qa.parsing.metadata import legal_bases

    # Invented preamble of another plan: resolutions of two legislatures, one number with a spaced slash.
    text = ("Căn cứ Nghị quyết số 198/2025/QH15 ngày 17 tháng 5 năm 2025 của Quốc hội về cơ chế đặc biệt phát triển "
            "kinh tế tư nhân; Căn cứ Nghị quyết số 43/2022/ QH15 của Quốc hội về chính sách tài khóa; Thực hiện "
            "Nghị quyết số 58/2012/QH13.")
    assert [b.number for b in legal_bases([("x:preamble", text)])] == ["198/2025/QH15", "43/2022/QH15", "58/2012/QH13"]


def test_a_basis_asked_by_kind_is_of_that_kind_and_its_number_whole(assistant: Assistant) -> None:
    # TP.HCM 174 cites resolutions, decisions, a notice and a công văn of the Bộ Nội vụ
    answer = assistant.ask("Kế hoạch bình đẳng giới cuối năm 2025 của TP.HCM thực hiện theo công văn nào?")
    assert answer.found and "8935/BNV-CTTN" in answer.answer
    answer = assistant.ask("Kế hoạch bình đẳng giới cuối năm 2025 của TP.HCM căn cứ nghị quyết nào của Quốc hội?")
    assert answer.found and "202/2025/QH15" in answer.answer


def test_a_document_named_before_its_number_keeps_kind_name_number_date_and_issuer() -> None:
    # Invented preamble: laws and a code named before their number, the date in words or digits, the issuer after.
    from plan_qa.parsing.metadata import legal_bases

    text = ("Căn cứ Luật Việc làm số 74/2025/QH15 ngày 16/6/2025 của Quốc hội; Căn cứ Luật Tổ chức chính quyền địa "
            "phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025; Căn cứ Bộ luật Lao động số 45/2019/QH14; Căn cứ Nghị "
            "định Chính phủ số 80/2025/NĐ-CP ngày 1/4/2025; Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ "
            "Chính trị về đột phá phát triển khoa học, công nghệ; Căn cứ Thông tư số 06/2022/TT-BTTTT ngày 3/6/2022 "
            "của Bộ Thông tin và Truyền thông hướng dẫn một số điều; Căn cứ Luật Đất đai năm 2024.")
    got = [(b.kind, b.number, b.date, b.issuer) for b in legal_bases([("x:preamble", text)])]
    assert got == [("Luật", "74/2025/QH15", "16/6/2025", "Quốc hội"), ("Luật", "72/2025/QH15", "16/6/2025", None),
                   ("Bộ luật", "45/2019/QH14", None, None), ("Nghị định", "80/2025/NĐ-CP", "1/4/2025", None),
                   ("Nghị quyết", "57-NQ/TW", "22/12/2024", "Bộ Chính trị"),
                   ("Thông tư", "06/2022/TT-BTTTT", "3/6/2022", "Bộ Thông tin và Truyền thông"),
                   ("Luật", None, "2024", None)]


def test_a_law_and_its_amending_law_of_the_same_name_are_two_bases() -> None:
    # Released blind plan e1 (s8): "Luật Dược số 105/2016/QH13 …; Luật sửa đổi, bổ sung một số điều của Luật Dược
    # số 44/2024/QH15 …" — both numbers kept; a later mention by name alone is not a third law.
    plan = parse(Path(__file__).parent.parent / "eval/blind_2026-11-28-s8/plans/e1_dien-bien.pdf")
    laws = [b.number for b in plan.metadata.legal_bases if b.kind == "Luật"]
    assert laws[:2] == ["105/2016/QH13", "44/2024/QH15"]
    from plan_qa.parsing.metadata import legal_bases

    text = "Căn cứ Luật Dược số 105/2016/QH13; Căn cứ Luật Dược số 44/2024/QH15; Thực hiện Luật Dược ngày 06/4/2016."
    assert [b.number for b in legal_bases([("x:preamble", text)])] == ["105/2016/QH13", "44/2024/QH15"]
