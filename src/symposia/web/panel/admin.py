from django.contrib import admin

from symposia.web.panel.models import Expert, Invitation


@admin.register(Expert)
class ExpertAdmin(admin.ModelAdmin):
    list_display = ("name", "title", "affiliation", "country", "region", "sector")
    list_filter = ("region", "sector", "public_profile")
    search_fields = ("name", "affiliation", "email", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("expert", "symposium", "state", "sent_at", "expires_at")
    list_filter = ("state", "symposium")
    search_fields = ("expert__name",)
    readonly_fields = ("token_hash",)
    raw_id_fields = ("expert",)
