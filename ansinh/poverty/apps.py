from django.apps import AppConfig


class PovertyConfig(AppConfig):
    name = "ansinh.poverty"
    label = "poverty"
    verbose_name = "Rà soát hộ nghèo"
