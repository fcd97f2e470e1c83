from django.contrib import admin

from symposia.web.synthesis.models import SynthesisRun


@admin.register(SynthesisRun)
class SynthesisRunAdmin(admin.ModelAdmin):
    list_display = ("symposium", "status", "progress", "created_at", "finished_at")
    list_filter = ("status",)
    readonly_fields = ("input_hash", "record", "created_at", "started_at", "finished_at")
