"""A story's timeline: dated sentences merged across sources into cited events.

Every sentence with a resolved date (a `DateMention` from the dates stage) is a
candidate event on that date. Candidates of the same date are merged when their
sentences say the same thing (cosine ≥ ``config.consolidate.same_event``, or
strong word overlap when a vector is missing). An event's text is its clearest
member: self-contained (no "He said" opening), free of quotes and loaded words,
close to the others, cut down to the clause about the date when the sentence is
long. Defences against page junk: boilerplate lines ("Posted March 2"),
sentences with nothing but a date, and dates more than
``config.consolidate.max_event_distance_days`` from every publication date of
the story unless the year is written out ("In 1962 ...").
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .config import Config, load_config
from .records import Article, DateMention, Sentence, TimelineEvent
from .summarize import is_boilerplate, is_question, opinion_cues, quote_fraction, starts_with_antecedent
from .verify import content_words

_LONG_WORDS = 30  # longer event sentences are cut to the clause about the date
_MIN_CLAUSE_WORDS = 6
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_CLAUSE_BREAK = re.compile(
    r";\s+|\s+[—–]\s+|,\s+(?=(?:while|whereas|but|although|though|as|after|before|when|and|which|who)\b)"
)
_DATE_WORDS = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|"
    r"august|september|october|november|december|today|yesterday|tomorrow|morning|afternoon|evening|night|week|"
    r"month|year|day|ago|last|next|\d+(?:st|nd|rd|th)?)\b",
    re.IGNORECASE,
)


@dataclass
class _Candidate:
    article_id: str
    sentence: Sentence
    mention: DateMention
    vector: np.ndarray | None
    words: set[str]
    order: tuple[dt.date, int, int]


def _story_dates(articles: Sequence[Article], mentions: Sequence[DateMention]) -> list[dt.date]:
    published = sorted({a.published for a in articles if a.published is not None})
    if published:
        return published
    if mentions:
        return [statistics.median_low(sorted(m.date for m in mentions))]
    return []


def _far(date: dt.date, anchors: Sequence[dt.date], max_days: int) -> bool:
    return bool(anchors) and min(abs((date - a).days) for a in anchors) > max_days


def _explicit_year(mention: DateMention, sentence: Sentence) -> bool:
    """The sentence writes the mention's year out ("In 2014", "on 3 May 1998")."""
    if _YEAR.search(mention.text):
        return True
    return str(mention.date.year) in _YEAR.findall(sentence.text)


def _junk(sentence: Sentence, mention: DateMention) -> bool:
    if is_boilerplate(sentence.text) or is_question(sentence.text):
        return True
    rest = sentence.text.replace(mention.text, " ")
    words = [w for w in content_words(_DATE_WORDS.sub(" ", rest)) if not w.isdigit()]
    return len(words) < 3


def _clarity(candidate: _Candidate, others: Sequence[_Candidate]) -> float:
    text = candidate.sentence.text
    words = len(text.split())
    score = 0.0
    vectors = [o.vector for o in others if o is not candidate and o.vector is not None]
    if candidate.vector is not None and vectors:
        score += float(np.mean([candidate.vector @ v for v in vectors]))
    if starts_with_antecedent(text):
        score -= 0.5
    score -= 0.4 * quote_fraction(text) + 0.2 * min(3, opinion_cues(text))
    score -= 0.01 * abs(words - 18)
    return score


def _shorten(sentence: Sentence, mention: DateMention) -> str:
    """The clause of a long sentence that holds the date (with neighbours until it reads as a statement)."""
    text = sentence.text.strip()
    if len(text.split()) <= _LONG_WORDS:
        return text
    offset = mention.start - sentence.start
    if not 0 <= offset < len(text):
        found = text.find(mention.text)
        offset = found if found >= 0 else 0
    bounds = [0]
    for match in _CLAUSE_BREAK.finditer(text):
        bounds.append(match.start())
        bounds.append(match.end())
    bounds.append(len(text))
    clauses = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds) - 1, 2)]
    pos = next((k for k, (s, e) in enumerate(clauses) if s <= offset < e), 0)
    lo = hi = pos
    while len(text[clauses[lo][0] : clauses[hi][1]].split()) < _MIN_CLAUSE_WORDS and (lo > 0 or hi < len(clauses) - 1):
        if lo > 0:
            lo -= 1
        if len(text[clauses[lo][0] : clauses[hi][1]].split()) < _MIN_CLAUSE_WORDS and hi < len(clauses) - 1:
            hi += 1
    piece = text[clauses[lo][0] : clauses[hi][1]].strip(" ,;—–")
    if piece == text:
        return text
    piece = re.sub(r"^(?:and|but|while|whereas|although|though|as|which|who)\s+", "", piece, flags=re.IGNORECASE)
    piece = piece[:1].upper() + piece[1:]
    if not re.search(r"[.!?][\"'”’]?$", piece):
        piece += "."
    return piece


