from django.apps import AppConfig


class ForecastsConfig(AppConfig):
    name = "symposia.web.forecasts"
    label = "forecasts"
    default_auto_field = "django.db.models.BigAutoField"
