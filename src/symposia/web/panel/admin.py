from django.contrib import admin

from symposia.web.panel.models import (
    DiversityTarget,
    Expert,
    Invitation,
    InvitationTemplate,
    OptOut,
    OutreachEvent,
    RosterImport,
    ScheduledReminder,
)


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


@admin.register(OutreachEvent)
class OutreachEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "expert_name", "symposium", "attempts")
    list_filter = ("kind", "symposium")
    search_fields = ("expert_name", "detail")
    readonly_fields = [f.name for f in OutreachEvent._meta.fields]


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ("email_hash", "source", "created_at")
    readonly_fields = ("email_hash", "created_at")


@admin.register(DiversityTarget)
class DiversityTargetAdmin(admin.ModelAdmin):
    list_display = ("symposium", "label", "op", "percent")
    list_filter = ("symposium",)


@admin.register(InvitationTemplate)
class InvitationTemplateAdmin(admin.ModelAdmin):
    list_display = ("symposium", "subject", "updated_at")


@admin.register(RosterImport)
class RosterImportAdmin(admin.ModelAdmin):
    list_display = ("source", "status", "created_at", "imported_at", "actor_label")
    exclude = ("data",)
    readonly_fields = ("sha256", "counts", "mapping")


@admin.register(ScheduledReminder)
class ScheduledReminderAdmin(admin.ModelAdmin):
    list_display = ("symposium", "days_before", "run_after", "task_id")
