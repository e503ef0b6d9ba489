from django.urls import path

from ansinh.registry import views

app_name = "registry"

urlpatterns = [
    path("nhan-khau/", views.person_list, name="person_list"),
    path("nhan-khau/them/", views.person_create, name="person_create"),
    path("nhan-khau/<int:pk>/", views.person_detail, name="person_detail"),
    path("nhan-khau/<int:pk>/sua/", views.person_edit, name="person_edit"),
    path("nhan-khau/<int:pk>/bao-mat/", views.person_death, name="person_death"),
    path("nhan-khau/<int:pk>/chuyen/", views.person_move, name="person_move"),
    path("ho/", views.household_list, name="household_list"),
    path("ho/them/", views.household_create, name="household_create"),
    path("ho/<int:pk>/", views.household_detail, name="household_detail"),
    path("ho/<int:pk>/sua/", views.household_edit, name="household_edit"),
]
