from django.urls import path

from ansinh.poverty import views

app_name = "poverty"

urlpatterns = [
    path("ra-soat/", views.review_list, name="review_list"),
    path("ra-soat/moi/", views.review_open, name="review_open"),
    path("ra-soat/qua-cac-nam/", views.year_over_year, name="year_over_year"),
    path("ra-soat/giup-do/", views.help_plans, name="help_plans"),
    path("ra-soat/giup-do/<int:household_pk>/", views.help_plan_edit, name="help_plan_edit"),
    path("ra-soat/bang-diem/", views.points, name="points"),
    path("ra-soat/phieu/<int:pk>/", views.survey_form, name="survey_form"),
    path("ra-soat/phieu/<int:pk>/gui/", views.survey_send, name="survey_send"),
    path("ra-soat/<int:pk>/", views.review_detail, name="review_detail"),
    path("ra-soat/<int:pk>/phan-cong/", views.survey_assign, name="survey_assign"),
    path("ra-soat/<int:pk>/them-ho/", views.household_add, name="household_add"),
    path("ra-soat/<int:pk>/hop-dan/", views.meeting, name="meeting"),
    path("ra-soat/<int:pk>/niem-yet/", views.review_post, name="review_post"),
    path("ra-soat/<int:pk>/cong-nhan/", views.review_recognise, name="review_recognise"),
    path("ra-soat/<int:pk>/danh-sach-cong-nhan.pdf", views.certificates_pdf,
         name="certificates_pdf"),
]
