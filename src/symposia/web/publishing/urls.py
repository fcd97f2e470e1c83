from django.urls import path

from symposia.web.publishing import views

app_name = "publishing"
urlpatterns = [
    path("", views.home, name="home"),
    path("s/<slug:slug>/", views.hub, name="hub"),
    path("s/<slug:slug>/<slug:expert>/", views.take, name="take"),
    path("experts/<slug:slug>/", views.expert, name="expert"),
]
