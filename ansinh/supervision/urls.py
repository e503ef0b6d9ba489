from django.urls import path

from ansinh.supervision import views

app_name = "supervision"

urlpatterns = [
    path("giam-sat/", views.plan_list, name="plan_list"),
    path("giam-sat/moi/", views.plan_create, name="plan_create"),
    path("giam-sat/kien-nghi/", views.recommendation_list, name="recommendation_list"),
    path("giam-sat/kien-nghi/<int:pk>/", views.recommendation_detail,
         name="recommendation_detail"),
    path("giam-sat/kien-nghi/<int:pk>/tra-loi/", views.recommendation_answer,
         name="recommendation_answer"),
    path("giam-sat/kien-nghi/<int:pk>/theo-doi/", views.recommendation_follow_up,
         name="recommendation_follow_up"),
    path("giam-sat/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("giam-sat/<int:pk>/sua/", views.plan_edit, name="plan_edit"),
    path("giam-sat/<int:pk>/bat-dau/", views.plan_start, name="plan_start"),
    path("giam-sat/<int:pk>/ket-luan/", views.plan_conclude, name="plan_conclude"),
    path("giam-sat/<int:pk>/thanh-vien/", views.member_add, name="member_add"),
    path("giam-sat/<int:pk>/thanh-vien/<int:member_pk>/xoa/", views.member_remove,
         name="member_remove"),
    path("giam-sat/<int:pk>/ket-qua/moi/", views.observation_create, name="observation_create"),
    path("giam-sat/<int:pk>/kien-nghi/moi/", views.recommendation_create,
         name="recommendation_create"),
    path("giam-sat/<int:pk>/bao-cao.pdf", views.report_pdf, name="report_pdf"),
    path("giam-sat/<int:pk>/bao-cao.docx", views.report_docx, name="report_docx"),
]
