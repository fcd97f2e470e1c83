from django.contrib import admin

from symposia.web.forecasts.models import (
    Forecast,
    ForecastQuestion,
    Resolution,
    Stance,
    StanceStatement,
)


@admin.register(ForecastQuestion)
class ForecastQuestionAdmin(admin.ModelAdmin):
    list_display = ("title", "symposium", "kind", "close_at", "resolve_by")
    list_filter = ("kind", "symposium")
    search_fields = ("title", "slug")


@admin.register(Forecast)
class ForecastAdmin(admin.ModelAdmin):
    list_display = ("question", "expert", "probability", "inferred", "made_at")
    list_filter = ("inferred",)
    raw_id_fields = ("expert", "source_take")


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ("question", "outcome", "is_current", "resolved_at")
    list_filter = ("outcome", "is_current")


@admin.register(StanceStatement)
class StanceStatementAdmin(admin.ModelAdmin):
    list_display = ("text", "symposium", "order")


@admin.register(Stance)
class StanceAdmin(admin.ModelAdmin):
    list_display = ("statement", "expert", "answer", "confidence", "round")
    list_filter = ("answer", "round")
