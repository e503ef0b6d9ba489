"""Writes for users, role assignments and API tokens. Each is one transaction, one audit event."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.accounts.models import (
    COMMUNE_ROLES,
    PROVINCE_ROLES,
    ApiToken,
    Role,
    RoleAssignment,
    User,
)
from ansinh.core.audit import audit_record, diff, snapshot
from ansinh.core.errors import DomainError, PermissionDenied
from ansinh.core.scoping import require_system_admin
from ansinh.core.services import model_update
from ansinh.geo.models import AdministrativeUnit, UnitLevel

USER_FIELDS = ("username", "full_name", "email", "phone", "is_active")
TOKEN_PREFIX = "ans_"  # noqa: S105 - a public marker, not a secret


def generate_password() -> str:
    """A password for a new account or a reset: 16 URL-safe characters."""
    return secrets.token_urlsafe(12)


def user_create(
    *,
    actor: User | None,
    username: str,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    password: str | None = None,
) -> tuple[User, str]:
    """Create an account. Returns the user and the initial password (generated if not given).

    ``actor`` None is the system (``ansinh setup``); otherwise it must be an administrator.
    """
    if actor is not None:
        require_system_admin(actor)
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("Tên đăng nhập “%(u)s” đã có người dùng.") % {"u": username},
                          field="username")
    generated = password is None
    password = password or generate_password()
    user = User(username=username, full_name=full_name, email=email, phone=phone,
                must_change_password=generated and actor is not None)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    with transaction.atomic():
        user.save()
        audit_record(actor=actor, action="accounts.user.create", obj=user,
                     changes=diff({}, snapshot(user, USER_FIELDS)))
    return user, password


def user_update(*, actor: User, user: User, **fields: Any) -> User:
    require_system_admin(actor)
    return model_update(actor=actor, obj=user, editable=USER_FIELDS,
                        action="accounts.user.update", **fields)


def user_reset_password(*, actor: User, user: User, password: str | None = None) -> str:
    """An administrator sets a new password; the user must change it at next login."""
    require_system_admin(actor)
    password = password or generate_password()
    _password_set(actor=actor, user=user, password=password, must_change=True,
                  action="accounts.user.reset_password")
    return password


def user_change_password(*, user: User, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise DomainError(_("Mật khẩu hiện tại không đúng."), field="old_password")
    _password_set(actor=user, user=user, password=new_password, must_change=False,
                  action="accounts.user.change_password")


def user_unlock(*, actor: User, user: User) -> int:
    """Lift a lockout after failed sign-ins before it expires. Returns the records removed."""
    require_system_admin(actor)
    with transaction.atomic():
        removed = axes_reset(username=user.username)
        audit_record(actor=actor, action="accounts.user.unlock", obj=user,
                     changes={"failed_attempt_records": removed})
    return removed


def _password_set(*, actor: User, user: User, password: str, must_change: bool,
                  action: str) -> None:
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = must_change
        user.save(update_fields=["password", "must_change_password"])
        audit_record(actor=actor, action=action, obj=user)


def _check_role_unit(role: str, unit: AdministrativeUnit | None) -> None:
    if role == Role.SYSTEM_ADMIN:
        if unit is not None:
            raise DomainError(_("Quản trị hệ thống không gắn với đơn vị nào."), field="unit")
        return
    if unit is None:
        raise DomainError(_("Vai trò này phải gắn với một đơn vị."), field="unit")
    if unit.is_legacy:
        raise DomainError(
            _("“%(unit)s” đã hết hiệu lực; hãy chọn đơn vị hiện hành.") % {"unit": unit.name},
            field="unit",
        )
    if role in COMMUNE_ROLES and unit.level != UnitLevel.COMMUNE:
        raise DomainError(_("Vai trò cấp xã phải gắn với một xã, phường, đặc khu."),
                          field="unit")
    if role in PROVINCE_ROLES and unit.level != UnitLevel.PROVINCE:
        raise DomainError(_("Vai trò cấp tỉnh phải gắn với một tỉnh, thành phố."), field="unit")


def assignment_create(
    *, actor: User | None, user: User, role: str, unit: AdministrativeUnit | None,
) -> RoleAssignment:
    if actor is not None:
        require_system_admin(actor)
    if role not in Role.values:
        raise DomainError(_("Vai trò không hợp lệ."), field="role")
    _check_role_unit(role, unit)
    existing = RoleAssignment.objects.filter(user=user, role=role, unit=unit).first()
    with transaction.atomic():
        if existing is not None:
            if existing.is_active:
                raise DomainError(_("Người dùng đã có vai trò này tại đơn vị này."), field="role")
            existing.is_active = True
            existing.save(update_fields=["is_active"])
            assignment = existing
        else:
            assignment = RoleAssignment.objects.create(user=user, role=role, unit=unit)
        if user.active_assignment_id is None:
            user.active_assignment = assignment
            user.save(update_fields=["active_assignment"])
        audit_record(actor=actor, action="accounts.assignment.create", obj=assignment,
                     unit=unit, changes={"user": user.username, "role": role,
                                         "unit": unit.code if unit else None})
    return assignment


def assignment_deactivate(*, actor: User, assignment: RoleAssignment) -> RoleAssignment:
    require_system_admin(actor)
    if assignment.user_id == actor.pk and assignment.is_system_admin:
        raise DomainError(_("Không thể tự thu hồi quyền quản trị của chính mình."))
    with transaction.atomic():
        assignment.is_active = False
        assignment.save(update_fields=["is_active"])
        assignment.tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        user = assignment.user
        if user.active_assignment_id == assignment.pk:
            user.active_assignment = user.assignments.active().exclude(pk=assignment.pk).first()
            user.save(update_fields=["active_assignment"])
        audit_record(actor=actor, action="accounts.assignment.deactivate", obj=assignment,
                     unit=assignment.unit, changes={"is_active": {"before": True, "after": False}})
    return assignment


def assignment_switch(*, user: User, assignment: RoleAssignment) -> None:
    """Act as another of one's own assignments (remembered for the next login)."""
    if assignment.user_id != user.pk or not assignment.is_active:
        raise PermissionDenied(_("Vai trò này không thuộc về bạn."))
    if user.active_assignment_id == assignment.pk:
        return
    with transaction.atomic():
        before = user.active_assignment_id
        user.active_assignment = assignment
        user.save(update_fields=["active_assignment"])
        user.assignment = assignment
        audit_record(actor=user, action="accounts.assignment.switch", obj=user,
                     unit=assignment.unit, role=assignment.role,
                     changes={"active_assignment": {"before": before, "after": assignment.pk}})


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(
    *, actor: User, assignment: RoleAssignment, name: str, expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Issue a token acting as ``assignment``. The raw token is returned once, never stored."""
    require_system_admin(actor)
    if not assignment.is_active:
        raise DomainError(_("Vai trò đã bị thu hồi."))
    if expires_at is not None and expires_at <= timezone.now():
        raise DomainError(_("Ngày hết hạn phải ở tương lai."), field="expires_at")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(assignment=assignment, name=name, prefix=raw[:12],
                                        digest=token_digest(raw), expires_at=expires_at)
        audit_record(actor=actor, action="accounts.token.create", obj=token,
                     unit=assignment.unit, changes={"name": name, "prefix": token.prefix})
    return token, raw


def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    require_system_admin(actor)
    if token.revoked_at is not None:
        return
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="accounts.token.revoke", obj=token)


def api_token_authenticate(raw: str) -> User | None:
    """The user (acting as the token's assignment) for a valid token, else None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (ApiToken.objects.select_related("assignment__user", "assignment__unit")
             .filter(digest=token_digest(raw), revoked_at__isnull=True).first())
    if token is None or not token.assignment.is_active or not token.assignment.user.is_active:
        return None
    now = timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        return None
    # Record use at most once a minute, so a busy client does not write on every call.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    user = token.assignment.user
    user.assignment = token.assignment
    return user


def ensure_admin(*, username: str, password: str | None) -> tuple[User, str | None]:
    """The first-run administrator: created once with a country-wide admin assignment.

    Returns the password only when it was generated now, so it can be printed once.
    """
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user, None
    try:
        user, chosen = user_create(actor=None, username=username, full_name=_("Quản trị hệ thống"),
                                   password=password)
    except ValidationError as exc:
        raise DomainError(_("ANSINH_ADMIN_PASSWORD không đạt yêu cầu: %(e)s")
                          % {"e": " ".join(exc.messages)}) from exc
    # A generated password was shown on a console: it must be replaced at first sign-in.
    # No Django superuser flag: the role, not the flag, opens the technical admin.
    User.objects.filter(pk=user.pk).update(must_change_password=password is None)
    assignment_create(actor=None, user=user, role=Role.SYSTEM_ADMIN, unit=None)
    return user, None if password else chosen
