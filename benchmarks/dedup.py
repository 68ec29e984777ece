"""Near-duplicate benchmark: copies planted among the real AllSides articles, found by the real pipeline.

One command; prints the figures and writes ``benchmarks/results/dedup.json`` and ``dedup.md``::

    python benchmarks/dedup.py

Every AllSides article (``../shared/data/allsides-neus``) stays in the corpus as it is; for a
random sample of them, copies are planted as new raw documents with new ids, other outlets
and the same or a later date:

* ``exact``: the same text (spacing and quote marks may differ);
* ``syndicated x3``: three exact copies of one article on three sites (a wire story);
* edited copies: ``edited: boilerplate`` (a dateline/update stamp, a newsletter or
  copyright footer, a "Read more" line), ``edited: reordered`` (two paragraphs swapped),
  ``edited: words`` (three words changed), ``edited: shortened`` (the last paragraph cut),
  ``edited: all`` (all of these but the cut), ``edited: copy of a copy`` (a second-generation
  copy, reordered with words changed, of a first copy with words changed and boilerplate
  added, ``edited: words + boilerplate``; it may point at either, or at the first original);
* rewrites: ``rewrite: synonyms`` (common news words swapped for synonyms, order kept) and
  ``rewrite: synonyms + reordered`` (also the sentences of each paragraph shuffled). There is
  no machine-translation model offline, so no translations are planted; the synonym rewrite
  stands in for a paraphrase or a translation round trip.

The corpus goes through `storyline.clean.clean_batch` and `storyline.pipeline.cluster_corpus`.
A predicted link is correct when it points at the planted source or at the source's own
original (the pipeline points a copy of a copy at the first original). Any link made for an
unmodified real article is counted as false (they are listed for inspection).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from clustering import ALLSIDES, RESULTS, Doc, git_commit, load_allsides, md_table, require_data  # noqa: E402
from storyline import pipeline  # noqa: E402
from storyline.clean import clean_batch  # noqa: E402
from storyline.config import Config, load_config  # noqa: E402
from storyline.dedupe import normalised_words, shingles, text_fingerprint  # noqa: E402
from storyline.records import Article, CopyLink, RawDocument, Skipped, SourceInfo  # noqa: E402

#: real AllSides articles that are copies of each other (checked by hand): not false links.
KNOWN_REAL_COPIES = {
    ("as-5691-left", "as-5695-left"): "the same New York Times article, used by AllSides for two stories",
}
TARGET_PRECISION = 0.98
TARGET_RECALL_EDITED = 0.95

#: planted copies per kind (each from a different source article).
PLAN: dict[str, int] = {
    "exact": 40,
    "syndicated x3": 15,
    "edited: boilerplate": 40,
    "edited: reordered": 40,
    "edited: words": 40,
    "edited: shortened": 40,
    "edited: all": 40,
    "edited: copy of a copy": 20,
    "rewrite: synonyms": 40,
    "rewrite: synonyms + reordered": 40,
}

#: common news words and a synonym each (written for this benchmark).
SYNONYMS: dict[str, str] = {
    "said": "stated",
    "says": "states",
    "told": "informed",
    "announced": "declared",
    "reported": "disclosed",
    "officials": "authorities",
    "official": "spokesperson",
    "government": "administration",
    "people": "individuals",
    "president": "head of state",
    "lawmakers": "legislators",
    "bill": "legislation",
    "plan": "proposal",
    "new": "fresh",
    "big": "large",
    "large": "sizable",
    "major": "significant",
    "key": "crucial",
    "show": "indicate",
    "shows": "indicates",
    "showed": "indicated",
    "week": "seven days",
    "month": "thirty days",
    "after": "following",
    "before": "prior to",
    "because": "since",
    "but": "however",
    "also": "additionally",
    "more": "further",
    "many": "numerous",
    "help": "assist",
    "helped": "assisted",
    "need": "require",
    "needs": "requires",
    "began": "started",
    "start": "begin",
    "end": "conclude",
    "ended": "concluded",
    "about": "regarding",
    "against": "versus",
    "called": "labelled",
    "expected": "anticipated",
    "likely": "probably",
    "country": "nation",
    "nation's": "country's",
    "attack": "assault",
    "deal": "agreement",
    "vote": "ballot",
    "leaders": "chiefs",
    "leader": "chief",
    "top": "senior",
    "claims": "allegations",
    "think": "believe",
    "tried": "attempted",
    "try": "attempt",
    "use": "employ",
    "used": "employed",
    "get": "obtain",
    "got": "obtained",
    "statement": "communique",
    "wrote": "penned",
    "percent": "per cent",
    "workers": "employees",
    "kids": "children",
}

_FOOTERS = (
    "Copyright {year} {site}. All rights reserved. This material may not be published, broadcast, rewritten, "
    "or redistributed.",
    "Sign up for the {site} newsletter to get the day's top stories in your inbox.",
    "Follow {site} on Twitter and Facebook for breaking news updates.",
    "(Reporting by {name}; Editing by {name2})",
    "Read more: {other}",
)
_HEADERS = (
    "Updated {month} {day}, {year} at {hour}:{minute} p.m. ET",
    "By {name}, {site}",
    "{site} staff | Published {month} {day}, {year}",
)
_SITES = ("The Daily Ledger", "Metro Wire", "Northern Courier", "Bay Tribune", "Capital Post", "Valley Herald")
_NAMES = ("Jane Morrow", "Luis Ortega", "Priya Natarajan", "Tom Becker", "Ana Lima", "Kwame Mensah", "Lena Vogel")
_FILLERS = ("reportedly", "notably", "recently", "officially", "publicly", "largely")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“A-Z0-9])")


@dataclass(frozen=True)
class Planted:
    """A planted copy: its id, the article it copies, and how it was made."""

    id: str
    source: str
    kind: str


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def _fill(template: str, rng: random.Random, other_title: str) -> str:
    return template.format(
        year=2021,
        site=rng.choice(_SITES),
        name=rng.choice(_NAMES),
        name2=rng.choice(_NAMES),
        other=other_title,
        month=rng.choice(("May", "June", "July", "Aug.", "Sept.")),
        day=rng.randint(1, 28),
        hour=rng.randint(1, 11),
        minute=f"{rng.randint(0, 59):02d}",
    )


def add_boilerplate(text: str, rng: random.Random, other_title: str) -> str:
    """A header line (dateline, byline or update stamp) and one or two footer lines."""
    paras = _paragraphs(text)
    head = [_fill(rng.choice(_HEADERS), rng, other_title)] if rng.random() < 0.7 else []
    feet = [_fill(t, rng, other_title) for t in rng.sample(_FOOTERS, k=rng.randint(1, 2))]
    return "\n\n".join(head + paras + feet)


def reorder_paragraphs(text: str, rng: random.Random) -> str:
    """Two paragraphs swapped (the first two when there are only two)."""
    paras = _paragraphs(text)
    if len(paras) >= 2:
        i, j = rng.sample(range(len(paras)), 2)
        paras[i], paras[j] = paras[j], paras[i]
    return "\n\n".join(paras)


def change_words(text: str, rng: random.Random, count: int = 3) -> str:
    """``count`` words replaced: by a synonym where one is known, else by an adverb inserted before it."""
    spans = [m for m in _WORD.finditer(text) if len(m.group(0)) > 3]
    if not spans:
        return text
    chosen = sorted(rng.sample(spans, k=min(count, len(spans))), key=lambda m: m.start(), reverse=True)
    for m in chosen:
        word = m.group(0)
        swap = SYNONYMS.get(word.lower())
        new = (swap.capitalize() if word[0].isupper() else swap) if swap else f"{rng.choice(_FILLERS)} {word}"
        text = text[: m.start()] + new + text[m.end() :]
    return text


def shorten(text: str) -> str:
    """The last paragraph cut (a wire copy trimmed to fit), when there are at least three."""
    paras = _paragraphs(text)
    return "\n\n".join(paras[:-1]) if len(paras) >= 3 else text


def synonym_rewrite(text: str, reorder: bool, rng: random.Random) -> str:
    """Every word of `SYNONYMS` swapped; with ``reorder``, each paragraph's sentences shuffled too."""

    def swap(m: re.Match[str]) -> str:
        word = m.group(0)
        new = SYNONYMS.get(word.lower())
        if new is None:
            return word
        return new.capitalize() if word[0].isupper() else new

    paras = []
    for para in _paragraphs(text):
        para = _WORD.sub(swap, para)
        if reorder:
            sents = _SENTENCE_END.split(para)
            if len(sents) > 1:
                rng.shuffle(sents)
            para = " ".join(sents)
        paras.append(para)
    if reorder and len(paras) > 1:
        rng.shuffle(paras)
    return "\n\n".join(paras)


