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
from collections import Counter
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
    counts: Counter[str] = Counter()
    for weight, part in ((2, title), (1, text)):
        for tok in _TOKEN.findall(part):
            low = tok.lower()
            if low in _STOP:
                continue
            # capitalised words (names) and numbers identify events better than common words
            boost = 1.5 if tok[0].isupper() or tok[0].isdigit() else 1.0
            counts[low] += weight * boost
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
    """Where an article went: its story, the similarity that decided, and whether the story is new."""

    story_id: str
    score: float
    created: bool


class StoryClusterer:
    """Single-pass incremental clustering over story centroids.

    Args:
        config: the ``[cluster]`` section (threshold, window_days, window_penalty).
        states: stories from earlier runs, to continue from.

    Raises:
        ConfigError: a parameter is out of range.
    """

    def __init__(self, config: Section, states: Iterable[StoryState] = ()) -> None:
        self.threshold = float(config["threshold"])
        self.window = int(config["window_days"])
        self.penalty = float(config["window_penalty"])
        if self.window < 0 or self.penalty < 0:
            raise ConfigError("cluster.window_days and cluster.window_penalty must not be negative")
        self._states: dict[str, StoryState] = {}
        self._order: list[str] = []
        self._row: dict[str, int] = {}
        self._sem: np.ndarray | None = None
        self._lex: np.ndarray | None = None
        self._dirty: set[int] = set()
        for state in states:
            self._add_state(state)

    def _add_state(self, state: StoryState) -> None:
        self._states[state.id] = state
        self._row[state.id] = len(self._order)
        self._order.append(state.id)
        self._sem = None  # rebuild lazily

    def states(self) -> list[StoryState]:
        """All stories, in creation order."""
        return [self._states[i] for i in self._order]

    def _matrices(self) -> tuple[np.ndarray, np.ndarray]:
        if self._sem is None or self._lex is None:
            sems = [self._states[i].centroid() for i in self._order]
            self._sem = np.vstack([s for s, _ in sems]).astype(np.float32)
            self._lex = np.vstack([lx for _, lx in sems]).astype(np.float32)
            self._dirty.clear()
        elif self._dirty:
            for row in self._dirty:
                sem, lex = self._states[self._order[row]].centroid()
                self._sem[row], self._lex[row] = sem, lex
            self._dirty.clear()
        return self._sem, self._lex

    def _time_penalty(self, date: dt.date | None) -> np.ndarray:
        out = np.zeros(len(self._order), dtype=np.float32)
        if date is None or self.penalty == 0:
            return out
        for row, sid in enumerate(self._order):
            st = self._states[sid]
            if st.first is None or st.last is None:
                continue
            gap = max((st.first - date).days, (date - st.last).days, 0)
            if gap > self.window:
                out[row] = self.penalty * (gap / max(self.window, 1))
        return out

    def score(
        self, semantic: np.ndarray, lexical: np.ndarray, date: dt.date | None, language: str = "und"
    ) -> np.ndarray:
        """The similarity of an article to every story (in `states` order).

        Words are only comparable within a language: against a story with no article in
        the article's language, the semantic (multilingual) similarity is used alone.
        """
        if not self._order:
            return np.zeros(0, dtype=np.float32)
        sem, lex = self._matrices()
        sem_scores = sem @ semantic
        blended = SEMANTIC_WEIGHT * sem_scores + (1 - SEMANTIC_WEIGHT) * (lex @ lexical)
        same_language = np.array(
            [not st.languages or language in st.languages for st in (self._states[i] for i in self._order)]
        )
        return np.where(same_language, blended, sem_scores) - self._time_penalty(date)

    def assign(
        self,
        article_id: str,
        semantic: np.ndarray,
        lexical: np.ndarray,
        date: dt.date | None,
        language: str = "und",
    ) -> Assignment:
        """Put an article in the most similar story, or found a new one.

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
            self.add_to(self._order[row], article_id, semantic, lexical, date, language)
            return Assignment(self._order[row], float(scores[row]), False)
        sid = story_id_for(article_id)
        self._add_state(StoryState(sid, semantic.astype(np.float32).copy(), lexical.astype(np.float32).copy()))
        self._states[sid].members.append(article_id)
        self._states[sid].languages.add(language)
        self._extend_dates(self._states[sid], date)
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
        st.languages.add(language)
        st.semantic_sum = st.semantic_sum + semantic
        st.lexical_sum = st.lexical_sum + lexical
        st.members.append(article_id)
        self._extend_dates(st, date)
        if self._sem is not None:
            self._dirty.add(self._row[story_id])

    @staticmethod
    def _extend_dates(st: StoryState, date: dt.date | None) -> None:
        if date is None:
            return
        st.first = date if st.first is None else min(st.first, date)
        st.last = date if st.last is None else max(st.last, date)
