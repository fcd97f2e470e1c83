"""Every environment variable symposia reads, in one place.

The settings module and the docs both use this table; a test checks that each
entry is documented in ``docs/settings.md``.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from symposia.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, default and meaning."""

    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "SYMPOSIA_DATA_DIR",
        "./var",
        "Directory for the SQLite database, secret key, media, exports.",
    ),
    Setting(
        "DATABASE_URL",
        "",
        "Database URL; empty means SQLite at $SYMPOSIA_DATA_DIR/symposia.sqlite3. "
        "PostgreSQL: postgres://user:pass@host:5432/name.",
    ),
    Setting(
        "SYMPOSIA_SECRET_KEY",
        "",
        "Django secret key; when empty one is generated once and kept in "
        "$SYMPOSIA_DATA_DIR/secret_key (mode 0600).",
    ),
    Setting("SYMPOSIA_DEBUG", "0", "Set to 1 for Django's debug mode (never in production)."),
    Setting(
        "SYMPOSIA_ALLOWED_HOSTS",
        "127.0.0.1,localhost,testserver",
        "Comma-separated host names the site answers to.",
    ),
    Setting(
        "SYMPOSIA_SITE_URL",
        "http://127.0.0.1:8000",
        "Public base URL used in feeds, canonical links and emails.",
    ),
    Setting("SYMPOSIA_SITE_NAME", "symposia", "Name of the site shown in the header and feeds."),
    Setting(
        "SYMPOSIA_EMAIL_BACKEND",
        "console",
        "console, file, smtp or locmem (Django email backends).",
    ),
    Setting("SYMPOSIA_EMAIL_HOST", "localhost", "SMTP host when SYMPOSIA_EMAIL_BACKEND=smtp."),
    Setting("SYMPOSIA_EMAIL_PORT", "25", "SMTP port."),
    Setting(
        "SYMPOSIA_EMAIL_FROM", "symposia@localhost", "From address of invitations and reminders."
    ),
    Setting("SYMPOSIA_EMAIL_USER", "", "SMTP user name; empty means no login."),
    Setting("SYMPOSIA_EMAIL_PASSWORD", "", "SMTP password."),
    Setting("SYMPOSIA_EMAIL_USE_TLS", "0", "1 to use STARTTLS with the SMTP server."),
    Setting("SYMPOSIA_EMAIL_TIMEOUT", "20", "Seconds to wait for the SMTP server."),
    Setting(
        "SYMPOSIA_EMAIL_ATTEMPTS",
        "3",
        "Attempts per email when the mail server fails transiently (exponential backoff).",
    ),
    Setting(
        "SYMPOSIA_REMINDER_DAYS",
        "7,2",
        "Days before a symposium's deadline when reminders go out, comma-separated.",
    ),
    Setting(
        "SYMPOSIA_CACHE_DIR", "", "Embedding cache directory; empty means $SYMPOSIA_DATA_DIR/cache."
    ),
    Setting(
        "SYMPOSIA_MIN_RESOLVED",
        "5",
        "Resolved questions an expert needs before the leaderboard shows a rank.",
    ),
    Setting(
        "SYMPOSIA_EMBEDDER",
        "minilm",
        "Embedder of web synthesis runs: minilm (the ONNX model) or hashing.",
    ),
    Setting(
        "SYMPOSIA_LLM_BASE_URL",
        "",
        "OpenAI-compatible API base URL; empty keeps the LLM backend off.",
    ),
    Setting("SYMPOSIA_LLM_MODEL", "", "Model name sent to the LLM backend."),
    Setting("SYMPOSIA_LLM_API_KEY", "", "API key sent to the LLM backend."),
    Setting(
        "SYMPOSIA_TOKENIZER",
        "",
        "Path of the MiniLM tokenizer.json; empty means the copy installed by `make`.",
    ),
)


def env(name: str) -> str:
    """The value of a documented setting, or its default."""
    for s in SETTINGS:
        if s.name == name:
            return os.environ.get(name, s.default)
    raise KeyError(f"undocumented setting {name}: add it to symposia.web.conf.SETTINGS")


def env_bool(name: str) -> bool:
    """A boolean setting: 1/true/yes/on are true."""
    value = env(name).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("", "0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name}={value!r} is not a boolean", "use 1 or 0")


def env_int(name: str, minimum: int = 0) -> int:
    """A whole-number setting, at least ``minimum``."""
    value = env(name).strip()
    try:
        number = int(value)
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise ConfigError(f"{name}={value!r} is not a whole number >= {minimum}", "e.g. 3")
    return number


def env_days(name: str) -> tuple[int, ...]:
    """A comma-separated list of whole days (each 1-365), largest first, without repeats."""
    value = env(name).strip()
    days: set[int] = set()
    for part in (p.strip() for p in value.split(",") if p.strip()):
        if not part.isdigit() or not 1 <= int(part) <= 365:
            raise ConfigError(
                f"{name}={value!r} has {part!r}, which is not a number of days from 1 to 365",
                "write e.g. 7,2 (or leave it empty for no reminders)",
            )
        days.add(int(part))
    return tuple(sorted(days, reverse=True))


def data_dir() -> Path:
    """The data directory, created when missing."""
    path = Path(env("SYMPOSIA_DATA_DIR")).expanduser().resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(
            f"SYMPOSIA_DATA_DIR={path} cannot be created ({exc.strerror})",
            "point SYMPOSIA_DATA_DIR at a writable directory",
        ) from None
    return path


def secret_key() -> str:
    """The secret key from the environment, or one generated once and kept on disk."""
    key = env("SYMPOSIA_SECRET_KEY")
    if key:
        return key
    path = data_dir() / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(50)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(key)
    tmp.chmod(0o600)
    tmp.replace(path)
    return key


def database_config() -> dict[str, object]:
    """Django's DATABASES['default'] from DATABASE_URL, or SQLite in the data dir."""
    url = env("DATABASE_URL").strip()
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(data_dir() / "symposia.sqlite3"),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    import dj_database_url

    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in ("postgres", "postgresql", "pgsql", "sqlite", "postgis"):
        raise ConfigError(
            f"DATABASE_URL has an unsupported or missing scheme {scheme!r}",
            "use postgres://user:password@host:5432/dbname or sqlite:////abs/path.sqlite3",
        )
    try:
        cfg = dict(dj_database_url.parse(url, conn_max_age=60))
    except Exception as exc:  # dj_database_url raises several types
        raise ConfigError(
            f"DATABASE_URL is malformed ({exc})",
            "use postgres://user:password@host:5432/dbname",
        ) from None
    if str(cfg.get("ENGINE", "")).endswith("postgresql") and not cfg.get("NAME"):
        raise ConfigError("DATABASE_URL names no database", "end the URL with /dbname")
    return cfg
