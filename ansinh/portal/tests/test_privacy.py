"""No private field reaches a public page.

A commune is seeded where every sensitive field of every person is filled (CCCD, birth date to
the day, phone, old CMND, health insurance card, disability level and certificate date,
ethnicity, bank account, a household address with a house number; HIV status for one
beneficiary in K8), with benefits, a posted list made through the cases services and a fund
with donations. Every public page reachable from the commune's page is fetched by following
its links, and none of those values may appear anywhere in the HTML.
"""

from __future__ import annotations

import re
from collections import deque
from datetime import date
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from ansinh.cases.models import Benefit, CaseKind
from ansinh.cases.services import CaseRequest, case_advance, case_open, posting_create
from ansinh.funds.models import DonorKind, FundKind
from ansinh.funds.services import (
    Allocation,
    Receipt,
    allocation_record,
    donor_create,
    fund_create,
    receipt_record,
)
from ansinh.geo.models import ResidentialGroup
from ansinh.payroll.models import PaymentAccount
from ansinh.policies.models import Category
from ansinh.registry.models import DisabilityLevel, PersonRestricted

pytestmark = pytest.mark.django_db

TODAY_YEAR = timezone.localdate().year
# name, birth date, CCCD, ethnicity code, what they receive
RESIDENTS = [
    ("Phạm Văn Lộc", date(1940, 2, 3), "001040011111", "12", "posted K5c"),
    ("Trần Thị Mai", date(1943, 7, 21), "001143022222", "29", "K5c"),
    ("Hoàng Văn Tú", date(1978, 11, 14), "001078033333", "10", "K8"),
    ("Nguyễn Thị Bích Ngọc", date(TODAY_YEAR - 10, 5, 17), "001316044444", "14", "K1"),
]
LEVELS = [DisabilityLevel.MILD, DisabilityLevel.SEVERE, DisabilityLevel.ESPECIALLY_SEVERE,
          DisabilityLevel.MILD]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
HREF = re.compile(r'href="(/cong-khai/[^"#]*)"')


@pytest.fixture
def seeded(cast, geo, catalog, make_person, make_benefit):
    commune = geo.commune_a
    group = ResidentialGroup.objects.create(commune=commune, name="Tổ dân phố số 7")
    secrets: list[str] = []
    persons = {}
    for n, (name, born, cccd, ethnicity, _receives) in enumerate(RESIDENTS):
        person = make_person(born=born, commune=commune, name=name,
                             sex="F" if "Thị" in name else "M", hiv=name == "Hoàng Văn Tú",
                             poverty="poor" if name == "Hoàng Văn Tú" else "")
        household = person.household
        household.residential_group = group
        household.address = f"Số {40 + n} ngõ {120 + n} phố Đội Cấn"
        household.save()
        person.national_id = cccd
        person.phone = f"09123{n}6789"
        person.old_id_number = f"01234{n}678"
        person.health_insurance_number = f"HN40100{n}2345678"
        person.health_insurance_expiry = date(2027, 12, 20 + n)
        person.disability_level = LEVELS[n]
        person.disability_certified_on = date(2019, 4, 10 + n)
        person.ethnicity = ethnicity
        person.save()
        PaymentAccount.objects.create(person=person, channel="bank", bank_name="Agribank",
                                      account_number=f"150020500{n}4321",
                                      account_holder=name)
        persons[name] = person
        secrets += [cccd, born.strftime("%d/%m/%Y"), born.isoformat(), person.phone,
                    person.old_id_number, person.health_insurance_number,
                    person.health_insurance_expiry.strftime("%d/%m/%Y"),
                    person.disability_certified_on.strftime("%d/%m/%Y"),
                    f"150020500{n}4321", household.address, f"Số {40 + n} ngõ",
                    person.ethnicity_name]
    assert PersonRestricted.objects.get(person=persons["Hoàng Văn Tú"]).hiv_positive

    officer = cast.officer_a
    k5c = Category.objects.get(policy__code="TGXH", code="K5c")
    case = case_open(actor=officer, commune=commune, request=CaseRequest(
        kind=CaseKind.NEW_BENEFIT, person=persons["Phạm Văn Lộc"], policy=k5c.policy,
        category=k5c))
    case_advance(actor=officer, case=case, comment="Đã đối chiếu CSDL dân cư")
    posting = posting_create(actor=officer, commune=commune, title="Niêm yết đề nghị hưởng",
                             opens_on=timezone.localdate(), cases=[case])
    for name, code in (("Trần Thị Mai", "K5c"), ("Hoàng Văn Tú", "K8"),
                       ("Nguyễn Thị Bích Ngọc", "K1")):
        benefit = make_benefit(persons[name], code, start=date(TODAY_YEAR, 1, 1),
                               hundredths=150)
        Benefit.objects.filter(pk=benefit.pk).update(monthly_amount=975_000)

    fund = fund_create(actor=officer, unit=commune, kind=FundKind.POOR,
                       name="Quỹ Vì người nghèo")
    donor = donor_create(actor=officer, unit=commune, kind=DonorKind.INDIVIDUAL,
                         name="Bà Lý Thị Hạnh", address="Số 88 phố Kim Mã",
                         phone="0987654321")
    receipt_record(actor=officer, fund=fund, receipt=Receipt(
        date(TODAY_YEAR, 3, 2), 20_000_000, "Ủng hộ Tết", donor=donor))
    allocation_record(actor=officer, fund=fund, allocation=Allocation(
        date(TODAY_YEAR, 3, 5), 2_000_000, "other", "Hỗ trợ hộ khó khăn", "12/QĐ-UBND",
        person=persons["Trần Thị Mai"]))
    secrets += ["Số 88 phố Kim Mã", "0987654321"]
    return commune, posting, fund, persons, secrets


