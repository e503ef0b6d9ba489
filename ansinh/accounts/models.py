"""Users, their role assignments to administrative units, and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ LĐ-TB&XH cấp xã")
    COMMUNE_LEADER = "commune_leader", _("Lãnh đạo UBND cấp xã")
    PROVINCE_OFFICER = "province_officer", _("Cán bộ cấp tỉnh")
    SUPERVISOR = "supervisor", _("Thành viên đoàn giám sát (MTTQ, HĐND)")
    AUDITOR = "auditor", _("Kiểm toán, thanh tra")
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")


# Roles that may only read within their scope (supervisors also write findings, later).
READ_ONLY_ROLES = frozenset({Role.SUPERVISOR, Role.AUDITOR})
# Roles whose unit must be a commune, and those whose unit must be a province.
COMMUNE_ROLES = frozenset({Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER})
PROVINCE_ROLES = frozenset({Role.PROVINCE_OFFICER})


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    active_assignment = models.ForeignKey(
        "accounts.RoleAssignment", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("vai trò đang dùng"),
    )
    must_change_password = models.BooleanField(_("phải đổi mật khẩu"), default=False)

    # The assignment this request acts as: set by ActiveAssignmentMiddleware from
    # ``active_assignment`` for pages, and by token authentication for the API.
    assignment: RoleAssignment | None = None

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self) -> RoleAssignmentQuerySet:
        return self.filter(is_active=True)


class RoleAssignment(models.Model):
    """A user acting in one role for one unit (and everything below it).

    A system administrator's assignment has no unit: the whole country.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="assignments",
        verbose_name=_("người dùng"),
    )
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        "geo.AdministrativeUnit", models.PROTECT, null=True, blank=True,
        related_name="assignments", verbose_name=_("đơn vị"),
    )
    is_active = models.BooleanField(_("còn hiệu lực"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công vai trò")
        verbose_name_plural = _("phân công vai trò")
        ordering = ["user_id", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"], name="accounts_assignment_unique",
            ),
            models.CheckConstraint(
                condition=Q(role="system_admin") | Q(unit__isnull=False),
                name="accounts_assignment_unit_required",
            ),
        ]

    def __str__(self) -> str:
        where = self.unit.name if self.unit_id and self.unit else _("Toàn quốc")
        return f"{self.get_role_display()} — {where}"

    @property
    def is_read_only(self) -> bool:
        return self.role in READ_ONLY_ROLES

    @property
    def is_system_admin(self) -> bool:
        return self.role == Role.SYSTEM_ADMIN

    @property
    def scope_path(self) -> str | None:
        """The unit path this assignment sees, or None for the whole country."""
        if self.is_system_admin or self.unit is None:
            return None
        return self.unit.path


class ApiToken(models.Model):
    """A bearer token for a machine client, acting as one of its user's assignments.

    Only a SHA-256 digest of the token is stored; the token is shown once when created.
    """

    assignment = models.ForeignKey(
        RoleAssignment, models.CASCADE, related_name="tokens", verbose_name=_("vai trò"),
    )
    name = models.CharField(_("tên"), max_length=120)
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
