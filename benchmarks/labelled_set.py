"""Check a labelled symposium (takes, experts, answer key, typed claims) and print its structure.

    .venv/bin/python benchmarks/labelled_set.py benchmarks/heldout [benchmarks/heldout2 ...]

A labelled set is a folder with ``takes/<slug>.txt`` (``Pull-Quote:``,
``Image-Credit:`` and ``Bio:`` header lines, a blank line, the body),
``experts.json``, ``key.json`` (the schema of the demo's key) and
``claims.jsonl`` (every body sentence, in order, with its type). The check
fails with a one-line message when a key or claim sentence is not verbatim
in its expert's take, when ``claims.jsonl`` does not follow the sentence
splitter, when a key names an unknown expert, and so on.
"""

import json
import sys
from collections import Counter
from pathlib import Path

from symposia.core.claims import CLAIM_TYPES as _CLAIM_TYPES
from symposia.core.corpus import load_source_takes
from symposia.core.text import split_sentences

HERE = Path(".")  # set by main() to the folder being checked
CLAIM_TYPES = set(_CLAIM_TYPES)
OUTLOOKS = {"optimistic", "mixed", "pessimistic"}


def fail(msg):
    sys.exit(f"{HERE}: FAIL: {msg}")


def check(cond, msg):
    if not cond:
        fail(msg)


def main():
    global HERE
    folders = [Path(a) for a in sys.argv[1:]]
    if not folders:
        sys.exit("usage: labelled_set.py FOLDER [FOLDER ...]")
    for folder in folders:
        HERE = folder
        check_folder()


def _read(name):
    """The text of one file of the set, or a one-line failure naming it."""
    path = HERE / name
    if not path.is_file():
        fail(f"{name} is missing; a labelled set has takes/, experts.json, key.json, claims.jsonl")
    return path.read_text(encoding="utf-8")


def _json(text, where):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"{where}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})")


def check_folder():
    experts = _json(_read("experts.json"), "experts.json")
    slugs = [e["slug"] for e in experts]
    known = set(slugs)
    check(len(known) == len(slugs), f"{len(slugs) - len(known)} expert slug(s) appear twice")
    key = _json(_read("key.json"), "key.json")
    claims = [
        _json(line, f"claims.jsonl line {n}")
        for n, line in enumerate(_read("claims.jsonl").splitlines(), start=1)
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
            [f for f in fields if f != "Caption"] == ["Pull-Quote", "Image-Credit", "Bio"],
            f"{slug}: header lines are {list(fields)}; want Pull-Quote, [Caption,] "
            "Image-Credit, Bio",
        )
        check(
            fields["Image-Credit"].startswith("Image: "),
            f"{slug}: Image-Credit must start with 'Image: '",
        )
        check(fields["Pull-Quote"] in text[slug], f"{slug}: pull quote not verbatim in body")
        bios[slug] = fields["Bio"]
        check(fields["Bio"].split(" @")[0] not in text[slug], f"{slug}: body contains the bio")
        paras = [p for p in text[slug].split("\n\n") if p.strip()]
        check(len(paras) >= 2, f"{slug}: body has {len(paras)} paragraph(s); takes have several")

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
        # A horizon may come from the context ("in the same period"); the words may not.
        words = p["probability_words"]
        check(
            words is None or words.lower() in p["text"].lower(),
            f"prediction probability_words not in text: {words!r}",
        )
        # Words may come without a number ("the most likely outcome"), never the reverse.
        check(
            p["probability"] is None or p["probability_words"] is not None,
            f"prediction has a probability but no probability_words: {p['text'][:60]!r}",
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
