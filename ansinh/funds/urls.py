from django.urls import path

from ansinh.funds import views

app_name = "funds"

urlpatterns = [
    path("quy/", views.fund_list, name="fund_list"),
    path("quy/moi/", views.fund_create, name="fund_create"),
    path("quy/cho-duyet/", views.pending_list, name="pending_list"),
    path("quy/nha-tai-tro/", views.donor_list, name="donor_list"),
    path("quy/nha-tai-tro/moi/", views.donor_create, name="donor_create"),
    path("quy/but-toan/<int:pk>/", views.entry_detail, name="entry_detail"),
    path("quy/but-toan/<int:pk>/dieu-chinh/", views.entry_reverse, name="entry_reverse"),
    path("quy/but-toan/<int:pk>/phe-duyet/", views.entry_approve, name="entry_approve"),
    path("quy/but-toan/<int:pk>/khong-phe-duyet/", views.entry_reject, name="entry_reject"),
    path("quy/<int:pk>/", views.fund_detail, name="fund_detail"),
    path("quy/<int:pk>/ghi-thu/", views.receipt_create, name="receipt_create"),
    path("quy/<int:pk>/hien-vat/", views.in_kind_create, name="in_kind_create"),
    path("quy/<int:pk>/chi/", views.allocation_create, name="allocation_create"),
    path("quy/<int:pk>/cap-phat/", views.distribution_create, name="distribution_create"),
    path("quy/<int:pk>/dieu-chuyen/", views.transfer_create, name="transfer_create"),
    path("quy/<int:pk>/tam-ung/", views.advance_create, name="advance_create"),
    path("quy/<int:pk>/so-du-chuyen-sang/", views.opening_create, name="opening_create"),
    path("quy/<int:pk>/sao-ke/", views.statement, name="statement"),
]
