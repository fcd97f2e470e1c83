"""Ingest published takes into the database: idempotent, crash-safe, one file at a time.

Each file is parsed by :mod:`symposia.core.parse` and written in its own
transaction together with a ledger row keyed by the sha256 of the file's
bytes. A file already in the ledger is skipped, so a run killed at any point
and run again leaves exactly the rows one uninterrupted run would.

What happens to each take found:

- same body as a take already in the symposium: ``duplicate`` (linked, not imported);
- near-duplicate (syndicated, lightly reworded) of a take already there:
  ``duplicate`` (linked to it, not imported twice);
- the expert already has a take in the symposium with another text: ``updated``
  (a new revision);
- otherwise ``new`` (the expert is created when no expert matches by
  normalised name + affiliation).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from symposia.core.dedupe import DedupeIndex
from symposia.core.documents import DocumentResult, iter_documents
from symposia.core.editorial import build_headline, unique_slug
from symposia.core.parse_model import ParsedTake
from symposia.core.roster_match import match_key
from symposia.errors import NotFoundError
from symposia.web.panel.models import Expert
from symposia.web.publishing.models import Symposium
from symposia.web.takes.models import IngestedFile, Take, TakeRevision

Outcome = str  # "new" | "updated" | "duplicate" | "skipped"


@dataclass
class FileOutcome:
    """What one file gave: an outcome per take, or why it was skipped."""

    path: str
    takes: list[dict[str, Any]] = field(default_factory=list)
    skipped: str | None = None
    already: bool = False


@dataclass
class IngestReport:
    """Counts of a run, computed from its file outcomes."""

    files: list[FileOutcome] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for f in self.files for t in f.takes if t["outcome"] == outcome)

    @property
    def skipped(self) -> list[tuple[str, str]]:
        """(file, reason) of every file skipped, including unreadable ones."""
        return [(f.path, f.skipped) for f in self.files if f.skipped]

    @property
    def failed(self) -> int:
        """Files that could not be read or parsed."""
        return sum(1 for f in self.files if f.skipped and f.skipped.startswith("error:"))

    @property
    def already(self) -> int:
        return sum(1 for f in self.files if f.already)


@dataclass
class TakeFields:
    """The fields an editor saves for one take (parsed, maybe corrected)."""

    name: str
    body: str
    honorific: str = ""
    title: str = ""
    affiliation: str = ""
    handle: str = ""
    headline: str = ""
    pull_quote: str = ""
    bio: str = ""
    caption: str = ""
    image_credit: str = ""

    @classmethod
    def from_parsed(cls, t: ParsedTake) -> TakeFields:
        def v(f: Any) -> str:
            return f.value if f is not None else ""

        e = t.expert
        return cls(
            name=v(e.name),
            body=t.body_text,
            honorific=v(e.honorific),
            title=v(e.title),
            affiliation=v(e.affiliation),
            handle=v(e.handle),
            headline=v(t.headline),
            pull_quote=v(t.pull_quote),
            bio=v(t.bio),
            caption=v(t.caption),
            image_credit=v(t.image_credit),
        )


class Ingestor:
    """Writes parsed takes into one symposium, remembering what it has seen."""

    def __init__(self, symposium: Symposium, *, publish: bool = False) -> None:
        self.symposium = symposium
        self.publish = publish
        self.index = DedupeIndex()
        self.experts: dict[str, Expert] = {}
        for e in Expert.objects.all().only("pk", "slug", "name", "affiliation"):
            self.experts.setdefault(match_key(e.name, e.affiliation), e)
        self.slugs = set(Expert.objects.values_list("slug", flat=True))
        self.by_expert: dict[int, Take] = {}
        for t in Take.objects.filter(symposium=symposium).order_by("pk"):
            self.index.add(t.pk, t.body)
            self.by_expert[t.expert_id] = t

    def _expert(self, f: TakeFields) -> Expert:
        key = match_key(f.name, f.affiliation)
        found = self.experts.get(key)
        if found is not None:
            return found
        slug = unique_slug(f.name, self.slugs, fallback="expert")
        expert = Expert.objects.create(
            slug=slug,
            name=f.name,
            honorific=f.honorific,
            title=f.title,
            affiliation=f.affiliation,
            handle=f.handle,
        )
        self.experts[key] = expert
        return expert

    def save(self, f: TakeFields, source_ref: str) -> dict[str, Any]:
        """Create or update one take; the caller holds the transaction."""
        earlier = self.index.query(f.body)
        if earlier:
            best = max(
                earlier, key=lambda link: (link.exact, link.similarity, -int(str(link.first)))
            )
            kind = "same text" if best.exact else f"near-duplicate ({best.similarity:.2f})"
            return {
                "outcome": "duplicate",
                "name": f.name,
                "duplicate_of": best.first,
                "reason": kind,
            }
        expert = self._expert(f)
        s = self.symposium
        values = {
            "headline": f.headline
            or build_headline(
                s.headline_template, series=s.series, name=f.name, question_phrase=s.question_phrase
            ),
            "pull_quote": f.pull_quote,
            "body": f.body,
            "bio_line": f.bio,
            "photo_caption": f.caption,
            "image_credit": f.image_credit,
            "source": Take.Source.INGESTED,
            "source_ref": source_ref[:500],
        }
        take = self.by_expert.get(expert.pk)
        if take is None:
            take = Take.objects.create(
                symposium=s,
                expert=expert,
                status=Take.Status.PUBLISHED if self.publish else Take.Status.REVIEW,
                publish_at=timezone.now() if self.publish else None,
                release_order=Take.objects.filter(symposium=s).count(),
                **values,
            )
            outcome = "new"
        else:
            for k, val in values.items():
                setattr(take, k, val)
            take.version += 1
            take.save()
            outcome = "updated"
        TakeRevision.record(
            take, TakeRevision.Kind.IMPORTED, note=f"ingested from {source_ref}"[:500]
        )
        self.by_expert[expert.pk] = take
        self.index.add(take.pk, take.body)
        return {"outcome": outcome, "name": f.name, "take": take.pk, "expert": expert.slug}


def _file_sha(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def ingest_paths(
    paths: Iterable[str | Path],
    symposium_slug: str,
    *,
    publish: bool = False,
    progress: Callable[[DocumentResult], None] | None = None,
) -> IngestReport:
    """Ingest files and directories of published takes into a symposium.

    Raises:
        NotFoundError: the symposium does not exist.
    """
    symposium = Symposium.objects.filter(slug=symposium_slug).first()
    if symposium is None:
        raise NotFoundError(
            f"no symposium with slug {symposium_slug!r}",
            "create it in the editor area (/editor/new/) or check the slug",
        )
    ingestor = Ingestor(symposium, publish=publish)
    report = IngestReport()
    for doc in iter_documents(paths):
        outcome = FileOutcome(str(doc.path))
        report.files.append(outcome)
        if progress:
            progress(doc)
        if doc.error is not None or doc.page is None:
            outcome.skipped = f"error: {doc.error}"
            continue
        sha = _file_sha(doc.path)
        if IngestedFile.objects.filter(symposium=symposium, sha256=sha).exists():
            outcome.already = True
            continue
        usable = [t for t in doc.page.takes if t.expert.name is not None and t.body]
        if not usable:
            outcome.skipped = (
                "no expert take found" if not doc.page.takes else "take without expert name"
            )
        with transaction.atomic():
            for i, parsed in enumerate(usable):
                ref = f"{doc.path}#{i + 1}" if len(usable) > 1 else str(doc.path)
                outcome.takes.append(ingestor.save(TakeFields.from_parsed(parsed), ref))
            IngestedFile.objects.create(
                symposium=symposium,
                sha256=sha,
                path=str(doc.path)[:500],
                result={"takes": outcome.takes, "skipped": outcome.skipped},
            )
    return report
