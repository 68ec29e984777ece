"""Summarization benchmark: our cited extractive summaries against classic peers, same run, same scorer.

One command prints our figures and the peers' side by side and writes
``benchmarks/results/summarization.json`` and ``summarization.md``::

    python benchmarks/summarization.py                       # both datasets, all clusters
    python benchmarks/summarization.py --dataset neus --limit 50

Datasets (read from ``../shared/data``, never copied into the repository):

* Multi-News, ``multinews/test_first1000.truncated.jsonl.gz``: 1,000 test clusters (``raw_document``
  against ``summary``), budget 250 words.
* AllSides/NeuS, ``allsides-neus/neus_probe_test.jsonl``: 307 stories of three outlets (article ``text``
  against ``reference.text``; titles are not used by any system), budget 55 words.

Systems (every one gets the same documents and the same sentence splitter, the pipeline's own
`storyline.sentences.split_sentences` (through `storyline.sentences.split_text`); words are whitespace tokens):

* **ours**: `storyline.summarize.summarize_documents` exactly as ``storyline summarize --clusters`` calls it
  (USE embedder, default configuration, ``max_words`` = the budget). Whole sentences only: it never
  exceeds the budget and never cuts a sentence.
* **lead**: round-robin over documents (first sentence of each, then the second ...).
* **lead of document k** (NeuS): the lead of one outlet (the three outlets are in random order).
* **LexRank**, **TextRank**: sumy 0.13, English Snowball stemmer and sumy's English stop words; sumy is
  given our sentences and our tokenizer (no NLTK data needed).
* **centroid**: TF-IDF centroid of the cluster (IDF over the cluster's sentences), sentences ranked by
  cosine with the centroid, a sentence skipped when its cosine with one already chosen is ≥ 0.5.
* **oracle**: greedy ROUGE oracle (adds the sentence that most improves ROUGE-1 + ROUGE-2 F1 against the
  reference, while it improves): the ceiling for sentence extraction.

Peer truncation (the same rule for every peer): sentences are taken in the peer's rank order until the
budget is reached and the last one is cut to fit the budget exactly (the usual ROUGE-at-N-words rule, which
favours the peers: they always use the whole budget). ``--peer-rule whole`` instead skips a sentence that
does not fit and goes on with the next one that does (our rule), for a like-for-like comparison.
Selected sentences are printed in document order (article, position).

Scorer: Google's ``rouge-score`` (``rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"],
use_stemmer=True)``), F1 × 100, mean and standard error over clusters; the difference between ours and the
best peer is given with its paired standard error.

Citations (ours): every summary sentence lists its sources. (1) *accepted share*: the summary is checked
again by `storyline.verify.verify_sentences` from a fresh split and embedding; the share of
(sentence, source) pairs it accepts must be 100 %. (2) *citation recall* on a hand-checked sample
(``benchmarks/summarization_citation_sample.json``: cluster ids, the sentence's document index and
character offsets, and the document indices a person judged to contain its content; no text): the share
of judged documents that our citation step cites for that sentence.

Tuning: our few hyperparameters (``[summarize]`` in ``src/storyline/defaults.toml``, each documented there)
were chosen on the development halves only (``DEV_START``: Multi-News clusters from 500, NeuS stories from
154), never on the reported first 250 Multi-News clusters: ``centrality_tfidf_share`` = 0.5,
``redundancy`` = 0.7, ``weight_support`` = 0.6 and ``fill_tolerance`` = 1.0 (0.15, 0.3, 0.6 and 1 tried on
Multi-News 500–649 and NeuS 154–306; higher was better on both). ``--start`` / ``--limit`` / ``--set`` run
such a slice with an override.

Speed: clusters per second per system (ours includes sentence embedding; the embedder's one-off load time
is reported apart). The machine's 2 cores are shared, so speed figures are indicative.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import math
import os
import platform
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from common import DATA, RESULTS, git_commit

SAMPLE = Path(__file__).resolve().parent / "summarization_citation_sample.json"
MULTINEWS = DATA / "multinews" / "test_first1000.truncated.jsonl.gz"
NEUS = DATA / "allsides-neus" / "neus_probe_test.jsonl"
BUDGETS = {"multinews": 250, "neus": 55}
# the second half of each file is the development split on which the few hyperparameters were chosen
DEV_START = {"multinews": 500, "neus": 154}


@dataclass
class Cluster:
    """One evaluation item: documents and a reference summary."""

    id: str
    documents: list[str]
    reference: str
    position: int


@dataclass
class SystemRun:
    """Per-cluster scores and timing of one system."""

    name: str
    scores: list[tuple[float, float, float]] = field(default_factory=list)
    seconds: float = 0.0
    words: list[int] = field(default_factory=list)


def require_data(*paths: Path) -> None:
    """Exit with a clear message when the shared evaluation data is absent."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        sys.exit(
            "summarization benchmark: evaluation data not found: " + ", ".join(missing) + "\n"
            "It is read from ../shared/data relative to the repository root (see that folder's README.md)."
        )


