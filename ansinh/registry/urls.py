from django.urls import path

from ansinh.registry import import_views, views

app_name = "registry"

urlpatterns = [
    path("nhan-khau/", views.person_list, name="person_list"),
    path("nhan-khau/them/", views.person_create, name="person_create"),
    path("nhan-khau/xuat/", views.person_export, name="person_export"),
    path("nhan-khau/<int:pk>/", views.person_detail, name="person_detail"),
    path("nhan-khau/<int:pk>/sua/", views.person_edit, name="person_edit"),
    path("nhan-khau/<int:pk>/bao-mat/", views.person_death, name="person_death"),
    path("nhan-khau/<int:pk>/chuyen/", views.person_move, name="person_move"),
    path("nhan-khau/<int:pk>/thong-tin-han-che/", views.person_restricted,
         name="person_restricted"),
    path("nhan-khau/nhap/", import_views.import_upload, name="import_upload"),
    path("nhan-khau/nhap/cot/<str:token>/", import_views.import_mapping, name="import_mapping"),
    path("nhan-khau/nhap/<int:job_id>/ghi/", import_views.import_commit, name="import_commit"),
    path("ho/", views.household_list, name="household_list"),
    path("ho/them/", views.household_create, name="household_create"),
    path("ho/<int:pk>/", views.household_detail, name="household_detail"),
    path("ho/<int:pk>/sua/", views.household_edit, name="household_edit"),
    path("ho/<int:pk>/tach/", views.household_split, name="household_split"),
    path("ho/<int:pk>/nhap-ho/", views.household_merge, name="household_merge"),
    path("ho/<int:pk>/ho-ngheo/", views.household_poverty, name="household_poverty"),
]
