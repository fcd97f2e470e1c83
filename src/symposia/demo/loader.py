"""Read and validate the demo data directory (pure Python, no Django).

Every problem is reported as an :class:`~symposia.errors.InputError` that
names the file, the line where it can be found and how to fix it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from symposia.core.text import Span
from symposia.demo.models import (
    CLAIM_TYPES,
    GENDERS,
    OUTLOOKS,
    REGIONS,
    SECTORS,
    DemoClaim,
    DemoData,
    DemoExpert,
    DemoSymposium,
    DemoTake,
)
from symposia.errors import InputError

DATA_DIR = Path(__file__).resolve().parent / "data"

TAKE_HEADERS = ("Pull-Quote", "Caption", "Image-Credit", "Bio")
_REQUIRED_HEADERS = ("Pull-Quote", "Image-Credit", "Bio")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_EXPERT_STR_FIELDS = ("slug", "name", "honorific", "title", "affiliation", "email", "bio")
_SYMPOSIUM_STR_FIELDS = (
    "slug",
    "series",
    "question",
    "question_phrase",
    "intro",
    "editor_note_template",
    "image_credit",
    "caption",
)


def load_demo_data(path: Path | None = None) -> DemoData:
    """Load the demo symposium, its experts, takes, key and labelled claims.

    Args:
        path: The data directory; defaults to the one shipped with the package.

    Returns:
        The validated demo data.

    Raises:
        InputError: A file is missing or malformed; the message names the file
            and line and says how to fix it.
    """
    root = Path(path) if path is not None else DATA_DIR
    symposium = _load_symposium(root / "symposium.json")
    experts = _load_experts(root / "experts.json")
    takes = _load_takes(root / "takes", [e.slug for e in experts])
    key = _load_key(root / "key.json", takes)
    claims = _load_claims(root / "claims.jsonl", takes)
    return DemoData(symposium, tuple(experts), takes, key, tuple(claims))


def parse_take(text: str, expert: str, source: str = "take") -> DemoTake:
    """Parse one take file: header lines, one blank line, then the body.

    Args:
        text: The file contents.
        expert: The expert slug the take belongs to.
        source: How to name the file in error messages.

    Raises:
        InputError: Unknown, repeated or missing headers, a missing body, or a
            pull quote that is not a verbatim substring of the body.
    """
    lines = text.split("\n")
    headers: dict[str, tuple[str, int]] = {}
    n = 0
    while n < len(lines) and lines[n].strip():
        lineno = n + 1
        name, sep, value = lines[n].partition(":")
        if not sep:
            raise InputError(
                f"{source} line {lineno}: expected 'Header: value', got {lines[n][:40]!r}",
                "put one blank line between the header lines and the body",
            )
        name = name.strip()
        if name not in TAKE_HEADERS:
            raise InputError(
                f"{source} line {lineno}: unknown header {name!r}",
                "use " + ", ".join(TAKE_HEADERS[:-1]) + " or " + TAKE_HEADERS[-1],
            )
        if name in headers:
            raise InputError(
                f"{source} line {lineno}: header {name!r} repeats line {headers[name][1]}",
                "give each header once",
            )
        if not value.strip():
            raise InputError(
                f"{source} line {lineno}: header {name!r} is empty",
                "write a value after the colon or drop the optional Caption line",
            )
        headers[name] = (value.strip(), lineno)
        n += 1
    for name in _REQUIRED_HEADERS:
        if name not in headers:
            raise InputError(
                f"{source} line {n + 1}: missing header {name!r}",
                f"add a line '{name}: ...' before the blank line that starts the body",
            )
    body_start = n + 1
    body_lines = lines[body_start:]
    while body_lines and not body_lines[-1].strip():
        body_lines.pop()
    if not body_lines:
        raise InputError(
            f"{source} line {body_start + 1}: the take has no body",
            "add the body paragraphs after one blank line",
        )
    for i, line in enumerate(body_lines):
        if i == 0 and not line.strip():
            raise InputError(
                f"{source} line {body_start + 1}: more than one blank line after the headers",
                "separate the headers from the body with exactly one blank line",
            )
        if i > 0 and not line.strip() and not body_lines[i - 1].strip():
            raise InputError(
                f"{source} line {body_start + i + 1}: two blank lines in a row",
                "separate paragraphs with exactly one blank line",
            )
    body = "\n".join(body_lines)
    pull_quote, pq_line = headers["Pull-Quote"]
    if pull_quote not in body:
        raise InputError(
            f"{source} line {pq_line}: the pull quote is not verbatim in the body",
            "copy the pull quote character for character from the body",
        )
    caption = headers.get("Caption")
    return DemoTake(
        expert=expert,
        pull_quote=pull_quote,
        caption=caption[0] if caption else None,
        image_credit=headers["Image-Credit"][0],
        bio=headers["Bio"][0],
        body=body,
    )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            f"{path.name}: file not found in {path.parent}",
            "point load_demo_data at a complete demo data directory",
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{path.name}: not UTF-8 ({exc.reason})", "save it as UTF-8") from None


def _read_json(path: Path, name: str) -> Any:
    raw = _read(path)
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name} line {exc.lineno}: invalid JSON ({exc.msg})", "fix the JSON syntax"
        ) from None


def _line_of(raw: str, needle: str, after: int = 0) -> int:
    """The line on which ``needle`` first occurs in ``raw`` at or after ``after``."""
    at = raw.find(needle, after)
    return raw.count("\n", 0, at) + 1 if at >= 0 else 1


def _quoted(value: str) -> str:
    return '"' + value + '"'


def _json_needle(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)[1:-1]


def _datetime(value: Any, where: str) -> datetime:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
    raise InputError(f"{where} is {value!r}", "use an ISO 8601 time such as 2026-09-01T09:00:00Z")


def _load_symposium(path: Path) -> DemoSymposium:
    name = "symposium.json"
    data = _read_json(path, name)
    raw = _read(path)
    if not isinstance(data, dict):
        raise InputError(f"{name} line 1: expected a JSON object", "wrap the fields in { }")

    def where(key: str) -> str:
        line = _line_of(raw, _quoted(key))
        return f"{name} line {line}: field {key!r}"

    for key in _SYMPOSIUM_STR_FIELDS:
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise InputError(f"{where(key)} is missing or empty", "give it a non-empty string")
    template = data["editor_note_template"]
    if "{count}" not in template or not re.search(r"\[[^\]]+\]", template):
        raise InputError(
            f"{where('editor_note_template')} needs '{{count}}' and a [link text]",
            "write e.g. 'Check out all {count} expert takes [here].'",
        )
    per_day = data.get("takes_per_day")
    if not isinstance(per_day, int) or isinstance(per_day, bool) or per_day < 1:
        raise InputError(f"{where('takes_per_day')} is {per_day!r}", "use a positive integer")
    opens = _datetime(data.get("opens_at"), where("opens_at"))
    closes = _datetime(data.get("closes_at"), where("closes_at"))
    start = _datetime(data.get("publish_start"), where("publish_start"))
    if not opens < closes <= start:
        raise InputError(
            f"{where('closes_at')}: the dates are out of order",
            "make opens_at < closes_at <= publish_start",
        )
    return DemoSymposium(
        slug=data["slug"],
        series=data["series"],
        question=data["question"],
        question_phrase=data["question_phrase"],
        intro=data["intro"],
        editor_note_template=template,
        opens_at=opens,
        closes_at=closes,
        publish_start=start,
        takes_per_day=per_day,
        image_credit=data["image_credit"],
        caption=data["caption"],
    )


def _load_experts(path: Path) -> list[DemoExpert]:
    name = "experts.json"
    data = _read_json(path, name)
    raw = _read(path)
    if not isinstance(data, list):
        raise InputError(f"{name} line 1: expected a JSON list of experts", "wrap them in [ ]")
    experts: list[DemoExpert] = []
    seen: set[str] = set()
    for i, row in enumerate(data):
        label = f"expert #{i + 1}"
        if isinstance(row, dict) and isinstance(row.get("slug"), str):
            label = f"expert {row['slug']!r}"
        line = (
            _line_of(raw, '"slug": ' + _quoted(str(row.get("slug"))))
            if isinstance(row, dict)
            else 1
        )
        where = f"{name} line {line} ({label})"
        if not isinstance(row, dict):
            raise InputError(f"{where}: expected a JSON object", "write each expert as { ... }")
        for key in _EXPERT_STR_FIELDS:
            if not isinstance(row.get(key), str) or (key != "honorific" and not row[key].strip()):
                raise InputError(f"{where}: field {key!r} is missing or empty", "give it a string")
        slug = row["slug"]
        if not _SLUG.match(slug):
            raise InputError(
                f"{where}: slug {slug!r} is not lower-case words joined by hyphens",
                "use e.g. 'mina-cho'",
            )
        if slug in seen:
            raise InputError(f"{where}: slug {slug!r} is used twice", "make every slug unique")
        seen.add(slug)
        _check_choice(row, "country", where)
        for key, allowed in (("region", REGIONS), ("sector", SECTORS), ("gender", GENDERS)):
            if row.get(key) not in allowed:
                raise InputError(
                    f"{where}: field {key!r} is {row.get(key)!r}",
                    "use one of: " + ", ".join("null" if a is None else a for a in allowed),
                )
        if not isinstance(row.get("show_gender"), bool):
            raise InputError(f"{where}: field 'show_gender' must be true or false", "fix it")
        expertise = row.get("expertise")
        if not isinstance(expertise, list) or not all(isinstance(x, str) for x in expertise):
            raise InputError(f"{where}: field 'expertise' must be a list of strings", "fix it")
        handle = row.get("handle")
        if handle is not None and not (isinstance(handle, str) and handle.startswith("@")):
            raise InputError(f"{where}: handle {handle!r} must start with '@' or be null", "fix it")
        if "@" not in row["email"]:
            raise InputError(f"{where}: email {row['email']!r} has no '@'", "fix the address")
        experts.append(
            DemoExpert(
                slug=slug,
                name=row["name"],
                honorific=row["honorific"],
                title=row["title"],
                affiliation=row["affiliation"],
                email=row["email"],
                country=row["country"],
                region=row["region"],
                sector=row["sector"],
                gender=row["gender"],
                show_gender=row["show_gender"],
                expertise=tuple(expertise),
                handle=handle,
                bio=row["bio"],
            )
        )
    return experts


def _check_choice(row: dict[str, Any], key: str, where: str) -> None:
    value = row.get(key)
    if not isinstance(value, str) or not _COUNTRY.match(value):
        raise InputError(
            f"{where}: field {key!r} is {value!r}",
            "use a two-letter upper-case ISO 3166-1 code such as 'KR'",
        )


def _load_takes(folder: Path, slugs: list[str]) -> dict[str, DemoTake]:
    if not folder.is_dir():
        raise InputError(
            f"takes/: folder not found in {folder.parent}", "add one takes/<slug>.txt per expert"
        )
    files = {p.stem: p for p in folder.glob("*.txt")}
    for stem in sorted(set(files) - set(slugs)):
        raise InputError(
            f"takes/{stem}.txt: no expert with slug {stem!r} in experts.json",
            "rename the file to an expert's slug or add the expert",
        )
    takes: dict[str, DemoTake] = {}
    for slug in slugs:
        if slug not in files:
            raise InputError(
                f"takes/{slug}.txt: missing", "every expert in experts.json needs one take file"
            )
        source = f"takes/{slug}.txt"
        try:
            text = files[slug].read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{source}: not UTF-8 ({exc.reason})", "save it as UTF-8") from None
        takes[slug] = parse_take(text, slug, source)
    return takes


def _key_texts(key: dict[str, Any]) -> Iterator[tuple[str, str, Any, Any]]:
    """Every (where, section, expert, text) in the key that must be verbatim."""
    for slug, text in (key.get("outlook_sentence") or {}).items():
        yield f"outlook_sentence[{slug!r}]", "outlook_sentence", slug, text
    for section in ("predictions", "recommendations", "best_case", "worst_case"):
        for i, item in enumerate(key.get(section) or []):
            yield f"{section}[{i}].text", section, item.get("expert"), item.get("text")
    groups = [("themes", t) for t in key.get("themes") or []]
    groups += [("minority", m) for m in key.get("minority") or []]
    for c in key.get("contested") or []:
        groups += [("contested", side) for side in c.get("sides") or []]
    for section, group in groups:
        for slug, texts in (group.get("evidence") or {}).items():
            for text in texts:
                yield f"{section} evidence of {slug!r}", section, slug, text


def _key_slugs(key: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    for t in key.get("themes") or []:
        for s in t.get("experts") or []:
            yield f"themes[{t.get('id')!r}].experts", s
    for m in key.get("minority") or []:
        for s in m.get("experts") or []:
            yield f"minority[{m.get('id')!r}].experts", s
    for c in key.get("contested") or []:
        for side in c.get("sides") or []:
            for s in side.get("experts") or []:
                yield f"contested[{c.get('id')!r}].sides.experts", s


def _load_key(path: Path, takes: dict[str, DemoTake]) -> dict[str, Any]:
    name = "key.json"
    key = _read_json(path, name)
    raw = _read(path)
    if not isinstance(key, dict):
        raise InputError(f"{name} line 1: expected a JSON object", "wrap the key in { }")
    for section in ("themes", "majority", "outlook"):
        if section not in key:
            raise InputError(f"{name}: no {section!r} section", f"add {section!r}")
    for where, slug in _key_slugs(key):
        if slug not in takes:
            line = _line_of(raw, _quoted(str(slug)))
            raise InputError(
                f"{name} line {line}: {where} names unknown expert {slug!r}",
                "use a slug from experts.json",
            )
    theme_ids = [t.get("id") for t in key["themes"]]
    if key["majority"] not in theme_ids:
        raise InputError(
            f"{name} line {_line_of(raw, _quoted('majority'))}: majority {key['majority']!r} "
            "is not a theme id",
            "use one of: " + ", ".join(map(str, theme_ids)),
        )
    for slug in takes:
        if key["outlook"].get(slug) not in OUTLOOKS:
            raise InputError(
                f"{name} line {_line_of(raw, _quoted('outlook'))}: expert {slug!r} has outlook "
                f"{key['outlook'].get(slug)!r}",
                "give every expert one of: " + ", ".join(OUTLOOKS),
            )
    for where, section, slug, text in _key_texts(key):
        after = max(raw.find(_quoted(section)), 0)
        line = _line_of(raw, _json_needle(text), after) if isinstance(text, str) else 1
        if slug not in takes:
            raise InputError(
                f"{name} line {line}: {where} names unknown expert {slug!r}",
                "use a slug from experts.json",
            )
        if not isinstance(text, str) or text not in takes[slug].body:
            raise InputError(
                f"{name} line {line}: {where} is not a verbatim part of takes/{slug}.txt",
                "copy the sentence character for character from the take body",
            )
    return key


def _load_claims(path: Path, takes: dict[str, DemoTake]) -> list[DemoClaim]:
    name = "claims.jsonl"
    claims: list[DemoClaim] = []
    for lineno, line in enumerate(_read(path).split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{name} line {lineno}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{where}: invalid JSON ({exc.msg})", "write one object a line"
            ) from None
        if not isinstance(row, dict):
            raise InputError(f"{where}: expected a JSON object", "write one object a line")
        slug, text, kind = row.get("expert"), row.get("text"), row.get("type")
        if slug not in takes:
            raise InputError(f"{where}: unknown expert {slug!r}", "use a slug from experts.json")
        if kind not in CLAIM_TYPES:
            raise InputError(
                f"{where}: unknown type {kind!r}", "use one of: " + ", ".join(CLAIM_TYPES)
            )
        body = takes[slug].body
        if not isinstance(text, str) or not text:
            raise InputError(f"{where}: field 'text' is missing or empty", "give the sentence")
        start = body.find(text)
        if start < 0:
            raise InputError(
                f"{where}: text is not a verbatim sentence of takes/{slug}.txt",
                "copy the sentence character for character from the take body",
            )
        claims.append(DemoClaim(slug, text, kind, Span(start, start + len(text)), lineno))
    return claims
