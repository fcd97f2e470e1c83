"""The demo symposium data and its labelled key are complete and consistent.

These tests read the files directly (and through the pure loader), so a
broken take, a key sentence that drifted from its take or a panel that lost
its diversity fails here before it reaches a demo page or the benchmark.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from symposia.core.text import split_sentences
from symposia.demo import (
    CLAIM_TYPES,
    DATA_DIR,
    OUTLOOKS,
    REGIONS,
    SECTORS,
    DemoData,
    load_demo_data,
    parse_take,
)
from symposia.errors import InputError

TAKES = DATA_DIR / "takes"


@pytest.fixture(scope="module")
def data() -> DemoData:
    return load_demo_data()


@pytest.fixture(scope="module")
def experts() -> list[dict[str, Any]]:
    return json.loads((DATA_DIR / "experts.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def key() -> dict[str, Any]:
    return json.loads((DATA_DIR / "key.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def claims() -> list[dict[str, Any]]:
    lines = (DATA_DIR / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def bodies(data: DemoData) -> dict[str, str]:
    return {slug: take.body for slug, take in data.takes.items()}


# --- panel -----------------------------------------------------------------


def test_every_expert_has_exactly_one_take_and_every_take_an_expert(experts: list[Any]) -> None:
    slugs = [e["slug"] for e in experts]
    files = sorted(p.stem for p in TAKES.iterdir())
    assert sorted(p.name for p in TAKES.iterdir()) == sorted(f"{s}.txt" for s in slugs)
    assert files == sorted(slugs)


def test_slugs_are_unique_and_well_formed(experts: list[Any]) -> None:
    slugs = [e["slug"] for e in experts]
    assert len(slugs) == len(set(slugs))
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug


def test_at_least_thirty_experts(experts: list[Any]) -> None:
    assert len(experts) >= 30


def test_countries_are_two_letter_upper_case_codes(experts: list[Any]) -> None:
    for e in experts:
        assert re.fullmatch(r"[A-Z]{2}", e["country"]), e["slug"]


def test_regions_sectors_and_genders_come_from_the_allowed_lists(experts: list[Any]) -> None:
    for e in experts:
        assert e["region"] in REGIONS, e["slug"]
        assert e["sector"] in SECTORS, e["slug"]
        assert e["gender"] in ("woman", "man", "non-binary", None), e["slug"]
        assert isinstance(e["show_gender"], bool)
        assert e["email"] == f"{e['slug']}@example.org"
        assert e["honorific"] in ("Ph.D.", "")
        assert e["handle"] is None or e["handle"].startswith("@")


def test_regional_spread(experts: list[Any]) -> None:
    regions = Counter(e["region"] for e in experts)
    countries = Counter(e["country"] for e in experts if e["region"] == "East Asia")
    assert regions["East Asia"] >= 12
    assert regions["North America"] >= 8
    assert regions["Europe"] >= 5
    elsewhere = sum(
        n for r, n in regions.items() if r not in ("East Asia", "North America", "Europe")
    )
    assert elsewhere >= 3
    assert countries["KR"] >= 3 and countries["JP"] >= 1 and countries["CN"] >= 1


def test_north_americans_are_not_all_in_washington(experts: list[Any]) -> None:
    cities = {
        e["affiliation"].rsplit(", ", 1)[-1] for e in experts if e["region"] == "North America"
    }
    assert len(cities - {"D.C.", "Washington"}) >= 3


def test_the_panel_includes_a_defector_researcher_in_seoul(experts: list[Any]) -> None:
    assert any(
        e["country"] == "KR" and "left North Korea" in e["bio"] and "Seoul" in e["affiliation"]
        for e in experts
    )


def test_sectors_all_present_with_at_least_three_of_the_main_five(experts: list[Any]) -> None:
    sectors = Counter(e["sector"] for e in experts)
    assert set(sectors) == set(SECTORS)
    for sector in ("think_tank", "university", "former_government", "journalism", "business"):
        assert sectors[sector] >= 3, sector


def test_at_least_forty_percent_women_and_some_undisclosed(experts: list[Any]) -> None:
    genders = Counter(e["gender"] for e in experts)
    assert genders["woman"] / len(experts) >= 0.4
    assert 1 <= genders[None] <= 2
    assert all(not e["show_gender"] for e in experts if e["gender"] is None)


# --- takes -----------------------------------------------------------------


def test_take_bodies_are_250_to_700_words_and_vary(data: DemoData) -> None:
    counts = {slug: t.word_count for slug, t in data.takes.items()}
    for slug, n in counts.items():
        assert 250 <= n <= 700, (slug, n)
    assert min(counts.values()) < 300 and max(counts.values()) > 600


def test_takes_have_five_to_eight_paragraphs(data: DemoData) -> None:
    for slug, take in data.takes.items():
        assert 5 <= len(take.paragraphs) <= 8, slug


def test_pull_quote_is_a_verbatim_substring_of_the_body(data: DemoData) -> None:
    for slug, take in data.takes.items():
        assert take.pull_quote in take.body, slug
        assert take.pull_quote_span.of(take.body) == take.pull_quote


def test_bio_line_names_the_expert_and_handle(data: DemoData) -> None:
    for e in data.experts:
        bio = data.takes[e.slug].bio
        assert bio.startswith(e.name), e.slug
        if e.honorific:
            assert bio.startswith(f"{e.name}, {e.honorific}, is "), e.slug
        if e.handle:
            assert bio.endswith(e.handle), e.slug
        assert data.takes[e.slug].image_credit.startswith("Image: ")


def test_some_takes_use_typographic_punctuation_and_most_do_not(data: DemoData) -> None:
    curly = [s for s, t in data.takes.items() if re.search("[’“”–]", t.body)]
    assert 3 <= len(curly) <= len(data.takes) // 3


def test_no_text_is_copied_from_the_seed_takes(seeds_dir: Path, data: DemoData) -> None:
    def shingles(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"[a-z']+", text.lower().replace("’", "'"))
        return {tuple(words[i : i + 8]) for i in range(len(words) - 7)}

    seed = set().union(*(shingles(p.read_text(encoding="utf-8")) for p in seeds_dir.iterdir()))
    for slug, take in data.takes.items():
        assert not shingles(take.body) & seed, slug


# --- key -------------------------------------------------------------------


def _key_texts(key: dict[str, Any]) -> list[tuple[str, str]]:
    pairs = [(s, t) for s, t in key["outlook_sentence"].items()]
    for section in ("predictions", "recommendations", "best_case", "worst_case"):
        pairs += [(item["expert"], item["text"]) for item in key[section]]
    groups = key["themes"] + key["minority"] + [s for c in key["contested"] for s in c["sides"]]
    for group in groups:
        pairs += [(s, t) for s, texts in group.get("evidence", {}).items() for t in texts]
    return pairs


def test_every_slug_in_the_key_is_an_expert(key: dict[str, Any], bodies: dict[str, str]) -> None:
    named = [s for t in key["themes"] for s in t["experts"]]
    named += [s for m in key["minority"] for s in m["experts"]]
    named += [s for c in key["contested"] for side in c["sides"] for s in side["experts"]]
    named += list(key["outlook"]) + list(key["outlook_sentence"])
    named += [s for s, _ in _key_texts(key)]
    assert set(named) <= set(bodies)


def test_every_key_text_is_verbatim_in_that_experts_take(
    key: dict[str, Any], bodies: dict[str, str]
) -> None:
    pairs = _key_texts(key)
    assert len(pairs) > 200
    for slug, text in pairs:
        assert text in bodies[slug], (slug, text)


def test_every_expert_has_an_outlook_and_the_split_is_mixed(
    key: dict[str, Any], bodies: dict[str, str]
) -> None:
    assert set(key["outlook"]) == set(bodies) == set(key["outlook_sentence"])
    shares = Counter(key["outlook"].values())
    assert set(shares) == set(OUTLOOKS)
    n = len(bodies)
    assert 0.15 <= shares["optimistic"] / n <= 0.35
    assert 0.30 <= shares["mixed"] / n <= 0.50
    assert 0.25 <= shares["pessimistic"] / n <= 0.45


def test_theme_sizes_differ_and_the_majority_holds_sixty_percent(
    key: dict[str, Any], bodies: dict[str, str]
) -> None:
    sizes = {t["id"]: len(t["experts"]) for t in key["themes"]}
    assert len(sizes) == 5
    assert len(set(sizes.values())) == len(sizes)
    assert key["majority"] == max(sizes, key=lambda k: sizes[k])
    assert sizes[key["majority"]] / len(bodies) >= 0.6
    for t in key["themes"]:
        assert len(set(t["experts"])) == len(t["experts"])
        assert set(t["evidence"]) == set(t["experts"]), t["id"]


def test_most_experts_hold_several_views(key: dict[str, Any], bodies: dict[str, str]) -> None:
    held: Counter[str] = Counter(s for t in key["themes"] for s in t["experts"])
    assert all(held[s] >= 1 for s in bodies)
    assert sum(1 for s in bodies if held[s] >= 2) >= len(bodies) // 2


def test_the_contested_point_splits_the_panel_roughly_evenly(key: dict[str, Any]) -> None:
    (contested,) = key["contested"]
    yes, no = (set(side["experts"]) for side in contested["sides"])
    assert not yes & no
    assert len(yes) >= 8 and len(no) >= 8 and abs(len(yes) - len(no)) <= 4
    for side in contested["sides"]:
        assert set(side["evidence"]) == set(side["experts"])


def test_minority_views_have_one_or_two_experts(key: dict[str, Any]) -> None:
    assert 2 <= len(key["minority"]) <= 3
    for m in key["minority"]:
        assert 1 <= len(m["experts"]) <= 2, m["id"]
        assert set(m["evidence"]) == set(m["experts"])


def test_every_take_makes_a_prediction_with_horizon_and_probability_words(
    key: dict[str, Any], bodies: dict[str, str]
) -> None:
    full = {p["expert"] for p in key["predictions"] if p["horizon"] and p["probability_words"]}
    assert full == set(bodies)
    for p in key["predictions"]:
        if p["probability"] is not None:
            assert 0 < p["probability"] < 1


def test_most_takes_recommend_and_many_sketch_best_and_worst_cases(
    key: dict[str, Any], bodies: dict[str, str]
) -> None:
    recommenders = {r["expert"] for r in key["recommendations"]}
    assert len(recommenders) >= 0.75 * len(bodies)
    theme_ids = {t["id"] for t in key["themes"]}
    assert all(r["theme"] is None or r["theme"] in theme_ids for r in key["recommendations"])
    both = {b["expert"] for b in key["best_case"]} & {w["expert"] for w in key["worst_case"]}
    assert len(both) >= 15


# --- claims ----------------------------------------------------------------


def test_claims_are_verbatim_and_cover_every_sentence_of_labelled_takes(
    claims: list[dict[str, Any]], bodies: dict[str, str]
) -> None:
    by_expert: dict[str, list[str]] = {}
    for c in claims:
        assert c["text"] in bodies[c["expert"]], c
        by_expert.setdefault(c["expert"], []).append(c["text"])
    assert len(by_expert) >= 20
    for slug, texts in by_expert.items():
        body = bodies[slug]
        assert texts == [s.of(body) for s in split_sentences(body)], slug


def test_claims_have_enough_of_every_type(claims: list[dict[str, Any]]) -> None:
    assert len(claims) >= 300
    types = Counter(c["type"] for c in claims)
    assert set(types) == set(CLAIM_TYPES)
    for kind in CLAIM_TYPES:
        assert types[kind] >= 10, kind


def test_claims_agree_with_the_key(claims: list[dict[str, Any]], key: dict[str, Any]) -> None:
    typed = {(c["expert"], c["text"]): c["type"] for c in claims}
    sections = {
        "predictions": "prediction",
        "recommendations": "recommendation",
        "best_case": "best_case",
        "worst_case": "worst_case",
    }
    for section, kind in sections.items():
        for item in key[section]:
            assert typed[(item["expert"], item["text"])] == kind, item


def test_loader_offsets_point_at_the_claim_text(data: DemoData) -> None:
    assert len(data.claims) >= 300
    for claim in data.claims:
        assert claim.span.of(data.takes[claim.expert].body) == claim.text


def test_headline_and_editor_note(data: DemoData) -> None:
    s = data.symposium
    assert s.headline("Mina Cho") == (
        "After Ulaanbaatar – We Asked Mina Cho What Happens Next on the Korean Peninsula"
    )
    before, link, after = s.editor_note(len(data.takes))
    assert f"all {len(data.takes)} expert takes" in before
    assert link == "here" and "{count}" not in before + after
    assert len(s.intro_paragraphs) == 2
    assert s.opens_at < s.closes_at <= s.publish_start


# --- loader errors ----------------------------------------------------------


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_clean_copy_loads(copy: Path) -> None:
    assert len(load_demo_data(copy).takes) == len(load_demo_data().takes)


def test_unknown_take_header_names_file_and_line(copy: Path) -> None:
    _edit(copy / "takes" / "seo-yeon-baek.txt", "Bio: ", "Foo: ")
    with pytest.raises(InputError) as err:
        load_demo_data(copy)
    msg = str(err.value)
    assert "takes/seo-yeon-baek.txt line 3: unknown header 'Foo'" in msg
    assert "use Pull-Quote, Caption, Image-Credit or Bio" in msg


def test_missing_bio_header(copy: Path) -> None:
    path = copy / "takes" / "tae-ho-kwak.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(line for line in lines if not line.startswith("Bio:")), "utf-8")
    with pytest.raises(InputError, match=r"tae-ho-kwak.txt line 3: missing header 'Bio'"):
        load_demo_data(copy)


def test_pull_quote_that_is_not_in_the_body(copy: Path) -> None:
    _edit(copy / "takes" / "min-ji-oh.txt", "Pull-Quote: A summit", "Pull-Quote: A meeting")
    with pytest.raises(InputError, match=r"min-ji-oh.txt line 1: the pull quote is not verbatim"):
        load_demo_data(copy)


def test_two_blank_lines_between_paragraphs(copy: Path) -> None:
    path = copy / "takes" / "lin-yuhan.txt"
    _edit(path, "every morning.\n\n", "every morning.\n\n\n")
    with pytest.raises(InputError, match=r"lin-yuhan.txt line 8: two blank lines in a row"):
        load_demo_data(copy)


def test_header_line_without_colon() -> None:
    with pytest.raises(InputError, match=r"x.txt line 2: expected 'Header: value'"):
        parse_take("Pull-Quote: Hi.\nno colon here\n\nHi.", "x", "x.txt")


def test_take_without_body() -> None:
    with pytest.raises(InputError, match="has no body"):
        parse_take("Pull-Quote: Hi.\nImage-Credit: Image: X\nBio: Y\n\n\n", "x", "x.txt")


def test_extra_take_file_without_expert(copy: Path) -> None:
    shutil.copy(copy / "takes" / "min-ji-oh.txt", copy / "takes" / "nobody-here.txt")
    with pytest.raises(InputError, match=r"takes/nobody-here.txt: no expert with slug"):
        load_demo_data(copy)


def test_expert_without_take_file(copy: Path) -> None:
    (copy / "takes" / "min-ji-oh.txt").unlink()
    with pytest.raises(InputError, match=r"takes/min-ji-oh.txt: missing"):
        load_demo_data(copy)


def test_bad_region_names_the_line_of_the_expert(copy: Path) -> None:
    path = copy / "experts.json"
    raw = path.read_text(encoding="utf-8")
    slug_line = raw[: raw.index('"slug": "tae-ho-kwak"')].count("\n") + 1
    _edit(
        path,
        '"region": "East Asia",\n    "sector": "business"',
        '"region": "Asia",\n    "sector": "business"',
    )
    with pytest.raises(InputError) as err:
        load_demo_data(copy)
    assert f"experts.json line {slug_line} (expert 'tae-ho-kwak'): field 'region' is 'Asia'" in str(
        err.value
    )
    assert "East Asia" in str(err.value)


def test_duplicate_slug(copy: Path) -> None:
    path = copy / "experts.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    rows.append(dict(rows[0]))
    path.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    with pytest.raises(InputError, match="is used twice"):
        load_demo_data(copy)


def test_invalid_json_reports_the_line(copy: Path) -> None:
    path = copy / "symposium.json"
    _edit(path, '"takes_per_day": 8,', '"takes_per_day": 8,,')
    line = path.read_text(encoding="utf-8").split("\n").index('  "takes_per_day": 8,,') + 1
    with pytest.raises(InputError, match=rf"symposium.json line {line}: invalid JSON"):
        load_demo_data(copy)


def test_symposium_dates_out_of_order(copy: Path) -> None:
    _edit(copy / "symposium.json", '"2026-09-21T17:00:00Z"', '"2026-08-21T17:00:00Z"')
    with pytest.raises(InputError, match="out of order"):
        load_demo_data(copy)


def test_editor_note_needs_count_and_link(copy: Path) -> None:
    _edit(copy / "symposium.json", "{count}", "many")
    with pytest.raises(InputError, match="editor_note_template"):
        load_demo_data(copy)


def test_claims_row_with_unknown_type_names_its_line(copy: Path) -> None:
    path = copy / "claims.jsonl"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[41] = lines[41].replace('"type": "', '"type": "guess-')
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError, match=r"claims.jsonl line 42: unknown type 'guess-"):
        load_demo_data(copy)


def test_claims_row_that_is_not_verbatim(copy: Path) -> None:
    path = copy / "claims.jsonl"
    lines = path.read_text(encoding="utf-8").split("\n")
    row = json.loads(lines[9])
    row["text"] = row["text"].replace(" ", "  ", 1)
    lines[9] = json.dumps(row, ensure_ascii=False)
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError, match=r"claims.jsonl line 10: text is not a verbatim sentence"):
        load_demo_data(copy)


def test_claims_row_that_is_not_json(copy: Path) -> None:
    path = copy / "claims.jsonl"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2][:-1]
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError, match=r"claims.jsonl line 3: invalid JSON"):
        load_demo_data(copy)


def test_key_with_unknown_expert(copy: Path) -> None:
    path = copy / "key.json"
    key = json.loads(path.read_text(encoding="utf-8"))
    key["minority"][0]["experts"].append("nobody-here")
    path.write_text(json.dumps(key, indent=2, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError, match=r"key.json line \d+: .* unknown expert 'nobody-here'"):
        load_demo_data(copy)


def test_key_text_that_drifted_from_its_take(copy: Path) -> None:
    path = copy / "key.json"
    key = json.loads(path.read_text(encoding="utf-8"))
    key["predictions"][3]["text"] += " Or not."
    path.write_text(json.dumps(key, indent=2, ensure_ascii=False), encoding="utf-8")
    raw = path.read_text(encoding="utf-8")
    line = raw[: raw.index(" Or not.")].count("\n") + 1
    with pytest.raises(InputError) as err:
        load_demo_data(copy)
    assert f"key.json line {line}: predictions[3].text is not a verbatim part" in str(err.value)


def test_key_without_outlook_for_an_expert(copy: Path) -> None:
    path = copy / "key.json"
    key = json.loads(path.read_text(encoding="utf-8"))
    del key["outlook"]["min-ji-oh"]
    path.write_text(json.dumps(key, indent=2, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError, match="'min-ji-oh' has outlook None"):
        load_demo_data(copy)


def test_missing_file(copy: Path) -> None:
    (copy / "claims.jsonl").unlink()
    with pytest.raises(InputError, match=r"claims.jsonl: file not found"):
        load_demo_data(copy)
