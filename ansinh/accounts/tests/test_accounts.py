"""Sign-in, lockout, passwords, administration of users and API tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ansinh.accounts.models import ApiToken, Role, RoleAssignment, User
from ansinh.accounts.services import api_token_create, ensure_admin
from ansinh.core.errors import DomainError

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-nghiem-1"


def test_a_user_signs_in_with_the_form_and_lands_on_the_home_page(cast):
    client = Client()
    response = client.post("/tai-khoan/dang-nhap/", {"username": "canbo.a", "password": PASSWORD})
    assert response.status_code == 302
    home = client.get("/")
    assert "Phường Ba Đình" in home.content.decode()


def test_a_wrong_password_gets_a_vietnamese_message(cast):
    response = Client().post("/tai-khoan/dang-nhap/", {"username": "canbo.a", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_repeated_failures_lock_the_account_even_for_the_right_password(cast, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/tai-khoan/dang-nhap/", {"username": "canbo.a", "password": "sai"})
    response = client.post("/tai-khoan/dang-nhap/",
                           {"username": "canbo.a", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert f"{round(settings.AXES_COOLOFF_TIME * 60)} phút" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sessions_expire_after_idle_time(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < settings.SESSION_COOKIE_AGE <= 24 * 3600


def test_an_admin_creates_a_user_who_must_change_the_generated_password(cast, client_as):
    admin = client_as(cast.admin)
    response = admin.post("/quan-tri/nguoi-dung/them/", {
        "username": "moi", "full_name": "Người Mới", "email": "", "phone": ""}, follow=True)
    text = response.content.decode()
    assert "Mật khẩu tạm thời" in text
    user = User.objects.get(username="moi")
    assert user.must_change_password
    password = text.split("Mật khẩu tạm thời: ")[1].split(" ")[0]
    client = Client()
    client.post("/tai-khoan/dang-nhap/", {"username": "moi", "password": password})
    assert client.get("/").status_code == 302  # sent to change the password first
    response = client.post("/tai-khoan/doi-mat-khau/", {
        "old_password": password, "new_password": "mot-mat-khau-moi-9",
        "new_password_again": "mot-mat-khau-moi-9"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_an_admin_resets_a_password_and_the_old_one_stops_working(cast, client_as):
    client_as(cast.admin).post(f"/quan-tri/nguoi-dung/{cast.officer_a.pk}/dat-lai-mat-khau/")
    cast.officer_a.refresh_from_db()
    assert not cast.officer_a.check_password(PASSWORD)
    assert cast.officer_a.must_change_password


def test_an_admin_assigns_a_role_with_unit_checks(cast, geo, client_as):
    admin = client_as(cast.admin)
    url = f"/quan-tri/nguoi-dung/{cast.officer_b.pk}/vai-tro/"
    admin.post(url, {"role": Role.COMMUNE_LEADER, "unit": geo.commune_b.code})
    assert RoleAssignment.objects.filter(user=cast.officer_b, role=Role.COMMUNE_LEADER).exists()
    response = admin.post(url, {"role": Role.COMMUNE_LEADER, "unit": geo.hanoi.code}, follow=True)
    assert "Vai trò cấp xã phải gắn với một xã" in response.content.decode()


def test_only_administrators_manage_users(cast, client_as):
    for user in (cast.officer_a, cast.province_officer, cast.supervisor_a):
        assert client_as(user).get("/quan-tri/nguoi-dung/").status_code == 403
    assert client_as(cast.admin).get("/quan-tri/nguoi-dung/").status_code == 200


def test_django_admin_is_for_system_administrators_only(cast, client_as):
    User.objects.filter(pk=cast.officer_a.pk).update(is_staff=True, is_superuser=True)
    assert client_as(cast.officer_a).get("/django-admin/").status_code == 302
    admin = client_as(cast.admin)
    assert admin.get("/django-admin/").status_code == 200
    assert admin.get("/django-admin/accounts/user/").status_code == 200
    assert admin.get("/django-admin/accounts/user/add/").status_code == 403


def test_declared_days_entered_in_django_admin_are_audited(cast, client_as):
    from ansinh.core.models import AuditEvent, DeclaredDay

    response = client_as(cast.admin).post("/django-admin/core/declaredday/add/", {
        "date": "2026-09-01", "kind": "off", "reason": "Nghỉ lễ Quốc khánh theo thông báo"})
    assert response.status_code == 302, response.content
    day = DeclaredDay.objects.get()
    event = AuditEvent.objects.get(action="core.declared_day.save")
    assert event.object_id == str(day.pk)
    assert event.changes["reason"]["after"] == "Nghỉ lễ Quốc khánh theo thông báo"


def _token(cast, user, **kwargs):
    return api_token_create(actor=cast.admin, assignment=user.assignments.get(), name="máy",
                            **kwargs)


def test_an_api_token_acts_as_its_assignment(cast, geo):
    _t, raw = _token(cast, cast.officer_a)
    client = Client(headers={"authorization": f"Bearer {raw}"})
    me = client.get("/api/v1/me").json()
    assert me["username"] == "canbo.a"
    assert me["assignment"]["unit_code"] == geo.commune_a.code
    assert client.get(f"/api/v1/units/{geo.commune_b.code}").status_code == 404


def test_a_revoked_or_expired_token_is_refused(cast):
    token, raw = _token(cast, cast.officer_a)
    client = Client(headers={"authorization": f"Bearer {raw}"})
    assert client.get("/api/v1/me").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/me").status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=None, revoked_at=timezone.now())
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert "mã truy cập" in response.json()["message"]


def test_only_the_digest_of_a_token_is_stored(cast):
    token, raw = _token(cast, cast.officer_a)
    assert raw not in {token.digest, token.prefix}
    assert ApiToken.objects.filter(digest=raw).count() == 0


def test_ensure_admin_creates_once_and_prints_a_generated_password_once(db):
    user, password = ensure_admin(username="admin", password=None)
    assert password and user.check_password(password)
    user.refresh_from_db()
    assert user.must_change_password  # the password was printed on a console
    assert user.assignments.get().role == Role.SYSTEM_ADMIN
    again, second = ensure_admin(username="admin", password=None)
    assert again.pk == user.pk and second is None


def test_an_admin_password_chosen_in_the_environment_need_not_be_changed(db):
    user, printed = ensure_admin(username="admin", password="mot-mat-khau-dai-1")
    user.refresh_from_db()
    assert printed is None and not user.must_change_password


def test_a_weak_admin_password_is_refused_with_a_message(db):
    with pytest.raises(DomainError, match="ANSINH_ADMIN_PASSWORD"):
        ensure_admin(username="admin", password="123")


def test_behind_a_proxy_the_lockout_counts_the_clients_address(cast, settings):
    from axes.models import AccessAttempt

    settings.AXES_IPWARE_PROXY_COUNT = 0  # ANSINH_PROXY_COUNT=1: one nginx in front
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    attacker = Client(HTTP_X_FORWARDED_FOR="203.0.113.5")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post("/tai-khoan/dang-nhap/", {"username": "canbo.a", "password": "sai"})
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"
    officer = Client(HTTP_X_FORWARDED_FOR="198.51.100.7")
    response = officer.post("/tai-khoan/dang-nhap/", {"username": "canbo.a", "password": PASSWORD})
    assert response.status_code == 302  # the officer at another address is not locked out


def test_an_admin_unlocks_a_locked_out_user_from_the_home_page_and_it_is_audited(cast, settings,
                                                                                client_as):
    from ansinh.core.models import AuditEvent

    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post("/tai-khoan/dang-nhap/", {"username": "canbo.a", "password": "sai"})
    admin = client_as(cast.admin)
    home = admin.get("/").content.decode()
    assert "Đang bị tạm khóa: canbo.a" in home
    assert f"/quan-tri/nguoi-dung/{cast.officer_a.pk}/" in home
    assert "Mở khóa đăng nhập" in admin.get(f"/quan-tri/nguoi-dung/{cast.officer_a.pk}/")\
        .content.decode()
    admin.post(f"/quan-tri/nguoi-dung/{cast.officer_a.pk}/mo-khoa/")
    response = Client().post("/tai-khoan/dang-nhap/",
                             {"username": "canbo.a", "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="accounts.user.unlock",
                                     object_id=str(cast.officer_a.pk)).exists()
    assert client_as(cast.province_officer).post(
        f"/quan-tri/nguoi-dung/{cast.officer_a.pk}/mo-khoa/").status_code == 403
