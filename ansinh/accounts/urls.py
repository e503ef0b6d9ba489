from django.urls import path

from ansinh.accounts import views

app_name = "accounts"

urlpatterns = [
    path("tai-khoan/dang-nhap/", views.LoginView.as_view(), name="login"),
    path("tai-khoan/dang-xuat/", views.logout_view, name="logout"),
    path("tai-khoan/doi-mat-khau/", views.password_change, name="password_change"),
    path("tai-khoan/doi-vai-tro/", views.switch_assignment, name="switch_assignment"),
    path("quan-tri/nguoi-dung/", views.user_list, name="user_list"),
    path("quan-tri/nguoi-dung/them/", views.user_create, name="user_create"),
    path("quan-tri/nguoi-dung/<int:pk>/", views.user_detail, name="user_detail"),
    path("quan-tri/nguoi-dung/<int:pk>/dat-lai-mat-khau/", views.user_reset_password,
         name="user_reset_password"),
    path("quan-tri/nguoi-dung/<int:pk>/mo-khoa/", views.user_unlock, name="user_unlock"),
    path("quan-tri/nguoi-dung/<int:pk>/vai-tro/", views.assignment_add, name="assignment_add"),
    path("quan-tri/nguoi-dung/<int:pk>/vai-tro/<int:assignment_pk>/thu-hoi/",
         views.assignment_remove, name="assignment_remove"),
    path("quan-tri/nguoi-dung/<int:pk>/ma-api/", views.token_create, name="token_create"),
    path("quan-tri/nguoi-dung/<int:pk>/ma-api/<int:token_pk>/thu-hoi/", views.token_revoke,
         name="token_revoke"),
]
