from django.apps import AppConfig


class TakesConfig(AppConfig):
    name = "symposia.web.takes"
    label = "takes"
    default_auto_field = "django.db.models.BigAutoField"
