from django.contrib import admin

from symposia.web.takes.models import IngestedFile, Take, TakeRevision


class RevisionInline(admin.TabularInline):
    model = TakeRevision
    extra = 0
    fields = ("number", "kind", "author", "note", "created_at")
    readonly_fields = ("number", "kind", "author", "note", "created_at")
    can_delete = False


@admin.register(Take)
class TakeAdmin(admin.ModelAdmin):
    list_display = ("expert", "symposium", "status", "publish_at", "source")
    list_filter = ("status", "source", "symposium")
    search_fields = ("expert__name", "headline", "body")
    readonly_fields = ("content_hash", "version")
    raw_id_fields = ("expert",)
    inlines = [RevisionInline]


@admin.register(TakeRevision)
class TakeRevisionAdmin(admin.ModelAdmin):
    list_display = ("take", "number", "kind", "author", "created_at")
    list_filter = ("kind",)


@admin.register(IngestedFile)
class IngestedFileAdmin(admin.ModelAdmin):
    list_display = ("path", "symposium", "sha256", "created_at")
    list_filter = ("symposium",)
    readonly_fields = ("sha256", "path", "result", "created_at")
