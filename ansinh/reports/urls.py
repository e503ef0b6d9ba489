from django.urls import path

from ansinh.reports import views

app_name = "reports"

urlpatterns = [
    path("bao-cao/", views.dashboard, name="dashboard"),
    path("bao-cao/danh-sach/<slug:metric>/", views.figure_list_view, name="figure_list"),
    path("bao-cao/mau/", views.report_index, name="report_index"),
    path("bao-cao/mau/<slug:code>/", views.report_view, name="report"),
    path("bao-cao/tong-hop/", views.narrative_view, name="narrative"),
]
