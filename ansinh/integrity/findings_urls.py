"""Pages of the anomaly findings (included by ``urls.py``)."""

from django.urls import URLPattern, path

from ansinh.integrity import findings_views as views

urlpatterns: list[URLPattern] = [
    path("kiem-tra/bat-thuong/", views.finding_list, name="finding_list"),
    path("kiem-tra/bat-thuong/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("kiem-tra/bat-thuong/<int:pk>/xu-ly/", views.finding_resolve, name="finding_resolve"),
    path("kiem-tra/chay/", views.check_run, name="check_run"),
    path("kiem-tra/quy-tac/", views.rule_list, name="rule_list"),
    path("kiem-tra/so-lieu-bao-cao/", views.reported_total_list, name="reported_total_list"),
    path("kiem-tra/so-lieu-bao-cao/them/", views.reported_total_create,
         name="reported_total_create"),
]
