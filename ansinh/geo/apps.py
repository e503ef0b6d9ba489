from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "ansinh.geo"
    label = "geo"

    def ready(self) -> None:
        # Register this app's home-page panels.
        from ansinh.geo import home  # noqa: F401
