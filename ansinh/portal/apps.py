from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "ansinh.portal"
    label = "portal"
    verbose_name = "Cổng thông tin công khai"
