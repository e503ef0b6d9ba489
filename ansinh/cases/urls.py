from django.urls import path

from ansinh.cases import views

app_name = "cases"

urlpatterns = [
    path("ho-so/", views.case_list, name="case_list"),
    path("ho-so/moi/", views.case_open, name="case_open"),
    path("ho-so/<int:pk>/", views.case_detail, name="case_detail"),
    path("ho-so/<int:pk>/chuyen-buoc/", views.case_advance, name="case_advance"),
    path("ho-so/<int:pk>/khong-giai-quyet/", views.case_reject, name="case_reject"),
    path("ho-so/<int:pk>/quyet-dinh/", views.case_decide, name="case_decide"),
    path("ho-so/<int:pk>/giay-to/", views.case_documents, name="case_documents"),
    path("ho-so/<int:pk>/giay-to/<int:document_pk>/tep/", views.case_document_file,
         name="case_document_file"),
    path("ho-so/niem-yet/", views.posting_list, name="posting_list"),
    path("ho-so/niem-yet/moi/", views.posting_create, name="posting_create"),
    path("ho-so/niem-yet/<int:pk>/", views.posting_detail, name="posting_detail"),
    path("ho-so/niem-yet/<int:pk>/phan-anh/", views.posting_feedback, name="posting_feedback"),
    path("ho-so/niem-yet/<int:pk>/phan-anh/<int:feedback_pk>/tra-loi/", views.posting_answer,
         name="posting_answer"),
    path("ho-so/niem-yet/<int:pk>/in/", views.posting_pdf, name="posting_pdf"),
    path("ho-so/quyet-dinh/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("ho-so/quyet-dinh/<int:pk>/in/", views.decision_pdf, name="decision_pdf"),
    path("ho-so/che-do/", views.benefit_list, name="benefit_list"),
    path("ho-so/dot-ho-tro/", views.programme_list, name="programme_list"),
    path("ho-so/dot-ho-tro/moi/", views.programme_create, name="programme_create"),
    path("ho-so/dot-ho-tro/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("ho-so/dot-ho-tro/<int:pk>/trinh/", views.programme_submit_view,
         name="programme_submit"),
    path("ho-so/dot-ho-tro/<int:pk>/xuat/", views.programme_export_view,
         name="programme_export"),
    path("ho-so/ra-soat/", views.gaps, name="gaps"),
]
