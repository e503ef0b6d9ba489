from django.apps import AppConfig


class PovertyConfig(AppConfig):
    name = "ansinh.poverty"
    label = "poverty"
    verbose_name = "Rà soát hộ nghèo"

    def ready(self) -> None:
        # The home-page panel: surveys assigned to me, reviews waiting for recognition.
        from ansinh.poverty import home  # noqa: F401
