from django.urls import path

from symposia.web.takes import ingest_views

app_name = "takes"
urlpatterns = [
    path("editor/s/<slug:slug>/ingest/", ingest_views.ingest, name="ingest"),
]
