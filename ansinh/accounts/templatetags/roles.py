from django import template

from ansinh.accounts.models import Role

register = template.Library()


@register.filter
def role_label(code: str) -> str:
    """The display name of a role code, as stored in the audit log."""
    try:
        return str(Role(code).label)
    except ValueError:
        return code
