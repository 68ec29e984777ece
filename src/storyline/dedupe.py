"""Duplicate, syndicated-copy and translation detection.

Three tests, cheapest first, each against articles added earlier (the earlier
article is the original the copy points at):

1. exact: the normalised text (case, punctuation and white space folded) is identical;
2. near: MinHash LSH over word shingles proposes candidates, confirmed when the
   shingle containment of the smaller article in the larger one reaches
   ``dedupe.near_threshold`` (a blog repost with a feed footer, a wire copy with a
   changed intro, reordered paragraphs);
3. translation / rewrite: a nearest-neighbour search over article vectors
   (multilingual embeddings) proposes candidates, confirmed when most sentences
   of the new article have a close counterpart in the candidate
   (``dedupe.translation_threshold`` across languages, ``dedupe.rewrite_threshold``
   within one) in the same order. Across languages this is a translation, within a
   language a rewrite (machine-translated round trips, light paraphrase).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from .config import Section
from .errors import ConfigError
from .records import Article, CopyKind, CopyLink

_WORD = re.compile(r"\w+", re.UNICODE)
#: translations and rewrites are looked for among articles published this many days around
#: the new one (undated articles: among all); exact and near copies are found at any distance.
TRANSLATION_WINDOW_DAYS = 30


def shingle_hashes(shingle_set: set[str]) -> np.ndarray:
    """Sorted unique crc32 hashes of shingles (a collision merges two shingles: rare, harmless here)."""
    return np.unique(np.fromiter((zlib.crc32(s.encode("utf-8")) for s in shingle_set), dtype=np.uint32))


def normalised_words(text: str) -> list[str]:
    """Lower-cased word tokens, the unit every text comparison here works on."""
    return [w.lower() for w in _WORD.findall(text)]


def shingles(words: Sequence[str], size: int) -> set[str]:
    """Contiguous word n-grams; a text shorter than ``size`` gives one shingle of all its words."""
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def text_fingerprint(text: str) -> str:
    """Hash of the normalised text: equal for exact copies that differ only in case, punctuation, spacing."""
    return hashlib.sha256(" ".join(normalised_words(text)).encode("utf-8")).hexdigest()


@dataclass
class _Entry:
    id: str
    language: str
    fingerprint: str
    shingles: np.ndarray  # sorted unique 32-bit hashes (crc32) of the word shingles: compact, fast to intersect
    sentence_vectors: np.ndarray
    copy_of: str | None = None


class DuplicateIndex:
    """An incremental index of the articles seen so far.

    Args:
        config: the ``[dedupe]`` configuration section.

    Raises:
        ConfigError: a threshold is outside 0..1 or the shingle size is below 1.
    """

    def __init__(self, config: Section) -> None:
        for key in ("lsh_threshold", "near_threshold", "translation_threshold", "rewrite_threshold"):
            if not 0.0 < float(config[key]) <= 1.0:
                raise ConfigError(f"dedupe.{key}={config[key]} must be in (0, 1]", hint="see docs/configuration.md")
        if int(config["shingle"]) < 1:
            raise ConfigError(f"dedupe.shingle={config['shingle']} must be at least 1")
        self._cfg = config
        self._num_perm = int(config["num_perm"])
        self._lsh = MinHashLSH(threshold=float(config["lsh_threshold"]), num_perm=self._num_perm)
        template = MinHash(num_perm=self._num_perm, seed=1)
        self._permutations, self._scheme = template.permutations, template.scheme  # made once, shared
        self._doc_days = np.zeros(0)  # publication day (ordinal) of each doc-matrix row, NaN when undated
        self._entries: dict[str, _Entry] = {}
        self._by_fingerprint: dict[str, str] = {}
        self._doc_ids: list[str] = []
        self._doc_matrix = np.zeros((0, 0), dtype=np.float32)  # rows beyond len(_doc_ids) are spare capacity

    def __len__(self) -> int:
        return len(self._entries)

    def _minhash(self, hashes: np.ndarray) -> MinHash:
        mh = MinHash(
            num_perm=self._num_perm, hashfunc=int, permutations=self._permutations, scheme=self._scheme
        )
        mh.update_batch(hashes.tolist())  # already hashed: the MinHash permutes the crc32 values
        return mh

    def _append_doc_vector(self, article_id: str, vector: np.ndarray, published: dt.date | None) -> None:
        """Append a row, doubling the matrix when full (amortised constant time, no per-article copy)."""
        n = len(self._doc_ids)
        if n >= len(self._doc_matrix):
            grown = np.zeros((max(64, 2 * n), len(vector)), dtype=np.float32)
            days = np.full(len(grown), np.nan)
            if n:
                grown[:n], days[:n] = self._doc_matrix[:n], self._doc_days[:n]
            self._doc_matrix, self._doc_days = grown, days
        self._doc_matrix[n] = vector
        self._doc_days[n] = published.toordinal() if published else np.nan
        self._doc_ids.append(article_id)

    def _nearby_docs(self, published: dt.date | None) -> np.ndarray:
        """Doc-matrix rows within `TRANSLATION_WINDOW_DAYS` of ``published`` (undated rows included)."""
        days = self._doc_days[: len(self._doc_ids)]
        if published is None:
            return np.arange(len(days))
        far = np.abs(days - published.toordinal()) > TRANSLATION_WINDOW_DAYS  # NaN compares False
        return np.flatnonzero(~far)

    def _near(self, entry: _Entry, mh: MinHash) -> tuple[str, float] | None:
        best: tuple[str, float] | None = None
        for cand_id in self._lsh.query(mh):
            cand = self._entries[cand_id]
            inter = len(np.intersect1d(entry.shingles, cand.shingles, assume_unique=True))
            smaller = min(len(entry.shingles), len(cand.shingles)) or 1
            containment = inter / smaller
            if containment >= float(self._cfg["near_threshold"]) and (best is None or containment > best[1]):
                best = (cand_id, containment)
        return best

    def _aligned(self, new: np.ndarray, old: np.ndarray) -> tuple[float, float]:
        """How much one article reproduces the other, sentence by sentence.

        Returns ``(score, order)``. For each side, the mean best-match similarity of its
        sentences in the other side; the score is the larger of the two (a shortened copy
        covers only part of its original), provided both sides have at least half of their
        sentences matched, so an article that shares a few quotes with another is not a
        copy of it. ``order`` is the share of consecutive sentences whose matches keep the
        original order: translations and rewrites follow their source, independent
        reports of the same event do not.
        """
        if new.size == 0 or old.size == 0:
            return 0.0, 0.0
        ratio = len(new) / len(old)
        if ratio < 0.4 or ratio > 2.5:
            return 0.0, 0.0
        sims = new @ old.T.astype(np.float32)
        best_new, best_old = sims.max(axis=1), sims.max(axis=0)
        if min(float(np.mean(best_new >= 0.6)), float(np.mean(best_old >= 0.6))) < 0.5:
            return 0.0, 0.0
        match = sims.argmax(axis=1)[best_new >= 0.6]
        order = float(np.mean(np.diff(match) >= 0)) if len(match) > 1 else 1.0
        return max(float(np.mean(best_new)), float(np.mean(best_old))), order

    def _translation(
        self, entry: _Entry, doc_vector: np.ndarray, published: dt.date | None, top_k: int = 5
    ) -> tuple[str, float] | None:
        rows = self._nearby_docs(published)
        if not rows.size:
            return None
        lo, hi = int(rows[0]), int(rows[-1]) + 1
        if hi - lo <= 2 * len(rows):  # mostly contiguous: one product over the span, no row copies
            scores = (self._doc_matrix[lo:hi] @ doc_vector)[rows - lo]
        else:
            scores = self._doc_matrix[rows] @ doc_vector
        top = np.argpartition(-scores, top_k)[:top_k] if len(scores) > top_k else np.arange(len(scores))
        order = top[np.argsort(-scores[top])]
        best: tuple[str, float] | None = None
        for idx in order:
            if scores[idx] < 0.6:
                break
            cand = self._entries[self._doc_ids[int(rows[idx])]]
            score, in_order = self._aligned(entry.sentence_vectors, cand.sentence_vectors)
            cross = cand.language != entry.language
            # across languages the embedding similarity of a faithful translation is lower,
            # so the sentence order carries more of the evidence
            needed = float(self._cfg["translation_threshold"]) if cross else float(self._cfg["rewrite_threshold"])
            if score >= needed and in_order >= 0.7 and (best is None or score > best[1]):
                best = (cand.id, score)
        return best

    def add(self, article: Article, sentence_vectors: np.ndarray) -> CopyLink | None:
        """Index ``article`` and say whether it copies an article indexed before it.

        Args:
            article: the cleaned article.
            sentence_vectors: its sentences' unit vectors, one row per sentence, in order.

        Returns:
            A `CopyLink` to the earlier article it copies, or None for original reporting.
        """
        words = normalised_words(article.title + " " + article.text)
        entry = _Entry(
            id=article.id,
            language=article.language,
            fingerprint=text_fingerprint(article.text),
            shingles=shingle_hashes(shingles(words, int(self._cfg["shingle"]))),
            sentence_vectors=np.asarray(sentence_vectors, dtype=np.float32),
        )
        link: CopyLink | None = None
        original = self._by_fingerprint.get(entry.fingerprint)
        mh = self._minhash(entry.shingles)
        if original is not None:
            link = CopyLink(article.id, original, "exact", 1.0)
        else:
            near = self._near(entry, mh)
            if near is not None:
                link = CopyLink(article.id, near[0], "near", round(near[1], 4))
        doc_vector = _mean_unit(entry.sentence_vectors)
        if link is None and doc_vector is not None:
            trans = self._translation(entry, doc_vector, article.published)
            if trans is not None:
                other = self._entries[trans[0]]
                kind: CopyKind = "translation" if other.language != entry.language else "rewrite"
                link = CopyLink(article.id, trans[0], kind, round(trans[1], 4))
        if link is not None:
            # a copy of a copy points at the first original
            root = self._entries[link.of].copy_of
            if root:
                link = CopyLink(link.article_id, root, link.kind, link.similarity)
        # kept for later comparisons in half precision: half the memory, similarities to ~1e-3
        entry.sentence_vectors = entry.sentence_vectors.astype(np.float16)
        self._entries[article.id] = entry
        if link is not None:
            entry.copy_of = link.of
        self._by_fingerprint.setdefault(entry.fingerprint, article.id)
        self._lsh.insert(article.id, mh)
        if doc_vector is not None:
            self._append_doc_vector(article.id, doc_vector, article.published)
        return link


def _mean_unit(vectors: np.ndarray) -> np.ndarray | None:
    if vectors.size == 0:
        return None
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm).astype(np.float32) if norm > 0 else None
