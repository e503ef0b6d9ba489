"""Rules over identity: one identity number on two persons, a CCCD that contradicts the
record it is on, one person recorded in two households.

Records merged into another (a confirmed duplicate) are the same person by decision and are
left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ansinh.integrity.models import Severity
from ansinh.integrity.rules.base import (
    Hit,
    Rule,
    RunContext,
    chunks,
    day_label,
    in_scope,
    register,
    scope_q,
)
from ansinh.registry.exports import mask_national_id
from ansinh.registry.identity import validate_national_id
from ansinh.registry.models import DatePrecision, Person, PersonStatus

if TYPE_CHECKING:
    from ansinh.geo.models import AdministrativeUnit


def _persons() -> Any:
    return Person.objects.exclude(status=PersonStatus.MERGED)


def _who(p: dict[str, Any]) -> str:
    born = f" ({p['birth_year']})" if p["birth_year"] else ""
    return f"{p['full_name']}{born}, {p['commune__name']}"


@register
class SharedIdentityNumber(Rule):
    """One identity number recorded on two persons.

    The CCCD (``Person.national_id``) is unique in the registry's schema: the database refuses
    a second person with the same CCCD, so that form cannot occur and is not looked for. The
    old 9-digit CMND (``old_id_number``) is not unique — lists imported from before the CCCD
    carry it — and one CMND on two persons is either one person registered twice or a number
    typed wrong. One finding per number and commune, naming every person who carries it.
    """

    code = "SHARED_ID_NUMBER"
    title = _("Một số CMND ghi cho hai người")
    description = _("Cùng một số chứng minh nhân dân 9 số (CMND cũ) được ghi cho hai nhân khẩu "
                    "trở lên: một người đăng ký hai lần, hoặc nhập sai số. (Số CCCD không thể "
                    "trùng: hệ thống không cho ghi một số CCCD cho hai người.)")
    legal_basis = _("Luật Căn cước 2023, Điều 12 (mỗi công dân một số định danh cá nhân, "
                    "không lặp lại); Nghị định 20/2021/NĐ-CP, Điều 8 (đối chiếu Cơ sở dữ liệu "
                    "quốc gia về dân cư)")
    severity = Severity.MEDIUM

    def detect(self, unit: AdministrativeUnit | None, ctx: RunContext) -> Iterator[Hit]:
        # Each look-up states ``old_id_number <> ''``: without it SQLite cannot use the
        # CMND index (partial, on that condition) and scanned every person for each holder,
        # minutes for a commune in a province of a million persons.
        with_cmnd = _persons().exclude(old_id_number="")
        here = with_cmnd.filter(scope_q("commune", unit))
        twin = with_cmnd.filter(old_id_number=OuterRef("old_id_number")).exclude(
            pk=OuterRef("pk"))
        holders = (with_cmnd.filter(old_id_number__in=here.values("old_id_number"))
                   .annotate(shared=Exists(twin)).filter(shared=True)
                   .values("id", "full_name", "birth_year", "old_id_number", "commune_id",
                           "commune__name", "commune__path", "household_id")
                   .order_by("old_id_number", "id"))
        by_number: dict[str, list[dict[str, Any]]] = {}
        for p in holders:
            by_number.setdefault(p["old_id_number"], []).append(p)
        for number, persons in by_number.items():
            communes = sorted({p["commune_id"] for p in persons
                               if in_scope(p["commune__path"], unit)})
            for commune_id in communes:
                mine = next(p for p in persons if p["commune_id"] == commune_id)
                names = "; ".join(_who(p) for p in persons if p is not mine)
                yield Hit(
                    key=f"{number}:{commune_id}", unit_id=commune_id,
                    summary=f"Số CMND {number} của {mine['full_name']} cũng được ghi cho: {names}.",
                    details={"old_id_number": number,
                             "persons": [{"id": p["id"], "name": p["full_name"],
                                          "commune": p["commune__name"]} for p in persons]},
                    person_id=mine["id"], household_id=mine["household_id"])


@register
class NationalIdInconsistent(Rule):
    """A CCCD whose digits contradict the record: the province code, the century-and-sex digit
    or the two digits of the birth year (Circular 59/2021/TT-BCA Art 7), checked with the
    registry's own ``validate_national_id``. Either the number or the birth year or sex is
    wrong, and a wrong birth year changes what a person is entitled to."""

    code = "NATIONAL_ID_INCONSISTENT"
    title = _("Số CCCD không khớp năm sinh hoặc giới tính")
    description = _("Số CCCD không khớp với năm sinh, giới tính ghi trong hồ sơ nhân khẩu "
                    "(chữ số thứ 4 cho biết thế kỷ sinh và giới tính, chữ số 5–6 là hai số cuối "
                    "của năm sinh), hoặc 3 chữ số đầu không phải mã tỉnh nơi đăng ký khai sinh.")
    legal_basis = _("Thông tư 59/2021/TT-BCA, Điều 7 (cấu trúc số định danh cá nhân)")
    severity = Severity.LOW

    def detect(self, unit: AdministrativeUnit | None, ctx: RunContext) -> Iterator[Hit]:
        rows = (_persons().filter(scope_q("commune", unit), national_id__isnull=False)
                .exclude(national_id="")
                .values_list("id", "national_id", "birth_year", "sex", "full_name",
                             "household_id", "commune_id")
                .order_by("id"))
        # One pass over the rows in Python with the registry's checker: no query per person.
        for pk, nid, birth_year, sex, full_name, household_id, commune_id in rows.iterator(
                chunk_size=5000):
            problems = validate_national_id(nid, birth_year=birth_year, sex=sex or None)
            if not problems:
                continue
            yield Hit(
                key=f"{pk}:{nid}", unit_id=commune_id,
                summary=(f"Số CCCD {mask_national_id(nid)} của {full_name}: "
                         f"{' '.join(problems)}"),
                details={"problems": problems}, person_id=pk, household_id=household_id)


@register
class PersonInTwoHouseholds(Rule):
    """One person recorded in two households of a commune.

    The registry gives a person one household, so "in two households" shows as two person
    records: the same full name (compared without diacritics and case, the registry's name
    key) and the same full date of birth, living in two different households of one commune —
    typically a member added to the new household at a split (tách hộ) and never removed from
    the old one. Both records may then be counted for the household's benefits and for the
    poverty review. The same CCCD cannot be on two records (it is unique); the same CMND is
    SHARED_ID_NUMBER; near matches across communes are the duplicate search's business.
    """

    code = "PERSON_IN_TWO_HOUSEHOLDS"
    title = _("Một người có tên trong hai hộ")
    description = _("Hai nhân khẩu cùng họ tên, cùng ngày tháng năm sinh đang sống ở hai hộ "
                    "khác nhau của cùng một xã, phường: thường là người đã tách hộ nhưng chưa "
                    "xóa tên ở hộ cũ.")
    legal_basis = _("Luật Cư trú 2020, Điều 25 (tách hộ) và Điều 26 (điều chỉnh thông tin về "
                    "cư trú); Quyết định 24/2021/QĐ-TTg (rà soát hộ nghèo theo thành viên hộ)")
    severity = Severity.MEDIUM

    def detect(self, unit: AdministrativeUnit | None, ctx: RunContext) -> Iterator[Hit]:
        living = _persons().filter(status=PersonStatus.LIVING, birth_date__isnull=False,
                                   birth_precision=DatePrecision.DAY)
        # Grouped in one pass over the persons in scope. A look-up of each person's twins went
        # through the (commune, status) index, every living person of the commune for each
        # person: it had not finished after ten minutes for a commune of 12,000 persons.
        shared = (living.filter(scope_q("commune", unit)).order_by()
                  .values_list("commune_id", "name_key", "birth_date")
                  .annotate(households=Count("household", distinct=True))
                  .filter(households__gt=1))
        groups: dict[tuple[int, str, Any], list[dict[str, Any]]] = {}
        for chunk in chunks(list(shared), 200):
            wanted = Q()
            for commune_id, name_key, born, _households in chunk:
                wanted |= Q(commune_id=commune_id, name_key=name_key, birth_date=born)
            for r in (living.filter(wanted)
                      .values("id", "full_name", "name_key", "birth_date", "commune_id",
                              "household_id", "household__code")
                      .order_by("commune_id", "name_key", "birth_date", "id")):
                groups.setdefault((r["commune_id"], r["name_key"], r["birth_date"]),
                                  []).append(r)
        for (commune_id, _name, born), persons in groups.items():
            first = persons[0]
            households = ", ".join(sorted({p["household__code"] for p in persons}))
            yield Hit(
                key=":".join(str(p["id"]) for p in persons), unit_id=commune_id,
                summary=(f"{first['full_name']}, sinh ngày {day_label(born)}, có tên trong "
                         f"{len({p['household_id'] for p in persons})} hộ: {households}."),
                details={"persons": [{"id": p["id"], "household": p["household__code"]}
                                     for p in persons]},
                person_id=first["id"], household_id=first["household_id"])
