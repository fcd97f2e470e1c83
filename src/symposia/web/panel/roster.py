"""Import the roster from a file, all or nothing, and export it again.

:func:`plan` reads, maps, validates and matches a file against the stored
roster without writing anything (the dry run). :func:`apply` computes the
same plan inside one transaction and writes it, or writes nothing at all when
any row has an error, so a crash or a bad row never leaves a half-imported
batch.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from symposia.core import roster as core
from symposia.core.editorial import unique_slug
from symposia.core.roster_match import ExistingExpert, ImportPlan, plan_import
from symposia.core.roster_read import Table, read_table
from symposia.errors import InputError
from symposia.web.panel.models import Expert, OptOut, RosterImport, email_hash

_VALUE_FIELDS = [f for f in core.FIELDS]


class RowsHaveErrors(InputError):
    """An import refused because rows have errors; ``preview`` holds the full report."""

    def __init__(self, message: str, fix: str, preview: Preview) -> None:
        super().__init__(message, fix)
        self.preview = preview


@dataclass(frozen=True)
class Preview:
    """A file read and planned: the table, its column mapping and the plan."""

    table: Table
    mapping: core.ColumnMapping
    plan: ImportPlan
    opted_out: int  # rows whose address opted out: imported, but never emailed


def mapping_from(table: Table, overrides: Mapping[str, str] | None) -> core.ColumnMapping:
    """The auto-detected mapping of ``table`` with the editor's overrides applied."""
    mapping = core.auto_mapping(table.header)
    if overrides:
        mapping = core.apply_overrides(mapping, overrides)
    return mapping


def _existing() -> list[ExistingExpert]:
    rows = Expert.objects.values("pk", *_VALUE_FIELDS)
    return [
        ExistingExpert(
            r["pk"], r["name"], r["affiliation"], r["email"], {f: r[f] for f in _VALUE_FIELDS}
        )
        for r in rows.iterator(chunk_size=5000)
    ]


def plan(
    data: bytes,
    source: str,
    *,
    overrides: Mapping[str, str] | None = None,
    merges: Mapping[int, int] | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
) -> Preview:
    """Everything an import of ``data`` would do; writes nothing.

    Raises:
        InputError: the file cannot be read, or the mapping has no name column.
    """
    table = read_table(data, source, encoding=encoding, sheet=sheet)
    mapping = mapping_from(table, overrides)
    checked = core.validate(table, mapping)
    result = plan_import(
        checked.records,
        _existing(),
        source=source,
        errors=checked.errors,
        warnings=checked.warnings,
        total_rows=checked.rows,
        merges=merges,
    )
    hashes = {email_hash(r.email) for r in checked.records if r.email}
    opted = OptOut.objects.filter(email_hash__in=hashes).count() if hashes else 0
    return Preview(table, mapping, result, opted)


def _slugs(names: Sequence[str]) -> Iterator[str]:
    taken = set(Expert.objects.values_list("slug", flat=True))
    for name in names:
        yield unique_slug(name, taken, fallback="expert")


def _write(result: ImportPlan) -> None:
    creates = [r for r in result.rows if r.action == "create"]
    updates = [r for r in result.rows if r.action == "update"]
    new = [
        Expert(slug=slug, **r.record.values())
        for r, slug in zip(creates, _slugs([r.record.name for r in creates]), strict=True)
    ]
    Expert.objects.bulk_create(new, batch_size=1000)
    if updates:
        by_id = Expert.objects.in_bulk([r.expert_id for r in updates])
        fields: set[str] = set()
        changed = []
        for r in updates:
            e = by_id[r.expert_id]
            for c in r.changes:
                setattr(e, c.field, c.new)
                fields.add(c.field)
            e.updated_at = timezone.now()
            changed.append(e)
        Expert.objects.bulk_update(changed, sorted(fields | {"updated_at"}), batch_size=1000)


def apply(
    data: bytes,
    source: str,
    *,
    overrides: Mapping[str, str] | None = None,
    merges: Mapping[int, int] | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    actor: Any = None,
    actor_label: str = "",
    record: RosterImport | None = None,
) -> Preview:
    """Import ``data`` into the roster in one transaction: every row, or none.

    Args:
        record: An uploaded :class:`RosterImport` to mark imported (the web
            flow); without one a new record is written.

    Raises:
        InputError: the file is unreadable, or rows have errors (the message
            names the first few; nothing is written).
    """
    with transaction.atomic():
        preview = plan(
            data, source, overrides=overrides, merges=merges, encoding=encoding, sheet=sheet
        )
        result = preview.plan
        if not result.ok:
            shown = "; ".join(str(e) for e in result.errors[:5])
            more = f" and {len(result.errors) - 5} more" if len(result.errors) > 5 else ""
            bad = result.counts["error_rows"]
            raise RowsHaveErrors(
                f"{source}: {bad} row{'s' if bad != 1 else ''} "
                f"with errors ({shown}{more}); nothing was imported",
                "fix the rows and import the file again (a dry run lists every error)",
                preview,
            )
        _write(result)
        counts = result.counts
        mapping = {h: t for h, t in preview.mapping.describe() if t != "ignored"}
        if record is None:
            record = RosterImport(source=source[:255], sha256=hashlib.sha256(data).hexdigest())
        record.status = RosterImport.Status.IMPORTED
        record.data = b""  # personal data is not kept once imported
        record.mapping = mapping
        record.counts = counts
        record.encoding = encoding or ""
        record.imported_at = timezone.now()
        if getattr(actor, "is_authenticated", False):
            record.actor = actor
        record.actor_label = actor_label
        record.save()
    return preview


def export_experts(out: io.TextIOBase | Any) -> int:
    """Write the whole roster as CSV (the import's format) to a text stream; return the count."""
    rows = Expert.objects.order_by("name", "pk").values(*_VALUE_FIELDS)
    return core.write_csv(rows.iterator(chunk_size=2000), out)


def upload(
    data: bytes,
    source: str,
    *,
    encoding: str | None = None,
    actor: Any = None,
    actor_label: str = "",
) -> RosterImport:
    """Keep an uploaded file for the mapping and review steps of the web import.

    Raises:
        InputError: the file cannot be read at all (checked now, not after the mapping step).
    """
    read_table(data, source, encoding=encoding)
    return RosterImport.objects.create(
        source=source[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        encoding=encoding or "",
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=actor_label,
    )
