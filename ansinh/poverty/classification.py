"""Classifying a household by the multidimensional poverty standard in force for a date:
Decree 07/2021/NĐ-CP (2022 to 31/12/2026) and Decree 351/2025/NĐ-CP (from 2027), whose lines
are the catalogue's dated parameters (``CHUANNGHEO``), never constants here.

- poor: income per person per month at or below the line of the household's area (rural or
  urban) and deprived in at least 3 of the 12 indicators of basic social services;
- near-poor: income at or below the line, fewer than 3 deprivations;
- average living standard: income above the line up to the average-standard line;
- above that: none of these.

Income is the B1 form's: the points score against the area's cut-off where the points tables of
Circular 07/2021/TT-BLĐTBXH have been entered as data, else the income the household declared.
Each result carries its reason in Vietnamese, with the figures it compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ansinh.core.text import format_money
from ansinh.policies.parameters import parameter_value
from ansinh.registry.models import PovertyStatus

# The 12 indicators of Decree 07/2021, in its six dimensions (Điều 3 khoản 1 điểm b).
INDICATORS: tuple[tuple[str, str, str], ...] = (
    ("viec_lam", "Việc làm", "Việc làm"),
    ("phu_thuoc", "Việc làm", "Người phụ thuộc trong hộ gia đình"),
    ("dinh_duong", "Y tế", "Dinh dưỡng"),
    ("bhyt", "Y tế", "Bảo hiểm y tế"),
    ("giao_duc_nguoi_lon", "Giáo dục", "Trình độ giáo dục của người lớn"),
    ("giao_duc_tre_em", "Giáo dục", "Tình trạng đi học của trẻ em"),
    ("chat_luong_nha", "Nhà ở", "Chất lượng nhà ở"),
    ("dien_tich_nha", "Nhà ở", "Diện tích nhà ở bình quân đầu người"),
    ("nuoc", "Nước sinh hoạt và vệ sinh", "Nguồn nước sinh hoạt"),
    ("nha_tieu", "Nước sinh hoạt và vệ sinh", "Nhà tiêu hợp vệ sinh"),
    ("vien_thong", "Thông tin", "Sử dụng dịch vụ viễn thông"),
    ("tiep_can_thong_tin", "Thông tin", "Phương tiện phục vụ tiếp cận thông tin"),
)
INDICATOR_CODES = tuple(code for code, _dimension, _label in INDICATORS)
LABELS = {code: label for code, _dimension, label in INDICATORS}


@dataclass(frozen=True)
class Income:
    """The B1 result: income per person per month (declared), or a points score and the
    cut-off it is compared with (points tables entered)."""

    per_person: int | None = None
    score: int | None = None
    cutoff: int | None = None  # a score at or below it means income at or below the line


@dataclass(frozen=True)
class Classification:
    status: str  # a PovertyStatus value ("" for none)
    reason: str
    deprivations: int
    line: int  # the income line of the area at the date


def _lines(at: date, urban: bool) -> tuple[int, int, int]:
    area = "THANH_THI" if urban else "NONG_THON"
    line = int(parameter_value(f"NGHEO_{area}", at).value)
    average = int(parameter_value(f"TRUNG_BINH_{area}", at).value)
    needed = int(parameter_value("NGHEO_SO_CHI_SO_THIEU_HUT", at).value)
    return line, average, needed


def classify(*, at: date, urban: bool, income: Income, deprived: set[str]) -> Classification:
    unknown = deprived - set(INDICATOR_CODES)
    if unknown:
        raise ValueError(f"unknown indicators: {sorted(unknown)}")
    line, average, needed = _lines(at, urban)
    count = len(deprived)
    area = "thành thị" if urban else "nông thôn"
    if income.score is not None and income.cutoff is not None:
        low = income.score <= income.cutoff
        measured = f"điểm B1 {income.score} {'≤' if low else '>'} {income.cutoff} điểm"
        above_average = False
    elif income.per_person is not None:
        low = income.per_person <= line
        measured = (f"thu nhập bình quân {format_money(income.per_person)}/người/tháng "
                    f"{'≤' if low else '>'} chuẩn {format_money(line)} khu vực {area}")
        above_average = income.per_person > average
    else:
        raise ValueError("income unknown")
    deprivations = f"thiếu hụt {count}/12 chỉ số"
    if low and count >= needed:
        return Classification(PovertyStatus.POOR, f"Hộ nghèo: {measured}; {deprivations} "
                              f"(từ {needed} chỉ số trở lên).", count, line)
    if low:
        return Classification(PovertyStatus.NEAR_POOR, f"Hộ cận nghèo: {measured}; "
                              f"{deprivations} (dưới {needed}).", count, line)
    if not above_average:
        return Classification(PovertyStatus.AVERAGE, f"Hộ có mức sống trung bình: {measured}, "
                              f"không quá {format_money(average)}.", count, line)
    return Classification(PovertyStatus.NONE, f"Không thuộc diện: {measured}, trên mức sống "
                          f"trung bình {format_money(average)}.", count, line)
