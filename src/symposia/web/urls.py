"""URL map of the platform."""

from django.contrib import admin
from django.urls import include, path

from symposia.web.api.views import api

admin.site.site_header = "symposia editors"
admin.site.site_title = "symposia"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("symposia.web.synthesis.urls")),
    path("", include("symposia.web.publishing.urls")),
]

handler500 = "symposia.web.publishing.views.server_error"
