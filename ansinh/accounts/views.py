"""Sign-in, password, switching assignment, and user administration pages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.accounts import selectors, services
from ansinh.accounts.demo import DEMO_PASSWORD
from ansinh.accounts.forms import (
    AssignmentForm,
    LoginForm,
    PasswordChangeForm,
    TokenForm,
    UserEditForm,
    UserForm,
)
from ansinh.accounts.models import ApiToken, Role, RoleAssignment, User
from ansinh.core.audit import audit_record
from ansinh.core.errors import DomainError, NotFound
from ansinh.core.scoping import require_system_admin
from ansinh.core.views_helpers import form_error_from, form_errors_text, paginate


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        auth_login(self.request, user)
        audit_record(actor=user, action="accounts.login", obj=user)
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        if settings.DEMO:
            context["demo_users"] = selectors.demo_users()
            context["demo_password"] = DEMO_PASSWORD
        return context


logout_view = auth_views.LogoutView.as_view()


def locked_out(request: HttpRequest, credentials: object = None, *args: object,
               **kwargs: object) -> HttpResponse:
    """What django-axes shows after too many failed sign-ins (HTTP 429)."""
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_change_password(
                user=user, old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationError as exc:
            form.add_error("new_password", exc.messages)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _("Đã đổi mật khẩu."))
            return redirect("core:home")
    return render(request, "accounts/password_change.html", {
        "form": form, "breadcrumbs": [(_("Đổi mật khẩu"), None)],
    })


@login_required
@require_POST
def switch_assignment(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    assignment = RoleAssignment.objects.filter(
        pk=request.POST.get("assignment") or 0, user=user, is_active=True
    ).first()
    if assignment is None:
        messages.error(request, _("Vai trò không hợp lệ."))
    else:
        services.assignment_switch(user=user, assignment=assignment)
        messages.success(request, _("Đang làm việc với vai trò: %(a)s") % {"a": assignment})
    return redirect("core:home")


# --- administration ---------------------------------------------------------------------------

def _admin_user(request: HttpRequest, pk: int) -> User:
    """A user account, for an administrator. Accounts are not unit-scoped: only admins see them."""
    require_system_admin(request.user)
    user = User.objects.filter(pk=pk).first()
    if user is None:
        raise NotFound(_("Không tìm thấy người dùng."))
    return user


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    require_system_admin(request.user)
    query = request.GET.get("q", "").strip()
    role = request.GET.get("vai_tro", "")
    page = paginate(request, selectors.users_list(query=query, role=role))
    return render(request, "accounts/user_list.html", {
        "page": page, "q": query, "role": role, "roles": Role.choices,
        "breadcrumbs": [(_("Người dùng"), None)],
    })


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    require_system_admin(request.user)
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user, password = services.user_create(
                actor=request.user, **form.cleaned_data,  # type: ignore[arg-type]
            )
        except (DomainError, ValidationError) as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _(
                "Đã tạo tài khoản “%(u)s”. Mật khẩu tạm thời: %(p)s — chỉ hiện một lần; "
                "người dùng phải đổi khi đăng nhập."
            ) % {"u": user.username, "p": password})
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {
        "form": form, "breadcrumbs": [(_("Người dùng"), "/quan-tri/nguoi-dung/"),
                                      (_("Thêm người dùng"), None)],
    })


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _admin_user(request, pk)
    edit_form = UserEditForm(request.POST or None, initial={
        "username": user.username, "full_name": user.full_name, "email": user.email,
        "phone": user.phone, "is_active": user.is_active,
    })
    if request.method == "POST" and edit_form.is_valid():
        data = {k: v for k, v in edit_form.cleaned_data.items() if k != "username"}
        try:
            services.user_update(actor=request.user, user=user, **data)  # type: ignore[arg-type]
        except (DomainError, ValidationError) as exc:
            form_error_from(edit_form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_detail.html", {
        "account": user, "form": edit_form, "locked_out": selectors.is_locked_out(user),
        "assignments": selectors.assignments_of(user),
        "assignment_form": AssignmentForm(), "token_form": TokenForm(user=user),
        "tokens": selectors.tokens_of(user),
        "breadcrumbs": [(_("Người dùng"), "/quan-tri/nguoi-dung/"), (user.username, None)],
    })


@login_required
@require_POST
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    user = _admin_user(request, pk)
    password = services.user_reset_password(actor=request.user, user=user)  # type: ignore[arg-type]
    messages.success(request, _(
        "Mật khẩu mới của “%(u)s”: %(p)s — chỉ hiện một lần; người dùng phải đổi khi đăng nhập."
    ) % {"u": user.username, "p": password})
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    user = _admin_user(request, pk)
    services.user_unlock(actor=request.user, user=user)  # type: ignore[arg-type]
    messages.success(request, _("Đã mở khóa đăng nhập cho “%(u)s”.") % {"u": user.username})
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def assignment_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _admin_user(request, pk)
    form = AssignmentForm(request.POST)
    if form.is_valid():
        try:
            services.assignment_create(actor=request.user, user=user,  # type: ignore[arg-type]
                                       role=form.cleaned_data["role"],
                                       unit=form.cleaned_data["unit"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã phân công vai trò."))
    else:
        messages.error(request, form_errors_text(form))
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def assignment_remove(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    user = _admin_user(request, pk)
    assignment = user.assignments.filter(pk=assignment_pk).first()
    if assignment is None:
        raise NotFound(_("Không tìm thấy phân công."))
    try:
        services.assignment_deactivate(actor=request.user, assignment=assignment)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã thu hồi vai trò."))
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def token_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _admin_user(request, pk)
    form = TokenForm(request.POST, user=user)
    if form.is_valid():
        try:
            _token, raw = services.api_token_create(
                actor=request.user, assignment=form.cleaned_data["assignment"],  # type: ignore[arg-type]
                name=form.cleaned_data["name"], expires_at=form.cleaned_data["expires_at"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _(
                "Mã truy cập API (chỉ hiện một lần, hãy lưu lại ngay): %(t)s") % {"t": raw})
    else:
        messages.error(request, form_errors_text(form))
    return redirect("accounts:user_detail", pk=user.pk)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int, token_pk: int) -> HttpResponse:
    user = _admin_user(request, pk)
    token = ApiToken.objects.filter(pk=token_pk, assignment__user=user).first()
    if token is None:
        raise NotFound(_("Không tìm thấy mã truy cập."))
    services.api_token_revoke(actor=request.user, token=token)  # type: ignore[arg-type]
    messages.success(request, _("Đã thu hồi mã truy cập."))
    return redirect("accounts:user_detail", pk=user.pk)
