from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "ansinh.cases"
    label = "cases"
    verbose_name = "Hồ sơ, quyết định, chế độ"

    def ready(self) -> None:
        # Register the hooks this app answers: deaths stop benefits, confirmed parameters owe
        # arrears, and the eligibility engine learns who has a running allowance; and the
        # home-page panels (dossiers by deadline, those waiting for a decision).
        from ansinh.cases import home, hooks  # noqa: F401
