"""Incremental event clustering: each new article joins the best existing story or starts one.

An article is compared to every story that is active around its date by its *average*
similarity to the story's members (average linkage, computed in one dot product with the
sum of the members' unit vectors), which mixes two similarities:

- lexical (weight ``1 - SEMANTIC_WEIGHT``): cosine between hashed content-word vectors.
  Names, numbers and rare words identify an event; two events on one topic share the
  topic's words but not the names and figures;
- semantic (weight ``SEMANTIC_WEIGHT``): cosine between article vectors (sentence
  embeddings, multilingual). Words are not comparable across languages, so against a
  story with no article in the article's language the semantic similarity is used alone,
  with its own threshold (``cluster.cross_language_threshold``).

Average linkage (rather than the similarity to the centroid) keeps a story's bar the same as
it grows: a long-running story does not swallow every article on its topic, and a story of
three short pieces is not harder to join than one of thirty.

Time matters: ``cluster.window_penalty`` is subtracted for every ``cluster.window_days`` the
article's date lies outside the story's date range, so articles days apart about similar
topics become different events unless the content ties them.

Rivals matter too: a match counts for less when other stories match almost as well.
``cluster.rival_weight`` times the mean score of the ``cluster.rivals`` runner-up stories is
subtracted from every score, so an article on a crowded topic (several stories of one running
subject within days, or a generic article close to everything) needs a clearer tie to join,
while an article whose best story stands alone joins at the plain threshold. This uses only the
scores already computed for the article, so it adds no cost per story.

Story ids are derived from the first article's id, so they are stable across runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from .config import Section
from .errors import ConfigError

LEX_DIM = 2048
#: stories scored in full per article: the best ones by semantic similarity among those in reach.
SHORTLIST = 64
#: weight of the semantic (embedding) similarity in the same-language blend; chosen on AllSides
#: (0, 0.1, 0.2, 0.3 tried; see benchmarks/results/clustering.md).
SEMANTIC_WEIGHT = 0.2
_TOKEN = re.compile(r"[^\W\d_][\w'’-]{2,}|\d[\d,.]*\d|\d", re.UNICODE)

# A small multilingual stop list: frequent function words that carry no event identity.
_STOP = frozenset(
    """the and for that with this from have has had was were are will would been being their they them
    his her its our your who whom which what when where while said says told also than then there these those
    into about after before over under more most some such only other any each both very just can could should
    may might must not but nor yet all one two new year years last first week month today day time people
    der die das und den dem des ein eine einer eines nicht mit von sich auf für ist im dass zu wie auch
    les des une est pour dans par sur qui que aux avec pas plus ont été
    los las del una para por con que más sus como pero fue han sobre entre
    """.split()
)


def _rows_dot(matrix: np.ndarray, rows: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """``matrix[rows] @ vector`` for sorted ``rows``, without copying the rows when they are dense
    in their span (the usual case: stories in reach of a date were mostly created recently)."""
    lo, hi = int(rows[0]), int(rows[-1]) + 1
    if hi - lo <= 2 * len(rows):
        return (matrix[lo:hi] @ vector)[rows - lo]
    return matrix[rows] @ vector


def story_id_for(article_id: str) -> str:
    """The stable id of a story founded by ``article_id``."""
    return "st-" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:10]


def lexical_vector(title: str, text: str, dim: int = LEX_DIM) -> np.ndarray:
    """Hashed, sub-linearly weighted content-word vector (title words count twice), unit length."""
    counts: dict[str, float] = {}
    for weight, part in ((2, title), (1, text)):
        for tok in _TOKEN.findall(part):
            low = tok.lower()
            if low in _STOP:
                continue
            # capitalised words (names) and numbers identify events better than common words
            boost = 1.5 if tok[0].isupper() or tok[0].isdigit() else 1.0
            counts[low] = counts.get(low, 0.0) + weight * boost
    vec = np.zeros(dim, dtype=np.float32)
    for tok, c in counts.items():
        h = int.from_bytes(hashlib.blake2b(tok.encode("utf-8"), digest_size=8).digest(), "little")
        vec[h % dim] += (1.0 if (h >> 63) & 1 else -1.0) * (1.0 + math.log(c))
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm > 0 else vec


@dataclass
class StoryState:
    """What the clusterer remembers of a story between articles and between runs.

    ``semantic_sum`` and ``lexical_sum`` are the sums of the members' unit vectors (inside a
    `StoryClusterer`, views of its arrays, updated in place).
    """

    id: str
    semantic_sum: np.ndarray
    lexical_sum: np.ndarray
    members: list[str] = field(default_factory=list)
    first: dt.date | None = None
    last: dt.date | None = None
    languages: set[str] = field(default_factory=set)

    def centroid(self) -> tuple[np.ndarray, np.ndarray]:
        """Unit-length semantic and lexical centroids."""
        return _unit(self.semantic_sum), _unit(self.lexical_sum)


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


@dataclass(frozen=True)
class Assignment:
    """Where an article went: its story, the similarity that decided, whether the story is new,
    and the stories it showed to be the same event (merged into ``story_id``)."""

    story_id: str
    score: float
    created: bool
    merged: tuple[str, ...] = ()


class StoryClusterer:
    """Single-pass incremental average-linkage clustering, with merging.

    Each article joins the story with the highest score (average similarity to its members,
    less the time penalty and the rival correction) when that reaches ``cluster.threshold`` (same language) or
    ``cluster.cross_language_threshold`` (a story in other languages only), and founds a new
    story otherwise. When an article also scores ``cluster.merge_threshold`` against a second
    story and the two stories' average similarity to each other reaches ``cluster.threshold``,
    the article has shown them to be one event: the smaller story is merged into the larger.

    State is kept in arrays (member-vector sums, sizes, date ranges, language masks); only the
    stories whose date range is within reach of the article's date are scored (beyond it the
    time penalty alone rules a story out), so the cost per article depends on how many stories
    are active around its date, not on the length of the history.

    Args:
        config: the ``[cluster]`` section.
        states: stories from earlier runs, to continue from.

    Raises:
        ConfigError: a parameter is out of range.
    """

    def __init__(self, config: Section, states: Iterable[StoryState] = ()) -> None:
        self.threshold = float(config["threshold"])
        self.cross_threshold = float(config["cross_language_threshold"])
        self.merge_threshold = float(config["merge_threshold"])
        self.window = int(config["window_days"])
        self.penalty = float(config["window_penalty"])
        self.rivals = int(config["rivals"])
        self.rival_weight = float(config["rival_weight"])
        if self.window < 1 or self.penalty < 0:
            raise ConfigError("cluster.window_days must be at least 1 and cluster.window_penalty not negative")
        if self.rivals < 1 or not 0.0 <= self.rival_weight < 1.0:
            raise ConfigError(
                f"cluster.rivals={self.rivals}, cluster.rival_weight={self.rival_weight}",
                hint="rivals must be at least 1 and rival_weight in 0..1 (0 turns the correction off)",
            )
        # beyond this many days outside a story's range, the penalty alone keeps the score below the threshold
        rate = self.penalty / self.window
        self.reach = (1.0 - min(self.threshold, self.cross_threshold)) / rate if rate > 0 else math.inf
        self._states: dict[str, StoryState] = {}
        self._merged_into: dict[str, str] = {}
        self._order: list[str] = []
        self._row: dict[str, int] = {}
        self._languages: dict[str, int] = {}
        self._cap = 0
        self._sem = np.zeros((0, 0), dtype=np.float32)
        self._lex = np.zeros((0, 0), dtype=np.float32)
        self._size = np.zeros(0, dtype=np.float32)
        self._first = np.zeros(0)
        self._last = np.zeros(0)
        self._langmask = np.zeros(0, dtype=np.int64)
        self._active = np.zeros(0, dtype=bool)
        for state in states:
            self._add_state(state)

    # ------------------------------------------------------------------ state arrays
    def _grow(self, sem_dim: int, lex_dim: int) -> None:
        cap = max(64, self._cap * 2)
        sem = np.zeros((cap, sem_dim), dtype=np.float32)
        lex = np.zeros((cap, lex_dim), dtype=np.float32)
        size = np.zeros(cap, dtype=np.float32)
        first, last = np.full(cap, np.nan), np.full(cap, np.nan)
        mask, active = np.zeros(cap, dtype=np.int64), np.zeros(cap, dtype=bool)
        n = len(self._order)
        if n:
            sem[:n], lex[:n], size[:n] = self._sem[:n], self._lex[:n], self._size[:n]
            first[:n], last[:n] = self._first[:n], self._last[:n]
            mask[:n], active[:n] = self._langmask[:n], self._active[:n]
        self._sem, self._lex, self._size, self._first, self._last = sem, lex, size, first, last
        self._langmask, self._active, self._cap = mask, active, cap
        for sid, st in self._states.items():  # the stories' sums are views of their rows
            st.semantic_sum, st.lexical_sum = sem[self._row[sid]], lex[self._row[sid]]

    def _lang_bit(self, language: str) -> int:
        if language not in self._languages:
            self._languages[language] = len(self._languages) % 63
        return 1 << self._languages[language]

    def _refresh(self, sid: str) -> None:
        st, row = self._states[sid], self._row[sid]
        self._size[row] = max(len(st.members), 1)
        self._first[row] = st.first.toordinal() if st.first else np.nan
        self._last[row] = st.last.toordinal() if st.last else np.nan
        mask = 0
        for lang in st.languages:
            mask |= self._lang_bit(lang)
        self._langmask[row] = mask

    def _add_state(self, state: StoryState) -> None:
        if len(self._order) >= self._cap:
            self._grow(len(state.semantic_sum), len(state.lexical_sum))
        row = len(self._order)
        self._sem[row], self._lex[row] = state.semantic_sum, state.lexical_sum
        state.semantic_sum, state.lexical_sum = self._sem[row], self._lex[row]  # views: no second copy
        self._states[state.id] = state
        self._row[state.id] = row
        self._order.append(state.id)
        self._active[self._row[state.id]] = True
        self._refresh(state.id)

    def states(self) -> list[StoryState]:
        """All current stories (merged ones excluded), in creation order."""
        return [self._states[i] for i in self._order if i in self._states]

    # ------------------------------------------------------------------ scoring
    def _gap(self, rows: np.ndarray, day: float) -> np.ndarray:
        """Days between ``day`` and each row's date range (0 inside it or when undated)."""
        gap = np.maximum(np.maximum(self._first[rows] - day, day - self._last[rows]), 0)
        return np.nan_to_num(gap, nan=0.0)

    def candidates(self, date: dt.date | None) -> np.ndarray:
        """The rows of active stories within reach of ``date`` (all active ones when undated)."""
        n = len(self._order)
        active = self._active[:n]
        if date is None or not math.isfinite(self.reach):
            return np.flatnonzero(active)
        day = date.toordinal()
        far = (self._first[:n] - day > self.reach) | (day - self._last[:n] > self.reach)  # NaN compares False
        return np.flatnonzero(active & ~far)

    def score(
        self, semantic: np.ndarray, lexical: np.ndarray, date: dt.date | None, language: str = "und"
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Score an article against the candidate stories.

        The stories in reach are ranked by semantic similarity first (one product with the
        512-dimensional sums); the best `SHORTLIST` are scored in full.

        Returns:
            ``(rows, scores, needed)``: candidate rows, their scores (average similarity
            less the time penalty, less ``cluster.rival_weight`` times the mean score of the
            ``cluster.rivals`` runner-up stories) and the threshold each must reach (``cluster.threshold``
            for stories with an article in ``language``, the cross-language one otherwise).
        """
        rows = self.candidates(date)
        if not rows.size:
            empty = np.zeros(0, dtype=np.float32)
            return rows, empty, empty
        sem = _rows_dot(self._sem, rows, semantic) / self._size[rows]
        if rows.size > SHORTLIST:
            keep = np.argpartition(-sem, SHORTLIST)[:SHORTLIST]
            rows, sem = rows[keep], sem[keep]
        lex = (self._lex[rows] @ lexical) / self._size[rows]
        same_language = (self._langmask[rows] & self._lang_bit(language)) != 0
        scores = np.where(same_language, SEMANTIC_WEIGHT * sem + (1 - SEMANTIC_WEIGHT) * lex, sem)
        if date is not None and self.penalty:
            scores = scores - self.penalty * self._gap(rows, date.toordinal()) / self.window
        scores = scores - self.rival_weight * self._rival_level(scores)
        needed = np.where(same_language, self.threshold, self.cross_threshold)
        return rows, scores.astype(np.float32), needed.astype(np.float32)

    def _rival_level(self, scores: np.ndarray) -> float:
        """Mean score of the runner-up stories (the best excluded; negative scores count as 0)."""
        if self.rival_weight == 0 or scores.size < 2:
            return 0.0
        k = min(self.rivals + 1, scores.size)
        top = -np.partition(-scores, k - 1)[:k]  # the k best, unordered
        runners = np.sort(top)[:-1]  # without the best
        return float(np.maximum(runners, 0.0).mean())

    def _story_similarity(self, a: str, b: str) -> tuple[float, float]:
        """Average similarity between the members of two stories, and the threshold that applies."""
        ra, rb = self._row[a], self._row[b]
        pairs = float(self._size[ra] * self._size[rb])
        sem = float(self._sem[ra] @ self._sem[rb]) / pairs
        if not (self._langmask[ra] & self._langmask[rb]):
            return sem, self.cross_threshold
        lex = float(self._lex[ra] @ self._lex[rb]) / pairs
        return SEMANTIC_WEIGHT * sem + (1 - SEMANTIC_WEIGHT) * lex, self.threshold

    # ------------------------------------------------------------------ updates
    def assign(
        self,
        article_id: str,
        semantic: np.ndarray,
        lexical: np.ndarray,
        date: dt.date | None,
        language: str = "und",
    ) -> Assignment:
        """Put an article in the most similar story (merging stories it ties), or found a new one.

        Args:
            article_id: the article's id (founds the story id when a story is created).
            semantic: the article's unit semantic vector.
            lexical: the article's unit lexical vector (`lexical_vector`).
            date: its publication date, or None.
            language: its language code.

        Returns:
            The assignment.
        """
        rows, scores, needed = self.score(semantic, lexical, date, language)
        margin = scores - needed
        if margin.size and float(margin.max()) >= 0:
            best = int(margin.argmax())
            sid = self._order[int(rows[best])]
            self.add_to(sid, article_id, semantic, lexical, date, language)
            merged: list[str] = []
            for k in np.flatnonzero(scores >= self.merge_threshold):
                other = self._order[int(rows[k])]
                if other == sid or other not in self._states:
                    continue
                similarity, bar = self._story_similarity(sid, other)
                if similarity >= bar:
                    keep, gone = (
                        (sid, other)
                        if len(self._states[sid].members) >= len(self._states[other].members)
                        else (other, sid)
                    )
                    self.merge(gone, keep)
                    merged.append(gone)
                    sid = keep
            return Assignment(sid, float(scores[best]), False, tuple(merged))
        sid = story_id_for(article_id)
        self._add_state(StoryState(sid, np.zeros_like(semantic, dtype=np.float32),
                                   np.zeros_like(lexical, dtype=np.float32)))
        self.add_to(sid, article_id, semantic, lexical, date, language)
        return Assignment(sid, float(scores.max()) if scores.size else 0.0, True)

    def add_to(
        self,
        story_id: str,
        article_id: str,
        semantic: np.ndarray,
        lexical: np.ndarray,
        date: dt.date | None,
        language: str = "und",
    ) -> None:
        """Add an article to a known story (used for copies, which follow their original)."""
        st = self._states[story_id]
        st.semantic_sum += semantic  # in place: the sums are views of the story's row
        st.lexical_sum += lexical
        st.members.append(article_id)
        st.languages.add(language)
        self._extend_dates(st, date)
        self._refresh(story_id)

    def merge(self, gone: str, into: str) -> None:
        """Merge story ``gone`` into story ``into``."""
        a, b = self._states[into], self._states.pop(gone)
        a.semantic_sum += b.semantic_sum
        a.lexical_sum += b.lexical_sum
        b.semantic_sum, b.lexical_sum = b.semantic_sum.copy(), b.lexical_sum.copy()  # detached from the row
        a.members.extend(b.members)
        a.languages |= b.languages
        self._extend_dates(a, b.first)
        self._extend_dates(a, b.last)
        self._active[self._row[gone]] = False
        self._merged_into[gone] = into
        self._refresh(into)

    def resolve(self, story_id: str) -> str:
        """The story ``story_id`` is part of now (itself unless it was merged into another)."""
        while story_id in self._merged_into:
            story_id = self._merged_into[story_id]
        return story_id

    @staticmethod
    def _extend_dates(st: StoryState, date: dt.date | None) -> None:
        if date is None:
            return
        st.first = date if st.first is None else min(st.first, date)
        st.last = date if st.last is None else max(st.last, date)