def crawl(start: str) -> dict[str, str]:
    """Every public page reachable from ``start`` by its links (and their pages)."""
    client = Client()
    pages: dict[str, str] = {}
    queue = deque([start])
    while queue and len(pages) < 80:
        url = unescape(queue.popleft())
        if url in pages:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        html = CSRF.sub("", response.content.decode())
        pages[url] = html
        for link in HREF.findall(html):
            link = unescape(link)
            if link.startswith("/cong-khai/") and link not in pages:
                queue.append(link)
    return pages


def row_category(html: str, name: str) -> str:
    row = re.search(rf"<th scope=\"row\"[^>]*>{re.escape(name)}</th>(.*?)</tr>", html, re.S)
    assert row, name
    cells = re.findall(r'data-label="Diện hưởng">([^<]*)<', row.group(1))
    return cells[0]


def test_no_private_field_appears_on_any_public_page(seeded):
    commune, posting, fund, persons, secrets = seeded
    pages = crawl(f"/cong-khai/{commune.code}/")
    code = commune.code
    for expected in (f"/cong-khai/{code}/niem-yet/{posting.pk}/", f"/cong-khai/{code}/quy/"
                     f"{fund.pk}/", f"/cong-khai/{code}/dang-huong/",
                     f"/cong-khai/{code}/thu-tuc/", f"/cong-khai/{code}/tra-cuu/",
                     f"/cong-khai/{code}/phan-anh/", f"/cong-khai/{code}/danh-gia/"):
        assert expected in pages, expected
    disability_labels = [str(level.label) for level in DisabilityLevel if level.value]
    for url, html in pages.items():
        for secret in secrets:
            assert secret not in html, (url, secret)
        # The labels as the registry shows a person's level ("Nhẹ", "Nặng", "Đặc biệt nặng").
        for label in disability_labels:
            assert not re.search(rf"(?<!\w){re.escape(label)}(?!\w)", html), (url, label)
        assert "HIV" not in html.upper() and "K8" not in html.upper(), url
        assert "bảo hiểm y tế" not in html.lower(), url
    # Pages about persons never speak of disability (nobody here is in a disability group);
    # the guide lists the law's groups ("Người khuyết tật nặng…"), about no one.
    for url, html in pages.items():
        if "/thu-tuc/" not in url:
            assert "khuyết tật" not in html.lower(), url


def test_the_k8_beneficiary_shows_only_under_the_policys_name(seeded):
    commune, _posting, _fund, persons, _secrets = seeded
    html = Client().get(f"/cong-khai/{commune.code}/dang-huong/").content.decode()
    tu = persons["Hoàng Văn Tú"]
    assert row_category(html, tu.full_name) == "Trợ cấp xã hội hằng tháng"
    assert row_category(html, "Trần Thị Mai").startswith("K5c — ")
    assert "Nguyễn Thị Bích Ngọc" not in html and "N.T.B.N." in html  # a child: initials
    assert "Tổ dân phố số 7" in html and "1978" in html  # what the paper lists show


def test_the_posted_list_shows_name_birth_year_group_and_amount_only(seeded):
    commune, posting, _fund, persons, secrets = seeded
    html = Client().get(f"/cong-khai/{commune.code}/niem-yet/{posting.pk}/").content.decode()
    assert "Phạm Văn Lộc" in html and "1940" in html and "Tổ dân phố số 7" in html
    assert row_category(html, "Phạm Văn Lộc").startswith("K5c — ")
    assert not any(secret in html for secret in secrets)
