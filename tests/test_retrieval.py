"""Hybrid retrieval on the real corpus with the real model and index (no mocks)."""

from __future__ import annotations

import pytest
from langchain_core.documents import Document

from plan_qa.answering import Assistant
from plan_qa.retrieval import HybridRetriever
from plan_qa.retrieval.langchain import PlanRetriever
from plan_qa.text.restore import DiacriticRestorer

# (query, a phrase the right clause contains). Typed the way officials type: with and
# without diacritics, with abbreviations, and paraphrased away from the plan's words.
QUESTIONS = [
    ("Cơ quan nào chủ trì đề xuất xây dựng các khu xử lý, tái chế chất thải?", "khu xử lý, tái chế chất thải"),
    ("de xuat xay dung khu xu ly tai che chat thai", "khu xử lý, tái chế chất thải"),
    ("SCT phổ biến pháp luật BVMT cho doanh nghiệp", "phổ biến pháp luật về bảo vệ môi trường"),
    ("Sở NN&MT rà soát cơ chế, chính sách hình thành khu xử lý chất thải", "hình thành khu xử lý, tái chế chất thải"),
    ("KH&CN tổng hợp đề xuất nhiệm vụ khoa học trình tỉnh phê duyệt", "Tổng hợp các đề xuất thực hiện nhiệm vụ khoa học"),
    ("đánh giá nhu cầu nguồn nhân lực ngành công nghiệp môi trường", "nhu cầu phát triển nguồn nhân lực"),
    ("danh gia nhu cau nguon nhan luc nganh cong nghiep moi truong", "nhu cầu phát triển nguồn nhân lực"),
    ("học tập kinh nghiệm bảo vệ môi trường của các tỉnh khác", "Học tập kinh nghiệm"),
    ("bộ đơn giá dịch vụ thoát nước đô thị", "đơn giá dịch vụ thoát nước đô thị"),
    ("ai lo việc cân đối tiền ngân sách để làm kế hoạch ở Gia Lai", "bố trí kinh phí"),
    ("giai phong mat bang cum cong nghiep", "giải phóng mặt bằng"),
    ("mạng lưới vườn ươm doanh nghiệp công nghiệp môi trường", "vườn ươm doanh nghiệp"),
    ("mục tiêu xây thêm nhà máy điện rác", "nhà máy điện rác"),
    ("tỷ lệ KCN, CCN có trạm xử lý nước thải", "trạm xử lý nước thải đạt 100%"),
    ("ứng phó sự cố tràn dầu", "ứng phó sự cố tràn dầu"),
    ("kiem ke khi nha kinh nganh cong thuong", "kiểm kê khí nhà kính"),
    ("tham gia thị trường các-bon", "thị trường các-bon"),
    ("xử lý ô nhiễm ở các làng nghề", "làng nghề"),
    ("ứng dụng thiết kế và sản xuất nhờ máy tính CAD/CAM", "CAD/CAM"),
    ("kiểm soát nhập khẩu máy móc đã qua sử dụng, phế liệu", "Cục Xuất"),
    ("BQL KKT xúc tiến đầu tư vào khu kinh tế", "Khu kinh tế"),
    ("ai ky ke hoach cua dong thap", "Nguyễn Thành Diệu"),
    ("ap dung tieu chuan quy chuan ky thuat moi truong quoc gia", "quy chuẩn kỹ thuật môi trường"),
    ("dùng vật liệu bỏ đi làm đầu vào cho ngành kinh tế khác", "vật liệu thải bỏ"),
    ("nghị quyết HĐND về giảm phát thải nhựa", "giảm phát thải nhựa"),
]


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    return Assistant.load()


@pytest.mark.parametrize(("query", "phrase"), QUESTIONS, ids=[q for q, _ in QUESTIONS])
def test_right_clause_in_top_3(assistant: Assistant, query: str, phrase: str) -> None:
    hits = assistant.retriever.search(query, k=3)
    assert any(phrase in hit.document.text for hit in hits), [hit.document.id for hit in hits]


def test_rrf_fusion_remains_available(assistant: Assistant) -> None:
    rrf = HybridRetriever(assistant.index, assistant.embedder, fusion="rrf")
    hits = rrf.search("đề xuất xây dựng các khu xử lý, tái chế chất thải", k=2)
    assert {h.document.locator for h in hits} == {"Phụ lục, dòng 4"}
    with pytest.raises(ValueError):
        HybridRetriever(assistant.index, assistant.embedder, fusion="max")


def test_province_and_plan_filters_apply_inside_retrieval(assistant: Assistant) -> None:
    hits = assistant.retriever.search("phổ biến pháp luật", k=10, province="dong thap")
    assert len(hits) == 10 and {h.document.province for h in hits} == {"Đồng Tháp"}
    hits = assistant.retriever.search("phổ biến pháp luật", k=5, plan="003", kinds="task_row")
    assert hits and all(h.document.plan_id == "003" and h.document.kind == "task_row" for h in hits)


def test_modes_differ_and_report_their_scores(assistant: Assistant) -> None:
    query = "đề xuất xây dựng các khu xử lý, tái chế chất thải"
    dense = assistant.retriever.search(query, k=3, mode="dense")
    lexical = assistant.retriever.search(query, k=3, mode="lexical")
    assert all(h.dense_score is not None and h.lexical_score is None for h in dense)
    assert all(h.lexical_score is not None and h.dense_score is None for h in lexical)


def test_diacritics_restored_from_corpus_vocabulary(assistant: Assistant) -> None:
    restorer: DiacriticRestorer = assistant.retriever.restorer
    assert restorer.restore("chu tri xay dung khu xu ly chat thai") == "chủ trì xây dựng khu xử lý chất thải"
    assert restorer.restore("Sở Tài chính") == "sở tài chính"  # accented words are kept


def test_langchain_retriever_returns_cited_documents(assistant: Assistant) -> None:
    retriever = PlanRetriever(retriever=assistant.retriever, k=2, province="Đồng Tháp")
    documents = retriever.invoke("ai chủ trì đề xuất xây dựng khu xử lý chất thải")
    assert len(documents) == 2 and all(isinstance(d, Document) for d in documents)
    assert documents[0].metadata["locator"] == "Phụ lục, dòng 4"
    assert documents[0].metadata["province"] == "Đồng Tháp"
