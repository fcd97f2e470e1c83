from django.apps import AppConfig


class DelphiConfig(AppConfig):
    name = "symposia.web.delphi"
    label = "delphi"
    verbose_name = "Delphi rounds"
    default_auto_field = "django.db.models.BigAutoField"
