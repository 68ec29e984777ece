"""Story clustering benchmark: our clusterer against baselines, on real multi-source news.

One command prints our figures and the baselines' side by side, from the same run, and
writes ``benchmarks/results/clustering.json`` and ``clustering.md``::

    python benchmarks/clustering.py                  # quality, baselines, threshold sweep, speed
    python benchmarks/clustering.py --scale 10000    # synthetic stream: articles/s and memory at 10k

Pools (read from ``../shared/data``, never copied into the repository):

* AllSides: the 1,377 articles of ``allsides-neus/allsides_fullbody_stories.jsonl`` in 472
  stories. Articles carry no date of their own; each gets its story's ``date``.
* Multi-News: the 516 raw, untruncated documents of ``multinews/raw_untruncated_test_sample.jsonl.gz``
  in 196 clusters (no dates). Some documents are Twitter/Wayback crawl junk: they are
  labelled from the Multi-News+ relevance votes of ``test_first1000.truncated.jsonl.gz``
  (where the cluster is in that file) and from crawl-notice patterns, and the figures
  are given with and without them (junk included is the headline).
* The union of both, as one corpus.

Our path is the real one: raw documents → `storyline.clean.clean_batch` →
`storyline.pipeline.cluster_corpus`. A document the cleaner skips counts as a
singleton story. Scores: B-cubed precision/recall/F1 and the adjusted Rand index.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gzip
import hashlib
import importlib
import importlib.util
import json
import os
import pickle
import random
import re
import resource
import subprocess
import sys
import time
import types
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from storyline.cluster import StoryClusterer
from storyline.config import Config, load_config
from storyline.dedupe import DuplicateIndex
from storyline.engine import LocalEngine
from storyline.records import Article, CopyLink, RawDocument, Skipped, SourceInfo

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
RESULTS = Path(__file__).resolve().parent / "results"
ALLSIDES = DATA / "allsides-neus" / "allsides_fullbody_stories.jsonl"
MULTINEWS_RAW = DATA / "multinews" / "raw_untruncated_test_sample.jsonl.gz"
MULTINEWS_TRUNCATED = DATA / "multinews" / "test_first1000.truncated.jsonl.gz"

#: reference figures of the TF-IDF baseline measured before this script existed (B-cubed F1).
REFERENCE_TFIDF = {"allsides": {"tuned": 0.774, "carried": 0.740}, "multinews": {"tuned": 0.850, "carried": 0.825}}
#: the issue's targets.
TARGET_F1 = 0.95
TARGET_RATE = 300.0
TARGET_MEMORY_GB = 4.0
#: Multi-News+ voters: a document with at least this many of 5 "irrelevant" votes is junk.
JUNK_VOTES = 3
#: crawl notices and widget text that make a raw Multi-News document junk wherever it appears.
CRAWL_JUNK = re.compile(
    r"Tweet with a location|Alexa Internet has been donating|These crawls are part of an effort"
    r"|The seed for \S+ was|Focused crawls are collections",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"\w+")
# stage modules that pipeline.py imports only to build stories (not used by cluster_corpus)
_STORY_STAGES = (
    "clean",
    "consolidate",
    "dates",
    "entities",
    "ingest",
    "quotes",
    "sentences",
    "summarize",
    "timeline",
    "verify",
)


# --------------------------------------------------------------------------- pipeline import


def import_pipeline() -> tuple[types.ModuleType, list[str]]:
    """Import `storyline.pipeline`, standing in for stage modules that do not exist yet.

    ``pipeline.py`` imports every stage at the top, including the story-building ones
    (entities, dates, quotes). `cluster_corpus`, `prepare_articles` and `place` use none
    of them, so when such a module is missing from the checkout an empty placeholder is
    registered and the benchmark still measures the real clustering path.

    Returns:
        The module and the names of the stand-in modules (empty when none was needed).
    """
    stubbed: list[str] = []
    try:
        return importlib.import_module("storyline.pipeline"), stubbed
    except ImportError:
        pass
    import storyline

    for name in _STORY_STAGES:
        full = f"storyline.{name}"
        if full not in sys.modules and importlib.util.find_spec(full) is None:
            module = types.ModuleType(full, "stand-in: missing from the checkout (benchmarks only)")
            sys.modules[full] = module
            setattr(storyline, name, module)
            stubbed.append(name)
    return importlib.import_module("storyline.pipeline"), stubbed


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Doc:
    """A raw document of a pool with its gold story and junk labels."""

    raw: RawDocument
    gold: str
    pool: str
    vote_junk: bool = False
    pattern_junk: bool = False


@dataclass
class JunkLinking:
    """How the raw Multi-News documents were linked to the Multi-News+ relevance votes."""

    clusters: int = 0
    clusters_in_votes_file: int = 0
    documents_in_those_clusters: int = 0
    documents_matched: int = 0
    matched_at_same_position: int = 0
    vote_junk: int = 0
    pattern_junk: int = 0
    pattern_junk_in_linked_clusters: int = 0
    junk_union: int = 0
    examples: list[str] = field(default_factory=list)


def require_data(*paths: Path) -> None:
    """Exit with a clear message when the shared data is not where the benchmark expects it."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        sys.exit(
            "benchmark data not found:\n  " + "\n  ".join(missing) + "\n"
            f"The benchmarks read the shared evaluation data from {DATA} (a sibling of the repository); "
            "see its SOURCE.md files for where it comes from."
        )


def story_date(value: str) -> dt.date:
    """The calendar date of an AllSides story timestamp such as ``2021-10-18T11:30:00-07:00``."""
    return dt.date.fromisoformat(value[:10])


def load_allsides() -> list[Doc]:
    """AllSides articles as raw documents; the date is the story's (articles have none)."""
    docs: list[Doc] = []
    with ALLSIDES.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            story = json.loads(line)
            for side in ("left", "center", "right"):
                item = story["news"].get(side)
                if not item or not item.get("newBody"):
                    continue
                body = item["newBody"]
                content = "\n\n".join(body) if isinstance(body, list) else str(body)
                raw = RawDocument(
                    id=f"as-{story['id']}-{side}",
                    source=SourceInfo(str(ALLSIDES.name), "jsonl", item.get("newsLink"), str(number)),
                    kind="text",
                    content=content,
                    title=item.get("newsTitle") or None,
                    published=story_date(story["date"]),
                    site=item.get("newsSource") or None,
                )
                docs.append(Doc(raw, f"as:{story['id']}", "allsides"))
    return docs


def _tokens(text: str, limit: int) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text[: limit * 12])][:limit]


def _match_votes(documents: Sequence[str], truncated: Sequence[str]) -> list[int | None]:
    """For each raw document, the position of the truncated document it is (by opening words)."""
    trunc_sets = [set(_tokens(t, 400)) for t in truncated]
    out: list[int | None] = []
    for text in documents:
        head = set(_tokens(text, 40))
        if not head:
            out.append(None)
            continue
        overlaps = [len(head & ts) / len(head) for ts in trunc_sets]
        best = int(np.argmax(overlaps)) if overlaps else -1
        out.append(best if best >= 0 and overlaps[best] >= 0.6 else None)
    return out


