"""Pages of the duplicate-person review queue (included by ``urls.py``)."""

from django.urls import URLPattern, path

from ansinh.integrity import duplicates_views as views

urlpatterns: list[URLPattern] = [
    path("kiem-tra/trung-lap/", views.pair_list, name="pair_list"),
    path("kiem-tra/trung-lap/<int:pk>/", views.pair_detail, name="pair_detail"),
    path("kiem-tra/trung-lap/<int:pk>/gop/", views.pair_confirm, name="pair_confirm"),
    path("kiem-tra/trung-lap/<int:pk>/khong-trung/", views.pair_dismiss_view,
         name="pair_dismiss"),
    path("kiem-tra/trung-lap/luot-tim/", views.dedup_runs, name="dedup_runs"),
    path("kiem-tra/trung-lap/luot-tim/chay/", views.dedup_run_start, name="dedup_run_start"),
    path("kiem-tra/trung-lap/mo-hinh/", views.dedup_model, name="dedup_model"),
    path("kiem-tra/trung-lap/mo-hinh/huan-luyen/", views.dedup_model_train,
         name="dedup_model_train"),
]
