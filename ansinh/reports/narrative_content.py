"""The content of the narrative annual report, shared by the page, the PDF and the Word file.

A report is sections of paragraphs; a paragraph is text with figures in it. Each figure keeps
the URL of the list it counts, so the page links it and the printed forms list the sources in
an appendix ("Nguồn số liệu"): every number in the report can be traced to its records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from string import Formatter

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Figure:
    """One number in the text: how it reads ("214 đối tượng") and the list behind it."""

    key: str  # stable name the tests compare with the dashboard: "beneficiaries"
    text: str
    value: int
    source: str  # "Danh sách đối tượng đang hưởng trợ cấp hằng tháng"
    url: str


@dataclass
class Paragraph:
    """Text in which "{0}", "{1}"… stand for ``figures`` in order."""

    template: str
    figures: list[Figure] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.template.format(*(f.text for f in self.figures))

    @property
    def html(self) -> SafeString:
        """The text with each figure a link to its list; the rest escaped (it may hold names
        typed by users, such as a programme's title)."""
        parts = []
        for literal, field_name, _spec, _conversion in Formatter().parse(self.template):
            parts.append(escape(literal))
            if field_name is not None:
                figure = self.figures[int(field_name)]
                parts.append(format_html('<a href="{}" data-figure="{}">{}</a>', figure.url,
                                         figure.key, figure.text))
        return mark_safe("".join(parts))  # noqa: S308 - every part escaped above

@dataclass
class Section:
    heading: str  # "I. ĐẶC ĐIỂM TÌNH HÌNH"
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class NarrativeContent:
    issuer: str  # "UBND PHƯỜNG LONG BIÊN"
    number_line: str  # "Số:      /BC-UBND"
    title: str  # "BÁO CÁO"
    subtitle: str  # "Kết quả thực hiện công tác an sinh xã hội năm 2026"
    date_line: str  # "Long Biên, ngày 26 tháng 11 năm 2026"
    sections: list[Section] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # "Nơi nhận"
    signer_title: str = "CHỦ TỊCH"

    def figures(self) -> list[Figure]:
        return [f for s in self.sections for p in s.paragraphs for f in p.figures]
