"""The synthesis pipeline end to end, on fictional takes with the hashing embedder."""

from __future__ import annotations

import json
import resource
from dataclasses import replace
from pathlib import Path

import pytest

from symposia.core import registry
from symposia.core.embed import HashingEmbedder
from symposia.core.report import ExpertRef, Quote, TakeInput, iter_quotes, verify_quotes
from symposia.core.segment import is_clusterable
from symposia.core.synthesis import SynthesisSettings, synthesize
from symposia.core.text import split_sentences
from symposia.errors import ConfigError, InputError, SynthesisError, VerbatimError

from .synth_fixtures import fictional_takes


@pytest.fixture
def settings(tmp_path: Path) -> SynthesisSettings:
    return SynthesisSettings(embedder="hashing", cache_dir=tmp_path / "cache")


def _all_quotes(data: dict) -> list[dict]:
    found: list[dict] = []

    def walk(obj: object) -> None:
        if isinstance(obj, dict):
            if {"take", "text", "start", "end"} <= obj.keys() and "sha256" not in obj:
                found.append(obj)
            for key, value in obj.items():
                is_takes = key == "takes" and isinstance(value, list)
                if not is_takes or (value and "expert" not in value[0]):
                    walk(value)
        elif isinstance(obj, list):
            for value in obj:
                walk(value)

    walk({k: v for k, v in data.items() if k not in ("takes", "record")})
    return found


def test_same_input_gives_byte_identical_json(settings: SynthesisSettings) -> None:
    takes = fictional_takes()
    first = synthesize(takes, settings).to_json()
    second = synthesize(list(reversed(takes)), settings).to_json()
    assert first == second
    # And again with a cold cache in another directory.
    cold = synthesize(takes, replace(settings, cache_dir=settings.cache_dir.parent / "c2"))
    assert cold.to_json() == first


def test_every_quote_in_the_json_is_verbatim(settings: SynthesisSettings) -> None:
    report = synthesize(fictional_takes(), settings)
    data = json.loads(report.to_json())
    texts = {t["id"]: t["text"] for t in data["takes"]}
    quotes = _all_quotes(data)
    assert len(quotes) > 20
    for q in quotes:
        assert texts[q["take"]][q["start"] : q["end"]] == q["text"]
    for p in data["predictions"]:
        if p["horizon"]:
            h = p["horizon"]
            assert texts[p["quote"]["take"]][h["start"] : h["end"]] == h["text"]


def test_counts_are_computed_from_distinct_experts(settings: SynthesisSettings) -> None:
    takes = fictional_takes()
    report = synthesize(takes, settings)
    assert report.panel["experts"] == 12
    for theme in report.themes:
        quoted_experts = {q.expert for q in theme.quotes}
        assert quoted_experts <= set(theme.experts)
        assert len(quoted_experts) == len(theme.quotes)  # quotes from different experts
        assert 2 <= len(theme.quotes) <= 4
        assert theme.holders.count == len(set(theme.experts))
        assert theme.holders.display == f"{len(theme.experts)} of 12 experts"
    tally = report.outlook.panel
    assert tally.optimistic + tally.mixed + tally.pessimistic + tally.undetermined == 12
    assert sum(t.of for t in report.outlook.by_region.values()) == 12
    # Every fixture take has a best and a worst case.
    assert report.scenarios.best_case.count == 12
    assert report.scenarios.worst_case.count == 12


def test_quota_theme_is_found_and_held_by_most_experts(settings: SynthesisSettings) -> None:
    report = synthesize(fictional_takes(), settings)
    quota = [t for t in report.themes if "quota" in " ".join(t.key_phrases)]
    assert quota, [t.label for t in report.themes]
    assert max(t.holders.count for t in quota) >= 6


def test_outlook_follows_the_fixture(settings: SynthesisSettings) -> None:
    report = synthesize(fictional_takes(), settings)
    by_id = {e.expert: e for e in report.outlook.experts}
    # Even-numbered fixture takes carry the optimistic prediction, odd ones the pessimistic.
    assert by_id["ilsa-varn"].outlook == "optimistic"
    assert by_id["tomas-oquendo"].outlook == "pessimistic"
    assert by_id["tomas-oquendo"].deciding is not None


def test_predictions_carry_horizon_and_probability(settings: SynthesisSettings) -> None:
    report = synthesize(fictional_takes(), settings)
    texts = {p.quote.text: p for p in report.predictions}
    collapse = texts["The talks will almost certainly collapse into a deeper crisis."]
    assert collapse.probability == 0.93
    assert collapse.estimative_phrase == "almost certainly"
    year = texts["I expect a new agreement on the river within the next year."]
    assert year.horizon is not None and year.horizon.text == "within the next year"
    assert year.probability is None  # no estimative word: no invented figure


