"""Human plan labels and Vietnamese alphabetical order, on the bundled corpus and real train plans."""

from __future__ import annotations

from pathlib import Path

import pytest

import plan_qa
from plan_qa.corpus import PlanParseError, load_corpus
from plan_qa.labels import plan_kind, plan_label, plan_short_label, short_subject, sorted_vietnamese

REPO = Path(__file__).resolve().parents[1]
REAL_PLANS = Path(__file__).resolve().parents[2] / "shared" / "realplans"
TRAIN = ["bac-ninh_144-KH-UBND.md", "son-la_2954-QĐ-UBND.md", "thanh-hoa_235-KH-UBND.md", "bac-ninh_141-KH-UBND.md",
         "lai-chau_7360-KH-UBND.md", "ho-chi-minh_2853-QĐ-UBND.md", "dak-lak_0129-KH-UBND.md", "dong-nai_182-KH-UBND.md"]


@pytest.fixture(scope="module")
def corpus() -> dict[str, plan_qa.Plan]:
    return {p.plan_id: p for p in load_corpus(REPO / "corpus")}


def test_bundled_plans_have_distinct_human_labels(corpus) -> None:
    labels = {plan_id: plan_label(plan) for plan_id, plan in corpus.items()}
    assert labels["004"] == "KH 524/KH-UBND · Phát triển ngành công nghiệp môi trường · Đồng Tháp · 2026–2030"
    assert labels["001"] == "KH chưa ghi số · Bảo vệ môi trường ngành Công Thương · Hà Nội · 2026"
    assert labels["003"] == "KH chưa ghi số · Bảo vệ môi trường ngành Công Thương · Hà Nội · 2026–2030"
    assert len(set(labels.values())) == len(labels)  # 001 and 003 no longer look identical
    assert not any(plan_id in label for plan_id, label in labels.items())  # no internal ids
    assert plan_short_label(corpus["004"]) == "KH 524/KH-UBND Đồng Tháp"
    assert plan_short_label(corpus["001"]) == "KH chưa ghi số – BVMT ngành Công Thương, Hà Nội 2026"
    assert len({plan_short_label(p) for p in corpus.values()}) == len(corpus)


def test_subject_is_what_the_plan_is_about() -> None:
    gia_lai = ("Triển khai Quyết định số 1894/QĐ-TTg ngày 04/9/2025 của Thủ tướng Chính phủ phê duyệt Chương trình "
               "phát triển ngành công nghiệp môi trường Việt Nam giai đoạn 2025-2030 trên địa bàn tỉnh Gia Lai")
    assert short_subject(gia_lai, "Gia Lai") == "Phát triển ngành công nghiệp môi trường"
    letterhead = "| ỦY BAN NHÂN DÂN TỈNH SƠN LA ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert short_subject(letterhead, "Sơn La") == ""  # a mis-read title is left out, not shown


def test_vietnamese_alphabetical_order() -> None:
    names = ["Vĩnh Long", "Hà Nội", "Đồng Tháp", "Gia Lai", "Dak Lak", "Ân Thi", "An Giang", "Ăn Thi", "Bắc Ninh"]
    assert sorted_vietnamese(names) == ["An Giang", "Ăn Thi", "Ân Thi", "Bắc Ninh", "Dak Lak", "Đồng Tháp",
                                        "Gia Lai", "Hà Nội", "Vĩnh Long"]
    assert sorted_vietnamese(["ma", "mà", "mả", "mã", "má", "mạ"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_real_plans_are_named_by_kind_and_number() -> None:
    if not REAL_PLANS.is_dir():
        pytest.skip(f"không có thư mục kế hoạch thật {REAL_PLANS}")
    named = 0
    for name in TRAIN:  # the train split only
        try:
            plan = plan_qa.parse(REAL_PLANS / name)
        except PlanParseError:
            continue  # the parser's business; a label needs a parsed plan
        number = name.split("_", 1)[1].removesuffix(".md").replace("-", "/", 1)
        kind = "QĐ" if "/QĐ" in number else "KH"
        assert plan_kind(plan) == kind
        if plan.metadata.number:
            assert plan_label(plan).startswith(f"{kind} {plan.metadata.number}")
            named += 1
        assert "|" not in plan_label(plan) and "ỦY BAN" not in plan_label(plan)
    assert named >= 4
