"""The hub page of a symposium: its takes, filters, search and panel charts.

Everything is computed from the database in a constant number of queries (the
symposium, its public takes with their experts, the latest synthesis outlook and,
when searching, the search index), then filtered in memory: a hub holds tens of
takes, not thousands.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.urls import Resolver404, resolve, reverse

from symposia.web.panel.models import Expert
from symposia.web.publishing import charts, display, search
from symposia.web.publishing.models import Symposium
from symposia.web.publishing.services import get_symposium, public_takes
from symposia.web.synthesis.models import SynthesisRun
from symposia.web.takes.models import Take

OUTLOOKS = ("optimistic", "mixed", "pessimistic", "undetermined")
FILTER_FIELDS = ("region", "sector", "outlook", "q")
SECTOR_LABELS = dict(Expert.Sector.choices)


class BadFilter(ValueError):
    """A filter value the hub cannot apply; the message says which values work."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class Option:
    """One choice of a filter, with the number of takes it selects."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Card:
    """One take as the hub lists it."""

    take: Take
    path: str
    name: str
    role: str
    pull_quote: str
    region: str
    sector: str
    outlook: str


@dataclass
class Filters:
    """The filters a reader chose; empty strings mean "any"."""

    region: str = ""
    sector: str = ""
    outlook: str = ""
    q: str = ""

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return any((self.region, self.sector, self.outlook, self.q))


@dataclass
class HubPage:
    """Everything the hub template shows."""

    symposium: Symposium
    cards: list[Card]
    total: int
    filters: Filters
    regions: list[Option]
    sectors: list[Option]
    outlooks: list[Option]
    charts: list[charts.Chart]
    synthesis_path: str = ""
    forecasts_path: str = ""
    stances_path: str = ""
    error: str = ""
    error_field: str = ""
    intro: list[str] = field(default_factory=list)

    @property
    def anonymous(self) -> bool:
        """Whether names are hidden in this symposium."""
        return display.is_anonymous(self.symposium)


def latest_outlooks(symposium: Symposium) -> dict[int, str] | None:
    """Outlook per take id from the newest finished synthesis of the whole panel.

    None when the symposium has no finished synthesis. Only the outlook part of
    the stored report is read, not the whole JSON. Runs made on a filtered part of
    the panel are skipped: they do not have an outlook for every take.
    """
    rows = (
        SynthesisRun.objects.filter(symposium=symposium, status=SynthesisRun.Status.DONE)
        .order_by("-finished_at", "-pk")
        .values_list("settings", "result__outlook__experts")[:10]
    )
    for settings, experts in rows:
        if (settings or {}).get("filters"):
            continue
        out: dict[int, str] = {}
        for entry in experts or []:
            try:
                out[int(entry["take"])] = str(entry["outlook"])
            except (KeyError, TypeError, ValueError):
                continue
        return out
    return None


def _options(values: list[str], labels: Mapping[str, str] | None = None) -> list[Option]:
    names = labels or {}
    counts = Counter(v for v in values if v)
    options = [Option(v, names.get(v, v), n) for v, n in counts.items()]
    return sorted(options, key=lambda o: o.label.lower())


def _check(field_name: str, value: str, options: list[Option], what: str) -> None:
    if value and value not in {o.value for o in options}:
        allowed = ", ".join(o.value for o in options) or "none"
        raise BadFilter(
            field_name,
            f"Unknown {what} '{value}'. Takes in this symposium can be filtered by {what}: "
            f"{allowed}.",
        )


def parse_filters(params: Mapping[str, str]) -> Filters:
    """Read the filters from query parameters; unknown parameters are ignored.

    Raises:
        BadFilter: a value is not a string of reasonable length.
    """
    f = Filters(**{k: str(params.get(k, "")).strip() for k in FILTER_FIELDS})
    for name in ("region", "sector", "outlook"):
        if len(getattr(f, name)) > 100:
            raise BadFilter(name, f"The {name} filter is too long; pick one from the list.")
    return f


def poll_paths(symposium: Symposium) -> tuple[str, str]:
    """The forecasts and stances pages of a symposium, when it has questions (two queries)."""
    from symposia.web.forecasts.models import ForecastQuestion, StanceStatement

    forecasts = ForecastQuestion.objects.filter(symposium=symposium).exists()
    stances = StanceStatement.objects.filter(symposium=symposium).exists()
    return (
        reverse("forecasts:questions", args=[symposium.slug]) if forecasts else "",
        reverse("forecasts:stances", args=[symposium.slug]) if stances else "",
    )


def synthesis_path(symposium: Symposium) -> str:
    """The URL of the symposium's synthesis page when the site has one, else ``""``.

    The page belongs to the synthesis app; the hub links to it only when that
    URL resolves to a view other than the take page it would otherwise match.
    """
    path = f"{reverse('publishing:hub', args=[symposium.slug])}synthesis/"
    try:
        match = resolve(path)
    except Resolver404:
        return ""
    return "" if match.view_name.startswith("publishing:") else path


@dataclass
class Selection:
    """The takes a set of filters selects, and the choices each filter offers."""

    filters: Filters
    takes: list[Take]
    regions: list[Option]
    sectors: list[Option]
    outlooks: list[Option]
    outlook_of: dict[int, str] | None

    def outlook(self, take: Take) -> str | None:
        """The take's outlook in the latest synthesis, None without one."""
        if self.outlook_of is None:
            return None
        return self.outlook_of.get(take.pk, "undetermined")