def respace(text: str, rng: random.Random) -> str:
    """The same words with typographic noise: straight/curly quotes, doubled spaces."""
    if rng.random() < 0.5:
        return text
    return text.replace("’", "'").replace("“", '"').replace("”", '"').replace(". ", ".  ")


def plant(docs: Sequence[Doc], seed: int) -> tuple[list[Doc], list[Planted]]:
    """Make the planted copies; each kind draws its own distinct sources."""
    rng = random.Random(seed)
    candidates = [d for d in docs if len(_paragraphs(d.raw.content)) >= 2]
    needed = sum(PLAN.values())
    sources = rng.sample(candidates, k=needed)
    titles = [d.raw.title or "" for d in docs]
    out: list[Doc] = []
    planted: list[Planted] = []
    serial = 0

    def emit(src: Doc, source_id: str, kind: str, title: str, content: str, days: int) -> str:
        nonlocal serial
        serial += 1
        new_id = f"cp-{serial:04d}"
        assert src.raw.published is not None
        raw = RawDocument(
            id=new_id,
            source=SourceInfo("planted", "jsonl", None, f"{kind} of {source_id}"),
            kind="text",
            content=content,
            title=title,
            published=src.raw.published + dt.timedelta(days=days),
            site=rng.choice(_SITES),
        )
        out.append(Doc(raw, src.gold, "planted"))
        planted.append(Planted(new_id, source_id, kind))
        return new_id

    pos = 0
    for kind, count in PLAN.items():
        for _ in range(count):
            src = sources[pos]
            pos += 1
            text, title = src.raw.content, src.raw.title or ""
            days = rng.choice((0, 0, 1, 2))
            other = rng.choice(titles)
            if kind == "exact":
                emit(src, src.raw.id, kind, title, respace(text, rng), days)
            elif kind == "syndicated x3":
                for _ in range(3):
                    emit(src, src.raw.id, kind, title, text, days)
            elif kind == "edited: boilerplate":
                emit(src, src.raw.id, kind, title, add_boilerplate(text, rng, other), days)
            elif kind == "edited: reordered":
                emit(src, src.raw.id, kind, title, reorder_paragraphs(text, rng), days)
            elif kind == "edited: words":
                emit(src, src.raw.id, kind, change_words(title, rng, 1), change_words(text, rng), days)
            elif kind == "edited: shortened":
                emit(src, src.raw.id, kind, title, shorten(text), days)
            elif kind == "edited: all":
                edited = add_boilerplate(change_words(reorder_paragraphs(text, rng), rng), rng, other)
                emit(src, src.raw.id, kind, change_words(title, rng, 1), edited, days)
            elif kind == "edited: copy of a copy":
                first_text = add_boilerplate(change_words(text, rng), rng, other)
                first = emit(src, src.raw.id, "edited: words + boilerplate", title, first_text, days)
                second_text = add_boilerplate(
                    reorder_paragraphs(change_words(_strip_boilerplate(first_text), rng), rng), rng, other
                )
                emit(src, first, kind, title, second_text, days + 1)
            elif kind.startswith("rewrite"):
                new_text = synonym_rewrite(text, reorder="reordered" in kind, rng=rng)
                emit(src, src.raw.id, kind, synonym_rewrite(title, False, rng), new_text, days)
    return out, planted


