from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "ansinh.funds"
    label = "funds"
    verbose_name = "Quỹ"

    def ready(self) -> None:
        # The home-page panel: allocations waiting for the user's approval.
        from ansinh.funds import home  # noqa: F401
