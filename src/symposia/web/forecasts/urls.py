from django.urls import path

from symposia.web.forecasts import views

app_name = "forecasts"
urlpatterns = [
    path("s/<slug:slug>/forecasts/", views.questions, name="questions"),
    path("s/<slug:slug>/forecasts/<slug:question>/", views.question, name="question"),
    path("s/<slug:slug>/forecasts/<slug:question>/resolve/", views.resolve, name="resolve"),
    path("s/<slug:slug>/stances/", views.stance_results, name="stances"),
    path("s/<slug:slug>/export/<slug:name>.csv", views.csv_export, name="csv"),
    path("experts/<slug:slug>/record/", views.track_record, name="track_record"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
]
