"""``ansinh eligibility``: a whole commune at a date, counted per category and listed in Excel."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from python_calamine import CalamineWorkbook


@pytest.fixture
def commune_a_persons(catalog, make_person, geo):
    """At 1/7/2024 (base level 500.000 đ): K5c; K5a paid over K5c; K6; K8; nobody."""
    make_person(born=date(1942, 3, 1), name="Trần Văn Tám Mươi")
    make_person(born=date(1939, 3, 1), poverty="poor", circumstances=("no_supporter",),
                name="Lê Thị Tám Lăm")
    make_person(born=date(1984, 3, 1), disability="severe", name="Phạm Văn Khuyết")
    make_person(born=date(1994, 3, 1), hiv=True, poverty="poor",
                circumstances=("no_stable_income",), name="Hoàng Văn Hạn Chế")
    make_person(born=date(1994, 3, 1), name="Ngô Văn Không")
    make_person(born=date(1942, 3, 1), commune=geo.commune_b, name="Người Xã Khác")


def _run(**options):
    out = StringIO()
    call_command("eligibility", commune="00004", at="2024-07-01", stdout=out, **options)
    return out.getvalue()


def _rows(path):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def test_the_command_counts_each_category_and_the_monthly_total(commune_a_persons):
    text = _run()
    assert "Phường Ba Đình (mã 00004), tại ngày 01/07/2024: 4 người" in text
    assert "TGXH K5a — Người cao tuổi thuộc hộ nghèo không có người phụng dưỡng: 1 người, " \
           "1 được hưởng, 1.000.000 đ/tháng" in text
    assert "TGXH K5c — Người từ đủ 80 tuổi không có lương hưu: 2 người, 1 được hưởng, " \
           "500.000 đ/tháng" in text
    assert "TGXH K6 — Người khuyết tật nặng, đặc biệt nặng: 1 người, 1 được hưởng, " \
           "750.000 đ/tháng" in text
    assert "TGXH K8" in text
    assert "Tổng chi trả hằng tháng: 3.000.000 đ" in text


def test_the_excel_list_leaves_out_restricted_categories_unless_asked(commune_a_persons,
                                                                      tmp_path):
    path = tmp_path / "ds.xlsx"
    assert "Đã ghi 4 dòng" in _run(out=str(path))
    rows = _rows(path)
    assert "Phường Ba Đình" in rows[0][0] and "01/07/2024" in rows[0][0]
    header, data = rows[2], rows[3:]
    assert header == ["STT", "Họ và tên", "Ngày sinh", "Mã hộ", "Chính sách", "Nhóm đối tượng",
                      "Số tiền (đồng)", "Hưởng", "Diễn giải"]
    found = {(r[1], r[5].split(" — ")[0], int(r[6]), r[7]) for r in data}
    assert found == {
        ("Trần Văn Tám Mươi", "K5c", 500_000, "Hưởng"),
        ("Lê Thị Tám Lăm", "K5a", 1_000_000, "Hưởng"),
        ("Lê Thị Tám Lăm", "K5c", 500_000, "Không cộng dồn"),
        ("Phạm Văn Khuyết", "K6", 750_000, "Hưởng"),
    }
    [k6] = [r for r in data if r[1] == "Phạm Văn Khuyết"]
    assert k6[2] == "01/03/1984"
    assert k6[8] == ("Người khuyết tật nặng, đặc biệt nặng (nặng) — khoản 6 Điều 5 Nghị định "
                     "20/2021/NĐ-CP: hệ số 1,5 × mức chuẩn trợ giúp xã hội 500.000 đ = "
                     "750.000 đ/tháng")
    assert "HIV" not in str(rows) and "Hoàng Văn Hạn Chế" not in str(rows)
    with_restricted = tmp_path / "ds-day-du.xlsx"
    assert "Đã ghi 5 dòng" in _run(out=str(with_restricted), include_restricted=True)
    assert any(r[1] == "Hoàng Văn Hạn Chế" and r[5].startswith("K8")
               for r in _rows(with_restricted)[3:])


def test_the_command_refuses_an_unknown_commune_or_date(commune_a_persons):
    with pytest.raises(CommandError, match="Không có xã, phường hiện hành mã “99999”"):
        call_command("eligibility", commune="99999", stdout=StringIO())
    with pytest.raises(CommandError, match="không phải là ngày"):
        call_command("eligibility", commune="00004", at="hôm nay", stdout=StringIO())
