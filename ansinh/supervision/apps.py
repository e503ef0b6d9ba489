from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "ansinh.supervision"
    label = "supervision"
    verbose_name = "Giám sát"

    def ready(self) -> None:
        # The home-page panels: recommendations addressed to the commune, and the delegation's
        # plans in progress with their overdue recommendations.
        from ansinh.supervision import home  # noqa: F401
