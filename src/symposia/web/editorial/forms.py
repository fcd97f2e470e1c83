"""Forms of the editors' and experts' pages; they validate shape, services validate meaning."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone

from symposia.core.editorial import build_editor_note, build_headline
from symposia.errors import InputError
from symposia.web.editorial.models import SymposiumRole
from symposia.web.editorial.services import MAX_BODY_CHARS
from symposia.web.panel.models import Expert
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import Take

_DT_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local", "step": "1"})
_DT_FORMATS = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
# Oversized bodies are refused by the service with a 413 and the text kept; the
# form allows a margin so that check, not a generic form error, answers.
_BODY_FIELD_MAX = MAX_BODY_CHARS * 10


class SymposiumForm(forms.ModelForm):
    closes_at = forms.DateTimeField(
        required=False,
        widget=_DT_WIDGET,
        input_formats=_DT_FORMATS,
        label="Deadline for answers (UTC)",
    )

    class Meta:
        model = Symposium
        fields = [
            "slug",
            "series",
            "question",
            "question_phrase",
            "intro",
            "headline_template",
            "editor_note_template",
            "image_credit",
            "photo_caption",
            "anonymity",
            "closes_at",
        ]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "editor_note_template": forms.Textarea(attrs={"rows": 2}),
            "photo_caption": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_headline_template(self) -> str:
        value = self.cleaned_data["headline_template"]
        try:
            build_headline(value, series="S", name="N", question_phrase="Q")
        except InputError as exc:
            raise forms.ValidationError(str(exc)) from None
        return value

    def clean_editor_note_template(self) -> str:
        value = self.cleaned_data["editor_note_template"]
        try:
            build_editor_note(value, count=1)
        except InputError as exc:
            raise forms.ValidationError(str(exc)) from None
        return value

    def clean_closes_at(self) -> datetime | None:
        value = self.cleaned_data.get("closes_at")
        if value and value <= timezone.now() and not self.instance.pk:
            raise forms.ValidationError(
                "The deadline is in the past. Choose a date and time in the future."
            )
        return value


class ExpertForm(forms.ModelForm):
    email = forms.EmailField(help_text="The personal link is sent here.")

    class Meta:
        model = Expert
        fields = [
            "name",
            "email",
            "honorific",
            "title",
            "affiliation",
            "country",
            "region",
            "sector",
            "handle",
        ]


class ExpertTakeForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 22}),
        max_length=_BODY_FIELD_MAX,
        strip=False,
        label="Your take",
        help_text=f"Up to {MAX_BODY_CHARS:,} characters. Leave a blank line between paragraphs.",
    )
    body_format = forms.ChoiceField(
        choices=Take.BodyFormat.choices,
        initial=Take.BodyFormat.PLAIN,
        label="Written as",
        widget=forms.RadioSelect,
    )


class EditTakeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    headline = forms.CharField(max_length=500, required=False)
    pull_quote = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="One or two sentences copied word for word from the take.",
    )
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 24}), max_length=_BODY_FIELD_MAX, strip=False
    )
    body_format = forms.ChoiceField(choices=Take.BodyFormat.choices)
    bio_line = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    photo_caption = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    image_credit = forms.CharField(max_length=200, required=False)
    override_reason = forms.CharField(
        required=False,
        label="Reason (only when changing the text of a public take)",
        widget=forms.TextInput,
    )


class SignoffForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)


class OverrideForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class PublishAtForm(forms.Form):
    publish_at = forms.DateTimeField(
        widget=_DT_WIDGET, input_formats=_DT_FORMATS, label="Release at (UTC)"
    )


def _parse_times(text: str) -> list[time]:
    out = []
    for part in [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]:
        try:
            out.append(time.fromisoformat(part))
        except ValueError:
            raise forms.ValidationError(
                f"“{part}” is not a time of day. Write times like 09:00, 13:30."
            ) from None
    return out


class ScheduleForm(forms.Form):
    start = forms.DateTimeField(
        widget=_DT_WIDGET, input_formats=_DT_FORMATS, label="First release (UTC)"
    )
    per_day = forms.IntegerField(min_value=1, max_value=100, initial=8, label="Takes a day")
    spacing_minutes = forms.IntegerField(
        min_value=1, max_value=24 * 60, initial=60, label="Minutes between releases"
    )
    times = forms.CharField(
        required=False,
        label="Or fixed times of day",
        help_text="Optional, e.g. 09:00, 12:00, 15:00 (one per take a day).",
    )

    def clean_times(self) -> list[time] | None:
        text = self.cleaned_data.get("times", "")
        return _parse_times(text) or None


class AddRoleForm(forms.Form):
    username = forms.CharField(max_length=150)
    role = forms.ChoiceField(choices=SymposiumRole.Role.choices)


class NewLinkForm(forms.Form):
    email = forms.EmailField(label="Your email address")


class DiffForm(forms.Form):
    a = forms.IntegerField(min_value=1, label="From revision")
    b = forms.IntegerField(min_value=1, label="To revision")


def first_error(form: forms.BaseForm) -> str:
    """The first error of a form, for a one-line message at the top of the page."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else None
        name = label or field.replace("_", " ")
        prefix = "" if field == "__all__" else f"{str(name).capitalize()}: "
        return f"{prefix}{errors[0]}"
    return ""


def data_of(form: forms.BaseForm) -> dict[str, Any]:
    """What the user typed, cleaned or not, so a refused form loses nothing."""
    return {name: form.data.get(name, "") for name in form.fields}
