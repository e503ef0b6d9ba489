from ansinh.integrity import duplicates_urls, findings_urls

app_name = "integrity"

urlpatterns = [
    *findings_urls.urlpatterns,
    *duplicates_urls.urlpatterns,
]
