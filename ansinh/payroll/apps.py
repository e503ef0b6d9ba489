from django.apps import AppConfig


class PayrollConfig(AppConfig):
    name = "ansinh.payroll"
    label = "payroll"
    verbose_name = "Chi trả"

    def ready(self) -> None:
        # The home-page panel: lists waiting for approval, lines not yet paid.
        from ansinh.payroll import home  # noqa: F401
