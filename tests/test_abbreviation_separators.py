"""An abbreviated body is one body whatever separator joins its letter groups ("VH-TT&DL", "VHTTDL")."""

from __future__ import annotations

import pytest

from plan_qa.agencies import find_agencies, normalize_agency


@pytest.mark.parametrize(("written", "body"), [
    ("Sở VH-TT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("Sở VH, TT và DL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("Sở KH-CN", "Sở Khoa học và Công nghệ"),
    ("Sở GD-ĐT", "Sở Giáo dục và Đào tạo"),
    ("Sở NN & MT", "Sở Nông nghiệp và Môi trường"),
    ("Sở LĐ-TB-XH", "Sở Lao động - Thương binh và Xã hội"),
])
def test_separator_variants_name_one_body(written: str, body: str) -> None:
    assert normalize_agency(written) == body
    assert find_agencies(f"Theo kế hoạch, {written} có nhiệm vụ gì?") == [body]


def test_a_shorter_abbreviation_does_not_swallow_a_longer_one() -> None:
    """"VH&TT" (Sở Văn hóa và Thể thao) must not be read inside "VH-TT-DL"."""
    assert find_agencies("Sở VH-TT-DL phối hợp") == ["Sở Văn hóa, Thể thao và Du lịch"]
