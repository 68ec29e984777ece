"""Incremental event clustering: each new article joins the best existing story or starts one.

An article is compared to every story that is active around its date by its *average*
similarity to the story's members (average linkage, computed in one dot product with the
sum of the members' unit vectors), which mixes two similarities:

- lexical (weight ``1 - SEMANTIC_WEIGHT``): cosine between hashed content-word vectors.
  Names, numbers and rare words identify an event; two events on one topic share the
  topic's words but not the names and figures.
  Words are weighted by rarity (``cluster.word_rarity``): a hashed word used by many current
  stories (a running topic's vocabulary: a president's name, "vaccine", "police") counts less
  than one few stories use (the names and figures of one event). The weights come from the
  stories the clusterer holds (`StoryClusterer.bucket_weights`), so they need no word list and
  follow the corpus; with them, the lexical term is the average weighted cosine (members' side
  normalised by the weighted length of their sum's direction, exact for one member);
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

Stories also split. A story can chain two events together: a bridging article (a round-up, an
opinion piece touching both) joins one event's story and the other event's articles then follow
it in. Once a run has placed its articles, every story that changed is checked
(`StoryClusterer.check_split`): its members are divided in two by average linkage on the same
pairwise similarity (lexical and semantic blend; across languages the semantic similarity scaled
so that the cross-language merge bar maps onto the same-language one), small leftovers of the
tree going to the nearer side, and the story splits when the two groups' average similarity to
each other, less the time penalty for the gap between their date ranges, stays below
``cluster.split_threshold`` and each group holds at least ``cluster.split_min_size`` articles
(copies go with their original and do not count). The split threshold must lie below the merge
bar (the larger of ``cluster.threshold`` and ``cluster.merge_threshold``, the average similarity
two stories need to merge), so a split story does not flip back: merging the two again would take
their average similarity rising from below ``split_threshold`` to the merge bar. It is above the
join threshold: a chained story's two events are about as similar as an article must be to join
(the join score is lowered by the time penalty and the rival correction), and a split bar below
the join threshold was measured to almost never fire. The group holding the earliest article
keeps the story id; the other takes the id its own earliest article would have founded. The check
costs the square of a story's size, capped: a story of more than `SPLIT_SAMPLE` originals is
divided on an evenly spaced sample and the rest follow the nearer side; and a clusterer kept
across batches checks a story again only once it has grown by `SPLIT_RECHECK_GROWTH`, so the
members read over a long stream stay proportional to the articles placed.

Story ids are derived from the first article's id, so they are stable across runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
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
#: at most this many originals of a story are divided by average linkage in the split check (the
#: rest follow the nearer group), so the check of a large story costs O(n x SPLIT_SAMPLE), not O(n^2).
SPLIT_SAMPLE = 200
#: a story already checked by this clusterer is checked again once it has grown by this share of
#: its size then, so a long-lived clusterer (checking after every batch) reads each story's members
#: a bounded number of times per doubling, not after every batch that adds an article.
SPLIT_RECHECK_GROWTH = 0.25
#: the rarity weight of a lexical bucket is log((stories + RARITY_PRIOR) / (stories using it + 1)):
#: the prior keeps the weights near equal while the clusterer has seen few stories.
RARITY_PRIOR = 50.0
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


@dataclass(frozen=True)
class Members:
    """A story's members as the split check needs them, in the order they joined.

    ``semantic`` and ``lexical`` hold one unit row per member; ``follows`` maps a copy to the
    original it follows (copies take no part in the decision and go with their original).
    """

    ids: tuple[str, ...]
    semantic: np.ndarray
    lexical: np.ndarray
    dates: tuple[dt.date | None, ...]
    languages: tuple[str, ...]
    follows: Mapping[str, str] = field(default_factory=dict)

    def take(self, rows: Sequence[int]) -> Members:
        """The members at ``rows``."""
        idx = np.asarray(rows, dtype=np.int64)
        return Members(
            tuple(self.ids[i] for i in rows),
            self.semantic[idx],
            self.lexical[idx],
            tuple(self.dates[i] for i in rows),
            tuple(self.languages[i] for i in rows),
            self.follows,
        )


@dataclass(frozen=True)
class Split:
    """A story divided in two: ``staying`` keep ``story_id``, ``leaving`` found ``new_id``.

    ``similarity`` is the two groups' average similarity to each other, less the time penalty
    for the gap between their date ranges (below ``cluster.split_threshold``).
    """

    story_id: str
    new_id: str
    staying: tuple[str, ...]
    leaving: tuple[str, ...]
    similarity: float


def weighted_rows(lexical: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
    """Lexical rows times the bucket weights, back to unit length (unchanged without weights)."""
    if weights is None:
        return lexical
    out = lexical * weights
    norms = np.linalg.norm(out, axis=-1, keepdims=True)
    return out / np.where(norms > 0, norms, 1.0)


def pair_similarity(
    semantic: np.ndarray,
    lexical: np.ndarray,
    languages: Sequence[str],
    sem_other: np.ndarray,
    lex_other: np.ndarray,
    languages_other: Sequence[str],
    scale: float,
    weights: np.ndarray | None = None,
) -> np.ndarray:
    """Similarities between two sets of articles, as the clusterer mixes them.

    Same language: ``SEMANTIC_WEIGHT`` x semantic + the rest x lexical (the cosine of the lexical
    vectors times the bucket ``weights`` when given, see `StoryClusterer.bucket_weights`). Different
    languages (words are not comparable): the semantic similarity times ``scale`` (the merge bar
    over the cross-language threshold), so a pair at the cross-language bar counts as a pair at
    the merge bar.
    """
    sem = semantic @ sem_other.T
    lex = weighted_rows(lexical, weights) @ weighted_rows(lex_other, weights).T
    same = np.asarray(languages, dtype=object)[:, None] == np.asarray(languages_other, dtype=object)[None, :]
    return np.where(same, SEMANTIC_WEIGHT * sem + (1 - SEMANTIC_WEIGHT) * lex, scale * sem)


def two_groups(similarity: np.ndarray, min_size: int) -> np.ndarray | None:
    """Divide items in two by average linkage; None when no division has two groups of ``min_size``.

    The full average-linkage tree is built on ``similarity`` (square, symmetric). From the root
    down, a merge whose two sides both hold ``min_size`` items gives the two groups; a side smaller
    than that (an outlier, a stray pair) is set aside while the larger side is searched, and is
    then attached to the group it is more similar to on average.

    Returns:
        A boolean mask (True = the second group), or None.
    """
    n = len(similarity)
    if min_size < 1 or n < 2 * min_size:
        return None
    sim = np.array(similarity, dtype=np.float64)
    np.fill_diagonal(sim, -np.inf)
    size = np.ones(n)
    node = list(range(n))  # tree node currently held in each row
    children: dict[int, tuple[int, int]] = {}
    count: dict[int, int] = dict.fromkeys(range(n), 1)
    alive = np.ones(n, dtype=bool)
    for step in range(n - 1):
        flat = int(np.argmax(sim))
        i, j = divmod(flat, n)
        merged = (size[i] * sim[i] + size[j] * sim[j]) / (size[i] + size[j])  # average linkage update
        size[i] += size[j]
        alive[j] = False
        merged[~alive] = -np.inf
        merged[i] = -np.inf
        sim[i], sim[:, i] = merged, merged
        sim[j], sim[:, j] = -np.inf, -np.inf
        children[n + step] = (node[i], node[j])
        count[n + step] = count[node[i]] + count[node[j]]
        node[i] = n + step
    top = 2 * n - 2
    aside: list[int] = []
    while top in children:
        left, right = children[top]
        if count[left] >= min_size and count[right] >= min_size:
            break
        small, top = (left, right) if count[left] < count[right] else (right, left)
        aside.append(small)
        if count[top] < 2 * min_size:
            return None
    else:
        return None

    def leaves(k: int) -> list[int]:
        out, todo = [], [k]
        while todo:
            x = todo.pop()
            if x in children:
                todo.extend(children[x])
            else:
                out.append(x)
        return out

    mask = np.zeros(n, dtype=bool)
    left, right = children[top]
    a, b = leaves(left), leaves(right)
    mask[b] = True
    for k in aside:  # set-aside pieces join the side they are closer to
        rows = leaves(k)
        to_b = similarity[np.ix_(rows, b)].mean() > similarity[np.ix_(rows, a)].mean()
        mask[rows] = to_b
    return mask


class StoryClusterer:
    """Single-pass incremental average-linkage clustering, with merging.

    Each article joins the story with the highest score (average similarity to its members,
    less the time penalty and the rival correction) when that reaches ``cluster.threshold`` (same language) or
    ``cluster.cross_language_threshold`` (a story in other languages only), and founds a new
    story otherwise. When an article also scores ``cluster.merge_threshold`` against a second
    story and the two stories' average similarity to each other reaches the merge bar (the larger
    of ``cluster.threshold`` and ``cluster.merge_threshold``), the article has shown them to be one
    event: the smaller story is merged into the larger. `check_split` does the reverse for a story
    that holds two events (see the module docstring).

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
        self.split_threshold = float(config["split_threshold"])
        self.split_min_size = int(config["split_min_size"])
        self.rarity = float(config.get("word_rarity", 0.0))
        if self.rarity < 0:
            raise ConfigError(f"cluster.word_rarity={self.rarity} is negative", hint="0 turns the weighting off")
        if self.window < 1 or self.penalty < 0:
            raise ConfigError("cluster.window_days must be at least 1 and cluster.window_penalty not negative")
        if self.rivals < 1 or not 0.0 <= self.rival_weight < 1.0:
            raise ConfigError(
                f"cluster.rivals={self.rivals}, cluster.rival_weight={self.rival_weight}",
                hint="rivals must be at least 1 and rival_weight in 0..1 (0 turns the correction off)",
            )
        #: two stories merge when their members' average similarity reaches this (same language)
        self.merge_bar = max(self.threshold, self.merge_threshold)
        if self.split_min_size < 0 or self.split_threshold >= self.merge_bar:
            raise ConfigError(
                f"cluster.split_threshold={self.split_threshold}, cluster.split_min_size={self.split_min_size}",
                hint=f"split_threshold must be below {self.merge_bar} (the larger of threshold and merge_threshold, "
                "the similarity two stories need to merge; or a split story could merge back at once) and "
                "split_min_size not negative (0 turns splitting off)",
            )
        # beyond this many days outside a story's range, the penalty alone keeps the score below the threshold
        rate = self.penalty / self.window
        self.reach = (1.0 - min(self.threshold, self.cross_threshold)) / rate if rate > 0 else math.inf
        self._states: dict[str, StoryState] = {}
        self._merged_into: dict[str, str] = {}
        self._checked: dict[str, int] = {}  # story size at its last split check
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
        self._df = np.zeros(0)  # per lexical bucket: how many current stories use it
        self._weights: np.ndarray | None = None  # bucket_weights() of the current counts (None: not computed)
        self._stories = 0  # current stories
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

    def _count(self, row: int, sign: int) -> None:
        """Add (+1) or remove (-1) a current story's lexical buckets from the bucket counts."""
        if not self.rarity:
            return
        lex = self._lex[row]
        if len(self._df) != len(lex):
            self._df = np.zeros(len(lex))
        self._df += sign * (lex != 0)
        self._weights = None
        self._stories += sign

    def bucket_weights(self) -> np.ndarray | None:
        """Rarity weights of the lexical buckets (None when ``cluster.word_rarity`` is 0).

        A bucket (a hashed content word) used by many current stories is a topic word; one used
        by few names an event. Weight: ``log((stories + RARITY_PRIOR) / (stories using it + 1))``
        to the power ``cluster.word_rarity``, scaled to mean 1. Counted over stories, not
        articles, so one large story does not make its own words common; the counts follow the
        stories as they grow, merge and split, and are rebuilt from the stories a run resumes from.
        """
        if not self.rarity or not len(self._df):
            return None
        if self._weights is None:  # computed once per change of the counts, not once per score
            w = np.log((self._stories + RARITY_PRIOR) / (self._df + 1.0)) ** self.rarity
            mean = float(w.mean())
            self._weights = (w / mean if mean > 0 else np.ones_like(w)).astype(np.float32)
        return self._weights

    def _lexical_scores(self, rows: np.ndarray, lexical: np.ndarray) -> np.ndarray:
        """Average lexical similarity of an article to the members of each story row.

        Without weights, the dot product with the members' sum over their number. With rarity
        weights, the numerator weights every bucket by its squared weight (the sum of the weighted
        cosines' numerators) and each side is scaled by its weighted length: the article's exactly,
        the members' by the weighted length of their sum's direction (exact for one member).
        """
        w = self.bucket_weights()
        lex = self._lex[rows]
        if w is None:
            return (lex @ lexical) / self._size[rows]
        w2 = w * w
        own = float(np.sqrt(float((lexical * lexical) @ w2)))
        denominator = self._size[rows] * own * _spread(lex, w2)
        return np.divide(lex @ (lexical * w2), denominator, out=np.zeros_like(denominator), where=denominator > 0)

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
        row = self._row.get(state.id)
        if row is None:  # a new story (an id merged away and split off again keeps its old row)
            if len(self._order) >= self._cap:
                self._grow(len(state.semantic_sum), len(state.lexical_sum))
            row = len(self._order)
            self._row[state.id] = row
            self._order.append(state.id)
        self._sem[row], self._lex[row] = state.semantic_sum, state.lexical_sum
        state.semantic_sum, state.lexical_sum = self._sem[row], self._lex[row]  # views: no second copy
        self._states[state.id] = state
        self._merged_into.pop(state.id, None)
        self._active[row] = True
        self._count(row, +1)
        self._refresh(state.id)

    def size(self, story_id: str) -> int:
        """How many members a current story has (0 for an unknown or merged-away id)."""
        st = self._states.get(story_id)
        return len(st.members) if st is not None else 0

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
        lex = self._lexical_scores(rows, lexical)
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
        w = self.bucket_weights()
        if w is None:
            lex = float(self._lex[ra] @ self._lex[rb]) / pairs
        else:
            w2 = w * w
            spread = _spread(self._lex[[ra, rb]], w2)
            scale = pairs * float(spread[0] * spread[1])
            lex = float(self._lex[ra] @ (self._lex[rb] * w2)) / scale if scale > 0 else 0.0
        return SEMANTIC_WEIGHT * sem + (1 - SEMANTIC_WEIGHT) * lex, self.merge_bar

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
        row = self._row[story_id]
        self._count(row, -1)
        st.semantic_sum += semantic  # in place: the sums are views of the story's row
        st.lexical_sum += lexical
        self._count(row, +1)
        st.members.append(article_id)
        st.languages.add(language)
        self._extend_dates(st, date)
        self._refresh(story_id)

    def merge(self, gone: str, into: str) -> None:
        """Merge story ``gone`` into story ``into``."""
        self._count(self._row[into], -1)
        self._count(self._row[gone], -1)
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
        self._count(self._row[into], +1)
        self._refresh(into)

    # ------------------------------------------------------------------ splits
    def split_due(self, story_id: str) -> bool:
        """Whether a story should be checked for a split now: it is large enough to hold two groups of
        ``cluster.split_min_size``, and this clusterer has not checked it yet or it has grown by
        `SPLIT_RECHECK_GROWTH` since (each run starts a new clusterer, so every story a run changes is
        checked in that run)."""
        size = self.size(story_id)
        if self.split_min_size < 1 or size < 2 * self.split_min_size:
            return False
        last = self._checked.get(story_id)
        return last is None or size >= last + max(1, math.ceil(SPLIT_RECHECK_GROWTH * last))

    def check_split(self, story_id: str, members: Members) -> list[Split]:
        """Split a story that holds two events, and its parts again while they do.

        Args:
            story_id: a current story.
            members: all its members (the stored ones and this run's), with their vectors.

        Returns:
            The splits made, in order (empty when the story is coherent); the clusterer's
            stories are updated (the leaving members found a new story).
        """
        done: list[Split] = []
        if story_id not in self._states:
            return done
        todo = [(story_id, members)]
        while todo:
            sid, group = todo.pop()
            found = self.find_split(sid, group)
            self._checked[sid] = len(group.ids)
            if found is None:
                continue
            leave, similarity = found
            stay_rows = [i for i in range(len(group.ids)) if not leave[i]]
            leave_rows = [i for i in range(len(group.ids)) if leave[i]]
            staying, leaving = group.take(stay_rows), group.take(leave_rows)
            new_id = self._split_id(sid, leaving)
            self._apply_split(sid, staying, new_id, leaving)
            done.append(Split(sid, new_id, staying.ids, leaving.ids, similarity))
            todo += [(sid, staying), (new_id, leaving)]
        return done

    def find_split(self, story_id: str, members: Members) -> tuple[np.ndarray, float] | None:
        """The split decision alone: a mask of the members that would leave, and the groups' similarity.

        The originals (members that are not copies of another member) are divided by `two_groups`
        (on an evenly spaced sample of `SPLIT_SAMPLE` when there are more; the others join the side
        they are closer to on average); copies follow their original. The group holding the
        earliest member stays. None when the story is coherent: fewer than ``cluster.split_min_size``
        originals on a side, or the groups' average similarity to each other, less the time
        penalty for the gap between their date ranges, reaches ``cluster.split_threshold``.
        """
        n, m = len(members.ids), self.split_min_size
        position = {aid: i for i, aid in enumerate(members.ids)}
        originals = [i for i, aid in enumerate(members.ids) if members.follows.get(aid) not in position]
        if m < 1 or len(originals) < 2 * m:
            return None
        orig = members.take(originals)
        k = len(originals)
        sample = np.unique(np.linspace(0, k - 1, SPLIT_SAMPLE).round().astype(np.int64)) if k > SPLIT_SAMPLE else None
        rows = np.arange(k) if sample is None else sample
        scale = self.merge_bar / self.cross_threshold if self.cross_threshold > 0 else 1.0
        langs = orig.languages
        sim = pair_similarity(orig.semantic, orig.lexical, langs, orig.semantic[rows], orig.lexical[rows],
                              [langs[i] for i in rows], scale, self.bucket_weights())  # k x len(rows)
        core = two_groups(sim[rows], m)
        if core is None:
            return None
        if sample is None:
            side = core
        else:  # the others join the side of the sample they are closer to on average
            b = sim[:, core].mean(axis=1)
            a = sim[:, ~core].mean(axis=1)
            side = b > a
            side[rows] = core
        if min(int(side.sum()), int((~side).sum())) < m:
            return None
        in_b_rows = side[rows]
        similarity = float(sim[np.ix_(np.flatnonzero(~side), np.flatnonzero(in_b_rows))].mean())
        if self.penalty:
            similarity -= self.penalty * _range_gap(orig.dates, side) / self.window
        if similarity >= self.split_threshold:
            return None
        leave = np.zeros(n, dtype=bool)
        for j, i in enumerate(originals):
            leave[i] = bool(side[j])
        for i, aid in enumerate(members.ids):  # copies go with their original (followed to the end)
            seen = {aid}
            while members.follows.get(aid) in position and members.follows[aid] not in seen:
                aid = members.follows[aid]
                seen.add(aid)
            leave[i] = leave[position[aid]]
        first = min(range(n), key=lambda i: (members.dates[i] or dt.date.max, i))
        return (~leave if leave[first] else leave), similarity

    def _split_id(self, story_id: str, leaving: Members) -> str:
        """The id of a story split off: the one its earliest article would found, unless taken."""
        order = sorted(range(len(leaving.ids)), key=lambda i: (leaving.dates[i] or dt.date.max, i))
        for i in order:
            candidate = story_id_for(leaving.ids[i])
            if candidate not in self._states and candidate != story_id:
                return candidate
        return story_id_for(story_id + "/" + leaving.ids[order[0]])

    def _apply_split(self, story_id: str, staying: Members, new_id: str, leaving: Members) -> None:
        st = self._states[story_id]
        self._count(self._row[story_id], -1)
        st.semantic_sum[:] = staying.semantic.sum(axis=0)  # in place: the sums are views of the row
        st.lexical_sum[:] = staying.lexical.sum(axis=0)
        self._count(self._row[story_id], +1)
        st.members = list(staying.ids)
        st.languages = set(staying.languages)
        st.first = st.last = None
        for d in staying.dates:
            self._extend_dates(st, d)
        self._refresh(story_id)
        new = StoryState(new_id, leaving.semantic.sum(axis=0).astype(np.float32),
                         leaving.lexical.sum(axis=0).astype(np.float32), list(leaving.ids),
                         languages=set(leaving.languages))
        for d in leaving.dates:
            self._extend_dates(new, d)
        self._add_state(new)

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


def _spread(sums: np.ndarray, w2: np.ndarray) -> np.ndarray:
    """Weighted length of the direction of each row (squared bucket weights ``w2``; 0 for a zero row)."""
    weighted, total = ((sums * sums) @ np.stack([w2, np.ones_like(w2)], axis=1)).T  # one pass over the rows
    return np.sqrt(np.divide(weighted, total, out=np.zeros_like(total), where=total > 0))


def _range_gap(dates: Sequence[dt.date | None], side: np.ndarray) -> float:
    """Days between the date ranges of the two sides (0 when they overlap or a side is undated)."""
    a = [d.toordinal() for d, s in zip(dates, side, strict=True) if d is not None and not s]
    b = [d.toordinal() for d, s in zip(dates, side, strict=True) if d is not None and s]
    if not a or not b:
        return 0.0
    return float(max(0, min(b) - max(a), min(a) - max(b)))
