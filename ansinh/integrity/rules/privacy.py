"""HIV status on a public list.

The posting step puts the proposed list on the commune's notice boards; HIV status is never
posted. An Sinh posts the groups that would reveal it (K3, K8) under their policy's name only,
as it posts every other group of that policy, so a person living with HIV may be on a list
without their status being on it. This rule finds the entries whose posted label reveals the
status: a label naming HIV, or the name or code of a restricted group (an entry posted outside
An Sinh's posting step, or before the label rule existed). Its findings concern HIV status, so
only the commune's own officers and leader see them (``Rule.restricted``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from ansinh.cases.models import PostingEntry
from ansinh.integrity.models import Severity
from ansinh.integrity.rules.base import Hit, Rule, RunContext, day_label, register, scope_q
from ansinh.policies.models import Category

if TYPE_CHECKING:
    from ansinh.geo.models import AdministrativeUnit


@register
class HivStatusPosted(Rule):
    """A person living with HIV on a posted list (Law on HIV/AIDS Prevention 64/2006/QH11
    Art 8: disclosing a person's HIV status without consent is prohibited; Decree 20/2021
    Art 8: the public posting leaves out persons living with HIV)."""

    code = "HIV_STATUS_POSTED"
    title = _("Tình trạng nhiễm HIV trên danh sách niêm yết công khai")
    description = _("Danh sách niêm yết công khai ghi diện hưởng làm lộ tình trạng nhiễm HIV "
                    "(có chữ HIV, hoặc tên, mã nhóm K3, K8). Tình trạng nhiễm HIV không được "
                    "niêm yết; các nhóm này chỉ được niêm yết dưới tên chính sách.")
    legal_basis = _("Luật Phòng, chống HIV/AIDS 2006 (số 64/2006/QH11), Điều 8 (cấm công khai "
                    "tình trạng nhiễm HIV của người khác khi chưa được đồng ý); Nghị định "
                    "20/2021/NĐ-CP, Điều 8 (niêm yết công khai, trừ thông tin về người nhiễm "
                    "HIV)")
    severity = Severity.HIGH
    restricted = True

    def detect(self, unit: AdministrativeUnit | None, ctx: RunContext) -> Iterator[Hit]:
        revealing = Q(group_label__icontains="HIV")
        for code, name in Category.objects.filter(restricted=True).values_list("code", "name"):
            revealing |= (Q(group_label__iexact=name) | Q(group_label__iexact=code)
                          | Q(group_label__istartswith=f"{code} "))
        rows = (PostingEntry.objects.filter(scope_q("posting__commune", unit))
                .filter(revealing)
                .annotate(person=Coalesce("programme_line__person_id", "case__person_id"))
                .values("id", "full_name", "group_label", "person", "posting_id",
                        "posting__title", "posting__opens_on", "posting__closes_on",
                        "posting__commune_id", "case__person__household_id",
                        "programme_line__household_id")
                .order_by("id"))
        for r in rows:
            yield Hit(
                key=f"{r['id']}", unit_id=r["posting__commune_id"],
                summary=(f"Danh sách niêm yết “{r['posting__title']}” (từ "
                         f"{day_label(r['posting__opens_on'])} đến "
                         f"{day_label(r['posting__closes_on'])}) ghi {r['full_name']} với "
                         "diện hưởng làm lộ tình trạng nhiễm HIV."),
                details={"posting_id": r["posting_id"], "entry_id": r["id"]},
                person_id=r["person"],
                household_id=(r["programme_line__household_id"]
                              or r["case__person__household_id"]))
