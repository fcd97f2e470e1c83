"""A roster of experts from a CSV or XLSX file: column mapping, validation, export.

The steps of an import, each usable on its own:

1. :func:`~symposia.core.roster_read.read_table` reads the file into a header
   and line-numbered rows;
2. :func:`auto_mapping` guesses which column holds which field from header
   synonyms ("Full name", "Organisation", "E-mail", ...), and
   :func:`apply_overrides` lets the editor correct it;
3. :func:`validate` turns every row into an :class:`ExpertRecord` or into
   :class:`RowError` s that name the line and field;
4. :func:`symposia.core.roster_match.plan_import` matches the records against
   the existing roster and decides, row by row, what would change.

Nothing here touches a database: the web layer applies the plan.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from symposia.core import countries
from symposia.core.roster_read import Row, Table
from symposia.errors import InputError

#: Fields of an expert a roster column can fill, in export order.
FIELDS: tuple[str, ...] = (
    "name",
    "email",
    "honorific",
    "title",
    "affiliation",
    "city",
    "country",
    "region",
    "sector",
    "gender",
    "show_gender",
    "public_profile",
    "expertise",
    "languages",
    "bio",
    "handle",
)
#: Columns that are combined into ``name`` when there is no full-name column.
NAME_PARTS = ("first_name", "last_name")
#: Target of a column the import should skip.
IGNORE = "-"

SECTORS: dict[str, str] = {
    "think_tank": "Think tank",
    "university": "University",
    "former_government": "Former government",
    "journalism": "Journalism",
    "business": "Business",
    "ngo": "NGO",
    "other": "Other",
}
_SECTOR_SYNONYMS: dict[str, str] = {
    "think tank": "think_tank",
    "think-tank": "think_tank",
    "thinktank": "think_tank",
    "research institute": "think_tank",
    "policy institute": "think_tank",
    "academia": "university",
    "academic": "university",
    "university": "university",
    "government": "former_government",
    "former government": "former_government",
    "former official": "former_government",
    "ex-government": "former_government",
    "media": "journalism",
    "press": "journalism",
    "journalist": "journalism",
    "journalism": "journalism",
    "private sector": "business",
    "industry": "business",
    "company": "business",
    "business": "business",
    "ngo": "ngo",
    "non-profit": "ngo",
    "nonprofit": "ngo",
    "civil society": "ngo",
    "other": "other",
}

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "fullname", "expert", "expert name", "person", "contact"),
    "first_name": ("first name", "given name", "forename", "firstname"),
    "last_name": ("last name", "surname", "family name", "lastname"),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail"),
    "honorific": ("honorific", "degree", "degrees", "post-nominals", "postnominals", "suffix"),
    "title": ("title", "position", "job title", "role", "job"),
    "affiliation": (
        "affiliation",
        "organisation",
        "organization",
        "institution",
        "employer",
        "org",
        "company",
    ),
    "city": ("city", "town", "based in", "location"),
    "country": ("country", "country code", "iso country", "iso code", "nation"),
    "region": ("region", "world region"),
    "sector": ("sector", "organisation type", "organization type", "type", "category"),
    "gender": ("gender", "gender self-described", "self-described gender", "sex"),
    "show_gender": (
        "show gender",
        "gender public",
        "publish gender",
        "consent gender",
        "gender consent",
    ),
    "public_profile": (
        "public profile",
        "public",
        "profile public",
        "consent profile",
        "profile consent",
        "publish profile",
    ),
    "expertise": ("expertise", "tags", "expertise tags", "topics", "fields", "areas", "subjects"),
    "languages": ("languages", "language", "langs", "spoken languages"),
    "bio": ("bio", "biography", "about", "description"),
    "handle": ("handle", "social handle", "twitter", "x", "social"),
}
_BY_HEADER: dict[str, str] = {syn: f for f, syns in _SYNONYMS.items() for syn in syns}

#: Longest value each text field may hold (the database's column sizes).
MAX_LENGTHS: dict[str, int] = {
    "name": 200,
    "email": 254,
    "honorific": 40,
    "title": 300,
    "affiliation": 300,
    "city": 100,
    "gender": 60,
    "handle": 100,
    "bio": 10_000,
}
_EMAIL = re.compile(r"^[^@\s,;<>\"()\[\]]+@[^@\s,;<>\"()\[\]]+\.[^@\s,;<>\"()\[\]]{2,}$")
_TRUE = frozenset({"yes", "y", "true", "t", "1", "x", "on", "consent", "consented"})
_FALSE = frozenset({"no", "n", "false", "f", "0", "off", "none"})
# Degrees written after a comma ("Jane Roe, Ph.D."); "M.A." needs its dots ("Ma" is a name).
_DEGREE = (
    r"(?:Ph\.?\s?D\.?|D\.?Phil\.?|M\.D\.|(?-i:MD)|J\.D\.|(?-i:JD)|M\.?B\.?A\.?|M\.A\.|"
    r"M\.?Sc\.?|LL\.?M\.?|Esq\.?)"
)
_POSTNOMINAL = re.compile(rf",\s*({_DEGREE}(?:\s*,\s*{_DEGREE})*)\s*$", re.IGNORECASE)
# Spreadsheet programs run cells starting with these as formulas; exports escape them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def normalize_header(text: str) -> str:
    """A header cell folded for matching: case, separators and trailing colons ignored."""
    folded = text.strip().casefold().replace("_", " ").rstrip(":").strip()
    folded = re.sub(r"[()\[\]]", " ", folded)
    return " ".join(folded.split())


@dataclass(frozen=True)
class ColumnMapping:
    """Which field each column of a table fills (by column index), and what is ignored."""

    columns: Mapping[int, str]
    header: tuple[str, ...]

    def field_column(self, name: str) -> int | None:
        """The column index mapped to field ``name``, or None."""
        for index, target in self.columns.items():
            if target == name:
                return index
        return None

    def describe(self) -> list[tuple[str, str]]:
        """(column header, field or "ignored") for every column, in file order."""
        return [(h, self.columns.get(i, "ignored")) for i, h in enumerate(self.header)]

    @property
    def ignored(self) -> list[str]:
        """Headers of the columns the import skips."""
        return [h for i, h in enumerate(self.header) if i not in self.columns and h]


def auto_mapping(header: Sequence[str]) -> ColumnMapping:
    """Map each column whose header is a known synonym; the first of two same-field columns wins.

    The result may still lack a name column: :func:`check_mapping` says so.
    """
    columns: dict[int, str] = {}
    taken: set[str] = set()
    for i, h in enumerate(header):
        target = _BY_HEADER.get(normalize_header(h))
        if target and target not in taken:
            columns[i] = target
            taken.add(target)
    return ColumnMapping(columns, tuple(header))


def parse_overrides(specs: Iterable[str]) -> dict[str, str]:
    """``["Full name=name", "Notes=-"]`` as a dict; InputError for a spec without ``=``."""
    out: dict[str, str] = {}
    for spec in specs:
        if "=" not in spec:
            raise InputError(
                f"--map {spec!r} has no '='",
                "write COLUMN=FIELD, e.g. --map 'Organisation=affiliation' or 'Notes=-' to skip",
            )
        column, _, target = spec.rpartition("=")
        out[column.strip()] = target.strip()
    return out


def apply_overrides(mapping: ColumnMapping, overrides: Mapping[str, str]) -> ColumnMapping:
    """Change the mapping of the columns named in ``overrides`` (header text -> field or "-").

    Raises:
        InputError: a column is not in the header, or a field is unknown.
    """
    columns = dict(mapping.columns)
    folded = {normalize_header(h): i for i, h in enumerate(mapping.header)}
    valid = set(FIELDS) | set(NAME_PARTS)
    for column, target in overrides.items():
        index = folded.get(normalize_header(column))
        if index is None:
            raise InputError(
                f"the file has no column {column!r}",
                f"use one of its headers: {', '.join(repr(h) for h in mapping.header)}",
            )
        if target in ("", IGNORE, "ignore"):
            columns.pop(index, None)
            continue
        if target not in valid:
            raise InputError(
                f"{target!r} (for column {column!r}) is not a roster field",
                f"use one of: {', '.join(FIELDS + NAME_PARTS)}, or '-' to skip the column",
            )
        # A field moved to this column leaves the column that had it.
        for other, t in list(columns.items()):
            if t == target and other != index:
                del columns[other]
        columns[index] = target
    return ColumnMapping(columns, mapping.header)


def check_mapping(mapping: ColumnMapping, source: str) -> None:
    """Raise InputError when the mapping cannot produce names or maps a field twice."""
    seen: dict[str, int] = {}
    for index, target in sorted(mapping.columns.items()):
        if target in seen:
            a, b = mapping.header[seen[target]], mapping.header[index]
            raise InputError(
                f"{source}: columns {a!r} and {b!r} both map to {target}",
                f"skip one, e.g. --map '{b}=-'",
            )
        seen[target] = index
    if "name" not in seen and not ("first_name" in seen or "last_name" in seen):
        raise InputError(
            f"{source}: no column holds the experts' names "
            f"(headers: {', '.join(repr(h) for h in mapping.header)})",
            "name the column 'Name' or map it, e.g. --map 'Expert=name'",
        )


@dataclass(frozen=True)
class RowError:
    """A problem with one row: the line, the field and what to do."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.message}"


