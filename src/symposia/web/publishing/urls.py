from django.urls import path

from symposia.web.publishing import views

app_name = "publishing"
urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("feed.rss", views.site_rss, name="feed-rss"),
    path("feed.atom", views.site_atom, name="feed-atom"),
    path("s/<slug:slug>/", views.hub, name="hub"),
    path("s/<slug:slug>/feed.rss", views.symposium_rss, name="symposium-feed-rss"),
    path("s/<slug:slug>/feed.atom", views.symposium_atom, name="symposium-feed-atom"),
    path("s/<slug:slug>/<slug:expert>/", views.take, name="take"),
    path("experts/<slug:slug>/", views.expert, name="expert"),
]
