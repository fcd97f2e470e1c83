from django.contrib import admin

from symposia.web.editorial.models import SpentToken, SymposiumRole, TakeEvent


@admin.register(SymposiumRole)
class SymposiumRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "symposium", "role", "created_at")
    list_filter = ("role", "symposium")
    raw_id_fields = ("user",)


@admin.register(TakeEvent)
class TakeEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "symposium", "kind", "actor_label", "take", "note")
    list_filter = ("kind", "symposium")
    readonly_fields = [f.name for f in TakeEvent._meta.fields]

    def has_add_permission(self, request):  # the audit log is written by the workflow only
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SpentToken)
class SpentTokenAdmin(admin.ModelAdmin):
    """Read-only: hashes of used links, kept to tell "already used" from "unknown"."""

    list_display = ("invitation", "spent_at")
    readonly_fields = ("token_hash", "invitation", "spent_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
