from django.apps import AppConfig


class SynthesisConfig(AppConfig):
    name = "symposia.web.synthesis"
    label = "synthesis"
    default_auto_field = "django.db.models.BigAutoField"
