"""Incremental event clustering: each new article joins the best existing story or starts one.

An article is compared to every story that is active around its date with a
blend of two similarities:

- semantic: cosine between the article vector (mean of its sentence embeddings,
  multilingual, so translations land together) and the story centroid;
- lexical: cosine between hashed content-word vectors (names, numbers, rare words
  weigh more than in the embedding), which separates two events on the same topic.

Time matters: when the article's date is more than ``cluster.window_days`` outside the
story's date range, ``cluster.window_penalty`` is subtracted per window of distance,
so articles days apart about similar topics become different events unless the
content ties them. Story ids are derived from the first article's id, so they are
stable across runs.
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
SEMANTIC_WEIGHT = 0.55
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
    """What the clusterer remembers of a story between articles and between runs."""

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
    """Single-pass incremental clustering over story centroids, with merging.

    Each article joins the most similar story when the similarity reaches
    ``cluster.threshold`` and founds a new story otherwise. When an article is also
    close to a second story (``cluster.merge_threshold``) and the two stories'
    centroids are themselves similar (``cluster.threshold``), the article has shown
    them to be one event: the smaller story is merged into the larger.

    State is kept in arrays (centroids, date ranges, language masks) so that scoring
    one article against every story is a few vectorised operations.

    Args:
        config: the ``[cluster]`` section.
        states: stories from earlier runs, to continue from.

    Raises:
        ConfigError: a parameter is out of range.
    """

    def __init__(self, config: Section, states: Iterable[StoryState] = ()) -> None:
        self.threshold = float(config["threshold"])
        self.merge_threshold = float(config["merge_threshold"])
        self.window = int(config["window_days"])
        self.penalty = float(config["window_penalty"])
        if self.window < 0 or self.penalty < 0:
            raise ConfigError("cluster.window_days and cluster.window_penalty must not be negative")
        self._states: dict[str, StoryState] = {}
        self._order: list[str] = []
        self._row: dict[str, int] = {}
        self._languages: dict[str, int] = {}
        self._cap = 0
        self._sem = np.zeros((0, 0), dtype=np.float32)
        self._lex = np.zeros((0, 0), dtype=np.float32)
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
        first, last = np.full(cap, np.nan), np.full(cap, np.nan)
        mask, active = np.zeros(cap, dtype=np.int64), np.zeros(cap, dtype=bool)
        n = len(self._order)
        if n:
            sem[:n], lex[:n] = self._sem[:n], self._lex[:n]
            first[:n], last[:n] = self._first[:n], self._last[:n]
            mask[:n], active[:n] = self._langmask[:n], self._active[:n]
        self._sem, self._lex, self._first, self._last = sem, lex, first, last
        self._langmask, self._active, self._cap = mask, active, cap

    def _lang_bit(self, language: str) -> int:
        if language not in self._languages:
            self._languages[language] = len(self._languages) % 63
        return 1 << self._languages[language]

    def _refresh(self, sid: str) -> None:
        st, row = self._states[sid], self._row[sid]
        self._sem[row], self._lex[row] = st.centroid()
        self._first[row] = st.first.toordinal() if st.first else np.nan
        self._last[row] = st.last.toordinal() if st.last else np.nan
        mask = 0
        for lang in st.languages:
            mask |= self._lang_bit(lang)
        self._langmask[row] = mask

    def _add_state(self, state: StoryState) -> None:
        if len(self._order) >= self._cap:
            self._grow(len(state.semantic_sum), len(state.lexical_sum))
        self._states[state.id] = state
        self._row[state.id] = len(self._order)
        self._order.append(state.id)
        self._active[self._row[state.id]] = True
        self._refresh(state.id)

    def states(self) -> list[StoryState]:
        """All current stories (merged ones excluded), in creation order."""
        return [self._states[i] for i in self._order if i in self._states]

    # ------------------------------------------------------------------ scoring
    def _time_penalty(self, date: dt.date | None) -> np.ndarray:
        n = len(self._order)
        if date is None or self.penalty == 0:
            return np.zeros(n, dtype=np.float32)
        day = date.toordinal()
        with np.errstate(invalid="ignore"):
            gap = np.maximum(np.maximum(self._first[:n] - day, day - self._last[:n]), 0)
        gap = np.nan_to_num(gap, nan=0.0)
        return np.where(gap > self.window, self.penalty * gap / max(self.window, 1), 0.0).astype(np.float32)

    def score(
        self, semantic: np.ndarray, lexical: np.ndarray, date: dt.date | None, language: str = "und"
    ) -> np.ndarray:
        """The similarity of an article to every story row (merged rows score -inf).

        Words are only comparable within a language: against a story with no article in
        the article's language, the semantic (multilingual) similarity is used alone.
        """
        n = len(self._order)
        if not n:
            return np.zeros(0, dtype=np.float32)
        sem_scores = self._sem[:n] @ semantic
        blended = SEMANTIC_WEIGHT * sem_scores + (1 - SEMANTIC_WEIGHT) * (self._lex[:n] @ lexical)
        same_language = (self._langmask[:n] & self._lang_bit(language)) != 0
        scores = np.where(same_language, blended, sem_scores) - self._time_penalty(date)
        return np.where(self._active[:n], scores, -np.inf).astype(np.float32)

    def _story_similarity(self, a: str, b: str) -> float:
        ra, rb = self._row[a], self._row[b]
        sem = float(self._sem[ra] @ self._sem[rb])
        if not (self._langmask[ra] & self._langmask[rb]):
            return sem
        return SEMANTIC_WEIGHT * sem + (1 - SEMANTIC_WEIGHT) * float(self._lex[ra] @ self._lex[rb])

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
        scores = self.score(semantic, lexical, date, language)
        if scores.size and float(scores.max()) >= self.threshold:
            row = int(scores.argmax())
            sid = self._order[row]
            self.add_to(sid, article_id, semantic, lexical, date, language)
            merged: list[str] = []
            for other_row in np.flatnonzero(scores >= self.merge_threshold):
                other = self._order[int(other_row)]
                if other == sid or other not in self._states:
                    continue
                if self._story_similarity(sid, other) >= self.threshold:
                    keep, gone = (sid, other) if len(self._states[sid].members) >= len(
                        self._states[other].members) else (other, sid)
                    self.merge(gone, keep)
                    merged.append(gone)
                    sid = keep
            return Assignment(sid, float(scores[row]), False, tuple(merged))
        sid = story_id_for(article_id)
        self._add_state(StoryState(sid, semantic.astype(np.float32).copy(), lexical.astype(np.float32).copy()))
        self.add_to(sid, article_id, np.zeros_like(semantic), np.zeros_like(lexical), date, language)
        best = float(scores.max()) if scores.size else 0.0
        return Assignment(sid, best, True)

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
        st.semantic_sum = st.semantic_sum + semantic
        st.lexical_sum = st.lexical_sum + lexical
        st.members.append(article_id)
        st.languages.add(language)
        self._extend_dates(st, date)
        self._refresh(story_id)

    def merge(self, gone: str, into: str) -> None:
        """Merge story ``gone`` into story ``into``."""
        a, b = self._states[into], self._states.pop(gone)
        a.semantic_sum = a.semantic_sum + b.semantic_sum
        a.lexical_sum = a.lexical_sum + b.lexical_sum
        a.members.extend(b.members)
        a.languages |= b.languages
        self._extend_dates(a, b.first)
        self._extend_dates(a, b.last)
        self._active[self._row[gone]] = False
        self._refresh(into)

    @staticmethod
    def _extend_dates(st: StoryState, date: dt.date | None) -> None:
        if date is None:
            return
        st.first = date if st.first is None else min(st.first, date)
        st.last = date if st.last is None else max(st.last, date)
