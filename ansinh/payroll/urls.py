from django.urls import path

from ansinh.payroll import views

app_name = "payroll"

urlpatterns = [
    path("chi-tra/", views.cycle_list, name="cycle_list"),
    path("chi-tra/lap/", views.cycle_generate, name="cycle_generate"),
    path("chi-tra/dot-ho-tro/<int:programme_pk>/lap/", views.programme_cycle_generate,
         name="programme_cycle_generate"),
    path("chi-tra/chua-nhan/", views.unpaid, name="unpaid"),
    path("chi-tra/hinh-thuc/<int:person_pk>/", views.payment_account, name="payment_account"),
    path("chi-tra/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("chi-tra/<int:pk>/lap-lai/", views.cycle_regenerate, name="cycle_regenerate"),
    path("chi-tra/<int:pk>/duyet/", views.cycle_approve, name="cycle_approve"),
    path("chi-tra/<int:pk>/da-chi/", views.lines_paid, name="lines_paid"),
    path("chi-tra/<int:pk>/khong-chi-duoc/", views.lines_returned, name="lines_returned"),
    path("chi-tra/<int:pk>/dong/<int:line_pk>/hinh-thuc/", views.line_channel,
         name="line_channel"),
    path("chi-tra/<int:pk>/quyet-toan/", views.cycle_close, name="cycle_close"),
    path("chi-tra/<int:pk>/in/", views.cycle_pdf, name="cycle_pdf"),
    path("chi-tra/<int:pk>/excel/", views.cycle_xlsx, name="cycle_xlsx"),
    path("chi-tra/<int:pk>/tep-chi-tra/", views.cycle_provider_file, name="cycle_provider_file"),
    path("chi-tra/<int:pk>/tep-ket-qua/", views.cycle_returns, name="cycle_returns"),
    path("chi-tra/<int:pk>/doi-soat/", views.cycle_reconciliation, name="cycle_reconciliation"),
]
