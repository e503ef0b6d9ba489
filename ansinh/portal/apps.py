from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "ansinh.portal"
    label = "portal"
    verbose_name = "Cổng thông tin công khai"

    def ready(self) -> None:
        # The home-page panel: feedback waiting for the commune's answer, the overdue first.
        from ansinh.portal import home  # noqa: F401
