from django.urls import path

from ansinh.portal import views

app_name = "portal"

urlpatterns = [
    # Public pages, no login.
    path("cong-khai/", views.index, name="index"),
    path("cong-khai/phan-anh/", views.feedback_track, name="track"),
    path("cong-khai/<str:code>/", views.commune_home, name="commune"),
    path("cong-khai/<str:code>/niem-yet/<int:pk>/", views.posting_detail, name="posting"),
    path("cong-khai/<str:code>/ra-soat/<int:pk>/", views.review_posting, name="review"),
    path("cong-khai/<str:code>/dang-huong/", views.in_force, name="in_force"),
    path("cong-khai/<str:code>/quy/<int:pk>/", views.fund_detail, name="fund"),
    path("cong-khai/<str:code>/thu-tuc/", views.guide, name="guide"),
    path("cong-khai/<str:code>/tra-cuu/", views.lookup, name="lookup"),
    path("cong-khai/<str:code>/phan-anh/", views.feedback_new, name="feedback_new"),
    path("cong-khai/<str:code>/danh-gia/", views.poll, name="poll"),
    # The commune's inbox and the poll's results, for officers, leaders and supervisors.
    path("phan-anh/", views.feedback_list, name="feedback_list"),
    path("phan-anh/<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("danh-gia/", views.poll_results, name="poll_results"),
]
