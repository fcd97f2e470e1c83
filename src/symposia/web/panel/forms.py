"""Forms of the roster, panel, invitation and diversity pages, and of the expert's decline page."""

from __future__ import annotations

from django import forms

from symposia.core.countries import REGIONS
from symposia.core.diversity import TARGET_FIELDS
from symposia.core.roster import FIELDS, NAME_PARTS, SECTORS
from symposia.web.panel.responses import MAX_REASON

#: Largest upload accepted by the web import (the CLI reads bigger files).
MAX_UPLOAD = 20 * 1024 * 1024
ENCODINGS = [
    ("", "Detect (UTF-8 or UTF-16)"),
    ("utf-8", "UTF-8"),
    ("cp1252", "Windows (cp1252)"),
    ("latin-1", "ISO-8859-1"),
    ("utf-16", "UTF-16"),
    ("euc-kr", "Korean (EUC-KR)"),
    ("shift_jis", "Japanese (Shift-JIS)"),
]
MAPPING_CHOICES = [("-", "— skip —")] + [(f, f) for f in (*FIELDS, *NAME_PARTS)]


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Roster file",
        help_text="CSV (comma, semicolon or tab) or Excel .xlsx, with a header row.",
    )
    encoding = forms.ChoiceField(choices=ENCODINGS, required=False, label="Encoding of a CSV")

    def clean_file(self) -> object:
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError(
                f"The file is {f.size // (1024 * 1024)} MB; the web import takes up to "
                f"{MAX_UPLOAD // (1024 * 1024)} MB. Use `symposia roster import` for bigger files."
            )
        return f


class RosterFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Name, affiliation or email")
    region = forms.ChoiceField(
        required=False, choices=[("", "Any region"), *((r, r) for r in REGIONS)]
    )
    sector = forms.ChoiceField(required=False, choices=[("", "Any sector"), *SECTORS.items()])
    country = forms.CharField(required=False, max_length=2, label="Country code")


class TemplateForm(forms.Form):
    subject = forms.CharField(max_length=300, label="Invitation subject")
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 16}), label="Invitation text")
    reminder_subject = forms.CharField(max_length=300, label="Reminder subject")
    reminder_body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}), label="Reminder text"
    )


class TargetForm(forms.Form):
    label = forms.CharField(max_length=120, help_text="What is counted, e.g. 'women'.")
    op = forms.ChoiceField(choices=[("at_least", "at least"), ("at_most", "at most")])
    percent = forms.IntegerField(min_value=0, max_value=100, label="Percent")
    field1 = forms.ChoiceField(choices=[(f, f) for f in TARGET_FIELDS], label="Field")
    values1 = forms.CharField(
        max_length=500, label="Values", help_text="Separated by commas, e.g. 'woman, female'."
    )
    field2 = forms.ChoiceField(
        choices=[("", "—")] + [(f, f) for f in TARGET_FIELDS], required=False, label="And field"
    )
    values2 = forms.CharField(max_length=500, required=False, label="And values")


class DeclineForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Reason (optional)",
        help_text="Only the editors see it.",
    )


class BounceForm(forms.Form):
    detail = forms.CharField(required=False, max_length=MAX_REASON, label="Bounce message")
