"""Entry points the CLI uses without knowing the apps' layout."""

from __future__ import annotations

from symposia.core.report import TakeInput


def takes_for_synthesis(
    slug: str, *, region: str = "", sector: str = "", gender: str = ""
) -> list[TakeInput]:
    """The published takes of symposium ``slug`` as synthesis input (sets Django up)."""
    from symposia.web import bootstrap

    bootstrap.check_database()
    from symposia.web.synthesis.services import takes_for_synthesis as load

    return load(slug, region=region, sector=sector, gender=gender)
