from django.apps import AppConfig


class PanelConfig(AppConfig):
    name = "symposia.web.panel"
    label = "panel"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from symposia.web.panel import signals  # noqa: F401  (connects the receivers)
