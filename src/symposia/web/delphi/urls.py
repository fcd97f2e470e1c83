"""URLs of the Delphi rounds: the editor's page and the expert's round page."""

from django.urls import path

from symposia.web.delphi import expert_views, views

app_name = "delphi"
urlpatterns = [
    path("editor/s/<slug:slug>/delphi/", views.dashboard, name="editor"),
    path("editor/s/<slug:slug>/delphi/open/", views.start, name="start"),
    path("editor/s/<slug:slug>/delphi/close/", views.close, name="close"),
    path("editor/s/<slug:slug>/delphi/send/", views.send, name="send"),
    path("editor/s/<slug:slug>/delphi/rankings/", views.add_ranking, name="add_ranking"),
    path("respond/round/<int:invitation_id>/", expert_views.respond, name="respond"),
    path("respond/<str:token>/round/", expert_views.open_link, name="open"),
]
