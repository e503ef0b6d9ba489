from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "ansinh.funds"
    label = "funds"
    verbose_name = "Quỹ"
