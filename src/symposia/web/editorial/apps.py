from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "symposia.web.editorial"
    label = "editorial"
    verbose_name = "Editorial workflow"
    default_auto_field = "django.db.models.BigAutoField"
