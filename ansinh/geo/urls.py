from django.urls import path

from ansinh.geo import views

app_name = "geo"

urlpatterns = [
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/<str:code>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<str:code>/them-to/", views.group_create, name="group_create"),
    path("to-dan-pho/<int:pk>/", views.group_detail, name="group_detail"),
]
