from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "ansinh.policies"
    label = "policies"
    verbose_name = "Chính sách"

    def ready(self) -> None:
        # Register this app's home-page panel.
        from ansinh.policies import home  # noqa: F401