def select(symposium: Symposium, takes: list[Take], params: Mapping[str, str]) -> Selection:
    """Filter a symposium's public ``takes`` by ``params`` (region, sector, outlook, q).

    Values are checked against what the symposium's takes offer, so a typo gets a
    message listing the values that work instead of an empty list.

    Raises:
        BadFilter: a filter value is unknown, or outlook is asked for without a synthesis.
        BadQuery: the search words are too long.
    """
    outlook_of = latest_outlooks(symposium)

    def outlook(t: Take) -> str:
        return (outlook_of or {}).get(t.pk, "undetermined")

    sel = Selection(
        filters=Filters(),
        takes=takes,
        regions=_options([t.expert.region for t in takes]),
        sectors=_options([t.expert.sector for t in takes], SECTOR_LABELS),
        outlooks=[]
        if outlook_of is None
        else [
            o
            for o in (
                Option(v, v.capitalize(), sum(1 for t in takes if outlook(t) == v))
                for v in OUTLOOKS
            )
            if o.count
        ],
        outlook_of=outlook_of,
    )
    sel.filters = f = parse_filters(params)
    _check("region", f.region, sel.regions, "region")
    _check("sector", f.sector, sel.sectors, "sector")
    if f.outlook and outlook_of is None:
        raise BadFilter(
            "outlook",
            "This symposium has no synthesis yet, so its takes cannot be filtered by outlook.",
        )
    _check("outlook", f.outlook, sel.outlooks, "outlook")
    matching = search.take_ids(f.q, symposium) if f.q else None
    sel.takes = [
        t
        for t in takes
        if (not f.region or t.expert.region == f.region)
        and (not f.sector or t.expert.sector == f.sector)
        and (not f.outlook or outlook(t) == f.outlook)
        and (matching is None or t.pk in matching)
    ]
    return sel


def hub_page(slug: str, params: Mapping[str, str]) -> HubPage:
    """The hub of symposium ``slug`` filtered by ``params``; filter errors are in ``error``.

    Raises:
        Http404: no symposium has this slug.
    """
    symposium = get_symposium(slug)
    takes = public_takes(symposium, with_text=False)
    anonymous = display.is_anonymous(symposium)
    page = HubPage(
        symposium=symposium,
        cards=[],
        total=len(takes),
        filters=Filters(),
        regions=[],
        sectors=[],
        outlooks=[],
        charts=charts.composition([t.expert for t in takes]),
        intro=[p for p in symposium.intro.split("\n\n") if p.strip()],
    )
    try:
        sel = select(symposium, takes, params)
    except (BadFilter, search.BadQuery) as exc:
        page.error = str(exc)
        page.error_field = getattr(exc, "field", "q")
        sel = select(symposium, takes, {})
        sel.takes = []
        # Shown back in the form so the reader sees what they asked for.
        page.filters = Filters(**{k: str(params.get(k, ""))[:100] for k in FILTER_FIELDS})
    else:
        page.filters = sel.filters
    page.regions, page.sectors, page.outlooks = sel.regions, sel.sectors, sel.outlooks
    if sel.outlook_of is not None:
        page.synthesis_path = synthesis_path(symposium)
    page.forecasts_path, page.stances_path = poll_paths(symposium)
    page.cards = [
        Card(
            take=t,
            path=display.take_path(t),
            name=display.display_name(t),
            role="" if anonymous else display.expert_role(t.expert),
            pull_quote=t.pull_quote,
            region=t.expert.region,
            sector=t.expert.sector,
            outlook=sel.outlook(t) or "",
        )
        for t in sel.takes
    ]
    return page
