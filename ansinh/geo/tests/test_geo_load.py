"""``ansinh geo-load`` and the selectors that read what it loads."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from ansinh.core.models import AuditEvent
from ansinh.geo import services
from ansinh.geo.models import AdministrativeUnit, UnitKind, UnitLevel
from ansinh.geo.selectors import (
    unit_find_legacy,
    unit_resolve_current,
    units_communes_of,
    units_current_provinces,
)
from ansinh.geo.services import GeoLoadError
from ansinh.geo.tests.fixtures import (
    SmallGeo,
    make_commune,
    make_legacy_commune,
    make_legacy_district,
    make_province,
    small_geo,  # noqa: F401 (a pytest fixture)
)


def _load(*args: str) -> str:
    out = StringIO()
    call_command("geo_load", *args, stdout=out)
    return out.getvalue()


def _current(level: str) -> int:
    return AdministrativeUnit.objects.current().filter(level=level).count()


@pytest.mark.django_db
def test_it_loads_34_provinces_and_3321_communes_twice_without_duplicates() -> None:
    first = _load()
    total = AdministrativeUnit.objects.count()
    second = _load()

    assert _current(UnitLevel.PROVINCE) == 34
    assert _current(UnitLevel.COMMUNE) == 3321
    assert _current(UnitLevel.DISTRICT) == 0
    assert AdministrativeUnit.objects.count() == total == 34 + 3321 + 63 + 696 + 10035
    assert not AdministrativeUnit.objects.values("code").annotate(n=Count("id")).filter(n__gt=1)
    assert "Đã nạp 34 tỉnh, 3.321 xã; 63 tỉnh, 696 huyện, 10.035 xã cũ" in first
    assert "(tạo mới 14.149, cập nhật 0)" in first
    assert "(tạo mới 0, cập nhật 0)" in second


@pytest.mark.django_db
def test_current_communes_are_2621_xa_687_phuong_and_13_dac_khu_as_the_law_says() -> None:
    _load("--no-legacy")

    kinds = dict(
        AdministrativeUnit.objects.current().filter(level=UnitLevel.COMMUNE)
        .values_list("kind").annotate(n=Count("id")),
    )
    assert kinds == {UnitKind.XA: 2621, UnitKind.PHUONG: 687, UnitKind.DAC_KHU: 13}
    provinces = dict(
        units_current_provinces().order_by().values_list("kind").annotate(n=Count("id")),
    )
    assert provinces == {UnitKind.TINH: 28, UnitKind.THANH_PHO: 6}


@pytest.mark.django_db
def test_current_units_have_official_codes_paths_and_dates() -> None:
    _load("--no-legacy")

    hanoi = AdministrativeUnit.objects.get(code="01")
    long_bien = AdministrativeUnit.objects.get(code="00148")
    assert (hanoi.name, hanoi.path, hanoi.parent) == ("Thành phố Hà Nội", "01", None)
    assert long_bien.name == "Phường Long Biên"
    assert long_bien.official_code == "00148"
    assert long_bien.path == "01.00148"
    assert long_bien.parent == hanoi
    assert long_bien.name_key == "phuong long bien"
    assert str(long_bien.valid_from) == "2025-07-01"
    assert long_bien.valid_to is None
    assert units_communes_of(hanoi).count() == 126
    assert not AdministrativeUnit.objects.legacy().exists()


@pytest.mark.django_db
def test_a_legacy_commune_resolves_to_the_commune_that_replaced_it() -> None:
    _load()

    cu_khoi = unit_find_legacy(
        commune="phường Cự Khối", district="quận Long Biên", province="Hà Nội",
    )

    assert cu_khoi is not None
    assert (cu_khoi.code, cu_khoi.official_code, cu_khoi.name) == (
        "L00154", "00154", "Phường Cự Khối",
    )
    assert cu_khoi.kind == UnitKind.PHUONG
    assert str(cu_khoi.valid_to) == "2025-06-30"
    assert cu_khoi.parent is not None and cu_khoi.parent.code == "L004"
    # vietnamadminunits names phường Long Biên as the primary successor (part of Cự Khối went
    # to xã Bát Tràng); its official code in vietnam-provinces is 00148.
    today = unit_resolve_current(cu_khoi)
    assert (today.code, today.name) == ("00148", "Phường Long Biên")
    assert unit_resolve_current(today) == today


@pytest.mark.django_db
def test_a_legacy_commune_falls_inside_its_successors_scope() -> None:
    _load()
    cu_khoi = AdministrativeUnit.objects.get(code="L00154")
    assert cu_khoi.successor is not None
    successor = cu_khoi.successor

    assert cu_khoi.path == "01.00148.L00154"
    assert AdministrativeUnit.objects.within(successor.path).filter(pk=cu_khoi.pk).exists()
    assert AdministrativeUnit.objects.within("01").filter(pk=cu_khoi.pk).exists()
    assert not AdministrativeUnit.objects.within("01.00136").filter(pk=cu_khoi.pk).exists()
    # Every legacy commune sits under its successor.
    for path, successor_path in (
        AdministrativeUnit.objects.legacy().filter(level=UnitLevel.COMMUNE)
        .values_list("path", "successor__path").iterator()
    ):
        assert path.startswith(f"{successor_path}.")


@pytest.mark.django_db
def test_old_districts_and_provinces_point_at_the_province_they_are_now_in() -> None:
    _load()

    long_bien_district = AdministrativeUnit.objects.get(code="L004")
    ha_giang = AdministrativeUnit.objects.get(code="L02")
    con_dao = AdministrativeUnit.objects.get(code="L755")

    assert long_bien_district.kind == UnitKind.QUAN
    assert long_bien_district.path == "01.L004"
    assert long_bien_district.successor is not None
    assert long_bien_district.successor.code == "01"
    assert long_bien_district.parent is not None
    assert long_bien_district.parent.code == "L01"
    assert (ha_giang.name, ha_giang.path) == ("Tỉnh Hà Giang", "08.L02")
    assert unit_resolve_current(ha_giang).name == "Tuyên Quang"
    # A district without communes that became one đặc khu sits under that đặc khu.
    assert con_dao.successor is not None
    assert con_dao.successor.name == "Đặc khu Côn Đảo"
    assert con_dao.path == f"{con_dao.successor.path}.L755"
    legacy = dict(
        AdministrativeUnit.objects.legacy().values_list("level").annotate(n=Count("id")),
    )
    assert legacy == {UnitLevel.PROVINCE: 63, UnitLevel.DISTRICT: 696, UnitLevel.COMMUNE: 10035}


@pytest.mark.django_db
def test_it_records_one_audit_event_per_run() -> None:
    _load()
    _load()

    events = AuditEvent.objects.filter(action="geo.load").order_by("sequence")
    assert [e.changes["created"] for e in events] == [14149, 0]
    assert events[0].object_type == "geo.administrativeunit"
    assert events[0].actor is None


@pytest.mark.django_db
def test_units_changed_by_hand_are_put_back_on_the_next_run() -> None:
    _load()
    AdministrativeUnit.objects.filter(code="00148").update(name="Sai tên", name_key="sai ten")
    AdministrativeUnit.objects.filter(code="L00154").update(successor=None, valid_to=None)

    summary = services.units_load()

    assert (summary.created, summary.updated) == (0, 2)
    assert AdministrativeUnit.objects.get(code="00148").name_key == "phuong long bien"
    cu_khoi = AdministrativeUnit.objects.get(code="L00154")
    assert cu_khoi.successor is not None and cu_khoi.successor.code == "00148"
    assert str(cu_khoi.valid_to) == "2025-06-30"


@pytest.mark.django_db
def test_it_fails_with_a_clear_message_when_the_package_data_does_not_fit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object) -> object:
        raise GeoLoadError("Không rõ Phường X nay thuộc xã nào.")

    monkeypatch.setattr(services, "_legacy_rows", broken)

    with pytest.raises(CommandError, match="Không nạp được đơn vị hành chính: Không rõ"):
        _load()
    assert not AdministrativeUnit.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("commune", "district", "province"), [
    ("phường Cự Khối", "quận Long Biên", "Hà Nội"),
    ("Cu Khoi", "", ""),
    ("P. CỰ KHỐI", "Q.Long Biên", "TP Hà Nội"),
    ("cự  khối", "long bien", "thành phố hà nội"),
])
def test_find_legacy_ignores_case_accents_and_kind_words(
    small_geo: SmallGeo, commune: str, district: str, province: str,  # noqa: F811
) -> None:
    found = unit_find_legacy(commune=commune, district=district, province=province)

    assert found == small_geo.legacy_commune
    assert unit_resolve_current(small_geo.legacy_commune) == small_geo.commune


@pytest.mark.django_db
def test_find_legacy_needs_the_district_when_two_old_communes_share_a_name(
    small_geo: SmallGeo,  # noqa: F811
) -> None:
    other_district = make_legacy_district(small_geo.province, "005", "Quận Hoàng Mai")
    other = make_legacy_commune(
        small_geo.other_commune, "00999", "Phường Cự Khối", district=other_district,
    )

    assert unit_find_legacy(commune="Cự Khối") is None
    assert unit_find_legacy(commune="Cự Khối", district="Hoàng Mai") == other
    assert unit_find_legacy(commune="Cự Khối", district="Long Biên") == small_geo.legacy_commune
    assert unit_find_legacy(commune="Cự Khối", province="Cao Bằng") is None
    assert unit_find_legacy(commune="Thạch Bàn") is None


@pytest.mark.django_db
def test_fixture_helpers_build_units_inside_their_province() -> None:
    province = make_province("96", "Cà Mau")
    commune = make_commune(province, "32002", "Xã Tân Thuận", kind=UnitKind.XA)
    again = make_commune(province, "32002", "Xã Tân Thuận", kind=UnitKind.XA)

    assert again.pk == commune.pk
    assert commune.path == "96.32002"
    assert commune.name_key == "xa tan thuan"
    assert list(units_current_provinces()) == [province]
    assert list(units_communes_of(province)) == [commune]
    assert list(AdministrativeUnit.objects.within("96")) == [province, commune]
