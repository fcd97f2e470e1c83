"""RSS 2.0 and Atom feeds: per symposium and site-wide, newest public takes first.

Links are absolute under ``SYMPOSIA_SITE_URL`` (feed readers need absolute
URLs, and the static export keeps them pointing at the live site). Item
descriptions are HTML built from escaped text, so a ``<script>`` typed into a
take reaches a feed reader as the text "<script>", never as markup.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape

from symposia.core.editorial import paragraphs
from symposia.web.publishing import display
from symposia.web.publishing.models import Symposium
from symposia.web.publishing.services import get_symposium
from symposia.web.takes.models import Take

#: Most items in one feed.
FEED_ITEMS = 50


def _abs(path: str) -> str:
    return settings.SITE_URL + path


def _newest(qs: Any) -> list[Take]:
    return list(
        qs.select_related("symposium", "expert").order_by("-publish_at", "-pk")[:FEED_ITEMS]
    )


class _TakeFeed(Feed):
    """What the four feeds share: one item per public take."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def item_title(self, item: Take) -> str:
        return display.headline(item)

    def item_description(self, item: Take) -> str:
        parts = []
        if item.pull_quote:
            parts.append(f"<p><strong>“{escape(item.pull_quote)}”</strong></p>")
        parts.extend(f"<p>{escape(p)}</p>" for p in paragraphs(item.body))
        return "".join(parts)

    def item_link(self, item: Take) -> str:
        return _abs(display.take_path(item))

    def item_guid(self, item: Take) -> str:
        return self.item_link(item)

    def item_pubdate(self, item: Take) -> datetime | None:
        return item.publish_at or item.created_at

    def item_updateddate(self, item: Take) -> datetime:
        return item.updated_at

    def item_author_name(self, item: Take) -> str | None:
        return None if display.is_anonymous(item.symposium) else item.expert.name


class SymposiumRss(_TakeFeed):
    """RSS 2.0 feed of one symposium's public takes."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def get_object(self, request: HttpRequest, slug: str) -> Symposium:
        return get_symposium(slug)

    def title(self, obj: Symposium) -> str:
        return f"{obj.series}: {obj.question}"

    def link(self, obj: Symposium) -> str:
        return _abs(obj.get_absolute_url())

    def description(self, obj: Symposium) -> str:
        intro = obj.intro.strip() or obj.question
        return intro + (" (A fictional demo symposium.)" if obj.is_fictional else "")

    def feed_url(self, obj: Symposium) -> str:
        return _abs(
            f"{obj.get_absolute_url()}feed.{'atom' if self.feed_type is Atom1Feed else 'rss'}"
        )

    def items(self, obj: Symposium) -> list[Take]:
        return _newest(Take.objects.public().filter(symposium=obj))


class SymposiumAtom(SymposiumRss):
    """Atom feed of one symposium's public takes."""

    feed_type: type[SyndicationFeed] = Atom1Feed

    def subtitle(self, obj: Symposium) -> str:
        return self.description(obj)


class SiteRss(_TakeFeed):
    """RSS 2.0 feed of the newest public takes of every symposium."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def title(self) -> str:
        return f"{settings.SITE_NAME}: new expert takes"

    def link(self) -> str:
        return _abs("/")

    def description(self) -> str:
        return "The newest expert takes of every symposium."

    def feed_url(self) -> str:
        return _abs(f"/feed.{'atom' if self.feed_type is Atom1Feed else 'rss'}")

    def items(self) -> list[Take]:
        return _newest(Take.objects.public())


class SiteAtom(SiteRss):
    """Atom feed of the newest public takes of every symposium."""

    feed_type: type[SyndicationFeed] = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
