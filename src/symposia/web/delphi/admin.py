from django.contrib import admin

from symposia.web.delphi.models import (
    DelphiRound,
    Pseudonym,
    Ranking,
    RankingQuestion,
    Response,
    Revision,
)


@admin.register(DelphiRound)
class DelphiRoundAdmin(admin.ModelAdmin):
    list_display = ("symposium", "number", "status", "opened_at", "closes_at", "max_rounds")
    list_filter = ("status",)
    readonly_fields = ("feedback", "decision")


@admin.register(RankingQuestion)
class RankingQuestionAdmin(admin.ModelAdmin):
    list_display = ("prompt", "symposium", "order")
    search_fields = ("prompt", "slug")


@admin.register(Ranking)
class RankingAdmin(admin.ModelAdmin):
    list_display = ("question", "expert", "round", "made_at")
    list_filter = ("round",)
    raw_id_fields = ("expert",)


class RevisionInline(admin.TabularInline):
    model = Revision
    extra = 0
    raw_id_fields = ("stance", "forecast", "ranking")


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("expert", "symposium", "round", "submitted_at")
    list_filter = ("round",)
    raw_id_fields = ("expert",)
    inlines = [RevisionInline]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ("response", "kind", "changed")
    list_filter = ("kind", "changed")
    raw_id_fields = ("response", "stance", "forecast", "ranking")


@admin.register(Pseudonym)
class PseudonymAdmin(admin.ModelAdmin):
    list_display = ("symposium", "number", "expert")
    raw_id_fields = ("expert",)