def build_timeline(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    date_mentions: Sequence[DateMention],
    vectors: Mapping[tuple[str, int], np.ndarray],
    *,
    config: Config | None = None,
) -> list[TimelineEvent]:
    """Turn dated sentences into events merged across sources.

    Args:
        articles: the story's articles (their publication dates anchor the story in time).
        sentences: sentences by article id.
        date_mentions: resolved date expressions (``sentence_index`` points into ``sentences``).
        vectors: sentence vectors by (article id, sentence index); a missing vector falls back to
            word overlap.
        config: the configuration (``config.consolidate.same_event`` and ``max_event_distance_days``);
            the bundled defaults when None.

    Returns:
        Events ordered by date (then by first report), each with all supporting articles (sorted);
        ``scheduled`` only when every source speaks of it as still to come.

    Raises:
        ConfigError: ``config`` is None and the bundled defaults cannot be loaded (a broken install).
    """
    cfg = (config or load_config(environ={})).consolidate
    same_event = float(cfg.same_event)
    max_days = int(cfg.max_event_distance_days)
    by_id = {a.id: a for a in articles}
    anchors = _story_dates(articles, date_mentions)
    article_rank = {a.id: k for k, a in enumerate(articles)}
    index = {(aid, s.index): s for aid, ss in sentences.items() for s in ss}
    seen: set[tuple[str, int, dt.date]] = set()
    by_date: dict[dt.date, list[_Candidate]] = defaultdict(list)
    for mention in date_mentions:
        key = (mention.article_id, mention.sentence_index)
        sentence = index.get(key)
        if sentence is None or mention.article_id not in by_id or (*key, mention.date) in seen:
            continue
        seen.add((*key, mention.date))
        if _junk(sentence, mention):
            continue
        if _far(mention.date, anchors, max_days) and not _explicit_year(mention, sentence):
            continue
        published = by_id[mention.article_id].published or dt.date.max
        vector = vectors.get(key)
        by_date[mention.date].append(
            _Candidate(
                article_id=mention.article_id,
                sentence=sentence,
                mention=mention,
                vector=None if vector is None else np.asarray(vector, dtype=np.float32),
                words=content_words(sentence.text),
                order=(published, article_rank[mention.article_id], sentence.index),
            )
        )
    events: list[tuple[dt.date, tuple[dt.date, int, int], TimelineEvent]] = []
    for date in sorted(by_date):
        for group in _merge(sorted(by_date[date], key=lambda c: c.order), same_event):
            best = max(group, key=lambda c: (_clarity(c, group), -c.order[1], -c.order[2]))
            event = TimelineEvent(
                date=date,
                text=_shorten(best.sentence, best.mention),
                sources=tuple(sorted({c.article_id for c in group})),
                scheduled=all(c.mention.scheduled for c in group),
            )
            events.append((date, min(c.order for c in group), event))
    events.sort(key=lambda e: (e[0], e[1]))
    return [e for _, _, e in events]


def _similar(a: _Candidate, b: _Candidate, same_event: float) -> bool:
    if a.vector is not None and b.vector is not None:
        return float(a.vector @ b.vector) >= same_event
    if not a.words or not b.words:
        return False
    return len(a.words & b.words) / len(a.words | b.words) >= 0.5


def _merge(candidates: Sequence[_Candidate], same_event: float) -> list[list[_Candidate]]:
    """Group same-date candidates that describe the same event (average link to the group)."""
    groups: list[list[_Candidate]] = []
    for candidate in candidates:
        best, best_share = None, 0.0
        for group in groups:
            share = sum(_similar(candidate, member, same_event) for member in group) / len(group)
            if share >= 0.5 and share > best_share:
                best, best_share = group, share
        if best is None:
            groups.append([candidate])
        else:
            best.append(candidate)
    return groups