def _strip_boilerplate(text: str) -> str:
    """The body paragraphs of an edited copy (drops the lines `add_boilerplate` added)."""
    return "\n\n".join(p for p in _paragraphs(text) if len(p) > 120 or p.endswith((".", '"', "”")))


@dataclass
class Scored:
    """Link precision and recall of one run."""

    per_kind: dict[str, dict[str, Any]]
    precision: float
    correct_links: int
    predicted_links: int
    false_on_real: list[str]
    false_on_planted: list[str]
    known_real: list[str]
    recall_edited: float
    recall_exact: float
    recall_rewrite: float
    missed: dict[str, list[str]]


def score_links(
    result: Mapping[str, tuple[str, CopyLink | None]],
    planted: Sequence[Planted],
    gold: Mapping[str, str],
    skipped: Mapping[str, str],
) -> Scored:
    """Precision over every predicted link; recall per planted kind."""
    root = {aid: link.of for aid, (_, link) in result.items() if link is not None}
    by_copy = {p.id: p for p in planted}

    def targets(p: Planted) -> set[str]:
        ok = {p.source}
        src = p.source
        while src in by_copy:  # a planted copy of a planted copy: its original's source is fine too
            src = by_copy[src].source
            ok.add(src)
        return ok | {root[s] for s in list(ok) if s in root}

    per_kind: dict[str, dict[str, Any]] = {}
    missed: dict[str, list[str]] = {}
    correct = 0
    false_planted: list[str] = []
    for p in planted:
        row = per_kind.setdefault(p.kind, {"planted": 0, "found": 0, "same_story": 0, "skipped": 0, "kinds": Counter()})
        row["planted"] += 1
        if p.id in skipped:
            row["skipped"] += 1
            missed.setdefault(p.kind, []).append(f"{p.id} (of {p.source}): skipped by the cleaner: {skipped[p.id]}")
            continue
        story, link = result[p.id]
        src_story = result.get(p.source, ("?", None))[0]
        row["same_story"] += story == src_story
        if link is None:
            missed.setdefault(p.kind, []).append(f"{p.id} (of {p.source}): no link")
        elif link.of in targets(p):
            row["found"] += 1
            row["kinds"][link.kind] += 1
            correct += 1
        else:
            false_planted.append(f"{p.id} ({p.kind} of {p.source}) -> {link.of} ({link.kind} {link.similarity})")
    false_real: list[str] = []
    known_real: list[str] = []
    for aid, (_, link) in result.items():
        if link is None or aid in by_copy:
            continue
        pair = tuple(sorted((aid, link.of)))
        text = f"{aid} -> {link.of} ({link.kind} {link.similarity})"
        if pair in KNOWN_REAL_COPIES:
            known_real.append(f"{text}: {KNOWN_REAL_COPIES[pair]}")
        else:
            same = "same" if gold.get(aid) == gold.get(link.of) else "different"
            false_real.append(f"{text}; {same} gold story")
    correct += len(known_real)
    predicted = correct + len(false_planted) + len(false_real)
    for row in per_kind.values():
        row["recall"] = round(row["found"] / row["planted"], 4)
        row["kinds"] = dict(row["kinds"])

    def recall(prefix: str) -> float:
        rows = [r for k, r in per_kind.items() if k.startswith(prefix)]
        total = sum(r["planted"] for r in rows)
        return round(sum(r["found"] for r in rows) / total, 4) if total else 0.0

    return Scored(
        per_kind=per_kind,
        precision=round(correct / predicted, 4) if predicted else 1.0,
        correct_links=correct,
        predicted_links=predicted,
        false_on_real=false_real,
        false_on_planted=false_planted,
        known_real=known_real,
        recall_edited=recall("edited"),
        recall_exact=round(
            sum(per_kind[k]["found"] for k in ("exact", "syndicated x3"))
            / sum(per_kind[k]["planted"] for k in ("exact", "syndicated x3")),
            4,
        ),
        recall_rewrite=recall("rewrite"),
        missed=missed,
    )