def test_brief_is_short_verbatim_and_attributed(settings: SynthesisSettings) -> None:
    report = synthesize(fictional_takes(), settings)
    assert 0 < report.brief.words <= 250
    for item in report.brief.items:
        assert f"“{item.quote.text}” ({item.quote.name})" in report.brief.text


def test_minority_view_is_kept(settings: SynthesisSettings) -> None:
    report = synthesize(fictional_takes(), settings)
    texts = [q.text for m in report.minority for q in m.quotes]
    assert any("hydropower company" in t for t in texts)
    for m in report.minority:
        assert 1 <= m.holders.count <= 2


def test_no_takes_is_a_clear_error(settings: SynthesisSettings) -> None:
    with pytest.raises(SynthesisError, match="no takes"):
        synthesize([], settings)


def test_duplicate_take_ids_are_an_input_error(settings: SynthesisSettings) -> None:
    take = fictional_takes(1)[0]
    with pytest.raises(InputError, match="appears twice"):
        synthesize([take, take], settings)


def test_bad_settings_are_a_config_error(settings: SynthesisSettings) -> None:
    with pytest.raises(ConfigError, match="consensus_share"):
        synthesize(fictional_takes(3), replace(settings, consensus_share=0))
    with pytest.raises(ConfigError, match="unknown embedder 'nope'"):
        synthesize(fictional_takes(3), replace(settings, embedder="nope"))


def test_one_take_says_what_it_could_not_do(settings: SynthesisSettings) -> None:
    report = synthesize(fictional_takes(1), settings)
    codes = {n.code for n in report.notices}
    assert "single_expert" in codes
    assert report.consensus == [] and report.contested == [] and report.minority == []
    assert report.outlook.panel.of == 1
    verify_quotes(report)


def test_take_in_another_language_is_reported_not_analysed(settings: SynthesisSettings) -> None:
    foreign = TakeInput(
        "lena-wirth",
        ExpertRef("lena-wirth", "Lena Wirth"),
        "Die Verhandlungen über den Fluss werden im nächsten Jahr scheitern, "
        "weil beide Regierungen auf ihren Forderungen beharren. Der Staudamm bleibt "
        "der eigentliche Streitpunkt zwischen beiden Ländern.",
    )
    report = synthesize([*fictional_takes(6), foreign], settings)
    notice = next(n for n in report.notices if n.code == "not_english")
    assert notice.takes == ["lena-wirth"]
    assert report.panel["experts"] == 6
    assert all(e.expert != "lena-wirth" for e in report.outlook.experts)
    only = synthesize([foreign], settings)
    assert {"not_english", "nothing_analysed"} <= {n.code for n in only.notices}
    assert only.themes == [] and only.predictions == []
    only.to_json()


def test_empty_take_is_reported(settings: SynthesisSettings) -> None:
    empty = TakeInput("blank", ExpertRef("blank", "Bo Blank"), "   \n ")
    report = synthesize([*fictional_takes(4), empty], settings)
    assert any(n.code == "empty_take" and n.takes == ["blank"] for n in report.notices)


def test_200000_word_take_is_handled_within_memory(settings: SynthesisSettings) -> None:
    sentence = "The river talks will need patience from both capitals and their negotiators. "
    huge = TakeInput("long", ExpertRef("long", "Lou Long"), sentence * 16_700)
    assert len(huge.text.split()) > 200_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = synthesize([*fictional_takes(5), huge], settings)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 500
    notice = next(n for n in report.notices if n.code == "take_truncated")
    assert notice.takes == ["long"]
    assert report.panel["experts"] == 6
    record = next(t for t in report.takes if t.id == "long")
    assert record.words > 200_000


def test_adding_one_take_embeds_only_its_new_sentences(settings: SynthesisSettings) -> None:
    calls: list[int] = []

    class CountingEmbedder(HashingEmbedder):
        def embed(self, texts):  # type: ignore[no-untyped-def]
            calls.append(len(texts))
            return super().embed(texts)

    registry.register("embedder", "counting", CountingEmbedder)
    counting = replace(settings, embedder="counting")
    takes = fictional_takes(12)
    takes[11] = replace(
        takes[11],
        text=takes[11].text + "\n\nSilt from the delta now clogs the old irrigation canals.",
    )
    synthesize(takes[:11], counting)
    first = sum(calls)
    calls.clear()

    def sentences(text: str) -> set[str]:
        return {s.of(text) for s in split_sentences(text) if is_clusterable(s.of(text))}

    old = set().union(*(sentences(t.text) for t in takes[:11]))
    new_sentences = sentences(takes[11].text) - old
    embedded: list[int] = []
    synthesize(takes, counting, embed_counter=embedded.append)
    assert first > 0
    assert sum(calls) == embedded[0] == len(new_sentences) == 1
    calls.clear()
    synthesize(takes, counting)
    assert sum(calls) == 0


