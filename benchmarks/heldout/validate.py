"""Validate the held-out 'Rhine low-water winter' symposium and print its structure.

Run from the project root:  .venv/bin/python benchmarks/heldout/validate.py
Exits non-zero with a one-line message on the first problem found.
"""

import json
import sys
from collections import Counter
from pathlib import Path

from symposia.core.claims import CLAIM_TYPES as _CLAIM_TYPES
from symposia.core.corpus import load_source_takes
from symposia.core.text import split_sentences

HERE = Path(__file__).resolve().parent
CLAIM_TYPES = set(_CLAIM_TYPES)
OUTLOOKS = {"optimistic", "mixed", "pessimistic"}


def fail(msg):
    sys.exit(f"validate.py: FAIL: {msg}")


def check(cond, msg):
    if not cond:
        fail(msg)


def main():
    experts = json.loads((HERE / "experts.json").read_text(encoding="utf-8"))
    slugs = [e["slug"] for e in experts]
    known = set(slugs)
    check(len(known) == len(slugs) == 16, f"expected 16 unique experts, got {len(slugs)}")
    key = json.loads((HERE / "key.json").read_text(encoding="utf-8"))
    claims = [
        json.loads(line)
        for line in (HERE / "claims.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]

    try:
        takes = load_source_takes(HERE / "takes")
    except Exception as exc:
        fail(f"load_source_takes raised {type(exc).__name__}: {exc}")
    text = {t.expert.id: t.text for t in takes}
    check(
        set(text) == known and len(takes) == len(slugs),
        f"take/expert mismatch: {sorted(set(text) ^ known)}",
    )

    # headers, pull quotes, length
    bios = {}
    for slug in slugs:
        raw = (HERE / "takes" / f"{slug}.txt").read_text(encoding="utf-8")
        head, _, _ = raw.partition("\n\n")
        fields = dict(line.split(": ", 1) for line in head.splitlines())
        check(
            list(fields) == ["Pull-Quote", "Image-Credit", "Bio"],
            f"{slug}: bad header lines {list(fields)}",
        )
        check(
            fields["Image-Credit"].startswith("Image: "),
            f"{slug}: Image-Credit must start with 'Image: '",
        )
        check(fields["Pull-Quote"] in text[slug], f"{slug}: pull quote not verbatim in body")
        bios[slug] = fields["Bio"]
        check(fields["Bio"].split(" @")[0] not in text[slug], f"{slug}: body contains the bio")
        words = len(text[slug].split())
        paras = [p for p in text[slug].split("\n\n") if p.strip()]
        check(330 <= words <= 520, f"{slug}: body has {words} words (want 330-520)")
        check(3 <= len(paras) <= 6, f"{slug}: body has {len(paras)} paragraphs (want 3-6)")

    # claims.jsonl: types, verbatim, exact coverage of the splitter's sentences in order
    by_expert = {}
    for i, c in enumerate(claims, 1):
        check(set(c) == {"expert", "text", "type"}, f"claims.jsonl line {i}: keys {sorted(c)}")
        check(c["expert"] in known, f"claims.jsonl line {i}: unknown expert {c['expert']}")
        check(c["type"] in CLAIM_TYPES, f"claims.jsonl line {i}: bad type {c['type']}")
        check(
            c["text"] in text[c["expert"]],
            f"claims.jsonl line {i}: text not verbatim in {c['expert']}",
        )
        by_expert.setdefault(c["expert"], []).append(c["text"])
    for slug in slugs:
        t = text[slug]
        sents = [t[s.start : s.end].strip() for s in split_sentences(t)]
        sents = [s for s in sents if s and s not in bios[slug]]
        got = by_expert.get(slug, [])
        for j, (a, b) in enumerate(zip(sents, got, strict=False)):
            check(a == b, f"{slug}: sentence {j + 1} splitter={a[:60]!r} claims={b[:60]!r}")
        check(
            len(sents) == len(got),
            f"{slug}: splitter gives {len(sents)} sentences, claims.jsonl has {len(got)}",
        )
    claim_set = {(c["expert"], c["text"]) for c in claims}
    claim_type = {(c["expert"], c["text"]): c["type"] for c in claims}

    def verbatim(expert, sentence, where):
        check(expert in known, f"{where}: unknown expert {expert}")
        check(
            (expert, sentence) in claim_set,
            f"{where}: not a sentence of {expert}: {sentence[:60]!r}",
        )

    # themes
    theme_ids = [t["id"] for t in key["themes"]]
    check(len(set(theme_ids)) == len(theme_ids), "duplicate theme ids")
    for t in key["themes"]:
        check(
            set(t) == {"id", "label", "description", "experts", "evidence"},
            f"theme {t['id']}: keys",
        )
        check(set(t["experts"]) == set(t["evidence"]), f"theme {t['id']}: experts != evidence keys")
        for e, ss in t["evidence"].items():
            check(ss, f"theme {t['id']}: empty evidence for {e}")
            for s in ss:
                verbatim(e, s, f"theme {t['id']}")
    sizes = {t["id"]: len(t["experts"]) for t in key["themes"]}
    check(key["majority"] == max(sizes, key=sizes.get), "majority is not the biggest theme")

    # contested
    for c in key["contested"]:
        sides = c["sides"]
        check(len(sides) == 2, f"contested {c['id']}: needs 2 sides")
        check(
            sides[0]["position"].startswith("Yes:") and sides[1]["position"].startswith("No:"),
            f"contested {c['id']}: positions must start 'Yes:' then 'No:'",
        )
        check(
            not set(sides[0]["experts"]) & set(sides[1]["experts"]),
            f"contested {c['id']}: sides overlap",
        )
        for sd in sides:
            check(
                set(sd["experts"]) == set(sd["evidence"]),
                f"contested {c['id']}: experts != evidence keys",
            )
            for e, ss in sd["evidence"].items():
                for s in ss:
                    verbatim(e, s, f"contested {c['id']}")

    # minority
    for m in key["minority"]:
        check(1 <= len(m["experts"]) <= 2, f"minority {m['id']}: needs 1-2 experts")
        check(
            set(m["experts"]) == set(m["evidence"]), f"minority {m['id']}: experts != evidence keys"
        )
        for e, ss in m["evidence"].items():
            check(len(ss) >= 3, f"minority {m['id']}: {e} has <3 evidence sentences")
            for s in ss:
                verbatim(e, s, f"minority {m['id']}")

    # outlook
    check(set(key["outlook"]) == known, "outlook must cover every expert")
    check(set(key["outlook"].values()) <= OUTLOOKS, "bad outlook label")
    check(set(key["outlook_sentence"]) == known, "outlook_sentence must cover every expert")
    for e, s in key["outlook_sentence"].items():
        verbatim(e, s, "outlook_sentence")

    # typed lists must equal the claims of that type
    for field, typ in [
        ("predictions", "prediction"),
        ("recommendations", "recommendation"),
        ("best_case", "best_case"),
        ("worst_case", "worst_case"),
    ]:
        items = key[field]
        for it in items:
            verbatim(it["expert"], it["text"], field)
            check(
                claim_type[(it["expert"], it["text"])] == typ,
                f"{field}: claims.jsonl type differs for {it['text'][:50]!r}",
            )
        check(
            len(items) == sum(1 for c in claims if c["type"] == typ),
            f"{field}: count differs from claims.jsonl",
        )
    for p in key["predictions"]:
        check(
            set(p) == {"expert", "text", "horizon", "probability_words", "probability"},
            "prediction keys",
        )
        for f in ("horizon", "probability_words"):
            check(
                p[f] is None or p[f].lower() in p["text"].lower(),
                f"prediction {f} not in text: {p[f]!r}",
            )
        check(
            (p["probability"] is None) == (p["probability_words"] is None),
            "probability/probability_words mismatch",
        )
    for r in key["recommendations"]:
        check(
            r["theme"] is None or r["theme"] in theme_ids,
            f"recommendation theme {r['theme']!r} unknown",
        )

    # structure report
    n_claims = Counter(c["type"] for c in claims)
    print("OK: held-out symposium is consistent")
    print(f"experts: {len(slugs)}; takes: {len(takes)}; sentences labelled: {len(claims)}")
    print(
        "themes: "
        + ", ".join(f"{t['id']}={len(t['experts'])}" for t in key["themes"])
        + f"; majority={key['majority']}"
    )
    for c in key["contested"]:
        print(
            f"contested {c['id']}: yes={len(c['sides'][0]['experts'])} "
            f"no={len(c['sides'][1]['experts'])}"
        )
    print("minority: " + ", ".join(f"{m['id']}={len(m['experts'])}" for m in key["minority"]))
    oc = Counter(key["outlook"].values())
    print("outlook: " + ", ".join(f"{k}={oc[k]}" for k in ("optimistic", "mixed", "pessimistic")))
    print("claim types: " + ", ".join(f"{k}={v}" for k, v in n_claims.most_common()))
    preds = key["predictions"]
    with_prob = sum(p["probability"] is not None for p in preds)
    with_h = sum(p["horizon"] is not None for p in preds)
    best_experts = len({b["expert"] for b in key["best_case"]})
    worst_experts = len({w["expert"] for w in key["worst_case"]})
    print(
        "key lists: "
        f"predictions={len(preds)} (with probability {with_prob}, with horizon {with_h}), "
        f"recommendations={len(key['recommendations'])}, "
        f"best_case={len(key['best_case'])} ({best_experts} experts), "
        f"worst_case={len(key['worst_case'])} ({worst_experts} experts)"
    )
    wc = [len(t.split()) for t in text.values()]
    print(f"take length: {min(wc)}-{max(wc)} words")


if __name__ == "__main__":
    main()
