"""Staggered release: when each take of a symposium goes public.

Symposia of 30 to 80 takes are released a few a day rather than all at once
(8 a day from 1 December, say), in an order the editors choose. This module
computes the times; the web platform stores them as each take's ``publish_at``
and pages appear when that time passes, with no job or redeploy.

Within a day the takes go out at fixed times of day: either the times given, or
the start's time of day and then every ``spacing`` after it. Every following
day repeats the same wall-clock times (so a release at 09:00 stays at 09:00
across a daylight-saving change when the start carries a ``zoneinfo`` zone).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from datetime import datetime, time, timedelta
from typing import TypeVar

from symposia.errors import InputError

T = TypeVar("T")

#: Default gap between two takes released the same day.
DEFAULT_SPACING = timedelta(hours=1)


def release_times(
    n: int,
    start: datetime,
    per_day: int,
    *,
    times: Sequence[time] | None = None,
    spacing: timedelta = DEFAULT_SPACING,
    now: datetime | None = None,
) -> list[datetime]:
    """The release time of each of ``n`` takes, ``per_day`` a day from ``start``.

    Args:
        n: How many takes to release.
        start: The first release; must not be in the past.
        per_day: Takes released each day (at least 1).
        times: Times of day for a day's releases, ascending; when given there
            must be exactly ``per_day`` of them and day one starts with the
            first of them at or after ``start``'s time of day. When omitted,
            the day's releases are at ``start``'s time of day and every
            ``spacing`` after it.
        spacing: Gap between releases of the same day when ``times`` is omitted.
        now: The current time (defaults to the clock, in ``start``'s zone).

    Returns:
        ``n`` datetimes in ascending order, in ``start``'s time zone.

    Raises:
        InputError: a negative count, ``per_day`` below 1, a start in the
            past, times that are not ascending or do not match ``per_day``,
            or a day's releases that would run past midnight.
    """
    if n < 0:
        raise InputError(f"cannot schedule {n} takes", "pass a count of 0 or more")
    if per_day < 1:
        raise InputError(f"per-day is {per_day}", "release at least 1 take a day (--per-day 8)")
    now = now if now is not None else datetime.now(start.tzinfo)
    if (start.tzinfo is None) != (now.tzinfo is None):
        raise InputError(
            "the start time and the current time mix naive and time-zone-aware datetimes",
            "give the start with a time zone, e.g. 2026-12-01T09:00+00:00",
        )
    if start < now:
        raise InputError(
            f"the start {start.isoformat(timespec='minutes')} is in the past "
            f"(it is now {now.isoformat(timespec='minutes')})",
            "choose a start time in the future",
        )
    day_times = _day_times(start, per_day, times, spacing)
    day0 = start.replace(hour=0, minute=0, second=0, microsecond=0)
    first_slot = 0
    if times is not None:
        # Day one skips the times of day that are already before the start.
        start_tod = start.timetz().replace(tzinfo=None)
        while first_slot < per_day and day_times[first_slot] < start_tod:
            first_slot += 1
    out: list[datetime] = []
    slot = first_slot
    day = 0
    while len(out) < n:
        if slot == per_day:
            slot, day = 0, day + 1
            continue
        t = day_times[slot]
        # Wall-clock arithmetic: the same aware tzinfo keeps 09:00 at 09:00 every day.
        when = (day0 + timedelta(days=day)).replace(
            hour=t.hour, minute=t.minute, second=t.second, microsecond=t.microsecond
        )
        out.append(when)
        slot += 1
    return out


def _day_times(
    start: datetime, per_day: int, times: Sequence[time] | None, spacing: timedelta
) -> list[time]:
    if times is not None:
        ts = [t.replace(tzinfo=None) for t in times]
        if len(ts) != per_day:
            raise InputError(
                f"{len(ts)} times of day were given for {per_day} takes a day",
                "give exactly one time of day per take released each day, or omit the times",
            )
        if any(b <= a for a, b in itertools.pairwise(ts)):
            raise InputError(
                "the times of day are not in ascending order",
                "list them earliest first, e.g. 09:00,11:00,14:00",
            )
        return ts
    if spacing <= timedelta(0):
        raise InputError("the spacing between releases must be positive", "use e.g. 60 minutes")
    first = timedelta(
        hours=start.hour, minutes=start.minute, seconds=start.second, microseconds=start.microsecond
    )
    last = first + spacing * (per_day - 1)
    if last >= timedelta(days=1):
        raise InputError(
            f"{per_day} takes a day, {_minutes(spacing)} minutes apart from "
            f"{start.strftime('%H:%M')}, run past midnight",
            "start earlier in the day, release fewer takes a day or space them closer",
        )
    out = []
    for i in range(per_day):
        offset = first + spacing * i
        secs = int(offset.total_seconds())
        out.append(time(secs // 3600, secs % 3600 // 60, secs % 60, offset.microseconds))
    return out


def _minutes(d: timedelta) -> int:
    return int(d.total_seconds() // 60)


def apply_order(
    items: Sequence[T], order: Sequence[str] | None, key: Callable[[T], str] = str
) -> list[T]:
    """Put ``items`` in the order named by ``order`` (keys such as expert slugs).

    Items named in ``order`` come first, in that order; the rest follow in
    their original order.

    Raises:
        InputError: ``order`` names a key twice or a key no item has.
    """
    if not order:
        return list(items)
    by_key: dict[str, T] = {}
    for item in items:
        by_key.setdefault(key(item), item)
    seen: set[str] = set()
    head: list[T] = []
    for k in order:
        if k in seen:
            raise InputError(f"the order names {k!r} twice", "name each take once")
        if k not in by_key:
            known = ", ".join(sorted(by_key)) or "none"
            raise InputError(
                f"the order names {k!r}, which is not among the takes to release",
                f"use the keys of the takes to release: {known}",
            )
        seen.add(k)
        head.append(by_key[k])
    return head + [item for item in items if key(item) not in seen]


def staggered_release(
    items: int | Sequence[T],
    start: datetime,
    per_day: int,
    *,
    order: Sequence[str] | None = None,
    key: Callable[[T], str] = str,
    times: Sequence[time] | None = None,
    spacing: timedelta = DEFAULT_SPACING,
    now: datetime | None = None,
) -> list[tuple[T | int, datetime]]:
    """Pair each item with its release time, ``per_day`` a day from ``start``.

    Args:
        items: The takes (or their keys) in release order, or a count, in
            which case the items are the positions 0..n-1.
        start: The first release; must not be in the past.
        per_day: Takes released each day.
        order: Keys of items to release first, in this order (see
            :func:`apply_order`).
        key: How to get an item's key for ``order``.
        times: Times of day of a day's releases (see :func:`release_times`).
        spacing: Gap between releases of the same day when ``times`` is omitted.
        now: The current time (defaults to the clock).

    Returns:
        ``(item, publish_at)`` pairs in release order.

    Raises:
        InputError: as :func:`release_times` and :func:`apply_order`.
    """
    seq: list[T | int]
    if isinstance(items, int):
        if order:
            raise InputError("an order was given for a bare count of takes", "pass the items")
        seq = list(range(items))
    else:
        ordered: list[T] = apply_order(items, order, key)
        seq = list(ordered)
    whens = release_times(len(seq), start, per_day, times=times, spacing=spacing, now=now)
    return list(zip(seq, whens, strict=True))
