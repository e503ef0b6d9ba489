from django.urls import path

from ansinh.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("nhat-ky/", views.audit_list, name="audit_list"),
    path("nhat-ky/xuat/", views.audit_export, name="audit_export"),
    path("cong-viec/", views.job_list, name="job_list"),
    path("cong-viec/<int:pk>/", views.job_detail, name="job_detail"),
    path("cong-viec/<int:pk>/tep/", views.job_file, name="job_file"),
]
