from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "ansinh.registry"
    label = "registry"
    verbose_name = "Sổ hộ, nhân khẩu"

    def ready(self) -> None:
        # Register the import job kind.
        from ansinh.registry import exports  # noqa: F401
        from ansinh.registry.imports import jobs  # noqa: F401
