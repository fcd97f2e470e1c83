"""The errors symposia raises for bad input or configuration.

Every error carries a message that says what went wrong, where (file, line,
field) and how to fix it. The CLI prints ``str(error)`` as one line and exits
with code 1; it never shows a traceback for a :class:`SymposiaError`.
"""

from __future__ import annotations


class SymposiaError(Exception):
    """Base class: a problem the user can fix, with a message that says how.

    Args:
        message: What went wrong and where.
        fix: How to fix it; appended to the message after " -- ".
    """

    def __init__(self, message: str, fix: str | None = None) -> None:
        self.message = message
        self.fix = fix
        super().__init__(f"{message} -- {fix}" if fix else message)


class ConfigError(SymposiaError):
    """A setting or environment variable is missing or malformed."""


class InputError(SymposiaError):
    """An input file, row or field is malformed."""


class ParseError(InputError):
    """A document cannot be parsed at all (empty, binary, undecodable)."""


class NotFoundError(SymposiaError):
    """A symposium, expert, take or file named by the user does not exist."""


class MissingExtraError(SymposiaError):
    """An optional dependency is not installed; the message names the pip install."""

    def __init__(self, package: str, extra: str, purpose: str) -> None:
        super().__init__(
            f"{purpose} needs the package '{package}', which is not installed",
            f"run: pip install 'symposia[{extra}]'",
        )


class ScoringError(InputError):
    """Forecasts or resolutions that cannot be scored (line-numbered)."""


class SynthesisError(SymposiaError):
    """The synthesis cannot run on the given takes."""


class VerbatimError(SymposiaError):
    """A quote is not a verbatim substring of its source: always a bug."""