@dataclass(frozen=True)
class ExpertRecord:
    """One valid roster row. ``present`` names the fields the row gave a value for."""

    line: int
    name: str
    email: str = ""
    honorific: str = ""
    title: str = ""
    affiliation: str = ""
    city: str = ""
    country: str = ""
    region: str = ""
    sector: str = ""
    gender: str = ""
    show_gender: bool = False
    public_profile: bool = True
    expertise: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    bio: str = ""
    handle: str = ""
    present: frozenset[str] = field(default_factory=frozenset)

    def values(self) -> dict[str, object]:
        """The present fields and their values (lists as lists), ready to store."""
        out: dict[str, object] = {}
        for f in FIELDS:
            if f in self.present:
                v = getattr(self, f)
                out[f] = list(v) if isinstance(v, tuple) else v
        return out


@dataclass(frozen=True)
class Validation:
    """The records of the valid rows, and every problem found, in line order."""

    records: tuple[ExpertRecord, ...]
    errors: tuple[RowError, ...]
    warnings: tuple[RowError, ...]
    rows: int


def split_list(text: str) -> tuple[str, ...]:
    """Tags or languages from one cell: separated by ';' or '|', else by ','."""
    if not text.strip():
        return ()
    parts = re.split(r"[;|]", text) if re.search(r"[;|]", text) else text.split(",")
    out: list[str] = []
    seen: set[str] = set()
    for p in parts:
        tag = " ".join(p.split())
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return tuple(out)


