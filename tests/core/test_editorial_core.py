"""Slugs that never collide."""

from __future__ import annotations

from symposia.core.editorial import unique_slug


def test_unique_slug_counts_up_and_remembers():
    taken = {"ada-quill", "ada-quill-2"}
    assert unique_slug("Ada Quill", taken) == "ada-quill-3"
    assert unique_slug("Ada  Quill!", taken) == "ada-quill-4"
    assert unique_slug("Émile Zola", taken) == "emile-zola"
    assert unique_slug("???", taken, fallback="expert") == "expert"
    assert len(unique_slug("x" * 300, taken)) == 100
