from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ansinh.core"
    label = "core"
    verbose_name = "An Sinh — lõi"

    def ready(self) -> None:
        # Register the job kinds this app provides.
        from ansinh.core import exports  # noqa: F401
