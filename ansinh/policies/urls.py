from django.urls import path

from ansinh.policies import views

app_name = "policies"

urlpatterns = [
    path("chinh-sach/", views.policy_list, name="policy_list"),
    path("chinh-sach/tra-cuu/", views.eligibility, name="eligibility"),
    path("chinh-sach/hoan-canh/<int:person_pk>/", views.circumstances, name="circumstances"),
    path("chinh-sach/hoan-canh/<int:person_pk>/<int:pk>/ket-thuc/", views.circumstance_end,
         name="circumstance_end"),
    path("chinh-sach/tham-so/<str:code>/them/", views.version_create, name="version_create"),
    path("chinh-sach/gia-tri/<int:pk>/xac-nhan/", views.version_confirm, name="version_confirm"),
    path("chinh-sach/<str:code>/", views.policy_detail, name="policy_detail"),
    path("chinh-sach/<str:code>/nhom/<str:category_code>/sua/", views.category_edit,
         name="category_edit"),
    path("chinh-sach/<str:code>/he-so/<int:pk>/sua/", views.coefficient_edit,
         name="coefficient_edit"),
]
