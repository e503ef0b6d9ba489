from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("", include("ansinh.core.urls")),
    path("", include("ansinh.accounts.urls")),
    path("", include("ansinh.geo.urls")),
    path("", include("ansinh.registry.urls")),
    path("", include("ansinh.policies.urls")),
    path("", include("ansinh.cases.urls")),
    path("", include("ansinh.payroll.urls")),
    path("", include("ansinh.integrity.urls")),
    path("", include("ansinh.supervision.urls")),
    path("", include("ansinh.reports.urls")),
    path("", include("ansinh.portal.urls")),
    path("", include("ansinh.funds.urls")),
    path("", include("ansinh.poverty.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]
# Media files (job results) are never served directly: ``core:job_file`` checks scope first.