def test_verbatim_check_fails_loudly_on_a_bad_quote(settings: SynthesisSettings) -> None:
    report = synthesize(fictional_takes(4), settings)
    theme = report.themes[0]
    good = theme.quotes[0]
    bad = Quote(good.take, good.expert, good.name, good.text + "!", good.start, good.end)
    report.themes[0] = replace(theme, quotes=[bad, *theme.quotes[1:]])
    with pytest.raises(VerbatimError, match="is not the text of take"):
        report.to_json()


def test_record_names_stages_inputs_and_settings(settings: SynthesisSettings) -> None:
    takes = fictional_takes(5)
    record = synthesize(takes, settings).record
    assert set(record["stages"]) == {
        "segmenter",
        "claim_typer",
        "embedder",
        "clusterer",
        "labeler",
        "outlook",
    }
    assert record["stages"]["embedder"]["name"] == "hashing"
    assert record["stages"]["clusterer"]["params"]["distance_threshold"] > 0
    assert [t["id"] for t in record["inputs"]["takes"]] == sorted(t.id for t in takes)
    assert len(record["inputs"]["sha256"]) == 64
    assert "api_key" not in json.dumps(record)


def test_changing_a_take_changes_the_input_hash(settings: SynthesisSettings) -> None:
    takes = fictional_takes(5)
    a = synthesize(takes, settings).record["inputs"]["sha256"]
    edited = [*takes[:4], replace(takes[4], text=takes[4].text + " One more sentence here.")]
    b = synthesize(edited, settings).record["inputs"]["sha256"]
    assert a != b


def test_quotes_found_by_iter_quotes_match_json(settings: SynthesisSettings) -> None:
    report = synthesize(fictional_takes(), settings)
    assert len(iter_quotes(report.themes)) == sum(len(t.quotes) for t in report.themes)


def test_progress_reports_every_stage(settings: SynthesisSettings) -> None:
    seen: set[str] = set()
    synthesize(fictional_takes(4), settings, lambda stage, done, total: seen.add(stage))
    assert {"segment", "embed", "cluster", "report"} <= seen


def test_takes_must_be_take_inputs(settings: SynthesisSettings) -> None:
    with pytest.raises(InputError, match="not a TakeInput"):
        synthesize(["just a string"], settings)  # type: ignore[list-item]


@pytest.mark.slow
def test_dask_fan_out_gives_the_same_report(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="needs pip install 'symposia[dask]'")
    takes = fictional_takes()
    local = SynthesisSettings(embedder="hashing", use_cache=False)
    fanned = replace(local, workers=1)
    assert synthesize(takes, fanned).to_json() == synthesize(takes, local).to_json()


@pytest.mark.model
def test_real_model_reports_are_byte_identical_cold_and_warm(tmp_path: Path) -> None:
    from .test_embed import _model_available

    if not _model_available():
        pytest.skip("the MiniLM model or its tokenizer is not installed (symposia model install)")
    takes = fictional_takes()
    cold = synthesize(takes, SynthesisSettings(cache_dir=tmp_path / "a")).to_json()
    again = synthesize(takes, SynthesisSettings(cache_dir=tmp_path / "b")).to_json()
    warm = synthesize(takes, SynthesisSettings(cache_dir=tmp_path / "a")).to_json()
    assert cold == again == warm
    assert json.loads(cold)["record"]["stages"]["embedder"]["model"]["sha256"].startswith("8199be")


@pytest.mark.model
def test_real_model_incremental_run_equals_a_cold_run(tmp_path: Path) -> None:
    # Vectors cached while synthesizing eleven takes must be exactly those a cold
    # run over all twelve computes: int8 embedding is per sentence, not per batch.
    from .test_embed import _model_available

    if not _model_available():
        pytest.skip("the MiniLM model or its tokenizer is not installed (symposia model install)")
    takes = fictional_takes()
    synthesize(takes[:11], SynthesisSettings(cache_dir=tmp_path / "inc"))
    incremental = synthesize(takes, SynthesisSettings(cache_dir=tmp_path / "inc")).to_json()
    cold = synthesize(takes, SynthesisSettings(cache_dir=tmp_path / "cold")).to_json()
    assert incremental == cold
