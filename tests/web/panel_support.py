"""Helpers of the panel tests: a tiny real SMTP server, roster experts, panel fixtures."""

from __future__ import annotations

import re
import socket
import socketserver
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.test import override_settings

from symposia.web.panel.models import Expert, Invitation


@dataclass
class SmtpLog:
    """What the fake server saw and accepted."""

    accepted: list[tuple[list[str], str]] = field(default_factory=list)
    rcpt_attempts: dict[str, int] = field(default_factory=dict)


class _Handler(socketserver.StreamRequestHandler):
    """Just enough SMTP: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.

    ``server.rules`` maps a recipient to a list of reply codes for its
    successive RCPT attempts (the last one repeats): 250 accepts, 4xx/5xx refuse.
    """

    timeout = 10

    def reply(self, line: str) -> None:
        self.wfile.write((line + "\r\n").encode())

    def handle(self) -> None:
        srv: Any = self.server
        if srv.greeting != 220:
            self.reply(f"{srv.greeting} go away")
            return
        self.reply("220 fake.example ESMTP")
        rcpts: list[str] = []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            verb = line[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 fake.example")
            elif verb == "MAIL":
                rcpts = []
                self.reply("250 OK")
            elif verb == "RCPT":
                addr = re.search(r"<([^>]*)>", line).group(1)  # type: ignore[union-attr]
                n = srv.log.rcpt_attempts.get(addr, 0)
                srv.log.rcpt_attempts[addr] = n + 1
                codes = srv.rules.get(addr, [250])
                code = codes[min(n, len(codes) - 1)]
                if code == 250:
                    rcpts.append(addr)
                    self.reply("250 OK")
                else:
                    self.reply(f"{code} {'try later' if code < 500 else 'no such user here'}")
            elif verb == "DATA":
                self.reply("354 go ahead")
                lines = []
                while True:
                    data = self.rfile.readline().decode("utf-8", "replace")
                    if data in (".\r\n", ".\n", ""):
                        break
                    lines.append(data)
                if srv.data_code != 250:
                    self.reply(f"{srv.data_code} message refused")
                else:
                    srv.log.accepted.append((list(rcpts), "".join(lines)))
                    self.reply("250 queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextmanager
def smtp_server(
    rules: dict[str, list[int]] | None = None, greeting: int = 220, data_code: int = 250
) -> Iterator[SmtpLog]:
    """A real SMTP server on a free local port; Django's smtp backend points at it."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.rules = rules or {}  # type: ignore[attr-defined]
    server.greeting = greeting  # type: ignore[attr-defined]
    server.data_code = data_code  # type: ignore[attr-defined]
    server.log = SmtpLog()  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    port = server.server_address[1]
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_TIMEOUT=5,
            EMAIL_USE_TLS=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        ):
            yield server.log  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sleeps(list):
    """Records the backoff delays instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def on_panel(
    make_expert: Callable[..., Expert], symposium: Any, state: str = "not_invited", **kw: Any
) -> Invitation:
    """An expert put on the panel in ``state``."""
    n = Invitation.objects.count() + Expert.objects.count() + 1
    kw.setdefault("email", f"panelist{n}@example.org")
    kw.setdefault("name", f"Panelist {n}")
    expert = make_expert(**kw)
    inv, _raw = Invitation.create_with_token(symposium=symposium, expert=expert)
    if state != "not_invited":
        Invitation.objects.filter(pk=inv.pk).update(state=state)
        inv.refresh_from_db()
    return inv


def link_of(message: Any, kind: str = "respond") -> str:
    """The path of the /respond/... or /panel/... link in an email."""
    pattern = {
        "respond": r"https?://[^/\s]+(/respond/[A-Za-z0-9_\-]+/)",
        "decline": r"https?://[^/\s]+(/panel/decline/[A-Za-z0-9_\-]+/)",
        "unsubscribe": r"https?://[^/\s]+(/panel/unsubscribe/[^/\s]+/)",
    }[kind]
    m = re.search(pattern, message.body)
    assert m, message.body
    return m.group(1)
