"""Hand emails to Django's mail backend, retrying transient failures with backoff.

SMTP failures come in three kinds, and each is handled differently:

* transient (a 4xx reply, a dropped or refused connection, a timeout): retried
  with exponential backoff, a few times;
* permanent for this message (a 5xx reply to the sender, a recipient or the
  data): not retried; the message is reported as not sent;
* fatal for the batch (the server refuses us at connect or login, or stays
  unreachable after every retry): the caller stops and leaves the rest unsent.

Nothing here touches the database: callers mark an invitation sent only when
:meth:`Mailer.send` reports that the backend accepted the message.
"""

from __future__ import annotations

import contextlib
import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

TRANSIENT, PERMANENT, FATAL = "transient", "permanent", "fatal"
#: Seconds before the first retry; each further retry waits twice as long.
BASE_DELAY = 1.0


@dataclass(frozen=True)
class Delivery:
    """The outcome of sending one message."""

    ok: bool
    attempts: int
    error: str = ""
    fatal: bool = False


def _reply(code: int, text: Any) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {str(text).strip()}".strip()


def classify(exc: BaseException) -> tuple[str, str, bool]:
    """(kind, readable reason, connection-level?) of a sending error."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return (
            FATAL,
            f"the mail server refused the login ({_reply(exc.smtp_code, exc.smtp_error)})",
            True,
        )
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = list(exc.recipients.values())
        code, text = replies[0] if replies else (550, b"recipient refused")
        kind = TRANSIENT if 400 <= code < 500 else PERMANENT
        return kind, f"the mail server refused the recipient ({_reply(code, text)})", False
    if isinstance(exc, smtplib.SMTPConnectError | smtplib.SMTPHeloError):
        code = exc.smtp_code
        kind = TRANSIENT if 400 <= code < 500 else FATAL
        return (
            kind,
            f"the mail server refused the connection ({_reply(code, exc.smtp_error)})",
            True,
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        code = exc.smtp_code
        kind = TRANSIENT if 400 <= code < 500 else PERMANENT
        return kind, f"the mail server refused the message ({_reply(code, exc.smtp_error)})", False
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return (
            TRANSIENT,
            f"the mail server closed the connection ({exc or 'no reason given'})",
            True,
        )
    if isinstance(exc, TimeoutError):
        return TRANSIENT, "the mail server did not answer in time", True
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc) or type(exc).__name__
        return TRANSIENT, f"cannot reach the mail server ({reason})", True
    return TRANSIENT, f"sending failed ({type(exc).__name__}: {exc})", True


class Mailer:
    """Sends messages over one backend connection, with retries and exponential backoff.

    Args:
        attempts: Tries per message (default: the SYMPOSIA_EMAIL_ATTEMPTS setting).
        sleep: Called with the seconds to wait between tries; tests pass a
            recorder so they run fast.
        base_delay: Seconds before the first retry.
    """

    def __init__(
        self,
        attempts: int | None = None,
        sleep: Callable[[float], None] | None = None,
        base_delay: float = BASE_DELAY,
    ) -> None:
        self.attempts = max(1, attempts or getattr(settings, "SYMPOSIA_EMAIL_ATTEMPTS", 3))
        self.sleep = sleep if sleep is not None else time.sleep
        self.base_delay = base_delay
        self._connection: Any = None

    def _open(self) -> Any:
        if self._connection is None:
            self._connection = get_connection(fail_silently=False)
            self._connection.open()
        return self._connection

    def _reset(self) -> None:
        if self._connection is not None:
            # Closing a broken connection may fail again; it is gone anyway.
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None

    def close(self) -> None:
        """Close the connection (call once the batch is done)."""
        self._reset()

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, message: EmailMessage) -> Delivery:
        """Send one message; retry transient failures; never raise for a mail error."""
        error, connection_level = "", False
        for attempt in range(1, self.attempts + 1):
            try:
                sent = self._open().send_messages([message])
            except (smtplib.SMTPException, OSError) as exc:
                kind, error, connection_level = classify(exc)
                self._reset()
                if kind != TRANSIENT:
                    return Delivery(False, attempt, error, fatal=kind == FATAL)
            else:
                if sent:
                    return Delivery(True, attempt)
                kind, error, connection_level = TRANSIENT, "the mail backend sent nothing", False
            if attempt < self.attempts:
                self.sleep(self.base_delay * 2 ** (attempt - 1))
        # Still failing after every retry: a connection problem will hit the next message too.
        return Delivery(False, self.attempts, error, fatal=connection_level)
