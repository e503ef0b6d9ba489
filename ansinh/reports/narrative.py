"""The narrative annual report on social security work (báo cáo kết quả thực hiện công tác an
sinh xã hội) of a commune or a province, in the style of the seed reports, written from the
database: every figure in it is the dashboard's or a standard report's, and keeps the link to
the list it counts (``narrative_content.Figure``).

The evaluation and the tasks ahead are worded from the figures (overdue dossiers, open
findings…); the officer edits the Word file before signing, as they do today.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone, translation

from ansinh.core.text import date_line, format_money
from ansinh.reports.figures import Dashboard, dashboard
from ansinh.reports.metrics import (
    BENEFICIARIES,
    HOUSEHOLDS,
    NEAR_POOR,
    OPEN_CASES,
    OPEN_FINDINGS,
    OVERDUE_CASES,
    OVERDUE_RECOMMENDATIONS,
    PERSONS,
    POOR,
)
from ansinh.reports.narrative_content import Figure, NarrativeContent, Paragraph, Section
from ansinh.reports.scope import Scope
from ansinh.reports.standard import (
    Period,
    longevity_counts,
    movement_flags,
    paid_in,
    poverty_counts,
    programmes_in,
)


def _n(value: int) -> str:
    return format_money(value, unit=False)


def _lower_first(text: str) -> str:
    """A name inside a sentence: "Người khuyết tật…" → "người khuyết tật…" (BHXH stays)."""
    return text[:1].lower() + text[1:]


def _report_url(code: str, scope: Scope, year: int) -> str:
    params = {"tu": f"01/01/{year}", "den": f"31/12/{year}"}
    if scope.code:
        params["don_vi"] = scope.code
    return reverse("reports:report", kwargs={"code": code}) + f"?{urlencode(params)}"


def _board_figure(board: Dashboard, key: str, noun: str) -> Figure:
    figure = board.figures[key]
    return Figure(key, f"{_n(figure.total)} {noun}", figure.total, figure.label, figure.url)


def narrative_content(user: Any, scope: Scope, year: int,
                      today: date | None = None) -> NarrativeContent:
    # A document: in Vietnamese whatever the interface language (the figures' labels too).
    with translation.override("vi"):
        return _content(user, scope, year, today or timezone.localdate())


def _content(user: Any, scope: Scope, year: int, today: date) -> NarrativeContent:
    board = dashboard(user, scope, today)
    period = Period(date(year, 1, 1), min(today, date(year, 12, 31)))
    unit = scope.unit
    name = unit.name if unit is not None else "Toàn quốc"
    place = board_place(scope)
    content = NarrativeContent(
        issuer=f"UBND {name.upper()}" if unit is not None else "HỆ THỐNG AN SINH",
        number_line="Số:      /BC-UBND",
        title="BÁO CÁO",
        subtitle=f"Kết quả thực hiện công tác an sinh xã hội năm {year}",
        date_line=date_line(place, today),
        recipients=["- Như trên;", "- Lưu: VT, VH-XH."],
    )
    content.sections = [
        _situation(board, name, today),
        _results(user, board, scope, period),
        _evaluation(board),
        _tasks(year),
    ]
    return content


def board_place(scope: Scope) -> str:
    from ansinh.cases.selectors import commune_place

    return commune_place(scope.unit) if scope.unit is not None else "Hà Nội"


def _situation(board: Dashboard, name: str, today: date) -> Section:
    return Section("I. ĐẶC ĐIỂM TÌNH HÌNH", [
        Paragraph(f"Tính đến ngày {today:%d/%m/%Y}, {name} có {{0}} trong {{1}}; trong đó {{2}} "
                  "và {3}.", [
                      _board_figure(board, PERSONS, "nhân khẩu"),
                      _board_figure(board, HOUSEHOLDS, "hộ gia đình"),
                      _board_figure(board, POOR, "hộ nghèo"),
                      _board_figure(board, NEAR_POOR, "hộ cận nghèo")]),
    ])


def _results(user: Any, board: Dashboard, scope: Scope, period: Period) -> Section:
    year = period.end.year
    section = Section("II. KẾT QUẢ THỰC HIỆN")
    categories = [Figure(f"category:{c.label}", f"{_lower_first(c.label.split(' — ')[-1])} "
                         f"{_n(c.persons)}", c.persons, c.label, c.url or board.figures[
                             BENEFICIARIES].url) for c in board.categories]
    listed = ", ".join(f"{{{i + 1}}}" for i in range(len(categories)))
    section.paragraphs.append(Paragraph(
        "1. Trợ giúp xã hội và các chế độ hằng tháng: hiện có {0} đang hưởng trợ cấp hằng "
        f"tháng{': ' + listed if categories else ''}.",
        [_board_figure(board, BENEFICIARIES, "đối tượng"), *categories]))
    flags = movement_flags(scope, period)
    increases, decreases = int(flags["increase"].sum()), int(flags["decrease"].sum())
    paid = paid_in(scope, period)
    section.paragraphs.append(Paragraph(
        f"Trong năm {year}, số đối tượng tăng {{0}}, giảm {{1}}; kinh phí đã chi trả hằng "
        "tháng {2}.", [
            Figure("increases", f"{_n(increases)} lượt", increases, "Tăng, giảm đối tượng",
                   _report_url("tang-giam", scope, year)),
            Figure("decreases", f"{_n(decreases)} lượt", decreases, "Tăng, giảm đối tượng",
                   _report_url("tang-giam", scope, year)),
            Figure("paid", format_money(paid), paid, "Kinh phí chi trả theo tháng",
                   _report_url("chi-tra-theo-thang", scope, year))]))
    programmes, programme_paid = programmes_in(scope, period)
    if programmes:
        persons, total = sum(p.persons for p in programmes), sum(p.total for p in programmes)
        section.paragraphs.append(Paragraph(
            f"2. Hỗ trợ một lần: {len(programmes)} đợt hỗ trợ đã có quyết định "
            f"({'; '.join(p.title for p in programmes)}), hỗ trợ {{0}} với tổng kinh phí {{1}}; "
            "đã chi trả {2}.", [
                Figure("programme_persons", f"{_n(persons)} đối tượng", persons,
                       "Kết quả hỗ trợ một lần",
                       _report_url("ket-qua-ho-tro-mot-lan", scope, year)),
                Figure("programme_total", format_money(total), total, "Kết quả hỗ trợ một lần",
                       _report_url("ket-qua-ho-tro-mot-lan", scope, year)),
                Figure("programme_paid", format_money(sum(programme_paid.values())),
                       sum(programme_paid.values()), "Kết quả hỗ trợ một lần",
                       _report_url("ket-qua-ho-tro-mot-lan", scope, year))]))
    else:
        section.paragraphs.append(Paragraph(
            "2. Hỗ trợ một lần: trong năm không có đợt hỗ trợ một lần nào được quyết định."))
    elders = sum(men + women for _age, men, women in longevity_counts(scope, year))
    section.paragraphs.append(Paragraph(
        f"3. Chăm sóc người cao tuổi: năm {year} có {{0}} đến tuổi chúc thọ, mừng thọ "
        "(70, 75, 80, 85, 90, 95 và từ 100 tuổi).", [
            Figure("longevity", f"{_n(elders)} người cao tuổi", elders,
                   "Người cao tuổi chúc thọ, mừng thọ", _report_url("mung-tho", scope, year))]))
    poverty = poverty_counts(scope, year)
    poor, near = poverty["poor"], poverty["near_poor"]
    url = _report_url("ho-ngheo-dau-cuoi-nam", scope, year)
    source = "Hộ nghèo, cận nghèo đầu năm và cuối năm"
    section.paragraphs.append(Paragraph(
        "4. Giảm nghèo: đầu năm có {0} và {1}; theo kết quả rà soát cuối năm còn {2} và {3}; "
        "{4} thoát nghèo.", [
            Figure("poor_start", f"{_n(poor[0])} hộ nghèo", poor[0], source, url),
            Figure("near_poor_start", f"{_n(near[0])} hộ cận nghèo", near[0], source, url),
            Figure("poor_end", f"{_n(poor[3])} hộ nghèo", poor[3], source, url),
            Figure("near_poor_end", f"{_n(near[3])} hộ cận nghèo", near[3], source, url),
            Figure("poor_left", f"{_n(poor[1])} hộ", poor[1], source, url)]))
    section.paragraphs.append(Paragraph(
        "5. Giải quyết hồ sơ và kiểm tra, giám sát: đang giải quyết {0}, trong đó {1}; "
        "hệ thống kiểm tra phát hiện {2} chưa xử lý; các đoàn giám sát có {3}.", [
            _board_figure(board, OPEN_CASES, "hồ sơ"),
            _board_figure(board, OVERDUE_CASES, "hồ sơ quá hạn"),
            _board_figure(board, OPEN_FINDINGS, "trường hợp bất thường"),
            _board_figure(board, OVERDUE_RECOMMENDATIONS, "kiến nghị quá hạn")]))
    return section


def _evaluation(board: Dashboard) -> Section:
    figures = board.figures
    lines = ["Các chế độ, chính sách được thực hiện theo danh sách đã được phê duyệt, chi trả "
             "qua danh sách có ký nhận và được công khai theo quy định."]
    if figures[OVERDUE_CASES].total:
        lines.append(f"Còn {_n(figures[OVERDUE_CASES].total)} hồ sơ quá hạn giải quyết, cần "
                     "khẩn trương hoàn thành.")
    else:
        lines.append("Các hồ sơ được giải quyết trong thời hạn quy định.")
    if figures[OPEN_FINDINGS].total:
        lines.append(f"Còn {_n(figures[OPEN_FINDINGS].total)} trường hợp bất thường do hệ thống "
                     "kiểm tra phát hiện chưa được xử lý, giải trình.")
    if figures[OVERDUE_RECOMMENDATIONS].total:
        lines.append(f"Còn {_n(figures[OVERDUE_RECOMMENDATIONS].total)} kiến nghị của đoàn "
                     "giám sát đã quá hạn chưa được thực hiện.")
    return Section("III. ĐÁNH GIÁ CHUNG", [Paragraph(" ".join(lines))])


def _tasks(year: int) -> Section:
    return Section(f"IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {year + 1}", [
        Paragraph("1. Tiếp tục thực hiện đầy đủ, kịp thời các chế độ, chính sách an sinh xã hội; "
                  "rà soát, cập nhật biến động đối tượng hằng tháng."),
        Paragraph("2. Thực hiện rà soát hộ nghèo, hộ cận nghèo theo chuẩn nghèo đa chiều; "
                  "hỗ trợ các hộ thoát nghèo bền vững."),
        Paragraph("3. Xử lý dứt điểm các trường hợp bất thường, các kiến nghị của đoàn giám sát; "
                  "công khai danh sách, không để xảy ra trục lợi chính sách."),
    ])
