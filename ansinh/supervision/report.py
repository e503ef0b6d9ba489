"""The content of the supervision report (báo cáo kết quả giám sát), shared by the PDF
(``printing``) and the Word file (``wordfile``) so that both say the same.

The sections follow the reports the delegations write: the basis (the plan and the documents it
rests on), the scope and contents, the delegation, the results (the figures of the scope, as
An Sinh counts them for whoever prints, and the delegation's conclusion), the findings, and the
recommendations with their deadlines and where they stand. The wording is the document's, in
Vietnamese whatever the interface language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone, translation

from ansinh.cases.selectors import commune_place
from ansinh.core.text import date_line, format_count, format_date, format_datetime, format_money
from ansinh.supervision import selectors
from ansinh.supervision.models import Body, Observation, Plan, Recommendation

TITLE = "BÁO CÁO KẾT QUẢ GIÁM SÁT"
SECTIONS = ("I. CĂN CỨ", "II. PHẠM VI VÀ NỘI DUNG GIÁM SÁT", "III. THÀNH PHẦN ĐOÀN GIÁM SÁT",
            "IV. KẾT QUẢ GIÁM SÁT", "V. PHÁT HIỆN CỦA ĐOÀN GIÁM SÁT", "VI. KIẾN NGHỊ")
OVERDUE = "Quá hạn"


@dataclass(frozen=True)
class MemberLine:
    full_name: str
    position: str
    organisation: str
    is_head: bool

    @property
    def role(self) -> str:
        return "Trưởng đoàn" if self.is_head else "Thành viên"

    @property
    def text(self) -> str:
        parts = [self.full_name, self.position, self.organisation]
        return f"{', '.join(p for p in parts if p)} — {self.role.lower()}"


@dataclass(frozen=True)
class ObservationLine:
    number: int
    unit: str
    severity: str
    text: str
    links: str


@dataclass(frozen=True)
class RecommendationLine:
    number: int
    to_unit: str
    text: str
    deadline: str
    status: str
    answer: str


@dataclass
class ReportContent:
    issuer: str
    subtitle: str
    date_line: str
    basis: list[str]
    scope: list[str]
    contents: list[str]
    members: list[MemberLine]
    figures: list[tuple[str, str]]
    observations: list[ObservationLine]
    recommendations: list[RecommendationLine]
    conclusion: list[str]
    signer_title: str
    signer_name: str
    recipients: list[str]
    footer: str
    title: str = TITLE
    sections: tuple[str, ...] = field(default=SECTIONS)


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def figures_rows(figures: selectors.ScopeFigures) -> list[tuple[str, str]]:
    """The results table: what An Sinh holds for the scope (shared with the workspace page)."""
    count = format_count
    rows = [
        ("Nhân khẩu đang sống tại địa bàn", count(figures.persons)),
        ("Hộ gia đình", count(figures.households)),
        ("Chế độ đang hưởng", count(figures.benefits)),
    ]
    rows += [(f"— {p.name}", f"{count(p.benefits)} chế độ, {count(p.persons)} người")
             for p in figures.by_policy]
    rows += [
        ("Niêm yết công khai trong thời kỳ", count(figures.postings)),
        ("Quyết định trong thời kỳ", count(figures.decisions)),
        ("Kỳ chi trả trong thời kỳ", count(figures.cycles)),
        ("Tổng số tiền theo danh sách chi trả", format_money(figures.planned_amount)),
        ("Số tiền đã chi", f"{format_money(figures.paid_amount)} "
                           f"({count(figures.paid_lines)} lượt)"),
        ("Phát hiện bất thường chưa xử lý", count(figures.open_findings)),
    ]
    return rows


def _links(observation: Observation) -> str:
    parts = []
    if observation.person is not None:
        parts.append(f"nhân khẩu {observation.person.full_name}")
    if observation.household is not None:
        parts.append(f"hộ {observation.household.code}")
    if observation.benefit is not None:
        parts.append(f"chế độ số {observation.benefit.pk}")
    if observation.decision is not None:
        parts.append(f"quyết định {observation.decision}")
    if observation.posting is not None:
        parts.append(f"niêm yết “{observation.posting.title}”")
    if observation.cycle is not None:
        parts.append(f"kỳ chi trả {observation.cycle}")
    if observation.finding is not None:
        parts.append(f"phát hiện bất thường “{observation.finding.summary}”")
    return f"Liên quan: {'; '.join(parts)}." if parts else ""


def _status(recommendation: Recommendation, today: date) -> str:
    status = str(recommendation.get_status_display())
    return f"{status} — {OVERDUE}" if recommendation.is_overdue(today) else status


def report_content(plan: Plan, *, viewer: Any) -> ReportContent:
    """Everything the report prints; the figures are counted for ``viewer`` (the scoped reads
    of the pages: the delegation sees its whole scope)."""
    today = timezone.localdate()
    with translation.override("vi"):
        scope = selectors.plan_scope_units(plan)
        policies = list(plan.policies.order_by("order", "code"))
        members = [MemberLine(m.full_name, m.position, m.organisation, m.is_head)
                   for m in selectors.plan_members(plan)]
        head = next((m for m in members if m.is_head), None)
        observations = [
            ObservationLine(number, o.unit.name, str(o.get_severity_display()),
                            " ".join(o.text.split()), _links(o))
            for number, o in enumerate(selectors.plan_observations(plan), start=1)]
        recommendations = [
            RecommendationLine(number, r.to_unit.name, " ".join(r.text.split()),
                               format_date(r.deadline), _status(r, today),
                               " ".join(r.answer.split()))
            for number, r in enumerate(plan.recommendations.select_related("to_unit")
                                       .order_by("deadline", "id"), start=1)]
        figures = figures_rows(selectors.scope_figures(viewer, plan))
        body = Body(plan.body).label
    printed = f"In lúc {format_datetime(timezone.now())}"
    if name := (getattr(viewer, "full_name", "") or getattr(viewer, "username", "")):
        printed += f" bởi {name}"
    return ReportContent(
        issuer=plan.body_name,
        subtitle=plan.title,
        date_line=date_line(commune_place(plan.unit), plan.concluded_at or today),
        basis=[f"{plan.reference} của {plan.body_name} về {_lower_first(plan.title)}.",
               *_lines(plan.legal_basis)],
        scope=[
            f"Cơ quan giám sát: {plan.body_name} ({body}).",
            f"Địa bàn giám sát: {', '.join(u.name for u in scope)}.",
            f"Thời kỳ giám sát: từ ngày {format_date(plan.period_from)} đến ngày "
            f"{format_date(plan.period_to)}.",
            "Chính sách được giám sát: "
            f"{'; '.join(p.name for p in policies) if policies else 'mọi chính sách'}.",
        ],
        contents=_lines(plan.contents),
        members=members,
        figures=figures,
        observations=observations,
        recommendations=recommendations,
        conclusion=_lines(plan.conclusion),
        signer_title="TM. ĐOÀN GIÁM SÁT\nTRƯỞNG ĐOÀN",
        signer_name=head.full_name if head is not None else "",
        recipients=[*(f"{u.name};" for u in scope), "Lưu: VT."],
        footer=f"Báo cáo kết quả giám sát — {plan.reference} — {printed}",
    )


def _lower_first(text: str) -> str:
    """"Giám sát việc …" → "giám sát việc …", as it reads after "về"."""
    return text[:1].lower() + text[1:] if text else text
