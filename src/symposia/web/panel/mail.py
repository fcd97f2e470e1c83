"""The invitation and reminder emails of a symposium: templates, values, messages.

Editors write the emails with ``{placeholders}`` (see :data:`PLACEHOLDERS`);
a symposium without its own :class:`InvitationTemplate` uses the defaults
below. Every email carries the expert's personal link and, in its footer and
``List-Unsubscribe`` header, an unsubscribe link that works forever.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.urls import reverse

from symposia.core.placeholders import check_template, fill
from symposia.errors import InputError
from symposia.web.editorial.links import respond_url
from symposia.web.panel.models import Expert, InvitationTemplate, email_hash
from symposia.web.publishing.models import Symposium

#: Every placeholder a template may use, and what it becomes.
PLACEHOLDERS: dict[str, str] = {
    "name": "the expert's name",
    "affiliation": "the expert's affiliation",
    "series": "the symposium's series name",
    "question": "the question asked of the panel",
    "deadline": "the deadline, e.g. '12 March 2027, 17:00 UTC'",
    "days_left": "whole days until the deadline (reminders)",
    "link": "the expert's personal link (required)",
    "decline": "a link to decline the invitation",
    "expires": "the date the personal link expires",
    "unsubscribe": "the link to stop all emails (added as a footer when the text lacks it)",
    "site": "the site's name",
}
REQUIRED = ("link",)

DEFAULT_SUBJECT = "{series}: {question}"
DEFAULT_BODY = """Dear {name},

{series} asks a panel of experts one question:

    {question}

We would be glad to publish your answer. Write it on your personal page:

    {link}

Answers are due {deadline}. The link is personal and works once: after you open
it, your browser stays signed in to your page. It expires on {expires}.

If you cannot take part, tell us here and we will not write again about this
question: {decline}

The editors of {site}
"""
DEFAULT_REMINDER_SUBJECT = "Reminder: {series} closes {deadline}"
DEFAULT_REMINDER_BODY = """Dear {name},

A reminder that answers to {series} are due {deadline} ({days_left} days from now):

    {question}

Your personal page, with a fresh link (any earlier link has stopped working):

    {link}

If you cannot take part: {decline}

The editors of {site}
"""
_FOOTER = "\n--\nTo receive no more emails from {site}: {unsubscribe}\n"
_UNSUBSCRIBE_SALT = "symposia.panel.unsubscribe"


@dataclass(frozen=True)
class Texts:
    """Subject and body templates of one kind of email."""

    subject: str
    body: str


def templates_for(symposium: Symposium) -> tuple[Texts, Texts]:
    """(invitation, reminder) templates of a symposium: its own, or the defaults."""
    t = InvitationTemplate.objects.filter(symposium=symposium).first()
    if t is None:
        return (
            Texts(DEFAULT_SUBJECT, DEFAULT_BODY),
            Texts(DEFAULT_REMINDER_SUBJECT, DEFAULT_REMINDER_BODY),
        )
    return Texts(t.subject, t.body), Texts(t.reminder_subject, t.reminder_body)


def validate_texts(texts: Texts, kind: str = "invitation") -> None:
    """Raise InputError when a template uses an unknown placeholder or lacks the link."""
    if "\n" in texts.subject or "\r" in texts.subject:
        raise InputError(f"the {kind} subject has a line break", "write the subject on one line")
    check_template(texts.subject, PLACEHOLDERS, (), where=f"{kind} subject")
    check_template(texts.body, PLACEHOLDERS, REQUIRED, where=f"{kind} text")


def save_templates(
    symposium: Symposium, invitation: Texts, reminder: Texts, actor_label: str = ""
) -> InvitationTemplate:
    """Validate and store a symposium's email templates."""
    validate_texts(invitation, "invitation")
    validate_texts(reminder, "reminder")
    obj, _ = InvitationTemplate.objects.update_or_create(
        symposium=symposium,
        defaults={
            "subject": invitation.subject,
            "body": invitation.body,
            "reminder_subject": reminder.subject,
            "reminder_body": reminder.body,
            "updated_by": actor_label,
        },
    )
    return obj


def unsubscribe_token(email: str) -> str:
    """A signed token naming a hash of ``email``; it never expires and reveals no address."""
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign(email_hash(email))


def unsubscribe_hash(token: str) -> str | None:
    """The email hash a token carries, or None when the signature is wrong."""
    try:
        value = signing.Signer(salt=_UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return value if len(value) == 64 and all(c in "0123456789abcdef" for c in value) else None


def unsubscribe_url(email: str) -> str:
    """The absolute unsubscribe link for an address."""
    return settings.SITE_URL + reverse("panel:unsubscribe", args=[unsubscribe_token(email)])


def decline_url(raw_token: str) -> str:
    """The absolute link to decline, carrying the same personal token as the invitation link."""
    return settings.SITE_URL + reverse("panel:decline", args=[raw_token])


def format_deadline(when: datetime | None) -> str:
    """The deadline as emails write it: "12 March 2027, 17:00 UTC"."""
    if when is None:
        return "when you can (there is no fixed deadline)"
    when = when.astimezone(UTC)
    return f"{when.day} {when:%B %Y, %H:%M} UTC"


def values_for(
    symposium: Symposium,
    expert: Expert,
    *,
    raw_token: str | None,
    expires_at: datetime | None,
    now: datetime | None = None,
) -> dict[str, str]:
    """The placeholder values for one expert; without a token the links are marked as examples."""
    link = respond_url(raw_token) if raw_token else respond_url("PERSONAL-LINK-MADE-WHEN-SENT")
    decline = decline_url(raw_token) if raw_token else decline_url("PERSONAL-LINK-MADE-WHEN-SENT")
    days_left = ""
    if symposium.closes_at and now is not None:
        days_left = str(max(0, (symposium.closes_at - now).days))
    return {
        "name": expert.name,
        "affiliation": expert.affiliation,
        "series": symposium.series,
        "question": symposium.question,
        "deadline": format_deadline(symposium.closes_at),
        "days_left": days_left or "a few",
        "link": link,
        "decline": decline,
        "expires": f"{expires_at.day} {expires_at:%B %Y}" if expires_at else "",
        "unsubscribe": unsubscribe_url(expert.email) if expert.email else "",
        "site": settings.SITE_NAME,
    }


def render(texts: Texts, values: dict[str, str]) -> tuple[str, str]:
    """(subject, body) filled in; the unsubscribe footer is added when the body lacks it."""
    subject = fill(texts.subject, values, "subject")
    body = fill(texts.body, values, "text")
    if "{unsubscribe}" not in texts.body:
        body = body.rstrip("\n") + "\n" + fill(_FOOTER, values)
    return subject, body


def message(subject: str, body: str, expert: Expert) -> EmailMessage:
    """The email to one expert, with one-click unsubscribe headers (RFC 8058)."""
    unsub = unsubscribe_url(expert.email)
    return EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [expert.email],
        headers={
            "List-Unsubscribe": f"<{unsub}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
