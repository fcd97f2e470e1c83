from django.contrib import admin

from symposia.web.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created with `symposia api-token create`; here they can be seen and deleted."""

    list_display = ("prefix", "user", "name", "created_at", "last_used_at")
    search_fields = ("prefix", "user__username", "name")
    readonly_fields = ("prefix", "token_hash", "created_at", "last_used_at")

    def has_add_permission(self, request, obj=None) -> bool:
        # A token made here could never be shown to anyone: use the CLI.
        return False
