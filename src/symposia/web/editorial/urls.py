"""URLs of the editors' pages (/editor/) and the experts' personal links (/respond/)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from symposia.web.editorial import expert_views, views

app_name = "editorial"
urlpatterns = [
    path(
        "editor/login/",
        auth_views.LoginView.as_view(
            template_name="editorial/login.html",
            redirect_authenticated_user=True,
            next_page="editorial:index",
        ),
        name="login",
    ),
    path(
        "editor/logout/", auth_views.LogoutView.as_view(next_page="editorial:login"), name="logout"
    ),
    path("editor/", views.index, name="index"),
    path("editor/new/", views.new_symposium, name="new"),
    path("editor/s/<slug:slug>/", views.symposium_dashboard, name="dashboard"),
    path("editor/s/<slug:slug>/experts/", views.add_expert, name="add_expert"),
    path("editor/s/<slug:slug>/schedule/", views.schedule, name="schedule"),
    path("editor/s/<slug:slug>/roles/", views.add_role, name="add_role"),
    path(
        "editor/s/<slug:slug>/invitations/<int:invitation_id>/send/",
        views.send_link,
        name="send_link",
    ),
    path(
        "editor/s/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        views.revoke,
        name="revoke",
    ),
    path("editor/s/<slug:slug>/takes/<int:take_id>/", views.take_detail, name="take"),
    path("editor/s/<slug:slug>/takes/<int:take_id>/diff/", views.take_diff, name="diff"),
    path(
        "editor/s/<slug:slug>/takes/<int:take_id>/<slug:action>/",
        views.take_action,
        name="take_action",
    ),
    path("respond/", expert_views.respond_home, name="respond_home"),
    path("respond/new-link/", expert_views.new_link_by_email, name="new_link"),
    path("respond/take/<int:invitation_id>/", expert_views.workspace, name="workspace"),
    path("respond/<str:token>/", expert_views.respond, name="respond"),
    path("respond/<str:token>/new-link/", expert_views.new_link_for_token, name="new_link_token"),
]
