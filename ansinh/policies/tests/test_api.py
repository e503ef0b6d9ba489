"""The policy catalog, parameter values and entitlements through the API."""

from __future__ import annotations

from datetime import date

import pytest


def _json(client, url, data=None, status=200):
    response = client.get(url, data or {})
    assert response.status_code == status, (url, response.content)
    return response.json()


def test_the_catalog_lists_policies_and_one_policy_in_full(cast, catalog, client_as):
    client = client_as(cast.auditor)
    codes = [p["code"] for p in _json(client, "/api/v1/policies")]
    assert codes[:2] == ["TGXH", "HTXH"] and "CHUANNGHEO" in codes
    policy = _json(client, "/api/v1/policies/TGXH")
    assert policy["legal_basis"] == "Nghị định 20/2021/NĐ-CP"
    categories = {c["code"]: c for c in policy["categories"]}
    assert [(b["value"], b["label"]) for b in categories["K1"]["coefficients"]] == [
        ("2.50", "dưới 4 tuổi"), ("1.50", "từ đủ 4 tuổi")]
    assert categories["K8"]["restricted"] and not categories["K1"]["restricted"]
    assert "Giấy khai sinh của trẻ" in categories["K1"]["documents"]
    [base] = [p for p in policy["parameters"] if p["code"] == "TGXH_MC"]
    versions = {(v["province_code"], v["effective_from"]): v for v in base["versions"]}
    assert versions[(None, "2026-07-01")]["confidence"] == "pending"
    assert not versions[(None, "2026-07-01")]["usable"]
    assert versions[("01", "2026-01-01")]["value"] == 650_000
    missing = _json(client, "/api/v1/policies/KHONGCO", status=404)
    assert missing == {"code": "not_found", "message": "Không tìm thấy chính sách.",
                       "field": None}


@pytest.mark.parametrize(("query", "value", "in_force_from", "province_name"), [
    ({"at": "2024-06-30"}, 360_000, "2021-07-01", ""),
    ({"at": "2026-02-01"}, 500_000, "2024-07-01", ""),
    ({"at": "2026-02-01", "province": "01"}, 650_000, "2026-01-01", "Thành phố Hà Nội"),
    ({"at": "2026-02-01", "province": "79"}, 500_000, "2024-07-01", ""),
    ({"at": "2026-08-01"}, 500_000, "2024-07-01", ""),  # the pending 540.000 is not used
])
def test_a_parameters_value_at_a_date_and_in_a_province(cast, catalog, client_as, query, value,
                                                        in_force_from, province_name):
    found = _json(client_as(cast.officer_a), "/api/v1/parameters/TGXH_MC/value", query)
    assert found["value"] == value and found["in_force_from"] == in_force_from
    assert found["province_name"] == province_name
    assert found["legal_basis"]


def test_parameter_value_errors_are_said_in_vietnamese(cast, catalog, client_as):
    client = client_as(cast.officer_a)
    url = "/api/v1/parameters/TGXH_MC/value"
    early = _json(client, url, {"at": "2020-01-01"}, status=400)
    assert "chưa có giá trị được xác nhận tại ngày 01/01/2020" in early["message"]
    assert _json(client, url, {"province": "99"}, status=404)["message"] == \
        "Không có tỉnh, thành phố mã “99”."
    assert _json(client, "/api/v1/parameters/KHONGCO/value", status=404)["message"] == \
        "Không tìm thấy tham số."
    bad = _json(client, url, {"at": "31/12/2026"}, status=422)
    assert bad["errors"] == [{"field": "at", "message": "Ngày không hợp lệ (yyyy-mm-dd)."}]


def test_a_persons_entitlements_are_explained(cast, catalog, client_as, make_person):
    person = make_person(born=date(1939, 3, 1), poverty="poor", circumstances=("no_supporter",))
    found = _json(client_as(cast.officer_a), f"/api/v1/persons/{person.pk}/entitlements",
                  {"at": "2024-07-01"})
    assert found["person_id"] == person.pk and found["at"] == "2024-07-01"
    rows = {e["category"]: e for e in found["entitlements"]}
    assert (rows["K5a"]["amount"], rows["K5a"]["paid"]) == (1_000_000, True)
    assert (rows["K5c"]["amount"], rows["K5c"]["paid"]) == (500_000, False)
    assert "không cộng dồn" in rows["K5c"]["explanation"]
    assert found["monthly_paid"] == 1_000_000 and not found["partial_view"]


def test_entitlements_are_scoped_and_hide_restricted_categories(
        cast, catalog, client_as, make_person):
    person = make_person(born=date(1994, 3, 1), hiv=True, poverty="poor",
                         circumstances=("no_stable_income",))
    url = f"/api/v1/persons/{person.pk}/entitlements"
    officer = _json(client_as(cast.officer_a), url, {"at": "2024-07-01"})
    assert [e["category"] for e in officer["entitlements"]] == ["K8"]
    assert not officer["partial_view"]
    other = make_person(born=date(1994, 3, 1))
    for who in ("supervisor_a", "province_officer", "admin"):
        client = client_as(getattr(cast, who))
        hidden = _json(client, url, {"at": "2024-07-01"})
        assert hidden["entitlements"] == [] and hidden["partial_view"], who
        assert hidden["monthly_paid"] == 0
        # The answer for a person living with HIV is the answer for anyone else.
        plain = _json(client, f"/api/v1/persons/{other.pk}/entitlements", {"at": "2024-07-01"})
        assert {k: v for k, v in plain.items() if k != "person_id"} == \
            {k: v for k, v in hidden.items() if k != "person_id"}, who
    outsider = _json(client_as(cast.officer_b), url, status=404)
    assert outsider["message"] == "Không tìm thấy nhân khẩu."


def test_the_api_needs_authentication(catalog, client):
    response = client.get("/api/v1/policies")
    assert response.status_code == 401
    assert "Chưa xác thực" in response.json()["message"]
