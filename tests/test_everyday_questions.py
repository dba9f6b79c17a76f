"""Questions in everyday words on real plans: a legal basis named by its issuer, a target stated as a
ratio, where a report goes, and a when-question the plan does not answer (refused, not answered with a
clause that states no time)."""

from __future__ import annotations

import pytest

from plan_qa.answering import Answer, Assistant
from plan_qa.answering.compose import asked_unit
from plan_qa.answering.statements import states_time
from plan_qa.text.vietnamese import fold_diacritics

from conftest import realplans_assistant

PLANS = ("ho-chi-minh_174-KH-UBND.md", "nghe-an_987-KH-UBND.md", "can-tho_159-KH-UBND.md",
         "dak-lak_0130-KH-UBND.md", "dak-lak_0125-KH-UBND.md")


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return realplans_assistant(tmp_path_factory, PLANS)


def _cited_text(assistant: Assistant, answer: Answer) -> str:
    documents = {d.id: d for d in assistant.index.documents}
    assert all(documents[c.clause_id].text == c.text for c in answer.citations)
    return " ".join(c.text for c in answer.citations)


def test_superior_plan_named_by_its_issuer_is_a_legal_basis(assistant: Assistant) -> None:
    answer = assistant.ask("Kế hoạch phát triển hạ tầng 5G ở khu công nghiệp của Nghệ An được ban hành để "
                           "thực hiện kế hoạch nào của Tỉnh ủy?")
    assert answer.intent == "legal_basis"
    assert answer.found and "328-KH/TU" in answer.answer
    assert "328-KH/TU" in _cited_text(assistant, answer)


def test_a_share_stated_as_a_ratio_answers_a_ty_so_question(assistant: Assistant) -> None:
    answer = assistant.ask("TP.HCM đặt chỉ tiêu tỷ số giới tính khi sinh năm 2025 ở mức bao nhiêu?")
    assert answer.found and "107" in answer.answer
    assert "107" in _cited_text(assistant, answer)


def test_a_percentage_backed_by_the_evidence_model_despite_few_shared_words(assistant: Assistant) -> None:
    answer = assistant.ask("Ở Đắk Lắk, xã nào muốn được Chủ tịch tỉnh tặng Bằng khen về bầu cử thì tỷ lệ "
                           "cử tri đi bầu phải từ bao nhiêu?")
    assert answer.found and "98%" in answer.answer


def test_where_a_report_goes_is_read_from_the_clause(assistant: Assistant) -> None:
    answer = assistant.ask("Ở Cần Thơ, báo cáo công tác truyền thông giảm nghèo của các sở gửi về đâu?")
    assert answer.intent == "reporting"
    assert answer.found and "Sở Nông nghiệp và Môi trường" in answer.answer


def test_when_question_without_a_stated_time_is_refused(assistant: Assistant) -> None:
    answer = assistant.ask("Đắk Lắk phải tiêm phòng bổ sung bệnh dại, cúm gia cầm ở vùng nguy cơ xong trước ngày nào?")
    assert answer.intent == "timeline"
    assert not answer.found, answer.answer


def test_states_time_reads_plan_time_phrases() -> None:
    assert states_time("báo cáo về Sở Nông nghiệp và Môi trường chậm nhất ngày 17 tháng 12.")
    assert states_time("Định kỳ 06 tháng các cơ quan có liên quan báo cáo kết quả")
    assert states_time("Thời gian thực hiện: Quý IV/2025")
    assert states_time("xử lý các điểm nước đọng trong vòng 24-48 giờ sau khi nước rút")
    assert not states_time("Triển khai tiêm phòng bổ sung dại, cúm gia cầm tại vùng nguy cơ.")


def test_so_voi_and_o_muc_are_not_counted_units() -> None:
    assert asked_unit(fold_diacritics("tỷ lệ bé trai so với bé gái ở mức bao nhiêu?")) is None
    assert asked_unit(fold_diacritics("tỷ số giới tính khi sinh ở mức bao nhiêu?")) is None
    assert asked_unit(fold_diacritics("có bao nhiêu lớp tập huấn?")) == "lop"
