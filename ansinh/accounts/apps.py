from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ansinh.accounts"
    label = "accounts"

    def ready(self) -> None:
        # Register this app's home-page panels.
        from ansinh.accounts import home  # noqa: F401
