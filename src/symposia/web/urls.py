"""URL map of the platform."""

from django.contrib import admin
from django.urls import include, path

from symposia.web.api.views import api
from symposia.web.publishing import views as publishing_views
from symposia.web.publishing.sitemaps import robots_txt

admin.site.site_header = "symposia editors"
admin.site.site_title = "symposia"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("sitemap.xml", publishing_views.sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("", include("symposia.web.editorial.urls")),
    path("", include("symposia.web.panel.urls")),
    path("", include("symposia.web.delphi.urls")),
    path("", include("symposia.web.takes.urls")),
    path("", include("symposia.web.synthesis.urls")),
    path("", include("symposia.web.forecasts.urls")),
    path("", include("symposia.web.publishing.urls")),
]

handler500 = "symposia.web.publishing.views.server_error"
