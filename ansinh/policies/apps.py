from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "ansinh.policies"
    label = "policies"
    verbose_name = "Chính sách"
