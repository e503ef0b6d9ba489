"""Each anomaly rule: a case it must report, with what it says, and a case it must not.

The ward is commune A of Hà Nội (base level 650.000 đ from 1/2026); the rules are run straight,
without the runner, and judge at 15/6/2026.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ansinh.cases.models import Benefit, Decision
from ansinh.geo.models import UnitKind
from ansinh.geo.tests.fixtures import make_commune, make_province
from ansinh.integrity.rules import RULES, all_rules
from ansinh.integrity.tests.factories import (
    HANOI_BASE,
    died,
    full,
    hits,
    line,
    phung_chi_kien_report,
    posted,
)
from ansinh.payroll.models import LineKind, LineStatus
from ansinh.policies.models import Category
from ansinh.registry.models import Household, Person, PersonStatus

pytestmark = pytest.mark.django_db

JAN, MAR, APR, MAY, JUN, JUL = (date(2026, m, 1) for m in (1, 3, 4, 5, 6, 7))


@pytest.fixture(autouse=True)
def _policies(catalog):
    return catalog


@pytest.fixture
def hoa(geo, make_person):
    """Lê Thị Hoa, 46, severe disability, commune A: K6 at 1,5 × 650.000 = 975.000 đ."""
    return make_person(born=date(1980, 6, 1), disability="severe", commune=geo.commune_a,
                       name="Lê Thị Hoa", sex="F")


@pytest.fixture
def hoa_k6(hoa, make_benefit):
    return make_benefit(hoa, "K6", start=JAN, hundredths=150)


def test_every_rule_has_a_code_title_description_legal_basis_and_severity():
    codes = [rule.code for rule in all_rules()]
    assert len(codes) == len(set(codes)) == len(RULES) == 12
    for rule in all_rules():
        assert rule.code.isupper() and str(rule.title) and str(rule.description)
        assert "Nghị định" in str(rule.legal_basis) or "Luật" in str(rule.legal_basis) \
            or "Thông tư" in str(rule.legal_basis)
        assert rule.severity in ("low", "medium", "high")
        assert type(rule).__doc__, rule.code
    assert [r.code for r in all_rules() if r.restricted] == ["HIV_STATUS_POSTED"]


# --- paid after death ---------------------------------------------------------------------------

def test_a_month_paid_after_the_death_month_is_reported_the_death_month_is_not(hoa, hoa_k6):
    line(hoa_k6, MAR)
    april = line(hoa_k6, APR)
    died(hoa, date(2026, 3, 15))

    found = hits("PAID_AFTER_DEATH")
    assert [(h.key, h.amount, h.unit_id) for h in found] == [
        (f"{hoa_k6.pk}:2026-04", 975_000, hoa.commune_id)]
    hit = found[0]
    assert hit.summary == ("Lê Thị Hoa đã mất ngày 15/03/2026 nhưng tiền tháng 04/2026 (Trợ cấp "
                           "xã hội hằng tháng, 975.000 đ) đã chi.")
    assert (hit.person_id, hit.benefit_id, hit.payment_line_id, hit.cycle_id) == (
        hoa.pk, hoa_k6.pk, april.pk, april.cycle_id)


def test_a_collected_recovery_clears_the_month_a_planned_one_does_not(hoa, hoa_k6):
    line(hoa_k6, APR)
    died(hoa, date(2026, 3, 15))
    recovery = line(hoa_k6, APR, kind=LineKind.RECOVERY, amount=-975_000,
                    status=LineStatus.PLANNED, cycle_month=MAY)
    assert [h.amount for h in hits("PAID_AFTER_DEATH")] == [975_000]
    recovery.status = LineStatus.PAID
    recovery.save()
    assert hits("PAID_AFTER_DEATH") == []


def test_a_living_persons_months_are_not_reported(hoa, hoa_k6):
    line(hoa_k6, APR)
    line(hoa_k6, MAY)
    assert hits("PAID_AFTER_DEATH") == []


# --- paid after a stop ----------------------------------------------------------------------------

def test_a_month_after_the_stop_is_reported_with_the_last_month_owed(hoa, hoa_k6):
    Benefit.objects.filter(pk=hoa_k6.pk).update(status="stopped", end_month=MAR,
                                                status_from=APR)
    line(hoa_k6, MAR)
    line(hoa_k6, APR, status=LineStatus.PLANNED)
    line(hoa_k6, MAY, status=LineStatus.RETURNED)  # not paid: holds nothing

    found = hits("PAID_AFTER_STOP")
    assert [(h.key, h.amount) for h in found] == [(f"{hoa_k6.pk}:2026-04", 975_000)]
    assert found[0].summary == (
        "Chế độ Trợ cấp xã hội hằng tháng của Lê Thị Hoa đã thôi hưởng (hưởng đến hết tháng "
        "03/2026) nhưng tiền tháng 04/2026 (975.000 đ) đã đưa vào danh sách chi trả (chưa chi).")


def test_a_month_paid_during_a_suspension_is_reported(hoa, hoa_k6):
    Benefit.objects.filter(pk=hoa_k6.pk).update(status="suspended", status_from=MAY)
    line(hoa_k6, APR)
    line(hoa_k6, MAY)
    assert [h.key for h in hits("PAID_AFTER_STOP")] == [f"{hoa_k6.pk}:2026-05"]


def test_a_stop_after_death_is_left_to_the_death_rule_and_a_running_benefit_is_fine(
        hoa, hoa_k6, make_person, make_benefit, geo):
    Benefit.objects.filter(pk=hoa_k6.pk).update(status="stopped", end_month=MAR,
                                                status_from=APR)
    line(hoa_k6, APR)
    died(hoa, date(2026, 3, 20))
    lan = make_person(born=date(1940, 1, 1), commune=geo.commune_a, name="Võ Thị Lan")
    line(make_benefit(lan, "K5c", start=JAN, hundredths=100), APR)
    assert hits("PAID_AFTER_STOP") == []
    assert [h.key for h in hits("PAID_AFTER_DEATH")] == [f"{hoa_k6.pk}:2026-04"]


# --- paid by two communes -------------------------------------------------------------------------

def test_a_month_paid_by_two_communes_is_reported_to_each_commune(hoa, hoa_k6, geo):
    # Hoa moved to commune B in May: A stopped after April, B started in May — but A paid May.
    Benefit.objects.filter(pk=hoa_k6.pk).update(status="stopped", end_month=APR,
                                                status_from=MAY)
    line(hoa_k6, MAY)
    in_b = Benefit.objects.create(
        person=hoa, commune=geo.commune_b, policy=hoa_k6.policy, category=hoa_k6.category,
        hundredths=150, base_parameters="TGXH_MC", monthly_amount=975_000, start_month=MAY,
        decision=hoa_k6.decision)
    line(in_b, MAY)

    in_a = hits("PAID_BY_TWO_COMMUNES", geo.commune_a)
    assert [(h.unit_id, h.amount) for h in in_a] == [(geo.commune_a.pk, 975_000)]
    assert in_a[0].summary == ("Lê Thị Hoa có tiền tháng 05/2026 (Trợ cấp xã hội hằng tháng) ở "
                               "danh sách chi trả của xã này (975.000 đ) và của Phường Ngọc Hà.")
    assert [h.unit_id for h in hits("PAID_BY_TWO_COMMUNES", geo.commune_b)] == [geo.commune_b.pk]
    assert len(hits("PAID_BY_TWO_COMMUNES")) == 2
    assert hits("PAID_BY_TWO_COMMUNES", geo.commune_c) == []


def test_a_move_handed_over_month_by_month_is_not_reported(hoa, hoa_k6, geo):
    Benefit.objects.filter(pk=hoa_k6.pk).update(status="stopped", end_month=APR,
                                                status_from=MAY)
    line(hoa_k6, APR)
    in_b = Benefit.objects.create(
        person=hoa, commune=geo.commune_b, policy=hoa_k6.policy, category=hoa_k6.category,
        hundredths=150, base_parameters="TGXH_MC", monthly_amount=975_000, start_month=MAY,
        decision=hoa_k6.decision)
    line(in_b, MAY)
    line(hoa_k6, MAY, status=LineStatus.RETURNED)  # A tried, nothing was paid
    assert hits("PAID_BY_TWO_COMMUNES") == []


# --- paid twice -----------------------------------------------------------------------------------

def test_a_full_month_paid_twice_is_reported_with_the_excess(hoa, hoa_k6):
    line(hoa_k6, JUN)
    second = line(hoa_k6, JUN, kind=LineKind.ARREAR, cycle_month=JUL)
    found = hits("PAID_TWICE")
    assert [(h.amount, h.payment_line_id) for h in found] == [(975_000, second.pk)]
    assert found[0].summary == ("Lê Thị Hoa có 2 dòng chi trả đủ tiền tháng 06/2026 (Trợ cấp xã "
                                "hội hằng tháng): tổng 1.950.000 đ, thừa 975.000 đ.")


def test_a_difference_arrear_after_a_base_level_rise_is_not_a_second_payment(hoa, hoa_k6):
    line(hoa_k6, JUN, base=600_000)  # 900.000 đ on the old level
    line(hoa_k6, JUN, kind=LineKind.ARREAR, cycle_month=JUL, amount=75_000)
    assert hits("PAID_TWICE") == []


# --- amount not what the rules give ---------------------------------------------------------------

def test_a_line_whose_amount_is_not_its_basis_is_reported(hoa, hoa_k6):
    wrong = line(hoa_k6, JUN, amount=900_000)
    found = hits("AMOUNT_NOT_RULES")
    assert [(h.key, h.amount) for h in found] == [(f"line:{wrong.pk}", 75_000)]
    assert found[0].summary == ("Dòng chi trả tháng 06/2026 của Lê Thị Hoa (Trợ cấp xã hội hằng "
                                "tháng, 900.000 đ): số tiền phải là 975.000 đ (hệ số 1,5 × mức "
                                "chuẩn 650.000 đ).")


def test_a_line_on_another_coefficient_or_base_level_than_the_rules_is_reported(hoa, hoa_k6):
    other_coefficient = line(hoa_k6, MAY, hundredths=100)  # 650.000: its own sum is right
    old_base = line(hoa_k6, JUN, base=500_000)  # 750.000 on the national level
    found = {h.key: h for h in hits("AMOUNT_NOT_RULES")}
    assert set(found) == {f"line:{other_coefficient.pk}", f"line:{old_base.pk}"}
    assert "tính theo hệ số 1,0 nhưng chế độ đã quyết định hệ số 1,5" in found[
        f"line:{other_coefficient.pk}"].summary
    assert "mức chuẩn trên dòng là 500.000 đ nhưng mức chuẩn của tháng 06/2026 là 650.000 đ" \
        in found[f"line:{old_base.pk}"].summary


def test_a_benefit_on_another_coefficient_than_the_engine_gives_is_reported(hoa, make_benefit):
    benefit = make_benefit(hoa, "K6", start=JAN, hundredths=200)  # 2,0 is for a child or elder
    found = hits("AMOUNT_NOT_RULES")
    assert [(h.key, h.amount) for h in found] == [(f"benefit:{benefit.pk}", 325_000)]
    assert found[0].summary == (
        "Chế độ Trợ cấp xã hội hằng tháng, nhóm K6 (Người khuyết tật nặng, đặc biệt nặng) của "
        "Lê Thị Hoa tính hệ số 2,0 nhưng theo dữ liệu hiện có hệ số đúng là 1,5: mỗi tháng thừa "
        "325.000 đ (1.300.000 đ thay vì 975.000 đ).")


def test_lines_and_benefits_on_the_rules_are_not_reported(hoa, hoa_k6):
    line(hoa_k6, MAY)
    line(hoa_k6, JUN)
    assert hoa_k6.hundredths == 150 and full(HANOI_BASE, 150) == 975_000
    assert hits("AMOUNT_NOT_RULES") == []


# --- decision -------------------------------------------------------------------------------------

def test_a_decision_without_a_signer_and_money_paid_before_signing_are_reported(hoa, hoa_k6):
    Decision.objects.filter(pk=hoa_k6.decision_id).update(signer_name=" ",
                                                          signed_on=date(2026, 1, 20))
    line(hoa_k6, JAN, paid_on=date(2026, 1, 10))
    found = {h.key: h for h in hits("DECISION_MISSING")}
    decision = Decision.objects.get(pk=hoa_k6.decision_id)
    assert set(found) == {f"decision:{decision.pk}:{hoa.commune_id}", f"paid:{hoa_k6.pk}"}
    assert found[f"decision:{decision.pk}:{hoa.commune_id}"].summary == (
        f"Quyết định {decision.number} ngày 20/01/2026 (1 chế độ): không ghi người ký.")
    assert found[f"paid:{hoa_k6.pk}"].summary == (
        f"Lê Thị Hoa đã được chi 975.000 đ từ ngày 10/01/2026, trước ngày ký quyết định "
        f"{decision.number} (20/01/2026).")
    assert found[f"paid:{hoa_k6.pk}"].amount == 975_000


def test_a_signed_decision_of_the_commune_paid_after_signing_is_not_reported(hoa, hoa_k6):
    line(hoa_k6, JAN, paid_on=date(2026, 1, 10))  # signed on 1/1/2026 by the fixture
    assert hits("DECISION_MISSING") == []


# --- no longer qualifies --------------------------------------------------------------------------

def test_a_child_category_past_its_age_and_a_dead_beneficiary_are_reported(
        geo, make_person, make_benefit):
    teen = make_person(born=date(2009, 3, 1), commune=geo.commune_a, name="Đỗ Văn Nam",
                       circumstances=("no_support",))
    child = make_person(born=date(2015, 3, 1), commune=geo.commune_a, name="Đỗ Thị Na",
                        circumstances=("no_support",))
    elder = make_person(born=date(1940, 3, 1), commune=geo.commune_a, name="Võ Thị Lành")
    k1_teen = make_benefit(teen, "K1", start=JAN, hundredths=150)
    make_benefit(child, "K1", start=JAN, hundredths=150)
    k5c = make_benefit(elder, "K5c", start=JAN, hundredths=100)
    died(elder, date(2026, 5, 2))

    found = {h.benefit_id: h for h in hits("NO_LONGER_QUALIFIES")}
    assert set(found) == {k1_teen.pk, k5c.pk}
    assert found[k1_teen.pk].summary == (
        "Đỗ Văn Nam đang hưởng Trợ cấp xã hội hằng tháng, nhóm K1 (Trẻ em dưới 16 tuổi không có "
        "nguồn nuôi dưỡng) nhưng theo dữ liệu hiện có không còn đủ điều kiện của nhóm này "
        "(17 tuổi, không thuộc hộ nghèo, cận nghèo).")
    assert found[k1_teen.pk].details["facts"]["age"] == 17
    assert found[k5c.pk].summary == (
        "Võ Thị Lành đã mất từ ngày 02/05/2026 nhưng chế độ Trợ cấp xã hội hằng tháng, nhóm K5c "
        "(Người từ đủ 80 tuổi không có lương hưu) vẫn đang hưởng.")


def test_a_group_revealing_hiv_is_named_by_its_policy(geo, make_person, make_benefit):
    kien = make_person(born=date(1990, 1, 1), hiv=True, commune=geo.commune_a,
                       circumstances=("no_stable_income",), name="Phạm Văn Kiên")  # not poor
    make_benefit(kien, "K8", start=JAN, hundredths=150)
    [hit] = hits("NO_LONGER_QUALIFIES")
    assert "K8" not in hit.summary and "HIV" not in hit.summary
    assert "đang hưởng Trợ cấp xã hội hằng tháng nhưng" in hit.summary
    assert "category" not in hit.details


def test_qualifying_beneficiaries_are_not_reported(hoa, hoa_k6, geo, make_person, make_benefit):
    elder = make_person(born=date(1940, 3, 1), commune=geo.commune_a, name="Võ Thị Lành")
    make_benefit(elder, "K5c", start=JAN, hundredths=100)
    stopped = make_person(born=date(2009, 3, 1), commune=geo.commune_a, name="Đỗ Văn Nam")
    make_benefit(stopped, "K1", start=JAN, hundredths=150, status="stopped", end=MAR)
    assert hits("NO_LONGER_QUALIFIES") == []


# --- HIV status posted ----------------------------------------------------------------------------

def test_a_restricted_group_posted_under_its_own_name_is_reported(geo, make_person, cast,
                                                                  catalog):
    kien = make_person(born=date(1990, 1, 1), hiv=True, commune=geo.commune_a,
                       name="Phạm Văn Kiên")
    # Posted under the policy's name, as the posting step does: the status is not on the list.
    posted(kien, cast.officer_a)
    assert hits("HIV_STATUS_POSTED") == []
    k8 = Category.objects.get(policy__code="TGXH", code="K8")
    entry = posted(kien, cast.officer_a, label=k8.name)
    [hit] = hits("HIV_STATUS_POSTED")
    assert (hit.key, hit.person_id, hit.unit_id) == (str(entry.pk), kien.pk, geo.commune_a.pk)
    assert hit.summary == ("Danh sách niêm yết “Danh sách đề nghị tháng 5/2026” (từ 11/05/2026 "
                           "đến 12/05/2026) ghi Phạm Văn Kiên với diện hưởng làm lộ tình trạng "
                           "nhiễm HIV.")


def test_a_label_naming_hiv_is_reported_and_an_ordinary_entry_is_not(geo, make_person, cast):
    an = make_person(born=date(1950, 1, 1), commune=geo.commune_a, name="Trần Văn An")
    posted(an, cast.officer_a)
    assert hits("HIV_STATUS_POSTED") == []
    binh = make_person(born=date(1952, 1, 1), commune=geo.commune_a, name="Trần Văn Bình")
    label = posted(binh, cast.officer_a, label="K8 — Người nhiễm HIV thuộc hộ nghèo")
    assert [h.key for h in hits("HIV_STATUS_POSTED")] == [str(label.pk)]


# --- identity numbers -----------------------------------------------------------------------------

def test_one_cmnd_on_two_persons_is_reported_to_each_commune(geo, make_person):
    first = make_person(born=date(1960, 1, 1), commune=geo.commune_a, name="Ngô Văn Tư")
    second = make_person(born=date(1961, 1, 1), commune=geo.commune_b, name="Ngô Văn Tứ")
    Person.objects.filter(pk__in=[first.pk, second.pk]).update(old_id_number="012345678")
    in_a = hits("SHARED_ID_NUMBER", geo.commune_a)
    assert [(h.key, h.person_id) for h in in_a] == [(f"012345678:{geo.commune_a.pk}", first.pk)]
    assert in_a[0].summary == ("Số CMND 012345678 của Ngô Văn Tư cũng được ghi cho: Ngô Văn Tứ "
                               "(1961), Phường Ngọc Hà.")
    assert sorted(h.unit_id for h in hits("SHARED_ID_NUMBER")) == sorted(
        [geo.commune_a.pk, geo.commune_b.pk])


def test_each_cmnd_is_looked_up_through_its_index(geo, make_person):
    """Without the index, each holder's look-up scanned every person: minutes for a commune of
    a province of a million persons."""
    first = make_person(born=date(1960, 1, 1), commune=geo.commune_a, name="Ngô Văn Tư")
    second = make_person(born=date(1961, 1, 1), commune=geo.commune_b, name="Ngô Văn Tứ")
    Person.objects.filter(pk__in=[first.pk, second.pk]).update(old_id_number="012345678")
    with CaptureQueriesContext(connection) as queries:
        assert len(hits("SHARED_ID_NUMBER", geo.commune_a)) == 1
    (statement,) = [q["sql"] for q in queries if "old_id_number" in q["sql"]]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + statement)
            steps = [row[3] for row in cursor.fetchall()]
            assert "CORRELATED SCALAR SUBQUERY 2" in steps
            twin = steps[steps.index("CORRELATED SCALAR SUBQUERY 2") + 1]
            assert twin == "SEARCH U0 USING INDEX registry_person_cmnd (old_id_number=?)"
        else:  # a handful of rows: the planner is told to avoid scans it would choose
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + statement)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Index Scan using registry_person_cmnd on registry_person u0" in plan, plan


def test_distinct_cmnds_and_a_merged_record_are_not_reported(geo, make_person):
    first = make_person(born=date(1960, 1, 1), commune=geo.commune_a, name="Ngô Văn Tư")
    merged = make_person(born=date(1960, 1, 1), commune=geo.commune_a, name="Ngô Văn Tư")
    other = make_person(born=date(1970, 1, 1), commune=geo.commune_a, name="Lý Thị Mai")
    Person.objects.filter(pk__in=[first.pk, merged.pk]).update(old_id_number="012345678")
    Person.objects.filter(pk=merged.pk).update(status=PersonStatus.MERGED)
    Person.objects.filter(pk=other.pk).update(old_id_number="087654321")
    assert hits("SHARED_ID_NUMBER") == []


def test_a_cccd_that_says_another_sex_or_birth_year_is_reported(geo, make_person):
    mai = make_person(born=date(1985, 4, 2), sex="F", commune=geo.commune_a, name="Lý Thị Mai")
    Person.objects.filter(pk=mai.pk).update(national_id="001087012345")  # male, born 1987
    [hit] = hits("NATIONAL_ID_INCONSISTENT")
    assert (hit.key, hit.person_id) == (f"{mai.pk}:001087012345", mai.pk)
    assert hit.summary.startswith("Số CCCD ********2345 của Lý Thị Mai: ")
    assert "giới tính Nam" in hit.summary and "không khớp năm sinh 1985" in hit.summary
    assert len(hit.details["problems"]) == 2


def test_a_cccd_that_fits_the_record_is_not_reported(geo, make_person):
    mai = make_person(born=date(1985, 4, 2), sex="F", commune=geo.commune_a, name="Lý Thị Mai")
    Person.objects.filter(pk=mai.pk).update(national_id="001185012345")
    assert hits("NATIONAL_ID_INCONSISTENT") == []


# --- one person in two households -----------------------------------------------------------------

def test_one_person_in_two_households_of_a_commune_is_reported(geo, make_person):
    old = make_person(born=date(1975, 8, 9), commune=geo.commune_a, name="Bùi Văn Hải")
    new = make_person(born=date(1975, 8, 9), commune=geo.commune_a, name="Bùi Văn Hải")
    [hit] = hits("PERSON_IN_TWO_HOUSEHOLDS")
    codes = sorted(Household.objects.filter(pk__in=[old.household_id, new.household_id])
                   .values_list("code", flat=True))
    assert hit.key == f"{old.pk}:{new.pk}"
    assert hit.summary == (f"Bùi Văn Hải, sinh ngày 09/08/1975, có tên trong 2 hộ: "
                           f"{codes[0]}, {codes[1]}.")


def test_namesakes_born_another_day_or_in_another_commune_are_not_reported(geo, make_person):
    make_person(born=date(1975, 8, 9), commune=geo.commune_a, name="Bùi Văn Hải")
    make_person(born=date(1976, 8, 9), commune=geo.commune_a, name="Bùi Văn Hải")
    make_person(born=date(1975, 8, 9), commune=geo.commune_b, name="Bùi Văn Hải")
    assert hits("PERSON_IN_TWO_HOUSEHOLDS") == []


def test_persons_in_two_households_are_found_reading_each_person_once(geo, make_person):
    """Grouped, not a look-up of each person's twins: that look-up went through every living
    person of the commune for each person and had not finished after ten minutes for a
    commune of a million-person province."""
    import re

    first = make_person(born=date(1975, 8, 9), commune=geo.commune_a, name="Bùi Văn Hải")
    same_home = make_person(born=date(1975, 8, 9), commune=geo.commune_a, name="Bùi Văn Hải")
    Person.objects.filter(pk=same_home.pk).update(household=first.household)
    assert hits("PERSON_IN_TWO_HOUSEHOLDS", geo.commune_a) == []  # one household: no finding
    make_person(born=date(1975, 8, 9), commune=geo.commune_a, name="Bùi Văn Hải")
    with CaptureQueriesContext(connection) as queries:
        [hit] = hits("PERSON_IN_TWO_HOUSEHOLDS", geo.commune_a)
    assert len(hit.details["persons"]) == 3
    statements = [q["sql"] for q in queries if "registry_person" in q["sql"]]
    assert statements
    with connection.cursor() as cursor:
        for statement in statements:
            if connection.vendor == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + statement)
                steps = [row[3] for row in cursor.fetchall()]
                assert not [step for step in steps if "CORRELATED" in step], steps
            else:
                cursor.execute("EXPLAIN " + statement)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                assert len(re.findall(r" on registry_person\b(?!_)", plan)) == 1, plan


# --- reported totals ------------------------------------------------------------------------------

@pytest.fixture
def phung_chi_kien(db):
    # Phường Phùng Chí Kiên (Bắc Kạn, merged into Thái Nguyên in 2025); the code is a stand-in.
    province = make_province("19", "Tỉnh Thái Nguyên", UnitKind.TINH)
    return make_commune(province, "01843", "Phường Phùng Chí Kiên")


def test_the_bac_kan_report_of_149_whose_groups_add_up_to_151_is_reported(phung_chi_kien):
    report = phung_chi_kien_report(phung_chi_kien)
    [hit] = hits("REPORTED_TOTALS")
    assert (hit.key, hit.unit_id) == (f"{report.pk}:sum", phung_chi_kien.pk)
    assert hit.details == {"report_id": report.pk, "total": 149, "sum": 151}
    assert hit.summary == (
        "Báo cáo “Đối tượng bảo trợ xã hội hưởng trợ cấp hằng tháng đến hết 02/2023” của Phường "
        "Phùng Chí Kiên ngày 24/03/2023: tổng số 149 nhưng các dòng chi tiết cộng lại "
        "94 + 26 + 2 + 3 + 26 = 151 (chênh 2).")


def test_a_report_that_adds_up_is_not_reported(phung_chi_kien):
    phung_chi_kien_report(phung_chi_kien, total=151)
    assert hits("REPORTED_TOTALS") == []


def test_a_category_count_is_checked_against_the_running_benefits(hoa, hoa_k6, geo):
    from ansinh.integrity.models import ReportedTotal

    wrong = ReportedTotal.objects.create(
        unit=geo.commune_a, title="Người khuyết tật", reported_on=date(2026, 6, 30), total=3,
        lines=[{"label": "Người khuyết tật", "count": 3, "category": "K6"}])
    right = ReportedTotal.objects.create(
        unit=geo.commune_a, title="Người khuyết tật", reported_on=date(2026, 6, 30), total=1,
        lines=[{"label": "Người khuyết tật", "count": 1, "category": "K6"}])
    found = hits("REPORTED_TOTALS")
    assert [(h.key, h.details["running"]) for h in found] == [(f"{wrong.pk}:K6", 1)]
    assert f"{right.pk}:K6" not in {h.key for h in found}
    assert found[0].summary.endswith("Người khuyết tật (K6) báo cáo 3 nhưng trên hệ thống có 1 "
                                     "chế độ nhóm K6 đang hưởng tháng 06/2026.")
