"""The API root: schema, documentation served locally, Vietnamese error bodies."""

from __future__ import annotations

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_lists_the_endpoints_and_the_bearer_scheme(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "An Sinh API"
    for path in ("/api/v1/me", "/api/v1/units", "/api/v1/units/{code}",
                 "/api/v1/residential-groups", "/api/v1/jobs/{job_id}"):
        assert path in schema["paths"], path
    assert "BearerToken" in schema["components"]["securitySchemes"]


def test_the_interactive_docs_load_their_assets_from_our_own_static_files(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "swagger" in page.lower()
    assert "cdn" not in page.lower()
    assert "/static/" in page


def test_invalid_input_gets_a_vietnamese_message_naming_the_field(cast, client_as):
    response = client_as(cast.officer_a).post(
        "/api/v1/residential-groups", {"commune_code": cast.officer_a.assignment.unit.code,
                                       "name": "", "kind": "khong_co"},
        content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["message"] == "Dữ liệu gửi lên không hợp lệ."
    messages = {e["field"]: e["message"] for e in body["errors"]}
    assert set(messages) == {"name", "kind"}
    assert messages["name"] == "Không được để trống hoặc quá ngắn."
    assert messages["kind"].startswith("Giá trị không hợp lệ; chọn một trong: ")


def test_a_duplicate_name_in_the_api_is_a_400_with_the_field(cast, client_as):
    client = client_as(cast.officer_a)
    payload = {"commune_code": cast.officer_a.assignment.unit.code, "name": "Tổ 1"}
    assert client.post("/api/v1/residential-groups", payload,
                       content_type="application/json").status_code == 201
    response = client.post("/api/v1/residential-groups", payload,
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json()["field"] == "name"
    assert "đã có" in response.json()["message"]


def test_the_interface_is_vietnamese_first_and_switches_to_english(cast, client_as):
    client = client_as(cast.officer_a)
    # A browser set to English still gets Vietnamese until the user chooses otherwise.
    assert "Trang chủ" in client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    with translation.override("vi"):
        english = client.get("/").content.decode()
        # The user's choice lasts for their request only, never for whatever runs next in
        # this thread (a task, another user's request).
        assert translation.get_language() == "vi"
    assert "Audit log" in english
    assert "Trang chủ" not in english