def load_multinews() -> list[Cluster]:
    """The 1,000 truncated Multi-News test clusters."""
    out = []
    with gzip.open(MULTINEWS, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            row = json.loads(line)
            docs = [d for d in row["raw_document"] if d.strip()]
            out.append(Cluster(str(row["idx"]), docs, row["summary"], i))
    return out


def load_neus() -> list[Cluster]:
    """The 307 NeuS test stories (article texts, neutral reference)."""
    out = []
    with open(NEUS, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            row = json.loads(line)
            docs = [a["text"] for a in row["articles"] if a["text"].strip()]
            out.append(Cluster(row["id"], docs, row["reference"]["text"], i))
    return out


# --------------------------------------------------------------------------- shared sentence splitting


def split_cluster(cluster: Cluster) -> list[list[str]]:
    """Sentences of each document, with the splitter every system uses."""
    from storyline.sentences import SentenceSplitter, split_text

    splitter = SentenceSplitter()
    return [[s.text for s in split_text(str(i), doc, "en", splitter)] for i, doc in enumerate(cluster.documents)]


def fit_budget(ranked: Sequence[tuple[int, int, str]], budget: int, rule: str) -> str:
    """Take ranked (doc, position, sentence) items into a ``budget``-word text.

    ``cut``: take in rank order, the last one cut to fit exactly. ``whole``: skip what does not fit.
    The chosen sentences are joined in document order.
    """
    chosen: list[tuple[int, int, str]] = []
    left = budget
    for doc, pos, text in ranked:
        words = text.split()
        if left <= 0:
            break
        if len(words) > left:
            if rule == "cut":
                chosen.append((doc, pos, " ".join(words[:left])))
                left = 0
                break
            continue
        chosen.append((doc, pos, text))
        left -= len(words)
    chosen.sort(key=lambda item: (item[0], item[1]))
    return " ".join(text for _, _, text in chosen)


# --------------------------------------------------------------------------- peers


def lead_round_robin(sentences: list[list[str]]) -> list[tuple[int, int, str]]:
    """First sentence of each document, then the second of each ..."""
    depth = max((len(s) for s in sentences), default=0)
    return [(d, p, sentences[d][p]) for p in range(depth) for d in range(len(sentences)) if p < len(sentences[d])]


def lead_of(doc: int) -> Callable[[list[list[str]]], list[tuple[int, int, str]]]:
    """The lead of one document."""

    def rank(sentences: list[list[str]]) -> list[tuple[int, int, str]]:
        if doc >= len(sentences):
            return []
        return [(doc, p, s) for p, s in enumerate(sentences[doc])]

    return rank


class _Tokenizer:
    """The sumy tokenizer interface over our sentences (no NLTK data needed)."""

    language = "english"
    _word = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)

    def to_sentences(self, paragraph: str) -> list[str]:
        from storyline.sentences import split_text

        return [s.text for s in split_text("x", paragraph)]

    def to_words(self, sentence: str) -> list[str]:
        return self._word.findall(sentence)


def sumy_ranker(kind: str) -> Callable[[list[list[str]]], list[tuple[int, int, str]]]:
    """LexRank or TextRank from sumy, returning every sentence in rating order."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    tokenizer = _Tokenizer()
    summarizer = (LexRankSummarizer if kind == "lexrank" else TextRankSummarizer)(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")

    def rank(sentences: list[list[str]]) -> list[tuple[int, int, str]]:
        where: dict[str, tuple[int, int]] = {}
        paragraphs = []
        for d, doc in enumerate(sentences):
            for p, s in enumerate(doc):
                where.setdefault(s, (d, p))
            paragraphs.append(Paragraph([Sentence(s, tokenizer) for s in doc]))
        document = ObjectDocumentModel(paragraphs)
        if not document.sentences:
            return []
        ranked: list[Any] = []

        def grab(infos: list[Any]) -> list[Any]:  # sumy hands the count callable the rating-sorted list
            ranked.extend(infos)
            return infos

        summarizer(document, grab)
        seen: set[str] = set()
        out = []
        for info in ranked:
            text = str(info.sentence)
            if text in seen:
                continue
            seen.add(text)
            out.append((*where[text], text))
        return out

    return rank


def centroid_ranker(sentences: list[list[str]]) -> list[tuple[int, int, str]]:
    """TF-IDF centroid with redundancy removal (cosine ≥ 0.5 to a chosen sentence is skipped)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    flat = [(d, p, s) for d, doc in enumerate(sentences) for p, s in enumerate(doc)]
    if not flat:
        return []
    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform([s for _, _, s in flat])
    except ValueError:  # only stop words
        return flat
    dense = matrix.toarray()
    centroid = dense.mean(axis=0)
    norm = np.linalg.norm(centroid)
    scores = dense @ (centroid / norm) if norm else np.zeros(len(flat))
    order = np.argsort(-scores, kind="stable")
    chosen: list[int] = []
    skipped: list[int] = []
    for i in order.tolist():
        if any(float(dense[i] @ dense[j]) >= 0.5 for j in chosen):
            skipped.append(i)
        else:
            chosen.append(i)
    return [flat[i] for i in chosen + skipped]


class Oracle:
    """Greedy ROUGE oracle: adds the sentence that most improves ROUGE-1 + ROUGE-2 F1, while it improves."""

    def __init__(self, scorer: Any) -> None:
        self.tokenize = scorer._tokenizer.tokenize

    @staticmethod
    def _f(overlap: int, have: int, want: int) -> float:
        if not overlap or not have or not want:
            return 0.0
        p, r = overlap / have, overlap / want
        return 2 * p * r / (p + r)

    def ranker(self, reference: str) -> Callable[[list[list[str]]], list[tuple[int, int, str]]]:
        ref = self.tokenize(reference)
        ref1, ref2 = Counter(ref), Counter(zip(ref, ref[1:], strict=False))
        n1, n2 = sum(ref1.values()), sum(ref2.values())

        def value(c1: Counter[Any], c2: Counter[Any]) -> float:
            o1 = sum((c1 & ref1).values())
            o2 = sum((c2 & ref2).values())
            return self._f(o1, sum(c1.values()), n1) + self._f(o2, sum(c2.values()), n2)

        def rank(sentences: list[list[str]]) -> list[tuple[int, int, str]]:
            flat = [(d, p, s) for d, doc in enumerate(sentences) for p, s in enumerate(doc)]
            grams = []
            for _, _, s in flat:
                toks = self.tokenize(s)
                grams.append((Counter(toks), Counter(zip(toks, toks[1:], strict=False))))
            c1: Counter[Any] = Counter()
            c2: Counter[Any] = Counter()
            current, out, left = 0.0, [], set(range(len(flat)))
            while left:
                best, best_value = -1, current
                for i in left:
                    v = value(c1 + grams[i][0], c2 + grams[i][1])
                    if v > best_value:
                        best, best_value = i, v
                if best < 0:
                    break
                out.append(flat[best])
                c1 += grams[best][0]
                c2 += grams[best][1]
                current = best_value
                left.discard(best)
            return out

        return rank


# --------------------------------------------------------------------------- ours


@dataclass
class Ours:
    """Our summarizer as the CLI calls it, plus the citation checks."""

    embedder: Any
    config: Any
    pairs: int = 0
    accepted: int = 0
    sentences: int = 0
    summaries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    check_seconds: float = 0.0

    def summarize(self, cluster: Cluster, budget: int) -> list[Any]:
        from storyline.summarize import summarize_documents

        docs = [(str(i), d) for i, d in enumerate(cluster.documents)]
        return summarize_documents(docs, self.embedder, self.config, budget, language="en")

    def check(self, cluster: Cluster, summary: Sequence[Any]) -> None:
        """Re-verify the summary's citations from scratch and count accepted pairs."""
        from storyline.records import Article, SourceInfo
        from storyline.sentences import SentenceSplitter, split_sentences
        from storyline.verify import verify_sentences

        start = time.perf_counter()
        articles = [
            Article(id=str(i), source=SourceInfo(path=str(i), format="text"), title="", text=d, language="en")
            for i, d in enumerate(cluster.documents)
        ]
        splitter = SentenceSplitter()
        sentences = {a.id: split_sentences(a, splitter) for a in articles}
        flat = [s for a in articles for s in sentences[a.id]]
        matrix = self.embedder.encode([s.text for s in flat]) if flat else np.zeros((0, 1))
        vectors = {(s.article_id, s.index): matrix[i] for i, s in enumerate(flat)}
        checked = verify_sentences(summary, articles, sentences, vectors, self.embedder, self.config)
        for item, again in zip(summary, checked, strict=True):
            self.pairs += len(item.sources)
            self.accepted += len(again.sources) if again is not None else 0
        self.sentences += len(summary)
        self.summaries[cluster.id] = [
            {"sources": list(s.sources), "evidence": [[e.article_id, e.start, e.end] for e in s.evidence]}
            for s in summary
        ]
        self.check_seconds += time.perf_counter() - start


def citation_recall(clusters: dict[str, dict[str, Cluster]], ours: Ours) -> dict[str, Any]:
    """Citation recall on the hand-checked sample: judged supporting documents that our citation step cites."""
    from storyline.summarize import cite_sentence_in_documents

    if not SAMPLE.exists():
        return {"note": f"{SAMPLE.name} not found"}
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    judged_total = cited_judged = cited_total = 0
    strict_total = cited_strict = 0
    rows = []
    for item in sample["items"]:
        cluster = clusters.get(item["dataset"], {}).get(item["cluster"])
        if cluster is None:
            continue
        doc, start, end = item["document"], item["start"], item["end"]
        text = cluster.documents[doc][start:end]
        docs = [(str(i), d) for i, d in enumerate(cluster.documents)]
        cited = set(cite_sentence_in_documents(text, str(doc), docs, ours.embedder, ours.config))
        judged = {str(i) for i in item["supporting"]}
        strict = {str(i) for i in item.get("supporting_strict", item["supporting"])}
        judged_total += len(judged)
        cited_judged += len(judged & cited)
        cited_total += len(cited)
        strict_total += len(strict)
        cited_strict += len(strict & cited)
        rows.append({"dataset": item["dataset"], "cluster": item["cluster"], "document": doc, "start": start,
                     "judged": sorted(judged), "judged_strict": sorted(strict), "cited": sorted(cited)})
    return {
        "sentences": len(rows),
        "judged_pairs": judged_total,
        "recall": cited_judged / judged_total if judged_total else None,
        "precision": cited_judged / cited_total if cited_total else None,
        "judged_pairs_strict": strict_total,
        "recall_strict": cited_strict / strict_total if strict_total else None,
        "rows": rows,
    }


# --------------------------------------------------------------------------- the run


def mean_se(values: Sequence[float]) -> tuple[float, float]:
    """Mean and standard error (× 100)."""
    arr = np.asarray(values, dtype=float) * 100
    if len(arr) == 0:
        return float("nan"), float("nan")
    se = float(arr.std(ddof=1) / math.sqrt(len(arr))) if len(arr) > 1 else float("nan")
    return float(arr.mean()), se


def run_dataset(name: str, clusters: list[Cluster], ours: Ours, args: argparse.Namespace) -> dict[str, Any]:
    """All systems on one dataset."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    oracle = Oracle(scorer)
    budget = BUDGETS[name]
    peers: dict[str, Callable[[list[list[str]]], list[tuple[int, int, str]]]] = {
        "lead (round-robin)": lead_round_robin,
        "LexRank (sumy)": sumy_ranker("lexrank"),
        "TextRank (sumy)": sumy_ranker("textrank"),
        "TF-IDF centroid + redundancy": centroid_ranker,
    }
    if name == "neus":
        for k in range(3):
            peers[f"lead of document {k + 1}"] = lead_of(k)
    runs = {n: SystemRun(n) for n in ["ours", *peers, "oracle (greedy ROUGE)"]}

    def score(run: SystemRun, text: str, reference: str) -> None:
        s = scorer.score(reference, text)
        run.scores.append((s["rouge1"].fmeasure, s["rouge2"].fmeasure, s["rougeL"].fmeasure))
        run.words.append(len(text.split()))

    split_seconds = 0.0
    started = time.perf_counter()
    for n, cluster in enumerate(clusters, 1):
        t = time.perf_counter()
        summary = ours.summarize(cluster, budget)
        runs["ours"].seconds += time.perf_counter() - t
        score(runs["ours"], " ".join(s.text for s in summary), cluster.reference)
        ours.check(cluster, summary)
        t = time.perf_counter()
        sentences = split_cluster(cluster)
        split_seconds += time.perf_counter() - t
        for peer, ranker in peers.items():
            t = time.perf_counter()
            text = fit_budget(ranker(sentences), budget, args.peer_rule)
            runs[peer].seconds += time.perf_counter() - t
            score(runs[peer], text, cluster.reference)
        t = time.perf_counter()
        text = fit_budget(oracle.ranker(cluster.reference)(sentences), budget, args.peer_rule)
        runs["oracle (greedy ROUGE)"].seconds += time.perf_counter() - t
        score(runs["oracle (greedy ROUGE)"], text, cluster.reference)
        if n % 50 == 0:
            r1 = {k: 100 * np.mean([s[0] for s in v.scores]) for k, v in runs.items()}
            print(f"  {name} {n}/{len(clusters)} ({time.perf_counter() - started:.0f}s) "
                  + " ".join(f"{k.split()[0]}={v:.1f}" for k, v in r1.items()), file=sys.stderr)
    for peer in peers:  # every peer needs the shared split: charge it to each
        runs[peer].seconds += split_seconds
    runs["oracle (greedy ROUGE)"].seconds += split_seconds

    def summary_of(run: SystemRun, rows: Sequence[int]) -> dict[str, Any]:
        out: dict[str, Any] = {"n": len(rows)}
        for m, metric in enumerate(("rouge1", "rouge2", "rougeL")):
            mean, se = mean_se([run.scores[i][m] for i in rows])
            out[metric] = round(mean, 2)
            out[metric + "_se"] = round(se, 2)
        return out

    all_rows = list(range(len(clusters)))
    halves = {
        "all": all_rows,
        "held-out half": [i for i, c in enumerate(clusters) if c.position < DEV_START[name]],
        "dev half": [i for i, c in enumerate(clusters) if c.position >= DEV_START[name]],
    }
    systems: dict[str, Any] = {}
    for sysname, run in runs.items():
        systems[sysname] = {
            split: summary_of(run, rows) for split, rows in halves.items() if rows
        }
        systems[sysname]["mean_words"] = round(float(np.mean(run.words)), 1) if run.words else 0.0
        systems[sysname]["clusters_per_second"] = round(len(clusters) / run.seconds, 2) if run.seconds else None
    # ours against the best real peer (oracle excluded), paired
    comparisons = {}
    for m, metric in enumerate(("rouge1", "rouge2", "rougeL")):
        best = max(peers, key=lambda p: float(np.mean([s[m] for s in runs[p].scores])))
        diff = [a[m] - b[m] for a, b in zip(runs["ours"].scores, runs[best].scores, strict=True)]
        mean, se = mean_se(diff)
        comparisons[metric] = {"best_peer": best, "ours_minus_best": round(mean, 2), "se": round(se, 2)}
    return {"n": len(clusters), "budget": budget, "systems": systems, "ours_vs_best_peer": comparisons}




def md_report(result: dict[str, Any]) -> str:
    """The markdown the README quotes."""
    lines = [
        "# Summarization benchmark",
        "",
        f"_Run {result['date']} at commit {result['commit']}; command `{result['command']}`; "
        f"{result['machine']}; peers truncated by rule `{result['peer_rule']}`._",
        "",
        "ROUGE F1 × 100 (Google `rouge-score`, stemming), mean ± standard error over clusters. Ours: whole "
        "sentences only, never over the budget. Peers (`cut`): rank order, last sentence cut to fit the budget "
        "exactly. The *dev half* is where our few hyperparameters were chosen; the *held-out half* was not used "
        "for tuning.",
    ]
    for name, data in result["datasets"].items():
        lines += ["", f"## {name} (n = {data['n']}, budget {data['budget']} words)", ""]
        lines.append("| system | R-1 | R-2 | R-L | R-1 held-out half | R-2 held-out half | R-1 dev half "
                     "| mean words | clusters/s |")
        lines.append("|---|---|---|---|---|---|---|---|---|")
        for sysname, s in data["systems"].items():
            a = s["all"]
            h = s.get("held-out half", {})
            d = s.get("dev half", {})
            bold = "**" if sysname == "ours" else ""
            lines.append(
                f"| {bold}{sysname}{bold} | {a['rouge1']:.2f} ± {a['rouge1_se']:.2f} | {a['rouge2']:.2f} ± "
                f"{a['rouge2_se']:.2f} | {a['rougeL']:.2f} ± {a['rougeL_se']:.2f} | {h.get('rouge1', '—')} | "
                f"{h.get('rouge2', '—')} | {d.get('rouge1', '—')} | {s['mean_words']} | {s['clusters_per_second']} |"
            )
        lines.append("")
        comp = data["ours_vs_best_peer"]
        lines.append("Ours minus the best peer (paired, ± standard error): " + "; ".join(
            f"{m}: {c['ours_minus_best']:+.2f} ± {c['se']:.2f} vs {c['best_peer']}" for m, c in comp.items()
        ) + ".")
    cit = result["citations"]
    lines += [
        "",
        "## Citations (ours)",
        "",
        f"- Accepted share after verification: {cit['accepted_pairs']} of {cit['pairs']} (sentence, source) pairs "
        f"re-verified from scratch ({100 * cit['accepted_share']:.1f} %), over {cit['sentences']} summary sentences; "
        f"mean sources per sentence {cit['sources_per_sentence']:.2f}.",
    ]
    rec = cit.get("recall_sample", {})
    if rec.get("recall") is not None:
        lines.append(
            f"- Citation recall on the hand-checked sample ({rec['sentences']} sentences, one annotator, "
            f"`{SAMPLE.name}`): **{rec['recall_strict']:.3f}** against documents that carry the sentence's content "
            f"with all its names, numbers and dates (the verifier's definition; {rec['judged_pairs_strict']} pairs); "
            f"**{rec['recall']:.3f}** against documents that carry its main content, named venue or attribution "
            f"details aside ({rec['judged_pairs']} pairs). Precision against the main-content judgement: "
            f"{rec['precision']:.3f}."
        )
    else:
        lines.append(f"- Citation recall sample: {rec.get('note', 'not run')}")
    lines += ["", f"Embedder load: {result['embedder_load_seconds']:.1f} s (once per run, not in clusters/s)."]
    if result.get("notes"):
        lines += ["", *result["notes"]]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", choices=["multinews", "neus", "both"], default="both")
    parser.add_argument("--limit", type=int, default=0, help="first N clusters of each dataset (0: all)")
    parser.add_argument("--start", type=int, default=0, help="skip the first N clusters (e.g. 500: dev half)")
    parser.add_argument("--peer-rule", choices=["cut", "whole"], default="cut")
    parser.add_argument("--no-write", action="store_true", help="print only; do not write benchmarks/results")
    parser.add_argument("--output", default="summarization",
                        help="results file stem (e.g. summarization_neus when datasets run as separate jobs)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="configuration override, e.g. summarize.mmr_lambda=0.6 (for tuning runs)")
    args = parser.parse_args(argv)

    from storyline.config import load_config
    from storyline.embed import make_embedder

    commit = git_commit()  # at the start: the code that produced the figures
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    names = ["multinews", "neus"] if args.dataset == "both" else [args.dataset]
    require_data(*[MULTINEWS if n == "multinews" else NEUS for n in names])
    overrides: dict[str, Any] = {}
    for item in args.set:
        key, _, value = item.partition("=")  # load_config takes flat "section.key" overrides
        overrides[key] = json.loads(value) if value[:1] in "0123456789-[{\"tf" else value
    config = load_config(overrides=overrides or None, environ={})
    t = time.perf_counter()
    embedder = make_embedder(config)
    embedder.encode(["warm up"])
    load_seconds = time.perf_counter() - t
    ours = Ours(embedder, config)
    loaded = {"multinews": load_multinews, "neus": load_neus}
    all_clusters: dict[str, dict[str, Cluster]] = {}
    datasets = {}
    for name in names:
        clusters = loaded[name]()
        all_clusters[name] = {c.id: c for c in clusters}
        clusters = clusters[args.start :]
        if args.limit:
            clusters = clusters[: args.limit]
        print(f"{name}: {len(clusters)} clusters", file=sys.stderr)
        datasets[name] = run_dataset(name, clusters, ours, args)
    for name in ("multinews", "neus"):
        if name not in all_clusters and SAMPLE.exists():
            all_clusters[name] = {c.id: c for c in loaded[name]()}
    recall = citation_recall(all_clusters, ours)
    result = {
        "benchmark": "summarization",
        "date": started,
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "command": "python benchmarks/summarization.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores shared with other jobs, Python "
        f"{platform.python_version()}, embedder {getattr(embedder, 'name', type(embedder).__name__)}",
        "peer_rule": args.peer_rule,
        "overrides": overrides,
        "embedder_load_seconds": round(load_seconds, 2),
        "datasets": datasets,
        "citations": {
            "pairs": ours.pairs,
            "accepted_pairs": ours.accepted,
            "accepted_share": ours.accepted / ours.pairs if ours.pairs else 1.0,
            "sentences": ours.sentences,
            "sources_per_sentence": ours.pairs / ours.sentences if ours.sentences else 0.0,
            "recheck_seconds": round(ours.check_seconds, 1),
            "recall_sample": recall,
        },
    }
    report = md_report(result)
    print(report)
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"{args.output}.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        (RESULTS / f"{args.output}.md").write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
