"""URLs of the panel: editors' roster and panel pages; experts' decline and unsubscribe pages."""

from django.urls import path

from symposia.web.panel import panel_views, public_views, roster_views

app_name = "panel"
urlpatterns = [
    path("editor/roster/", roster_views.roster_list, name="roster"),
    path("editor/roster/import/", roster_views.roster_import, name="roster_import"),
    path(
        "editor/roster/import/<int:import_id>/",
        roster_views.roster_review,
        name="roster_review",
    ),
    path("editor/roster/export.csv", roster_views.roster_export, name="roster_export"),
    path("editor/s/<slug:slug>/panel/", panel_views.panel, name="panel"),
    path("editor/s/<slug:slug>/panel/add/", panel_views.add, name="add"),
    path(
        "editor/s/<slug:slug>/panel/<int:invitation_id>/bounce/",
        panel_views.bounce,
        name="bounce",
    ),
    path("editor/s/<slug:slug>/panel/invitations/", panel_views.invitations, name="invitations"),
    path(
        "editor/s/<slug:slug>/panel/diversity/",
        panel_views.diversity_dashboard,
        name="diversity",
    ),
    path(
        "editor/s/<slug:slug>/panel/diversity/targets/",
        panel_views.add_target,
        name="add_target",
    ),
    path(
        "editor/s/<slug:slug>/panel/diversity/targets/<int:target_id>/delete/",
        panel_views.delete_target,
        name="delete_target",
    ),
    path("editor/s/<slug:slug>/panel/outreach/", panel_views.outreach_log, name="outreach"),
    path(
        "panel/decline/i/<int:invitation_id>/", public_views.decline_session, name="decline_session"
    ),
    path("panel/decline/<str:token>/", public_views.decline, name="decline"),
    path("panel/unsubscribe/<str:signed>/", public_views.unsubscribe, name="unsubscribe"),
]
