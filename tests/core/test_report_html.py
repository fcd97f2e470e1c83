"""The standalone HTML page escapes everything it shows."""

from __future__ import annotations

from symposia.core.report import ExpertRef, TakeInput
from symposia.core.report_html import render_html
from symposia.core.synthesis import SynthesisSettings, synthesize

from .synth_fixtures import fictional_takes


def test_html_escapes_take_text_and_names() -> None:
    evil = TakeInput(
        "evil",
        ExpertRef("evil", "<script>alert(1)</script> Eve", "Velmark"),
        "The regional basin council should mediate <img src=x onerror=alert(2)> between "
        "Velmark and Ostria. The Harrow dam threatens the flow that Ostria depends on.",
    )
    report = synthesize(
        [*fictional_takes(6), evil], SynthesisSettings(embedder="hashing", use_cache=False)
    )
    page = render_html(report, title="Tovan <b>accord</b>")
    assert "<script>" not in page and "<img" not in page and "<b>accord" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Eve" in page
    assert page.count("<html") == 1 and page.rstrip().endswith("</html>")


def test_html_shows_every_section() -> None:
    report = synthesize(fictional_takes(), SynthesisSettings(embedder="hashing", use_cache=False))
    page = render_html(report)
    for heading in (
        "Brief",
        "Themes",
        "Consensus",
        "Contested",
        "Minority views",
        "Outlook",
        "Predictions",
        "Recommendations",
        "Scenarios",
        "How this was made",
    ):
        assert f"<h2>{heading}</h2>" in page
    assert report.themes[0].quotes[0].text.split(" ")[0] in page
