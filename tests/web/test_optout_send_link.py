"""The editor's "send link" never emails an address that unsubscribed."""

from __future__ import annotations

import pytest
from django.core import mail

from symposia.errors import InputError
from symposia.web.editorial import links
from symposia.web.panel.models import Invitation, OptOut, email_hash

pytestmark = pytest.mark.django_db


def test_send_link_refuses_an_opted_out_address(make_symposium, make_expert, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    s = make_symposium()
    keen, gone = make_expert(email="keen@example.org"), make_expert(email="Gone@Example.org")
    OptOut.objects.create(email_hash=email_hash("gone@example.org"))
    for expert in (keen, gone):
        Invitation.create_with_token(symposium=s, expert=expert)
    links.send_link(Invitation.objects.get(expert=keen))
    with pytest.raises(InputError, match="has unsubscribed"):
        links.send_link(Invitation.objects.get(expert=gone))
    assert [m.to for m in mail.outbox] == [["keen@example.org"]]