def minhash_baseline(
    prepared: Sequence[pipeline.Prepared], jaccard: float | None
) -> dict[str, tuple[str, CopyLink | None]]:
    """A common recipe, as a peer: exact-text hash, then (unless ``jaccard`` is None) MinHash LSH over 5-word
    shingles (datasketch, 128 permutations) confirmed by the true Jaccard similarity ≥ ``jaccard``."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=jaccard, num_perm=128) if jaccard else None
    seen: dict[str, str] = {}
    sets: dict[str, set[str]] = {}
    out: dict[str, tuple[str, CopyLink | None]] = {}
    for p in prepared:
        art = p.article
        link: CopyLink | None = None
        fp = text_fingerprint(art.text)
        if fp in seen:
            link = CopyLink(art.id, seen[fp], "exact", 1.0)
        sh = shingles(normalised_words(art.title + " " + art.text), 5)
        mh = MinHash(num_perm=128)
        mh.update_batch([x.encode("utf-8") for x in sh])
        if link is None and lsh is not None and jaccard is not None:
            best = max(((len(sh & sets[c]) / max(len(sh | sets[c]), 1), c) for c in lsh.query(mh)), default=(0.0, ""))
            if best[0] >= jaccard:
                link = CopyLink(art.id, best[1], "near", round(best[0], 4))
        seen.setdefault(fp, art.id)
        if lsh is not None:
            sets[art.id] = sh
            lsh.insert(art.id, mh)
        out[art.id] = ("", link)
    return out


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Plant, clean, embed, place with the real pipeline, score; the peers and a small threshold sweep."""
    require_data(ALLSIDES)
    commit = git_commit()  # of the code that runs, taken before the long run
    config: Config = load_config(environ={})
    real = load_allsides()
    copies, planted = plant(real, args.seed)
    docs = real + copies
    gold = {d.raw.id: d.gold for d in docs}
    cleaned = clean_batch([d.raw for d in docs], config)
    articles = [a for a in cleaned if isinstance(a, Article)]
    skipped = {a.name: a.reason for a in cleaned if isinstance(a, Skipped)}
    started = time.perf_counter()
    prepared = pipeline.prepare_articles(articles, config)
    embed_seconds = time.perf_counter() - started
    started = time.perf_counter()
    result = pipeline.cluster_prepared(prepared, config)
    place_seconds = time.perf_counter() - started
    headline = score_links(result, planted, gold, skipped)
    peers = {}
    for name, jaccard in (
        ("exact text hash only", None),
        ("MinHash LSH, Jaccard ≥ 0.8", 0.8),
        ("MinHash LSH, Jaccard ≥ 0.5", 0.5),
    ):
        s = score_links(minhash_baseline(prepared, jaccard), planted, gold, skipped)
        peers[name] = {
            "precision": s.precision,
            "recall_exact": s.recall_exact,
            "recall_edited": s.recall_edited,
            "recall_rewrite": s.recall_rewrite,
            "correct_links": s.correct_links,
            "predicted_links": s.predicted_links,
        }
    sweep = []
    for near in (0.6, 0.7, 0.8):
        for rewrite in (0.84, 0.88, 0.92):
            cfg = config.with_overrides({"dedupe.near_threshold": near, "dedupe.rewrite_threshold": rewrite})
            s = score_links(pipeline.cluster_prepared(prepared, cfg), planted, gold, skipped)
            sweep.append(
                {
                    "near_threshold": near,
                    "rewrite_threshold": rewrite,
                    "precision": s.precision,
                    "recall_exact": s.recall_exact,
                    "recall_edited": s.recall_edited,
                    "recall_rewrite": s.recall_rewrite,
                    "false_on_real": len(s.false_on_real),
                    "false_on_planted": len(s.false_on_planted),
                }
            )
            print(f"  near {near} rewrite {rewrite}: P {s.precision} edited R {s.recall_edited}", file=sys.stderr)
    planted_articles = sum(1 for a in articles if a.id.startswith("cp-"))
    return {
        "benchmark": "dedup",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "command": "python " + " ".join(sys.argv),
        "machine": f"{os.cpu_count()} cores shared with other jobs",
        "seed": args.seed,
        "config": {"dedupe": dict(config.dedupe)},
        "real_articles": len(articles) - planted_articles,
        "planted": len(planted),
        "planted_skipped_by_cleaner": sum(1 for p in planted if p.id in skipped),
        "embed_seconds": round(embed_seconds, 1),
        "placement_seconds": round(place_seconds, 1),
        "precision": headline.precision,
        "correct_links": headline.correct_links,
        "predicted_links": headline.predicted_links,
        "recall_exact": headline.recall_exact,
        "recall_edited": headline.recall_edited,
        "recall_rewrite": headline.recall_rewrite,
        "per_kind": headline.per_kind,
        "peers": peers,
        "false_links_on_real_articles": headline.false_on_real,
        "true_links_between_real_articles": headline.known_real,
        "false_links_on_planted": headline.false_on_planted,
        "missed_examples": {k: v[:6] for k, v in headline.missed.items()},
        "sweep": sweep,
    }


