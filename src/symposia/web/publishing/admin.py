from django.contrib import admin

from symposia.web.publishing.models import Symposium


@admin.register(Symposium)
class SymposiumAdmin(admin.ModelAdmin):
    list_display = (
        "series",
        "question",
        "slug",
        "status",
        "anonymity",
        "opens_at",
        "closes_at",
        "is_fictional",
    )
    list_filter = ("status", "anonymity", "is_fictional")
    search_fields = ("series", "question", "slug")
    prepopulated_fields = {"slug": ("series",)}
