"""The dashboard's figures against counts made in Python from the records, drill-down totals
adding up at every level, the list behind each number holding what the number says, and
scoping."""

from __future__ import annotations

from collections import Counter

import pytest

from ansinh.cases.models import Benefit, Case
from ansinh.core.errors import NotFound
from ansinh.integrity.models import Finding
from ansinh.payroll.models import Line
from ansinh.registry.models import Household, Person
from ansinh.reports.figures import dashboard
from ansinh.reports.lists import ListFilter, figure_list
from ansinh.reports.metrics import METRICS
from ansinh.reports.scope import UNGROUPED, scope_for

pytestmark = pytest.mark.django_db


def _in(unit_ids: set[int], commune_id: int) -> bool:
    return commune_id in unit_ids


def _running(benefit: Benefit, month) -> bool:  # noqa: ANN001
    """Whether ``benefit`` is paid for ``month``, decided the long way round."""
    if benefit.one_off or benefit.start_month > month:
        return False
    if benefit.end_month is not None and benefit.end_month < month:
        return False
    if benefit.status in ("stopped", "suspended") and (
            benefit.status_from is None or benefit.status_from <= month):
        return False
    return True


def expected(units: set[int], province) -> dict[str, int]:  # noqa: ANN001
    persons = [p for p in Person.objects.all() if _in(units, p.commune_id)]
    households = [h for h in Household.objects.all() if _in(units, h.commune_id)]
    running = [b for b in Benefit.objects.all()
               if _in(units, b.commune_id) and _running(b, province.this_month)]
    cases = [c for c in Case.objects.all() if _in(units, c.commune_id) and c.closed_at is None]
    return {
        "nhan-khau": sum(p.status == "living" for p in persons),
        "ho": sum(h.is_active for h in households),
        "doi-tuong": len({b.person_id for b in running}),
        "ho-ngheo": sum(h.is_active and h.poverty_status == "poor" for h in households),
        "ho-can-ngheo": sum(h.is_active and h.poverty_status == "near_poor" for h in households),
        "ho-so": len(cases),
        "ho-so-qua-han": sum(c.due_on < province.today for c in cases),
        "bat-thuong": sum(f.status == "open" and _in(units, f.unit_id)
                          for f in Finding.objects.all()),
        "kien-nghi-qua-han": 0,
    }


def test_province_figures_equal_independent_counts(cast, geo, province):
    user = cast.province_officer
    board = dashboard(user, scope_for(user), province.today)
    units = {geo.hanoi.pk, geo.commune_a.pk, geo.commune_b.pk}
    want = expected(units, province)
    assert {k: f.total for k, f in board.figures.items()} == want
    assert want["nhan-khau"] > 300 and want["doi-tuong"] > 50 and want["ho-so-qua-han"] == 1
    # Beneficiaries by category: persons per category.
    running = [b for b in Benefit.objects.select_related("category")
               if b.commune_id in units and _running(b, province.this_month)]
    by_category = Counter(b.category.code for b in running)
    shown = {c.label.split(" — ")[0]: c.persons for c in board.categories}
    # A province officer does not see the restricted group's name (K8 reveals HIV status).
    assert "K8" not in shown and by_category["K8"] > 0
    assert shown.pop("Trợ cấp xã hội hằng tháng") == by_category["K8"]
    assert shown == {k: v for k, v in by_category.items() if k != "K8"}


def test_the_commune_officer_sees_restricted_groups_by_name(cast, province):
    board = dashboard(cast.officer_a, scope_for(cast.officer_a), province.today)
    codes = {c.label.split(" — ")[0] for c in board.categories}
    assert "K8" in codes and all(c.url for c in board.categories)


def test_money_paid_by_month_equals_the_paid_lines(cast, province):
    board = dashboard(cast.province_officer, scope_for(cast.province_officer), province.today)
    for cycle in province.cycles:
        month = next(m for m in board.months if m.month == cycle.month)
        paid = sum(line.amount for line in Line.objects.filter(cycle=cycle, status="paid"))
        assert month.paid == paid > 0
        assert month.planned == sum(line.amount for line in Line.objects.filter(cycle=cycle))
    assert board.paid_in_year == sum(m.paid for m in board.months)


@pytest.mark.parametrize("who", ["admin", "province_officer", "officer_a"])
def test_drill_down_adds_up_at_every_level(cast, province, who):
    user = getattr(cast, who)
    scope = scope_for(user)
    board = dashboard(user, scope, province.today)
    for key, figure in board.figures.items():
        if scope.by_group and not METRICS[key].group_field:
            continue
        assert sum(figure.by_part.values()) == figure.total, key
    for category in board.categories:
        assert sum(category.by_part.values()) == category.persons
    # One level down: each part's figures are that part's own dashboard totals.
    for part in board.parts:
        if part.code and part.code != scope.code:
            inner = dashboard(user, scope_for(user, part.code), province.today)
            for key, figure in board.figures.items():
                assert inner.figures[key].total == figure.by_part.get(part.key, 0), (part, key)


def test_each_number_opens_the_list_it_counts(cast, geo, province):
    user = cast.province_officer
    scope = scope_for(user, geo.commune_a.code)
    board = dashboard(user, scope, province.today)
    for key in board.figures:
        found = figure_list(user, key, scope, ListFilter(), province.today)
        assert found.count == board.figures[key].total, key
        if METRICS[key].count == "id":
            assert found.records.count() == found.count
    for part in board.parts:
        found = figure_list(user, "nhan-khau", scope, ListFilter(group=part.key),
                            province.today)
        assert found.count == board.figures["nhan-khau"].by_part.get(part.key, 0)
        names = {p.household.residential_group_id or UNGROUPED for p in found.records}
        assert names <= {part.key}


def test_scopes_outside_the_user_answer_not_found(cast, geo, province):
    with pytest.raises(NotFound):
        scope_for(cast.officer_b, geo.commune_a.code)
    with pytest.raises(NotFound):
        scope_for(cast.province_officer, geo.commune_c.code)
    assert scope_for(cast.province_officer, geo.commune_a.code).unit == geo.commune_a


def test_a_restricted_group_has_no_list_for_those_who_may_not_see_it(cast, province):
    from ansinh.policies.models import Category

    k8 = Category.objects.get(policy__code="TGXH", code="K8")
    scope = scope_for(cast.province_officer)
    with pytest.raises(NotFound):
        figure_list(cast.province_officer, "doi-tuong", scope, ListFilter(category=k8.pk),
                    province.today)
    found = figure_list(cast.officer_a, "doi-tuong", scope_for(cast.officer_a),
                        ListFilter(category=k8.pk), province.today)
    assert found.count > 0