def parse_bool(text: str) -> bool | None:
    """yes/no, true/false, 1/0, x... as a bool; None when the text is none of them."""
    folded = text.strip().casefold()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    return None


def parse_sector(text: str) -> str | None:
    """A sector key from its key, label or a common synonym; None when unknown."""
    folded = " ".join(text.strip().casefold().replace("_", " ").split())
    if folded.replace(" ", "_") in SECTORS:
        return folded.replace(" ", "_")
    for key, label in SECTORS.items():
        if folded == label.casefold():
            return key
    return _SECTOR_SYNONYMS.get(folded)


def split_postnominals(name: str) -> tuple[str, str]:
    """("Jane Roe", "Ph.D.") from "Jane Roe, Ph.D."; names without degrees are unchanged."""
    m = _POSTNOMINAL.search(name)
    if not m:
        return name.strip(), ""
    return name[: m.start()].strip(), m.group(1).strip()


def unescape_formula(text: str) -> str:
    """Undo :func:`escape_formula`: a leading apostrophe before = + - @ is dropped."""
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        return text[1:]
    return text


def escape_formula(text: str) -> str:
    """Prefix cells a spreadsheet would run as a formula with an apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


class _RowCheck:
    """Collects the errors of one row while its fields are read."""

    def __init__(self, row: Row) -> None:
        self.row = row
        self.errors: list[RowError] = []
        self.warnings: list[RowError] = []

    def error(self, field_name: str, message: str) -> None:
        self.errors.append(RowError(self.row.line, field_name, message))

    def warn(self, field_name: str, message: str) -> None:
        self.warnings.append(RowError(self.row.line, field_name, message))


def _cells(row: Row, mapping: ColumnMapping) -> dict[str, str]:
    return {
        target: unescape_formula(row.cells[i]) if i < len(row.cells) else ""
        for i, target in mapping.columns.items()
    }


def _read_row(row: Row, mapping: ColumnMapping, check: _RowCheck) -> ExpertRecord | None:
    width = len(mapping.header)
    if len(row.cells) > width and any(row.cells[width:]):
        check.error(
            "row",
            f"has {len(row.cells)} cells but the header has {width}; "
            "quote values that contain the separator",
        )
        return None
    cells = _cells(row, mapping)
    name = " ".join(cells.get("name", "").split())
    if not name and ("first_name" in cells or "last_name" in cells):
        name = " ".join(f"{cells.get('first_name', '')} {cells.get('last_name', '')}".split())
    honorific = cells.get("honorific", "").strip()
    name, degrees = split_postnominals(name)
    if degrees and not honorific:
        honorific = degrees
    if not name:
        check.error("name", "is missing; every expert needs a name")
    present = {f for f in FIELDS if cells.get(f, "").strip()}
    if honorific:
        present.add("honorific")
    if name:
        present.add("name")
    values: dict[str, object] = {"name": name, "honorific": honorific}
    for f in ("title", "affiliation", "city", "gender", "bio", "handle"):
        values[f] = " ".join(cells.get(f, "").split()) if f != "bio" else cells.get(f, "").strip()
    email = cells.get("email", "").strip()
    if email.casefold().startswith("mailto:"):
        email = email[7:]
    if email and not _EMAIL.match(email):
        check.error("email", f"{email!r} is not an email address; fix it or leave the cell empty")
    values["email"] = email
    _read_place(cells, values, check)
    if values["region"]:
        present.add("region")  # derived from the country even without a region column
    raw_sector = cells.get("sector", "").strip()
    if raw_sector:
        sector = parse_sector(raw_sector)
        if sector is None:
            check.error(
                "sector",
                f"{raw_sector!r} is not a sector; use one of {', '.join(SECTORS)}",
            )
        values["sector"] = sector or ""
    for flag, default in (("show_gender", False), ("public_profile", True)):
        raw = cells.get(flag, "").strip()
        parsed = parse_bool(raw) if raw else default
        if parsed is None:
            check.error(flag, f"{raw!r} is not yes or no")
        values[flag] = default if parsed is None else parsed
    values["expertise"] = split_list(cells.get("expertise", ""))
    values["languages"] = split_list(cells.get("languages", ""))
    for f, limit in MAX_LENGTHS.items():
        v = values.get(f, "")
        if isinstance(v, str) and len(v) > limit:
            check.error(f, f"is {len(v)} characters long; at most {limit} fit")
    if check.errors:
        return None
    return ExpertRecord(line=row.line, present=frozenset(present), **values)  # type: ignore[arg-type]


def _read_place(cells: Mapping[str, str], values: dict[str, object], check: _RowCheck) -> None:
    raw_country = cells.get("country", "").strip()
    code = ""
    if raw_country:
        found = countries.lookup(raw_country)
        if found is None:
            hint = countries.suggest(raw_country)
            also = f" (did you mean {' or '.join(hint)}?)" if hint else ""
            check.error(
                "country",
                f"unknown country code {raw_country!r}{also}; "
                "use an ISO 3166-1 alpha-2 code such as KR, US or DE",
            )
        else:
            code = found
    values["country"] = code
    raw_region = cells.get("region", "").strip()
    derived = countries.region_of(code) if code else ""
    if raw_region:
        region = countries.canonical_region(raw_region)
        if region is None:
            check.error(
                "region",
                f"{raw_region!r} is not a region; use one of {', '.join(countries.REGIONS)}",
            )
        elif derived and region != derived:
            check.warn(
                "region",
                f"{raw_region!r} does not match the country {code}, which is in {derived}; "
                f"{derived} is used",
            )
        values["region"] = derived or region or ""
    else:
        values["region"] = derived


def validate(table: Table, mapping: ColumnMapping) -> Validation:
    """Every row of ``table`` as a record or as errors, with in-file duplicate emails flagged.

    Raises:
        InputError: the mapping has no name column or maps a field twice.
    """
    check_mapping(mapping, table.source)
    records: list[ExpertRecord] = []
    errors: list[RowError] = []
    warnings: list[RowError] = []
    email_line: dict[str, int] = {}
    for row in table.rows:
        check = _RowCheck(row)
        record = _read_row(row, mapping, check)
        if record is not None and record.email:
            key = record.email.casefold()
            first = email_line.get(key)
            if first is not None:
                check.error("email", f"{record.email} is also on line {first}; keep one row")
                record = None
            else:
                email_line[key] = row.line
        errors.extend(check.errors)
        warnings.extend(check.warnings)
        if record is not None:
            records.append(record)
    return Validation(tuple(records), tuple(errors), tuple(warnings), len(table.rows))


def export_rows(experts: Iterable[Mapping[str, object]]) -> Iterable[list[str]]:
    """CSV rows (header first) for expert dicts with the keys of :data:`FIELDS`.

    Lists become "a; b", booleans "yes"/"no", and cells a spreadsheet would run
    as formulas get a leading apostrophe (which the import removes again).
    """
    yield list(FIELDS)
    for e in experts:
        row: list[str] = []
        for f in FIELDS:
            v = e.get(f, "")
            if isinstance(v, bool):
                text = "yes" if v else "no"
            elif isinstance(v, list | tuple):
                text = "; ".join(str(x) for x in v)
            else:
                text = "" if v is None else str(v)
            row.append(escape_formula(text))
        yield row


def write_csv(experts: Iterable[Mapping[str, object]], out: io.TextIOBase | object) -> int:
    """Write the roster as UTF-8 CSV text to ``out`` (a text file); return the number of experts."""
    writer = csv.writer(out, lineterminator="\n")  # type: ignore[arg-type]
    n = -1
    for row in export_rows(experts):
        writer.writerow(row)
        n += 1
    return n
