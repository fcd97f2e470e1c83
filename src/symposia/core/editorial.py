"""Editorial conventions of a published take: headline, bio line, editor's note.

Pure functions, so the web platform, the static export and the CLI build these
strings the same way.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from symposia.core.text import normalize_ws
from symposia.errors import InputError

DEFAULT_HEADLINE_TEMPLATE = "{series} – We Asked {name} {question_phrase}"
_PLACEHOLDER = re.compile(r"{(\w+)}")
HEADLINE_FIELDS = frozenset({"series", "name", "question_phrase"})


def build_headline(template: str, *, series: str, name: str, question_phrase: str) -> str:
    """Fill a headline template such as ``"{series} – We Asked {name} {question_phrase}"``.

    Raises:
        InputError: the template names a placeholder other than series, name, question_phrase.
    """
    unknown = set(_PLACEHOLDER.findall(template)) - HEADLINE_FIELDS
    if unknown:
        raise InputError(
            f"headline template uses unknown placeholder {{{sorted(unknown)[0]}}}",
            "use only {series}, {name} and {question_phrase}",
        )
    values = {"series": series, "name": name, "question_phrase": question_phrase}
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template).strip()


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def build_bio_line(
    *, name: str, honorific: str = "", title: str = "", affiliation: str = "", handle: str = ""
) -> str:
    """The bio line of the published format: ``"Name, Ph.D., is a Title at Org. @handle"``."""
    who = f"{name}, {honorific}," if honorific else name
    if title and affiliation:
        role = f"{_article(title)} {title} at {affiliation}"
    elif title:
        role = f"{_article(title)} {title}"
    elif affiliation:
        role = f"with {affiliation}"
    else:
        return (f"{who.rstrip(',')}. {handle}").strip()
    line = f"{who} is {role}"
    if not line.endswith("."):
        line += "."
    return f"{line} {handle}".strip() if handle else line


@dataclass(frozen=True)
class EditorNote:
    """An editor's note split around the link to the hub, so templates can render the link."""

    before: str
    link_text: str
    after: str

    @property
    def text(self) -> str:
        """The note as plain text."""
        return f"{self.before}{self.link_text}{self.after}"


def build_editor_note(template: str, *, count: int) -> EditorNote:
    """Fill an editor's note template: ``{count}`` is the number of published takes and
    the text in ``[square brackets]`` becomes the link to the hub.

    Raises:
        InputError: the template has no ``[link text]`` or an unknown placeholder.
    """
    unknown = set(_PLACEHOLDER.findall(template)) - {"count"}
    if unknown:
        raise InputError(
            f"editor's note template uses unknown placeholder {{{sorted(unknown)[0]}}}",
            "use only {count}",
        )
    filled = template.replace("{count}", str(count))
    m = re.search(r"\[([^\]]+)\]", filled)
    if not m:
        return EditorNote(filled, "", "")
    return EditorNote(filled[: m.start()], m.group(1), filled[m.end() :])


def content_hash(body: str) -> str:
    """sha256 of the whitespace-normalised body: the identity of a take's text."""
    return hashlib.sha256(normalize_ws(body).encode("utf-8")).hexdigest()


def paragraphs(body: str) -> list[str]:
    """Body text split into paragraphs on blank lines, single newlines joined."""
    out = []
    for block in re.split(r"\n\s*\n", body.strip()):
        text = " ".join(line.strip() for line in block.splitlines() if line.strip())
        if text:
            out.append(text)
    return out


def unique_slug(text: str, taken: set[str], fallback: str = "item", max_len: int = 100) -> str:
    """A slug of ``text`` not in ``taken`` ("name", "name-2", ...); it is added to ``taken``."""
    base = slugify(text)[:max_len] or fallback
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def slugify(text: str) -> str:
    """A URL slug of ASCII letters, digits and hyphens."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