def render(res: Mapping[str, Any]) -> str:
    """The markdown report."""
    cfg = res["config"]["dedupe"]
    out = [
        "## Near-duplicates and copies",
        f"_Run {res['when']} at commit {res['commit']}: `{res['command']}`; {res['machine']}; seed {res['seed']}; "
        f"embedding {res['embed_seconds']} s, placement {res['placement_seconds']} s; defaults "
        f"`near_threshold={cfg['near_threshold']}`, `rewrite_threshold={cfg['rewrite_threshold']}`, "
        f"`shingle={cfg['shingle']}`. {res['real_articles']} real AllSides articles + {res['planted']} planted copies "
        f"({res['planted_skipped_by_cleaner']} of them skipped by the cleaner)._\n",
        md_table(
            ["", "precision", "recall: exact", "recall: edited", "recall: rewrite", "links (correct / predicted)"],
            [
                [
                    "ours, defaults",
                    res["precision"],
                    res["recall_exact"],
                    res["recall_edited"],
                    res["recall_rewrite"],
                    f"{res['correct_links']} / {res['predicted_links']}",
                ],
                *[
                    [
                        name,
                        r["precision"],
                        r["recall_exact"],
                        r["recall_edited"],
                        r["recall_rewrite"],
                        f"{r['correct_links']} / {r['predicted_links']}",
                    ]
                    for name, r in res["peers"].items()
                ],
                [
                    "target",
                    f"≥ {TARGET_PRECISION}",
                    "",
                    f"≥ {TARGET_RECALL_EDITED}",
                    "",
                    "",
                ],
            ],
        ),
        "\n**Per kind** (recall = a link to the source or its original; same story = placed in the source's story)\n",
        md_table(
            ["kind", "planted", "found", "recall", "same story", "link kinds given"],
            [
                [
                    k,
                    r["planted"],
                    r["found"],
                    r["recall"],
                    r["same_story"],
                    ", ".join(f"{a} {b}" for a, b in r["kinds"].items()),
                ]
                for k, r in res["per_kind"].items()
            ],
        ),
        f"\nLinks between real articles that are true copies (checked by hand, counted correct): "
        f"{len(res['true_links_between_real_articles'])}"
        + "".join(f"\n- `{x}`" for x in res["true_links_between_real_articles"]),
        f"\nFalse links on unmodified real articles: {len(res['false_links_on_real_articles'])}"
        + "".join(f"\n- `{x}`" for x in res["false_links_on_real_articles"][:10]),
        f"\nWrong targets on planted copies: {len(res['false_links_on_planted'])}"
        + "".join(f"\n- `{x}`" for x in res["false_links_on_planted"][:10]),
        "\n**Threshold sweep** (`dedupe.near_threshold` × `dedupe.rewrite_threshold`, cached vectors)\n",
        md_table(
            ["near", "rewrite", "precision", "R exact", "R edited", "R rewrite", "false on real", "wrong target"],
            [
                [
                    r["near_threshold"],
                    r["rewrite_threshold"],
                    r["precision"],
                    r["recall_exact"],
                    r["recall_edited"],
                    r["recall_rewrite"],
                    r["false_on_real"],
                    r["false_on_planted"],
                ]
                for r in res["sweep"]
            ],
        ),
    ]
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    res = run(args)
    (RESULTS / "dedup.json").write_text(json.dumps(res, indent=1, default=str) + "\n")
    text = render(res)
    (RESULTS / "dedup.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