def load_multinews() -> tuple[list[Doc], JunkLinking]:
    """Multi-News raw documents, junk-labelled from the Multi-News+ votes and crawl patterns.

    Linking: a raw cluster's ``multinews_plus_idx`` equals the truncated file's ``idx``; inside
    the cluster each raw document is matched to the truncated document whose text holds its
    opening words (the truncated text is lower-cased and tokenised, so the comparison is on
    lower-cased word tokens). Position alone is not trusted: one cluster has a document fewer
    in the raw version.
    """
    votes: dict[int, dict[str, Any]] = {}
    with gzip.open(MULTINEWS_TRUNCATED, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            votes[int(rec["idx"])] = rec
    report = JunkLinking()
    docs: list[Doc] = []
    with gzip.open(MULTINEWS_RAW, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            report.clusters += 1
            row = rec["sample_row"]
            idx = rec.get("multinews_plus_idx")
            voted = votes.get(int(idx)) if idx is not None else None
            positions: list[int | None] = [None] * len(rec["documents"])
            if voted is not None:
                report.clusters_in_votes_file += 1
                report.documents_in_those_clusters += len(rec["documents"])
                positions = _match_votes(rec["documents"], voted["raw_document"])
            for k, text in enumerate(rec["documents"]):
                vote_junk = False
                if voted is not None and positions[k] is not None:
                    report.documents_matched += 1
                    report.matched_at_same_position += positions[k] == k
                    vote_junk = int(voted["vote_count"][str(positions[k])]) >= JUNK_VOTES
                pattern_junk = bool(CRAWL_JUNK.search(text[:600]))
                report.vote_junk += vote_junk
                report.pattern_junk += pattern_junk
                report.pattern_junk_in_linked_clusters += pattern_junk and voted is not None
                report.junk_union += vote_junk or pattern_junk
                doc_id = f"mn-{row}-{k}"
                if (vote_junk or pattern_junk) and len(report.examples) < 12:
                    flag = "votes+pattern" if vote_junk and pattern_junk else "votes" if vote_junk else "pattern"
                    report.examples.append(f"{doc_id} ({flag}): {text[:70]!r}")
                raw = RawDocument(
                    id=doc_id,
                    source=SourceInfo(str(MULTINEWS_RAW.name), "jsonl", None, f"{row}/{k}"),
                    kind="text",
                    content=text,
                )
                docs.append(Doc(raw, f"mn:{row}", "multinews", vote_junk, pattern_junk))
    return docs, report


# --------------------------------------------------------------------------- cleaning and embedding


@dataclass
class Pool:
    """One evaluation corpus after cleaning."""

    name: str
    docs: list[Doc]
    articles: list[Article]
    skipped: dict[str, str]
    clean_seconds: float

    @property
    def gold(self) -> dict[str, str]:
        """Every document id → its gold story."""
        return {d.raw.id: d.gold for d in self.docs}


def clean_pool(name: str, docs: list[Doc], config: Config) -> Pool:
    """Run the real cleaner over a pool as one batch; skipped documents are remembered with their reason."""
    started = time.perf_counter()
    results = clean_batch([d.raw for d in docs], config)
    seconds = time.perf_counter() - started
    articles = [r for r in results if isinstance(r, Article)]
    skipped = {r.name: r.reason for r in results if isinstance(r, Skipped)}
    return Pool(name, docs, articles, skipped, seconds)


def clean_batch(docs: Sequence[RawDocument], config: Config) -> list[Article | Skipped]:
    """`storyline.clean.clean_batch`, imported late so a missing module gives a clear error."""
    from storyline.clean import clean_batch as real_clean_batch

    return real_clean_batch(docs, config)


class RecordingEngine:
    """A `LocalEngine` that keeps what the workers produced and the time spent producing it.

    `cluster_corpus` accepts an engine; through this one the benchmark keeps the prepared
    articles (sentences, vectors) of the real run, so the threshold sweep re-places them
    without embedding again, and can tell embedding time from placement time.
    """

    def __init__(self) -> None:
        self.inner = LocalEngine()
        self.prepared: list[Any] = []
        self.seconds = 0.0
        self.cpu_seconds = 0.0

    def map_chunks(self, factory: Any, chunks: Sequence[list[Any]], config: Config) -> Iterator[list[Any]]:
        """Delegate to the local engine, timing each chunk and recording its result."""
        results = self.inner.map_chunks(factory, chunks, config)
        while True:
            started, cpu = time.perf_counter(), time.process_time()
            try:
                result = next(results)
            except StopIteration:
                self.seconds += time.perf_counter() - started
                self.cpu_seconds += time.process_time() - cpu
                return
            self.seconds += time.perf_counter() - started
            self.cpu_seconds += time.process_time() - cpu
            self.prepared.extend(result)
            yield result

    def reset(self) -> None:
        """Forget recorded results and time (the loaded model stays)."""
        self.prepared = []
        self.seconds = 0.0
        self.cpu_seconds = 0.0

    def close(self) -> None:
        """Release the worker and its model."""
        self.inner.close()


class TimedIndex:
    """Wraps a `DuplicateIndex` and adds up the time spent in ``add``."""

    def __init__(self, index: DuplicateIndex) -> None:
        self.index = index
        self.seconds = 0.0

    def add(self, article: Article, sentence_vectors: np.ndarray) -> CopyLink | None:
        """Time the real ``add``."""
        started = time.perf_counter()
        try:
            return self.index.add(article, sentence_vectors)
        finally:
            self.seconds += time.perf_counter() - started


class TimedClusterer:
    """Wraps a `StoryClusterer` and adds up the time spent in ``assign`` and ``add_to``."""

    def __init__(self, clusterer: StoryClusterer) -> None:
        self.clusterer = clusterer
        self.seconds = 0.0

    def assign(self, *args: Any, **kwargs: Any) -> Any:
        """Time the real ``assign``."""
        started = time.perf_counter()
        try:
            return self.clusterer.assign(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started

    def add_to(self, *args: Any, **kwargs: Any) -> None:
        """Time the real ``add_to``."""
        started = time.perf_counter()
        try:
            self.clusterer.add_to(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started


@dataclass
class Placement:
    """The outcome of placing prepared articles with one configuration."""

    result: dict[str, tuple[str, CopyLink | None]]
    seconds: float
    dedupe_seconds: float
    cluster_seconds: float
    merged_into: dict[str, str] = field(default_factory=dict)


def placement_order(prepared: Sequence[Any]) -> list[Any]:
    """The order `prepare_articles` returns: date (undated last), then id."""
    return sorted(prepared, key=lambda p: (p.article.published or dt.date.max, p.article.id))


def place_all(
    pipeline: types.ModuleType,
    prepared: Sequence[Any],
    config: Config,
    checkpoint: Callable[[int, float], bool] | None = None,
) -> Placement:
    """Place prepared articles with a fresh duplicate index and clusterer, as `pipeline.run` does.

    Every article goes through `pipeline.place`. When an assignment reports merged stories
    (``Assignment.merged``), the articles of the merged-away story move to the surviving one,
    in the results and in the ``story_of`` map later copies are placed by, as ``run`` does
    (`cluster_corpus` itself does not, see `run_cluster_corpus`).

    Args:
        pipeline: the `storyline.pipeline` module.
        prepared: prepared articles, already in placement order.
        config: the configuration (its ``dedupe`` and ``cluster`` sections are used).
        checkpoint: called as ``checkpoint(n_placed, seconds)`` after every article; returning
            False stops early (for time-capped scale runs).
    """
    index = TimedIndex(DuplicateIndex(config.dedupe))
    clusterer = TimedClusterer(StoryClusterer(config.cluster))
    story_of: dict[str, str] = {}
    members: dict[str, list[str]] = defaultdict(list)
    merged_into: dict[str, str] = {}
    links: dict[str, CopyLink | None] = {}
    started = time.perf_counter()
    for n, p in enumerate(prepared, 1):
        link, assignment = pipeline.place(p, index, clusterer, story_of)
        sid = assignment.story_id
        for gone in getattr(assignment, "merged", ()):
            merged_into[gone] = sid
            moved = members.pop(gone, [])
            for aid in moved:
                story_of[aid] = sid
            members[sid].extend(moved)
        members[sid].append(p.article.id)
        story_of[p.article.id] = sid
        links[p.article.id] = link
        if checkpoint is not None and not checkpoint(n, time.perf_counter() - started):
            break
    seconds = time.perf_counter() - started
    out = {aid: (story_of[aid], link) for aid, link in links.items()}
    return Placement(out, seconds, index.seconds, clusterer.seconds, merged_into)


def resolve(story_id: str, merged_into: Mapping[str, str]) -> str:
    """The story a (possibly merged-away) story id ended up in."""
    seen = set()
    while story_id in merged_into and story_id not in seen:
        seen.add(story_id)
        story_id = merged_into[story_id]
    return story_id


# --------------------------------------------------------------------------- scoring


def bcubed(gold: Mapping[str, str], pred: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a predicted grouping over the items of ``gold``."""
    ids = list(gold)
    if not ids:
        return 0.0, 0.0, 0.0
    both = Counter((pred[i], gold[i]) for i in ids)
    pred_size = Counter(pred[i] for i in ids)
    gold_size = Counter(gold[i] for i in ids)
    precision = sum(both[(pred[i], gold[i])] / pred_size[pred[i]] for i in ids) / len(ids)
    recall = sum(both[(pred[i], gold[i])] / gold_size[gold[i]] for i in ids) / len(ids)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(
    gold: Mapping[str, str], pred: Mapping[str, str], keep: Callable[[str], bool] | None = None
) -> dict[str, Any]:
    """B-cubed P/R/F1, ARI and cluster counts over the kept items."""
    from sklearn.metrics import adjusted_rand_score

    ids = [i for i in gold if keep is None or keep(i)]
    g = {i: gold[i] for i in ids}
    p = {i: pred[i] for i in ids}
    precision, recall, f1 = bcubed(g, p)
    return {
        "n": len(ids),
        "gold_stories": len(set(g.values())),
        "predicted_stories": len(set(p.values())),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "ari": round(float(adjusted_rand_score([g[i] for i in ids], [p[i] for i in ids])), 4),
    }


def with_singletons(pool: Pool, labels: Mapping[str, str]) -> dict[str, str]:
    """Predicted labels for every document of the pool; a skipped document is its own story."""
    return {d.raw.id: labels.get(d.raw.id, f"skipped:{d.raw.id}") for d in pool.docs}


VARIANTS: dict[str, Callable[[Doc], bool]] = {
    "all": lambda d: True,
    "no vote junk": lambda d: not d.vote_junk,
    "no junk": lambda d: not (d.vote_junk or d.pattern_junk),
}


def score_variants(pool: Pool, labels: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """Scores with junk included (the headline), without vote-labelled junk, and without any junk."""
    pred = with_singletons(pool, labels)
    gold = pool.gold
    by_id = {d.raw.id: d for d in pool.docs}
    return {name: score(gold, pred, lambda i, k=keep: k(by_id[i])) for name, keep in VARIANTS.items()}  # type: ignore[misc]


# --------------------------------------------------------------------------- baselines


def agglomerative_sweep(similarity: np.ndarray, distances: Sequence[float]) -> dict[float, np.ndarray]:
    """Average-linkage agglomerative clustering on cosine distance, cut at every distance.

    ``similarity`` is the cosine similarity matrix of unit rows. The dendrogram is built once
    (scipy) and cut per threshold: the same grouping as
    ``sklearn.cluster.AgglomerativeClustering(linkage="average", metric="cosine",
    distance_threshold=t)``, without refitting for each threshold.
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = np.clip(1.0 - similarity, 0.0, 2.0).astype(np.float64)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    return {t: fcluster(tree, t=t, criterion="distance") for t in distances}


def tfidf_similarity(articles: Sequence[Article]) -> np.ndarray:
    """Cosine similarity of TF-IDF vectors of title + body (English stop words, sub-linear tf), fitted on the corpus."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1, max_df=0.5)
    sparse = vectorizer.fit_transform([f"{a.title}\n{a.text}" for a in articles])  # rows are L2-normalised
    return np.asarray((sparse @ sparse.T).toarray(), dtype=np.float32)


@dataclass
class BaselineCurve:
    """B-cubed F1 (junk included) of one baseline method on one pool, per distance threshold."""

    labels: dict[float, dict[str, str]]
    f1: dict[float, float]


def baseline_curve(pool: Pool, ids: Sequence[str], similarity: np.ndarray, distances: Sequence[float]) -> BaselineCurve:
    """Cut the dendrogram at every distance and score each cut on the pool (junk included)."""
    cuts = agglomerative_sweep(similarity, distances)
    labels: dict[float, dict[str, str]] = {}
    f1: dict[float, float] = {}
    gold = pool.gold
    for t, cut in cuts.items():
        lab = {i: f"c{c}" for i, c in zip(ids, cut, strict=True)}
        labels[t] = lab
        f1[t] = bcubed(gold, with_singletons(pool, lab))[2]
    return BaselineCurve(labels, f1)


def best_threshold(curve: Mapping[float, float]) -> float:
    """The threshold with the highest F1 (the lower one on ties)."""
    return max(sorted(curve), key=lambda t: curve[t])


# --------------------------------------------------------------------------- diagnostics


def pair_separability(pool: Pool, prepared: Sequence[Any], tfidf: np.ndarray) -> dict[str, dict[str, float]]:
    """How well each article-to-article similarity tells same-story pairs from the rest.

    For every pair of cleaned articles: our semantic cosine, our lexical cosine, the blend
    the clusterer uses (`storyline.cluster.SEMANTIC_WEIGHT`), and TF-IDF cosine. ROC AUC and
    average precision over all pairs, and the blend's share of same-story pairs above the
    95th / 99th / 99.9th percentile of different-story pairs. If the blend separates pairs
    well but clustering scores low, the single-pass placement is to blame, not the vectors.
    ``tfidf`` is the TF-IDF cosine similarity matrix (`tfidf_similarity`), rows in
    ``pool.articles`` order.
    """
    from sklearn.metrics import average_precision_score, roc_auc_score

    from storyline.cluster import SEMANTIC_WEIGHT

    by_id = {p.article.id: p for p in prepared}
    ids = [a.id for a in pool.articles]
    gold = pool.gold
    labels = np.array([gold[i] for i in ids])
    upper = np.triu_indices(len(ids), k=1)
    same = (labels[:, None] == labels[None, :])[upper]
    sem = np.vstack([by_id[i].semantic for i in ids])
    lex = np.vstack([by_id[i].lexical for i in ids])
    scores = {
        "semantic (USE)": (sem @ sem.T)[upper],
        "lexical (hashed words)": (lex @ lex.T)[upper],
        "blend used by the clusterer": (SEMANTIC_WEIGHT * (sem @ sem.T) + (1 - SEMANTIC_WEIGHT) * (lex @ lex.T))[upper],
        "TF-IDF cosine": tfidf[upper],
    }
    out: dict[str, dict[str, float]] = {}
    for name, values in scores.items():
        negatives = values[~same]
        row = {
            "roc_auc": round(float(roc_auc_score(same, values)), 4),
            "average_precision": round(float(average_precision_score(same, values)), 4),
        }
        for q in (95.0, 99.0, 99.9):
            cut = float(np.percentile(negatives, q))
            row[f"same_above_p{q:g}"] = round(float(np.mean(values[same] > cut)), 4)
            row[f"p{q:g}_of_different"] = round(cut, 3)
        out[name] = row
    return out


def error_examples(pool: Pool, labels: Mapping[str, str], limit: int = 6) -> dict[str, list[dict[str, Any]]]:
    """The worst over-merges (predicted stories mixing gold stories) and splits, with titles."""
    pred = with_singletons(pool, labels)
    titles = {a.id: a.title for a in pool.articles}
    members: dict[str, list[str]] = defaultdict(list)
    for i, s in pred.items():
        members[s].append(i)
    gold = pool.gold
    merges = []
    for sid, ids in members.items():
        stories = Counter(gold[i] for i in ids)
        if len(stories) > 1:
            merges.append((len(stories), len(ids), sid, ids))
    merges.sort(key=lambda m: (-m[0], -m[1], m[2]))
    gold_members: dict[str, list[str]] = defaultdict(list)
    for i, g in gold.items():
        gold_members[g].append(i)
    splits = []
    for g, ids in gold_members.items():
        parts = Counter(pred[i] for i in ids)
        if len(parts) > 1:
            splits.append((len(parts), g, ids))
    splits.sort(key=lambda s: (-s[0], s[1]))
    return {
        "merged_gold_stories": [
            {
                "stories": n,
                "size": size,
                "articles": [f"{i} [{gold[i]}] {titles.get(i, '(skipped)')[:70]}" for i in ids[:8]],
            }
            for n, size, _, ids in merges[:limit]
        ],
        "split_gold_stories": [
            {
                "gold": g,
                "parts": n,
                "articles": [f"{i} -> {pred[i][:14]} {titles.get(i, '(skipped)')[:70]}" for i in ids],
            }
            for n, g, ids in splits[:limit]
        ],
        "counts": {"impure_predicted_stories": len(merges), "split_gold_stories": len(splits)},
    }


def copy_link_report(pool: Pool, result: Mapping[str, tuple[str, CopyLink | None]]) -> dict[str, Any]:
    """Copy links the pipeline made on real data, and how many cross gold stories (surely wrong)."""
    gold = pool.gold
    links = [link for _, link in result.values() if link is not None]
    cross = [lk for lk in links if gold[lk.article_id] != gold[lk.of]]
    return {
        "links": len(links),
        "by_kind": dict(Counter(lk.kind for lk in links)),
        "across_gold_stories": len(cross),
        "across_examples": [f"{lk.article_id} -> {lk.of} ({lk.kind} {lk.similarity})" for lk in cross[:8]],
        "within_examples": [
            f"{lk.article_id} -> {lk.of} ({lk.kind} {lk.similarity})" for lk in links if lk not in cross
        ][:8],
    }


# --------------------------------------------------------------------------- tables


def md_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A GitHub markdown table."""

    def cell(v: Any) -> str:
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def git_commit() -> str:
    """The repository's current commit (short), or ``unknown``."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=Path(__file__).resolve().parent, capture_output=True, text=True
        )
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    """Current resident memory of this process, in MB (0 where /proc is unavailable)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# --------------------------------------------------------------------------- the quality run


def parse_grid(text: str) -> list[float]:
    """``0.3:0.7:0.05`` → [0.3, 0.35, ..., 0.7]; ``0.4,0.5`` → [0.4, 0.5]."""
    if ":" in text:
        lo, hi, step = (float(x) for x in text.split(":"))
        n = int(round((hi - lo) / step)) + 1
        return [round(lo + i * step, 4) for i in range(n)]
    return [float(x) for x in text.split(",")]


def quality_run(args: argparse.Namespace) -> dict[str, Any]:
    """Our clusterer, the baselines, the sweeps and the speed figures on the real pools."""
    require_data(ALLSIDES, MULTINEWS_RAW, MULTINEWS_TRUNCATED)
    pipeline, stubbed = import_pipeline()
    if stubbed:
        print(
            f"note: storyline.pipeline imports missing stage modules {stubbed}; stand-ins registered "
            "(cluster_corpus does not use them)",
            file=sys.stderr,
        )
    config = load_config(environ={})
    allsides_docs = load_allsides()
    multinews_docs, junk = load_multinews()
    if args.limit:
        allsides_docs = allsides_docs[: args.limit]
        multinews_docs = multinews_docs[: args.limit]
    pools = {
        "allsides": clean_pool("allsides", allsides_docs, config),
        "multinews": clean_pool("multinews", multinews_docs, config),
    }

    ours: dict[str, dict[str, tuple[str, CopyLink | None]]] = {}
    checks: dict[str, Any] = {}
    cluster_corpus_returned: dict[str, dict[str, str]] = {}
    key = cache_key(pools, config)
    prepared = load_cache(args.cache, key) if args.cache else None
    speed: dict[str, Any] = {}
    if prepared is not None:  # re-scoring only: placements from cached vectors, no speed figures
        print(f"note: prepared articles from {args.cache}; cluster_corpus not timed", file=sys.stderr)
        for name in pools:
            ours[name] = place_all(pipeline, prepared[name], config).result
    else:
        prepared, speed = run_cluster_corpus(pipeline, pools, config, ours, checks, cluster_corpus_returned)
        if args.cache:
            save_cache(args.cache, key, prepared)

    union = Pool(
        "union",
        pools["allsides"].docs + pools["multinews"].docs,
        pools["allsides"].articles + pools["multinews"].articles,
        {**pools["allsides"].skipped, **pools["multinews"].skipped},
        pools["allsides"].clean_seconds + pools["multinews"].clean_seconds,
    )
    pools["union"] = union
    prepared["union"] = placement_order(prepared["allsides"] + prepared["multinews"])
    union_place = place_all(pipeline, prepared["union"], config)
    ours["union"] = union_place.result
    if speed:
        speed["union"] = {
            "articles": len(union.articles),
            "placement_seconds": round(union_place.seconds, 2),
            "dedupe_seconds": round(union_place.dedupe_seconds, 2),
            "cluster_seconds": round(union_place.cluster_seconds, 2),
            "placement_articles_per_s": round(len(union.articles) / max(union_place.seconds, 1e-9), 1),
        }
        speed["components"] = component_timing(pipeline, pools["allsides"].articles[:192], config)

    headline = {name: score_variants(pool, {i: s for i, (s, _) in ours[name].items()}) for name, pool in pools.items()}

    # baselines: TF-IDF and our USE article vectors, average-linkage agglomerative
    distances = [round(0.05 + 0.01 * i, 2) for i in range(95)]
    curves: dict[str, dict[str, BaselineCurve]] = {"tfidf": {}, "use": {}}
    separability: dict[str, Any] = {}
    for name, pool in pools.items():
        ids = [a.id for a in pool.articles]
        tfidf = tfidf_similarity(pool.articles)
        curves["tfidf"][name] = baseline_curve(pool, ids, tfidf, distances)
        separability[name] = pair_separability(pool, prepared[name], tfidf)
        by_id = {p.article.id: p.semantic for p in prepared[name]}
        semantic = np.vstack([by_id[i] for i in ids])
        curves["use"][name] = baseline_curve(pool, ids, semantic @ semantic.T, distances)
    baselines: dict[str, dict[str, Any]] = {}
    for method, per_pool in curves.items():
        tuned = {name: best_threshold(c.f1) for name, c in per_pool.items()}
        shared_curve = {t: min(per_pool["allsides"].f1[t], per_pool["multinews"].f1[t]) for t in distances}
        shared = best_threshold(shared_curve)
        carried = {"allsides": tuned["multinews"], "multinews": tuned["allsides"]}
        rows: dict[str, Any] = {}
        for name, pool in pools.items():
            rows[name] = {
                "tuned_on_pool": {"threshold": tuned[name], **score_variants(pool, per_pool[name].labels[tuned[name]])},
                "one_threshold_for_both": {"threshold": shared, **score_variants(pool, per_pool[name].labels[shared])},
            }
            if name in carried:
                t = carried[name]
                rows[name]["carried_over"] = {"threshold": t, **score_variants(pool, per_pool[name].labels[t])}
        baselines[method] = rows

    # sweep our threshold (cached vectors, fresh index and clusterer per point)
    sweep = []
    for t in parse_grid(args.thresholds):
        cfg = config.with_overrides({"cluster.threshold": t})
        row: dict[str, Any] = {"threshold": t}
        for name, pool in pools.items():
            placed = place_all(pipeline, prepared[name], cfg).result
            row[name] = score_variants(pool, {i: s for i, (s, _) in placed.items()})
        sweep.append(row)
        print(
            f"  sweep threshold {t:.3f}: " + "  ".join(f"{n} F1 {row[n]['all']['f1']:.3f}" for n in pools),
            file=sys.stderr,
        )
    recommended = max(
        sweep,
        key=lambda r: (min(r["allsides"]["all"]["f1"], r["multinews"]["all"]["f1"]), r["union"]["all"]["f1"]),
    )["threshold"]

    # joint sweep: threshold x time window, on both pools (one configuration must serve both).
    # AllSides is scored twice: with its story dates and with dates jittered by a day, because
    # identical dates within a story flatter short windows; the choice maximises the worst of the three.
    jittered = jitter_dates(prepared["allsides"], args.seed)
    window_sweep = []
    for t in parse_grid(args.joint_thresholds):
        for days in parse_grid(args.window_days):
            for penalty in parse_grid(args.window_penalties):
                cfg = config.with_overrides(
                    {"cluster.threshold": t, "cluster.window_days": int(days), "cluster.window_penalty": penalty}
                )
                row = {"threshold": t, "window_days": int(days), "window_penalty": penalty}
                for name, items in (
                    ("allsides", prepared["allsides"]),
                    ("allsides_jittered", jittered),
                    ("multinews", prepared["multinews"]),
                ):
                    pool = pools["multinews" if name == "multinews" else "allsides"]
                    placed = place_all(pipeline, items, cfg).result
                    row[name] = score_variants(pool, {i: s for i, (s, _) in placed.items()})["all"]
                row["min_f1"] = min(row["allsides"]["f1"], row["allsides_jittered"]["f1"], row["multinews"]["f1"])
                window_sweep.append(row)
                print(
                    f"  joint t={t} days={int(days)} penalty={penalty}: AS F1 {row['allsides']['f1']:.3f} "
                    f"AS jittered {row['allsides_jittered']['f1']:.3f} MN F1 {row['multinews']['f1']:.3f}",
                    file=sys.stderr,
                )
    best_joint = max(window_sweep, key=lambda r: (r["min_f1"], r["allsides"]["f1"] + r["multinews"]["f1"]))

    jitter_rows = []
    for days in parse_grid(args.window_days):
        cfg = config.with_overrides(
            {
                "cluster.threshold": best_joint["threshold"],
                "cluster.window_days": int(days),
                "cluster.window_penalty": best_joint["window_penalty"],
            }
        )
        exact = place_all(pipeline, prepared["allsides"], cfg).result
        moved = place_all(pipeline, jittered, cfg).result
        jitter_rows.append(
            {
                "window_days": int(days),
                "story_dates": score_variants(pools["allsides"], {i: s for i, (s, _) in exact.items()})["all"],
                "jittered": score_variants(pools["allsides"], {i: s for i, (s, _) in moved.items()})["all"],
            }
        )
    no_dates = [
        dataclasses.replace(p, article=dataclasses.replace(p.article, published=None)) for p in prepared["allsides"]
    ]
    undated = score_variants(
        pools["allsides"],
        {
            i: s
            for i, (s, _) in place_all(
                pipeline,
                placement_order(no_dates),
                config.with_overrides({"cluster.threshold": best_joint["threshold"]}),
            ).result.items()
        },
    )["all"]

    weight_sweep = semantic_weight_sweep(pipeline, pools, prepared, config, best_joint, args)

    # story merging at the best joint setting (1.0 turns it off)
    merge_sweep = []
    for m in parse_grid(args.merge_thresholds):
        cfg = config.with_overrides(
            {
                "cluster.threshold": best_joint["threshold"],
                "cluster.window_days": best_joint["window_days"],
                "cluster.window_penalty": best_joint["window_penalty"],
                "cluster.merge_threshold": m,
            }
        )
        row = {"merge_threshold": m}
        for name in ("allsides", "multinews"):
            placed = place_all(pipeline, prepared[name], cfg)
            row[name] = score_variants(pools[name], {i: s for i, (s, _) in placed.result.items()})["all"]
            row[name]["merges"] = len(placed.merged_into)
        merge_sweep.append(row)

    rec_cfg = config.with_overrides(
        {
            "cluster.threshold": best_joint["threshold"],
            "cluster.window_days": best_joint["window_days"],
            "cluster.window_penalty": best_joint["window_penalty"],
        }
    )
    joint_scores: dict[str, Any] = {}
    diagnostics = {}
    for name, pool in pools.items():
        at_rec = {i: s for i, (s, _) in place_all(pipeline, prepared[name], rec_cfg).result.items()}
        joint_scores[name] = score_variants(pool, at_rec)
        if name == "union":
            continue
        diagnostics[name] = {
            "default": error_examples(pool, {i: s for i, (s, _) in ours[name].items()}),
            "best_joint": error_examples(pool, at_rec),
            "copy_links": copy_link_report(pool, ours[name]),
        }

    return {
        "benchmark": "clustering",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "config": {"cluster": dict(config.cluster), "dedupe": dict(config.dedupe), "embed": dict(config.embed)},
        "stand_in_modules": stubbed,
        "cluster_corpus_checks": checks,
        "cluster_corpus_as_returned": {
            name: score_variants(pools[name], labels)["all"] for name, labels in cluster_corpus_returned.items()
        },
        "pools": {
            name: {
                "documents": len(pool.docs),
                "gold_stories": len(set(pool.gold.values())),
                "articles_after_cleaning": len(pool.articles),
                "skipped_by_cleaner": len(pool.skipped),
                "skipped_junk": sum(
                    1 for d in pool.docs if d.raw.id in pool.skipped and (d.vote_junk or d.pattern_junk)
                ),
                "vote_junk": sum(d.vote_junk for d in pool.docs),
                "pattern_junk": sum(d.pattern_junk for d in pool.docs),
                "any_junk": sum(d.vote_junk or d.pattern_junk for d in pool.docs),
            }
            for name, pool in pools.items()
        },
        "junk_linking": dataclasses.asdict(junk),
        "ours_default": headline,
        "baselines": baselines,
        "reference_tfidf": REFERENCE_TFIDF,
        "sweep": sweep,
        "recommended_threshold": recommended,
        "window_sweep": window_sweep,
        "best_joint": {k: best_joint[k] for k in ("threshold", "window_days", "window_penalty", "min_f1")},
        "ours_best_joint": joint_scores,
        "merge_sweep": merge_sweep,
        "allsides_date_robustness": {"rows": jitter_rows, "no_dates": undated},
        "semantic_weight_sweep": weight_sweep,
        "speed": speed,
        "pair_separability": separability,
        "diagnostics": diagnostics,
    }


def jitter_dates(prepared: Sequence[Any], seed: int) -> list[Any]:
    """AllSides articles with their story date moved by -1, 0 or +1 day at random.

    Every article of an AllSides story carries the story's date, which makes the time window
    look better than it is on real coverage spread over a few days.
    """
    rng = random.Random(seed)
    out = []
    for p in prepared:
        day = p.article.published
        if day is not None:
            day = day + dt.timedelta(days=rng.choice((-1, 0, 1)))
        out.append(dataclasses.replace(p, article=dataclasses.replace(p.article, published=day)))
    return placement_order(out)


def semantic_weight_sweep(
    pipeline: types.ModuleType,
    pools: Mapping[str, Pool],
    prepared: Mapping[str, list[Any]],
    config: Config,
    best_joint: Mapping[str, Any],
    args: argparse.Namespace,
) -> list[dict[str, Any]]:
    """Exploration: the semantic/lexical blend weight, a module constant of `storyline.cluster`.

    ``SEMANTIC_WEIGHT`` is not a configuration key; it is patched in this process only (and
    restored), with a small threshold sweep per weight because the score scale moves with it.
    """
    import storyline.cluster as cluster_module

    original = cluster_module.SEMANTIC_WEIGHT
    rows = []
    try:
        for weight in parse_grid(args.semantic_weights):
            cluster_module.SEMANTIC_WEIGHT = weight  # type: ignore[misc]
            best: dict[str, Any] | None = None
            for t in parse_grid(args.weight_thresholds):
                cfg = config.with_overrides(
                    {
                        "cluster.threshold": t,
                        "cluster.window_days": best_joint["window_days"],
                        "cluster.window_penalty": best_joint["window_penalty"],
                    }
                )
                row: dict[str, Any] = {"semantic_weight": weight, "threshold": t}
                for name in ("allsides", "multinews"):
                    placed = place_all(pipeline, prepared[name], cfg).result
                    row[name] = score_variants(pools[name], {i: s for i, (s, _) in placed.items()})["all"]["f1"]
                row["min_f1"] = min(row["allsides"], row["multinews"])
                if best is None or row["min_f1"] > best["min_f1"]:
                    best = row
            assert best is not None
            rows.append(best)
            print(f"  semantic weight {weight}: best {best}", file=sys.stderr)
    finally:
        cluster_module.SEMANTIC_WEIGHT = original  # type: ignore[misc]
    return rows


def run_cluster_corpus(
    pipeline: types.ModuleType,
    pools: Mapping[str, Pool],
    config: Config,
    ours: dict[str, dict[str, tuple[str, CopyLink | None]]],
    checks: dict[str, Any],
    cluster_corpus_returned: dict[str, dict[str, str]],
) -> tuple[dict[str, list[Any]], dict[str, Any]]:
    """The real path, once per pool: `cluster_corpus` with the given configuration, timed.

    The prepared articles are recorded through the engine and placed again with `place_all`
    (which moves the articles of merged stories, as `run` does). After resolving merged story
    ids, the replay must equal what `cluster_corpus` returned, or the sweeps would be wrong.
    ``ours`` gets the replay (merges resolved); ``cluster_corpus_returned`` gets the story ids
    exactly as `cluster_corpus` returned them, ``checks`` what differed and any exception.
    Returns the prepared articles (in placement order) and the speed figures.
    """
    engine = RecordingEngine()
    started = time.perf_counter()
    pipeline.cluster_corpus(pools["allsides"].articles[:2], config, engine=engine)  # load the model once
    speed: dict[str, Any] = {
        "model_load_seconds": round(time.perf_counter() - started, 1),
        "load_average_at_start": os.getloadavg(),
    }
    prepared: dict[str, list[Any]] = {}
    for name, pool in pools.items():
        engine.reset()
        started, cpu = time.perf_counter(), time.process_time()
        returned: dict[str, tuple[str, CopyLink | None]] | None = None
        error = None
        try:
            returned = pipeline.cluster_corpus(pool.articles, config, engine=engine)
        except Exception as exc:  # reported, and the run-equivalent placement is scored instead
            error = f"{type(exc).__name__}: {exc}"
            print(f"warning: cluster_corpus failed on {name}: {error}", file=sys.stderr)
        total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
        prepared[name] = placement_order(engine.prepared)
        replay = place_all(pipeline, prepared[name], config)
        ours[name] = replay.result
        stale = 0
        if returned is not None:
            resolved = {a: (resolve(s, replay.merged_into), lk) for a, (s, lk) in returned.items()}
            if resolved != replay.result:
                raise SystemExit(
                    f"the replayed placement differs from cluster_corpus on {name}: the sweep would be wrong"
                )
            stale = sum(1 for a, (s, _) in returned.items() if s != replay.result[a][0])
            cluster_corpus_returned[name] = {a: s for a, (s, _) in returned.items()}
        checks[name] = {
            "cluster_corpus_error": error,
            "stories_merged": len(replay.merged_into),
            "articles_with_merged_away_story_id_in_cluster_corpus_output": stale,
        }
        n = len(pool.articles)
        sentences = sum(len(p.sentences) for p in prepared[name])
        speed[name] = {
            "articles": n,
            "sentences": sentences,
            "clean_seconds": round(pool.clean_seconds, 2),
            "cluster_corpus_seconds": round(total, 2),
            "cluster_corpus_cpu_seconds": round(total_cpu, 2),
            "embed_seconds": round(engine.seconds, 2),
            "embed_cpu_seconds": round(engine.cpu_seconds, 2),
            "placement_seconds": round(replay.seconds, 2),
            "dedupe_seconds": round(replay.dedupe_seconds, 2),
            "cluster_seconds": round(replay.cluster_seconds, 2),
            "cluster_corpus_articles_per_s": round(n / total, 1),
            "embed_articles_per_s": round(n / max(engine.seconds, 1e-9), 1),
            "embed_sentences_per_s": round(sentences / max(engine.seconds, 1e-9), 1),
            "placement_articles_per_s": round(n / max(replay.seconds, 1e-9), 1),
        }
    speed["load_average_after_embedding"] = os.getloadavg()
    engine.close()
    return prepared, speed


def cache_key(pools: Mapping[str, Pool], config: Config) -> str:
    """What the prepared articles depend on: the embedding settings and every article's text."""
    digest = hashlib.sha256(json.dumps(dict(config.embed), sort_keys=True).encode())
    for name in sorted(pools):
        for a in pools[name].articles:
            digest.update(f"{name}\0{a.id}\0{a.title}\0{a.text}\0{a.published}\0{a.language}".encode())
    return digest.hexdigest()


def load_cache(path: Path, key: str) -> dict[str, list[Any]] | None:
    """Prepared articles from a cache written by this script, or None when absent or stale."""
    if not path.exists():
        return None
    with path.open("rb") as fh:
        data = pickle.load(fh)  # a file this script wrote; never point --cache at untrusted files
    return data["prepared"] if data.get("key") == key else None


def save_cache(path: Path, key: str, prepared: Mapping[str, list[Any]]) -> None:
    """Write the prepared articles for later re-scoring runs."""
    with path.open("wb") as fh:
        pickle.dump({"key": key, "prepared": dict(prepared)}, fh, protocol=pickle.HIGHEST_PROTOCOL)


def component_timing(pipeline: types.ModuleType, articles: Sequence[Article], config: Config) -> dict[str, Any]:
    """Where the embedding stage's time goes, measured piece by piece with the public functions.

    Splitting (`split_sentences`), one batched encode of all sentences, the per-article title
    encode that `_semantic_vector` makes, and the lexical vector, on the same articles.
    """
    from storyline.cluster import lexical_vector
    from storyline.embed import make_embedder
    from storyline.sentences import split_sentences

    embedder = make_embedder(config)
    embedder.encode(["warm up"])
    n = len(articles)
    t0 = time.perf_counter()
    sents = [split_sentences(a) for a in articles]
    t1 = time.perf_counter()
    flat = [s.text for ss in sents for s in ss]
    embedder.encode(flat)
    t2 = time.perf_counter()
    for a in articles:
        embedder.encode([a.title])
    t3 = time.perf_counter()
    embedder.encode([a.title for a in articles])
    t4 = time.perf_counter()
    for a in articles:
        lexical_vector(a.title, a.text)
    t5 = time.perf_counter()
    return {
        "articles": n,
        "sentences": len(flat),
        "split_ms_per_article": round(1000 * (t1 - t0) / n, 2),
        "sentence_encode_ms_per_article": round(1000 * (t2 - t1) / n, 2),
        "title_encode_one_by_one_ms_per_article": round(1000 * (t3 - t2) / n, 2),
        "title_encode_batched_ms_per_article": round(1000 * (t4 - t3) / n, 2),
        "lexical_vector_ms_per_article": round(1000 * (t5 - t4) / n, 2),
    }


# --------------------------------------------------------------------------- the scale run


class MemoEmbedder:
    """Wraps an embedder and remembers every text's vector (scale runs re-use real sentences)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = f"memo({inner.name})"
        self.dim = inner.dim
        self.cache: dict[str, np.ndarray] = {}
        self.misses = 0
        self.seconds = 0.0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed only the texts not seen before."""
        todo = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if todo:
            started = time.perf_counter()
            for text, vec in zip(todo, self.inner.encode(todo), strict=True):
                self.cache[text] = vec
            self.seconds += time.perf_counter() - started
            self.misses += len(todo)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([self.cache[t] for t in texts]).astype(np.float32)


_BOILERPLATE = (
    "Copyright 2021 The Associated Press. All rights reserved.",
    "Sign up for our daily newsletter to get the latest headlines.",
    "This story has been updated.",
    "Follow us on Twitter and Facebook for more news.",
)


def synthesize(base: Sequence[Any], gold: Mapping[str, str], n: int, seed: int) -> list[Article]:
    """A stream of ``n`` articles built from real ones, dated over a year.

    10% exact copies and 10% edited copies (paragraphs shuffled, a footer line) of real
    articles; the rest mixes: most sentences of one real article and some of another from a
    different story, shuffled into new paragraphs, under the first article's title.
    """
    rng = random.Random(seed)
    start = dt.date(2021, 1, 1)
    out: list[Article] = []
    for j in range(n):
        a = rng.choice(base)
        art: Article = a.article
        sents = [s.text for s in a.sentences] or [art.text]
        roll = rng.random()
        if roll < 0.1:
            title, text = art.title, art.text
        elif roll < 0.2:
            paras = art.text.split("\n\n")
            rng.shuffle(paras)
            title, text = art.title, "\n\n".join(paras + [rng.choice(_BOILERPLATE)])
        else:
            b = rng.choice(base)
            while gold.get(b.article.id) == gold.get(art.id):
                b = rng.choice(base)
            other = [s.text for s in b.sentences] or [b.article.text]
            mine = sents[: max(2, int(len(sents) * 0.6))]
            theirs = rng.sample(other, k=max(1, min(len(other), int(len(mine) * 0.7))))
            pieces = mine + theirs
            rng.shuffle(pieces)
            paras = [" ".join(pieces[i : i + 3]) for i in range(0, len(pieces), 3)]
            title, text = art.title, "\n\n".join(paras)
        out.append(
            dataclasses.replace(
                art,
                id=f"syn-{j:07d}",
                source=SourceInfo("synthetic", "synthetic", None, str(j)),
                title=title,
                text=text,
                published=start + dt.timedelta(days=rng.randrange(365)),
            )
        )
    return out


def scale_run(args: argparse.Namespace) -> dict[str, Any]:
    """Speed and memory on a synthetic stream of ``--scale`` articles built from the real pools.

    The configured embedder is wrapped in `MemoEmbedder` (by replacing ``make_embedder`` in
    the pipeline module for this process), so the real `prepare_articles` and `place` run
    on the stream while sentences already embedded are not embedded again. The base pools
    are embedded for real first: that gives the embedding throughput (unless ``--cache``
    supplies them). The stream is prepared in chunks and placed with a time cap
    (``--max-minutes``) and a memory cap (``--max-rss-gb``); growth is recorded on the way.
    """
    require_data(ALLSIDES, MULTINEWS_RAW, MULTINEWS_TRUNCATED)
    pipeline, _ = import_pipeline()
    config = load_config(environ={})
    pools = {
        "allsides": clean_pool("allsides", load_allsides(), config),
        "multinews": clean_pool("multinews", load_multinews()[0], config),
    }
    gold = {**pools["allsides"].gold, **pools["multinews"].gold}
    memo = MemoEmbedder(pipeline.make_embedder(config))
    pipeline.make_embedder = lambda cfg: memo  # type: ignore[attr-defined]
    memo.encode(["warm up"])
    memo.seconds, memo.misses = 0.0, 0

    cached = load_cache(args.cache, cache_key(pools, config)) if args.cache else None
    embed_rate: float | None = None
    base_seconds: float | None = None
    if cached is not None:
        base = cached["allsides"] + cached["multinews"]
        for p in base:
            for sent, vec in zip(p.sentences, p.sentence_vectors, strict=True):
                memo.cache[sent.text] = vec
        memo.encode([p.article.title for p in base if p.article.title])
    else:
        started = time.perf_counter()
        base = pipeline.prepare_articles(pools["allsides"].articles + pools["multinews"].articles, config)
        base_seconds = time.perf_counter() - started
        embed_rate = len(base) / base_seconds
    base_sentences = sum(len(p.sentences) for p in base)

    max_rss = args.max_rss_gb * 1024
    budget = args.max_minutes * 60
    stream = synthesize(base, gold, args.scale, args.seed)
    misses_before = memo.misses
    prepared: list[Any] = []
    started = time.perf_counter()
    chunk = 5000
    for i in range(0, len(stream), chunk):
        prepared.extend(pipeline.prepare_articles(stream[i : i + chunk], config))
        if current_rss_mb() > max_rss or time.perf_counter() - started > budget:
            print(f"  preparation stopped at {len(prepared)} articles (memory or time cap)", file=sys.stderr)
            break
    prepare_seconds = time.perf_counter() - started
    prepared = placement_order(prepared)
    n_prepared = len(prepared)
    new_misses = memo.misses - misses_before
    del stream
    rss_after_prepare = current_rss_mb()

    marks = {m for m in (1000, 2000, 5000) if m < n_prepared} | {n_prepared * k // 10 for k in range(1, 11)}
    growth: list[dict[str, Any]] = []

    def checkpoint(placed: int, seconds: float) -> bool:
        rss = current_rss_mb()
        if placed in marks:
            growth.append({"articles": placed, "seconds": round(seconds, 1), "rss_mb": round(rss)})
            print(f"  placed {placed}: {seconds:.1f}s, RSS {rss:.0f} MB", file=sys.stderr)
        return seconds < budget and rss < max_rss

    placed = place_all(pipeline, prepared, config, checkpoint)
    n_placed = len(placed.result)
    stories = len({s for s, _ in placed.result.values()})
    links = Counter(lk.kind for _, lk in placed.result.values() if lk is not None)
    place_rate = n_placed / placed.seconds
    return {
        "benchmark": "clustering-scale",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "load_average": os.getloadavg(),
        "requested": args.scale,
        "prepared": n_prepared,
        "placed": n_placed,
        "stopped_early": n_placed < args.scale,
        "caps": {"minutes": args.max_minutes, "rss_gb": args.max_rss_gb},
        "stories": stories,
        "stories_merged": len(placed.merged_into),
        "copy_links": dict(links),
        "base_articles": len(base),
        "base_sentences": base_sentences,
        "embed_seconds_base": round(base_seconds, 1) if base_seconds else None,
        "embed_articles_per_s": round(embed_rate, 1) if embed_rate else None,
        "embed_sentences_per_s": round(base_sentences / base_seconds, 1) if base_seconds else None,
        "prepare_seconds_memoised": round(prepare_seconds, 1),
        "prepare_articles_per_s_memoised": round(n_prepared / prepare_seconds, 1),
        "synthetic_texts_embedded": new_misses,
        "synthetic_embed_seconds": round(memo.seconds, 1),
        "rss_mb_after_prepare": round(rss_after_prepare),
        "placement_seconds": round(placed.seconds, 1),
        "dedupe_seconds": round(placed.dedupe_seconds, 1),
        "cluster_seconds": round(placed.cluster_seconds, 1),
        "placement_articles_per_s": round(place_rate, 1),
        "projected_end_to_end_articles_per_s": round(1 / (1 / embed_rate + 1 / place_rate), 1) if embed_rate else None,
        "growth": growth,
        "peak_rss_mb": round(peak_rss_mb()),
    }


# --------------------------------------------------------------------------- output


def render_quality(res: dict[str, Any]) -> str:
    """The markdown report of a quality run."""
    out: list[str] = []
    pools = ("allsides", "multinews", "union")
    out.append(
        f"_Run {res['when']} at commit {res['commit']}; embedder `{res['config']['embed']['backend']}`; "
        f"defaults `cluster.threshold={res['config']['cluster']['threshold']}`, "
        f"`window_days={res['config']['cluster']['window_days']}`, "
        f"`window_penalty={res['config']['cluster']['window_penalty']}`._"
    )
    if res["stand_in_modules"]:
        out.append(
            f"\n_Note: `pipeline.py` imports stage modules missing from this checkout "
            f"({', '.join(res['stand_in_modules'])}); the benchmark registered empty stand-ins. "
            "`cluster_corpus` does not use them._"
        )
    for name, chk in res["cluster_corpus_checks"].items():
        if chk["cluster_corpus_error"] or chk["articles_with_merged_away_story_id_in_cluster_corpus_output"]:
            returned = res["cluster_corpus_as_returned"].get(name)
            out.append(
                f"\n_`cluster_corpus` on {name}: "
                + (f"raised {chk['cluster_corpus_error']}; " if chk["cluster_corpus_error"] else "")
                + f"{chk['stories_merged']} story merges; "
                f"{chk['articles_with_merged_away_story_id_in_cluster_corpus_output']} articles came back with the id "
                "of a story merged away later (it does not move them as `run` does). Scores below resolve merged ids"
                + (f"; as returned, B-cubed F1 would be {returned['f1']:.3f}._" if returned else "._")
            )
    out.append("\n**Pools**\n")
    out.append(
        md_table(
            [
                "pool",
                "documents",
                "gold stories",
                "articles after cleaning",
                "skipped by cleaner (of them junk)",
                "junk: votes / pattern / either",
            ],
            [
                [
                    p,
                    v["documents"],
                    v["gold_stories"],
                    v["articles_after_cleaning"],
                    f"{v['skipped_by_cleaner']} ({v['skipped_junk']})",
                    f"{v['vote_junk']} / {v['pattern_junk']} / {v['any_junk']}",
                ]
                for p, v in res["pools"].items()
            ],
        )
    )
    jl = res["junk_linking"]
    out.append(
        f"\nJunk linking (Multi-News): {jl['clusters_in_votes_file']} of {jl['clusters']} raw clusters have their "
        f"`multinews_plus_idx` in the votes file; {jl['documents_matched']} of their "
        f"{jl['documents_in_those_clusters']} "
        f"documents were matched to a voted document by their opening words ({jl['matched_at_same_position']} at the "
        f"same position); {jl['vote_junk']} have ≥{JUNK_VOTES}/5 'irrelevant' votes. {jl['pattern_junk']} documents "
        f"(all 196 clusters) open with a Twitter/Wayback crawl notice; {jl['junk_union']} are junk by either rule."
    )
    out.append("\n**B-cubed F1 / ARI, our pipeline vs baselines** (junk included = headline; threshold in brackets)\n")
    header = ["method"] + [f"{p} F1" for p in pools] + [f"{p} ARI" for p in pools]
    rows: list[list[Any]] = []
    rows.append(
        ["**ours, defaults** (clean → cluster_corpus)"]
        + [res["ours_default"][p]["all"]["f1"] for p in pools]
        + [res["ours_default"][p]["all"]["ari"] for p in pools]
    )
    rec = next(r for r in res["sweep"] if r["threshold"] == res["recommended_threshold"])
    rows.append(
        [f"**ours, cluster.threshold={res['recommended_threshold']}** (recommended)"]
        + [rec[p]["all"]["f1"] for p in pools]
        + [rec[p]["all"]["ari"] for p in pools]
    )
    bj = res["best_joint"]
    jb = res["ours_best_joint"]
    rows.append(
        [
            f"**ours, threshold {bj['threshold']}, window_days {bj['window_days']}, window_penalty "
            f"{bj['window_penalty']}** (best joint)"
        ]
        + [jb[p]["all"]["f1"] for p in pools]
        + [jb[p]["all"]["ari"] for p in pools]
    )
    names = {"tfidf": "TF-IDF + avg-link agglomerative", "use": "our USE article vectors + avg-link agglomerative"}
    for method, label in names.items():
        b = res["baselines"][method]
        for variant, vlabel in (
            ("tuned_on_pool", "tuned on the pool (oracle)"),
            ("carried_over", "threshold carried over from the other pool"),
            ("one_threshold_for_both", "one threshold for both (max of min F1)"),
        ):
            f1s, aris = [], []
            for p in pools:
                v = b[p].get(variant)
                f1s.append(f"{v['all']['f1']:.3f} ({v['threshold']:.2f})" if v else "—")
                aris.append(v["all"]["ari"] if v else "—")
            rows.append([f"{label}, {vlabel}"] + f1s + aris)
    out.append(md_table(header, rows))
    ref = res["reference_tfidf"]
    out.append(
        f"\nReference TF-IDF figures measured earlier: tuned {ref['allsides']['tuned']} / "
        f"{ref['multinews']['tuned']}, carried over {ref['allsides']['carried']} / {ref['multinews']['carried']} "
        "(AllSides / Multi-News)."
    )

    out.append("\n**Ours with and without junk** (B-cubed P / R / F1)\n")
    rows = []
    for label, data in (("defaults", res["ours_default"]), ("best joint", jb)):
        for p in ("multinews", "union"):
            for v in VARIANTS:
                s = data[p][v]
                rows.append(
                    [
                        label,
                        p,
                        v,
                        s["n"],
                        s["precision"],
                        s["recall"],
                        s["f1"],
                        s["ari"],
                        s["predicted_stories"],
                        s["gold_stories"],
                    ]
                )
    out.append(md_table(["config", "pool", "documents", "n", "P", "R", "F1", "ARI", "stories", "gold"], rows))

    out.append(
        "\n**Threshold sweep** (`cluster.threshold`, other settings default; B-cubed P / R / F1, junk included)\n"
    )
    rows = []
    for r in res["sweep"]:
        row: list[Any] = [r["threshold"]]
        for p in pools:
            s = r[p]["all"]
            row.append(f"{s['precision']:.3f} / {s['recall']:.3f} / **{s['f1']:.3f}**")
        row.append(min(r["allsides"]["all"]["f1"], r["multinews"]["all"]["f1"]))
        row.append(r["multinews"]["no junk"]["f1"])
        rows.append(row)
    out.append(md_table(["threshold", "AllSides", "Multi-News", "union", "min(AS, MN) F1", "MN F1 no junk"], rows))

    out.append(
        "\n**Joint sweep: threshold × time window** (B-cubed F1, junk included). AllSides is scored with its story "
        "dates and with each date moved by −1/0/+1 day (identical dates within a story flatter short windows); "
        "Multi-News has almost no dates. Best worst-of-three F1: threshold "
        f"{bj['threshold']}, window_days {bj['window_days']}, window_penalty {bj['window_penalty']} → "
        f"{bj['min_f1']:.3f}.\n"
    )
    out.append(
        md_table(
            [
                "threshold",
                "window_days",
                "window_penalty",
                "AllSides F1",
                "AllSides jittered F1",
                "Multi-News F1",
                "min F1",
            ],
            [
                [
                    r["threshold"],
                    r["window_days"],
                    r["window_penalty"],
                    r["allsides"]["f1"],
                    r["allsides_jittered"]["f1"],
                    r["multinews"]["f1"],
                    r["min_f1"],
                ]
                for r in res["window_sweep"]
            ],
        )
    )
    out.append(
        f"\n**Story merging** (`cluster.merge_threshold`; 1.0 = off) at threshold {bj['threshold']}, window_days "
        f"{bj['window_days']}, window_penalty {bj['window_penalty']}\n"
    )
    out.append(
        md_table(
            ["merge_threshold", "AllSides F1", "AllSides merges", "Multi-News F1", "Multi-News merges"],
            [
                [
                    r["merge_threshold"],
                    r["allsides"]["f1"],
                    r["allsides"]["merges"],
                    r["multinews"]["f1"],
                    r["multinews"]["merges"],
                ]
                for r in res["merge_sweep"]
            ],
        )
    )
    rob = res["allsides_date_robustness"]
    out.append(
        f"\n**AllSides dates**: every article carries its story's date. Same settings (threshold {bj['threshold']}, "
        f"window_penalty {bj['window_penalty']}) with each article's date moved by −1/0/+1 day at random, and with no "
        f"dates at all (B-cubed F1 {rob['no_dates']['f1']:.3f}, ARI {rob['no_dates']['ari']:.3f}):\n"
    )
    out.append(
        md_table(
            ["window_days", "F1, story dates", "ARI, story dates", "F1, jittered ±1 day", "ARI, jittered"],
            [
                [
                    r["window_days"],
                    r["story_dates"]["f1"],
                    r["story_dates"]["ari"],
                    r["jittered"]["f1"],
                    r["jittered"]["ari"],
                ]
                for r in rob["rows"]
            ],
        )
    )
    out.append(
        "\n**Exploration: semantic/lexical blend** (`storyline.cluster.SEMANTIC_WEIGHT`, a module constant patched "
        f"in-process; best threshold per weight; window_days {bj['window_days']}, window_penalty "
        f"{bj['window_penalty']})\n"
    )
    out.append(
        md_table(
            ["SEMANTIC_WEIGHT", "best threshold", "AllSides F1", "Multi-News F1", "min F1"],
            [
                [r["semantic_weight"], r["threshold"], r["allsides"], r["multinews"], r["min_f1"]]
                for r in res["semantic_weight_sweep"]
            ],
        )
    )
    out.append(
        "\n**Pair separability** (all article pairs of a pool; same story = positive): is it the similarity "
        "or the single-pass placement?\n"
    )
    rows = []
    for p in pools:
        for name, v in res["pair_separability"][p].items():
            rows.append([p, name, v["roc_auc"], v["average_precision"], v["same_above_p99"], v["same_above_p99.9"]])
    out.append(
        md_table(
            [
                "pool",
                "pair similarity",
                "ROC AUC",
                "average precision",
                "same-story pairs above p99 of different",
                "... above p99.9",
            ],
            rows,
        )
    )
    sp = res["speed"]
    if not sp:
        out.append("\n_Speed: not measured in this run (prepared articles came from --cache)._")
        return "\n".join(out) + "\n"
    out.append(
        f"\n**Speed** (this machine: 2 CPU cores shared with other jobs, load average "
        f"{sp['load_average_at_start'][0]:.1f} at the start and {sp['load_average_after_embedding'][0]:.1f} after "
        f"embedding, so wall times are inflated; CPU seconds in brackets; model load {sp['model_load_seconds']} s, "
        "not counted)\n"
    )
    rows = []
    for p in ("allsides", "multinews"):
        s = sp[p]
        rows.append(
            [
                p,
                s["articles"],
                s["sentences"],
                s["clean_seconds"],
                f"{s['cluster_corpus_seconds']} ({s['cluster_corpus_cpu_seconds']})",
                f"{s['embed_seconds']} ({s['embed_cpu_seconds']})",
                s["dedupe_seconds"],
                s["cluster_seconds"],
                s["cluster_corpus_articles_per_s"],
                s["embed_sentences_per_s"],
                s["placement_articles_per_s"],
            ]
        )
    u = sp["union"]
    rows.append(
        [
            "union (placement only)",
            u["articles"],
            "",
            "",
            "",
            "",
            u["dedupe_seconds"],
            u["cluster_seconds"],
            "",
            "",
            u["placement_articles_per_s"],
        ]
    )
    out.append(
        md_table(
            [
                "pool",
                "articles",
                "sentences",
                "clean s",
                "cluster_corpus s",
                "of it embedding s",
                "dedupe s",
                "cluster s",
                "cluster_corpus art/s",
                "embed sentences/s",
                "placement art/s",
            ],
            rows,
        )
    )
    c = sp["components"]
    out.append(
        f"\nInside the embedding stage ({c['articles']} AllSides articles, {c['sentences']} sentences), "
        f"ms per article: sentence splitting {c['split_ms_per_article']}, "
        f"batched sentence encoding {c['sentence_encode_ms_per_article']}, "
        f"title encoding one call per article (as `_semantic_vector` does) "
        f"{c['title_encode_one_by_one_ms_per_article']} "
        f"vs batched {c['title_encode_batched_ms_per_article']}, lexical vector {c['lexical_vector_ms_per_article']}."
    )
    return "\n".join(out) + "\n"


def render_scale(runs: Mapping[str, Any]) -> str:
    """The markdown report of the scale runs kept so far."""

    def show(v: Any) -> Any:
        return "n/a" if v is None else v

    header = [
        "requested",
        "prepared / placed",
        "stories",
        "prepare art/s (memoised embedder)",
        "placement s (dedupe / cluster)",
        "placement art/s",
        "embed art/s (real, base pools)",
        "projected end-to-end art/s",
        "RSS after prepare MB",
        "peak RSS MB",
        "load avg",
        "run",
    ]
    rows = []
    for key in sorted(runs, key=int):
        r = runs[key]
        rows.append(
            [
                r["requested"],
                f"{r['prepared']} / {r['placed']}",
                r["stories"],
                r["prepare_articles_per_s_memoised"],
                f"{r['placement_seconds']} ({r['dedupe_seconds']} / {r['cluster_seconds']})",
                r["placement_articles_per_s"],
                show(r["embed_articles_per_s"]),
                show(r["projected_end_to_end_articles_per_s"]),
                r["rss_mb_after_prepare"],
                r["peak_rss_mb"],
                f"{r['load_average'][0]:.1f}",
                r["when"],
            ]
        )
    out = [md_table(header, rows)]
    for key in sorted(runs, key=int):
        g = runs[key]["growth"]
        if g:
            out.append(
                f"\nGrowth, {key} requested: "
                + "; ".join(f"{m['articles']} placed in {m['seconds']} s (RSS {m['rss_mb']} MB)" for m in g)
            )
    return "\n".join(out) + "\n"


def print_quality_summary(res: dict[str, Any]) -> None:
    """Our figures and the baselines' side by side, on stdout."""
    print(render_quality(res))
    print(
        f"Recommended cluster.threshold: {res['recommended_threshold']} "
        f"(max of min(AllSides F1, Multi-News F1), junk included; target F1 >= {TARGET_F1})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=0, help="synthetic stream of N articles: speed and memory only")
    parser.add_argument("--max-minutes", type=float, default=30.0, help="time cap of each scale-run phase")
    parser.add_argument("--max-rss-gb", type=float, default=8.0, help="memory cap of the scale run")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--thresholds", default="0.3:0.7:0.025", help="cluster.threshold grid, lo:hi:step or a,b,c")
    parser.add_argument("--joint-thresholds", default="0.45,0.475,0.5,0.525", help="thresholds of the joint sweep")
    parser.add_argument("--window-days", default="1,2,4", help="cluster.window_days grid of the joint sweep")
    parser.add_argument("--window-penalties", default="0.15,0.3", help="cluster.window_penalty grid")
    parser.add_argument("--semantic-weights", default="0.25,0.4,0.55,0.7", help="exploration: SEMANTIC_WEIGHT")
    parser.add_argument("--weight-thresholds", default="0.4:0.6:0.025", help="thresholds tried per semantic weight")
    parser.add_argument("--merge-thresholds", default="0.5,0.55,0.6,0.7,1.0", help="cluster.merge_threshold grid")
    parser.add_argument(
        "--cache",
        type=Path,
        help="pickle of the prepared articles: reused when it matches (no "
        "embedding, no speed figures), written otherwise",
    )
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents of each pool (smoke test)")
    args = parser.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.scale:
        res = scale_run(args)
        path = RESULTS / "clustering_scale.json"
        runs = json.loads(path.read_text()) if path.exists() else {}
        runs[str(args.scale)] = res
        path.write_text(json.dumps(runs, indent=1) + "\n")
        (RESULTS / "clustering_scale.md").write_text(render_scale(runs))
        print(render_scale({str(args.scale): res}))
        return 0
    res = quality_run(args)
    suffix = "" if not args.limit else "_smoke"
    (RESULTS / f"clustering{suffix}.json").write_text(json.dumps(res, indent=1, default=str) + "\n")
    (RESULTS / f"clustering{suffix}.md").write_text(render_quality(res))
    print_quality_summary(res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
