from django.urls import path

from symposia.web.synthesis import views

app_name = "synthesis"
urlpatterns = [
    path("s/<slug:slug>/synthesis/", views.page, name="page"),
    path("s/<slug:slug>/synthesis/run/", views.start, name="start"),
    path("s/<slug:slug>/synthesis/runs/", views.status, name="status"),
]
