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
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .config import Config, load_config
from .records import Article, DateMention, Sentence, TimelineEvent
from .summarize import (
    is_boilerplate,
    is_question,
    opinion_cues,
    quote_fraction,
    self_attribution,
    starts_with_antecedent,
)
from .verify import STOPWORDS, content_words, extract_numbers, stem

_LONG_WORDS = 30  # longer event sentences are cut to the clause about the date
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_MIN_CLAUSE_WORDS = 6
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_CLAUSE_BREAK = re.compile(
    r";\s+|\s+[—–]\s+|,\s+(?=(?:while|whereas|but|although|though|as|after|before|when|and|which|who)\b)"
)
#: a sentence that opens with a name (up to four capitalised words) followed by a lower-case word: its subject
_LEADING_NAME = re.compile(r"^((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*)\s+(?=[a-z])")
_NOT_SUBJECTS = frozenset(
    "the a an in on at after before when while as if for from by with this that these those it he she they we "
    "i but and or so yet then there here".split()
)
#: a clause that starts with a verb has lost its subject to the cut
_NO_SUBJECT = re.compile(
    r"^(?:will|would|shall|should|can|could|may|might|must|also|is|are|was|were|has|have|had|did|does|do|to)\b",
    re.IGNORECASE,
)
_NAME_TOKEN = re.compile(r"\b[A-Z][\w’'-]*[a-zA-Z]")  # "US" and "UK" count
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
    context: set[str]  # content words right around the date: what happened then
    counts: set[tuple[str, str, float]]  # (noun, verb, value) of counted things ("killed 14 people")


_DATELINE = re.compile(r"^\s*[A-ZÀ-Þ][A-ZÀ-Þ .'’-]{2,}(?:,\s*[^,–—()]{1,40}?){0,2}\s*(?:\([^)]{1,40}\))?\s*[-–—]\s+")
_REPORTING = frozenset("said says told added stated wrote reported explained noted".split())
_CONTEXT_WIDTH = 4


def _dateline_end(text: str) -> int:
    """Length of a leading dateline ("BRASNYK, Velmora, Dec 24 (Northgate) - "), 0 when there is none."""
    match = _DATELINE.match(text)
    return match.end() if match else 0


def _offset_in(sentence: Sentence, mention: DateMention) -> int:
    offset = mention.start - sentence.start
    if 0 <= offset < len(sentence.text) and sentence.text[offset:].startswith(mention.text[:3]):
        return offset
    found = sentence.text.find(mention.text)
    return found if found >= 0 else max(0, min(offset, len(sentence.text)))


def _words_around(sentence: Sentence, mention: DateMention, width: int = _CONTEXT_WIDTH) -> tuple[list[str], set[str]]:
    """The words just before the date expression, and the content stems within ``width`` words of it."""
    text = sentence.text
    start = _offset_in(sentence, mention)
    end = start + len(mention.text)
    before = [m.group(0).lower() for m in _WORD.finditer(text[:start])]
    after = [m.group(0).lower() for m in _WORD.finditer(text[end:])]
    near = before[-width:] + after[:width]
    context = {stem(w) for w in near if w not in STOPWORDS and not _DATE_WORDS.fullmatch(w) and len(w) > 2}
    return before[-3:], context


def _reporting_date(sentence: Sentence, mention: DateMention) -> bool:
    """The date only says when something was said ("said on Wednesday that it found the breach on Dec. 12")."""
    before, _ = _words_around(sentence, mention)
    return any(w in _REPORTING for w in before[-2:])


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


_ATTRIBUTION_LEAD = re.compile(
    r"^\W*(?:\w+[\s,]+){0,5}?(?:said|says|told|reported|announced|confirmed|added)\b", re.IGNORECASE
)


def _clarity(candidate: _Candidate, others: Sequence[_Candidate]) -> float:
    """How well a member states the event by itself: close to the others, self-contained, direct, plain."""
    text = _shorten(candidate.sentence, candidate.mention)
    words = len(text.split())
    score = 0.0
    vectors = [o.vector for o in others if o is not candidate and o.vector is not None]
    if candidate.vector is not None and vectors:
        score += float(np.mean([candidate.vector @ v for v in vectors]))
    if starts_with_antecedent(text):
        score -= 0.5
    if _ATTRIBUTION_LEAD.match(text):
        score -= 0.1  # "Officials said on Wednesday that ..." states the event less directly
    if self_attribution(text):
        score -= 0.3  # "..., our correspondent reports" speaks for one outlet
    score -= 0.4 * quote_fraction(text) + 0.2 * min(3, opinion_cues(text))
    score -= 0.01 * abs(words - 18) + 0.02 * max(0, words - _LONG_WORDS)  # long: could not be cut to a clause
    return score


def _shorten(sentence: Sentence, mention: DateMention) -> str:
    """The clause of a long sentence that holds the date (with neighbours until it reads as a statement);
    a leading dateline is dropped."""
    cut = _dateline_end(sentence.text)
    text = sentence.text[cut:].strip()
    text = text[:1].upper() + text[1:]
    offset = max(
        0, _offset_in(sentence, mention) - cut - (len(sentence.text[cut:]) - len(sentence.text[cut:].lstrip()))
    )
    if len(text.split()) <= _LONG_WORDS:
        return text
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
    if _NO_SUBJECT.match(piece):
        # "will also discuss ...": the clause lost its subject; the sentence's named subject is put back in
        # brackets (an editor's insertion), else the whole sentence reads better
        subject = _LEADING_NAME.match(text)
        if subject is None or subject.group(1).split()[0].lower() in _NOT_SUBJECTS or clauses[lo][0] == 0:
            return text
        piece = f"[{subject.group(1)}] {piece}"
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
    usable: list[tuple[DateMention, Sentence]] = []
    for mention in date_mentions:
        sentence = index.get((mention.article_id, mention.sentence_index))
        if sentence is None or mention.article_id not in by_id:
            continue
        if _offset_in(sentence, mention) < _dateline_end(sentence.text):
            continue  # the dateline's date is the publication date, not an event
        if _junk(sentence, mention):
            continue
        if _far(mention.date, anchors, max_days) and not _explicit_year(mention, sentence):
            continue
        usable.append((mention, sentence))
    dates_of: dict[tuple[str, int], set[dt.date]] = defaultdict(set)
    for mention, _ in usable:
        dates_of[(mention.article_id, mention.sentence_index)].add(mention.date)
    seen: set[tuple[str, int, dt.date]] = set()
    by_date: dict[dt.date, list[_Candidate]] = defaultdict(list)
    for mention, sentence in usable:
        key = (mention.article_id, mention.sentence_index)
        if (*key, mention.date) in seen:
            continue
        if len(dates_of[key]) > 1 and _reporting_date(sentence, mention):
            continue  # the sentence's other date is the event's
        seen.add((*key, mention.date))
        language = by_id[mention.article_id].language
        counts = {
            (n.noun, n.verb, n.value)
            for n in extract_numbers(sentence.text, language if language not in ("", "und") else "en")
            if n.noun and n.verb
        }
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
                context=_words_around(sentence, mention)[1],
                counts=counts,
            )
        )
    events: list[tuple[dt.date, tuple[dt.date, int, int], TimelineEvent]] = []
    shown: Counter[str] = Counter()  # how often a sentence was already shown under an earlier date
    language_of = {a.id: a.language for a in articles}
    for date in sorted(by_date):
        day_groups = _merge(sorted(by_date[date], key=lambda c: c.order), same_event)
        for group in _merge_same_day(day_groups, language_of, same_event):
            # a sentence naming several dates ("talks on January 10 ... meetings on January 12 and 13") is
            # shown once when another source words the later date's event by itself
            best = max(
                group,
                key=lambda c: (
                    -shown[c.sentence.text],
                    _clarity(c, group),
                    -c.order[1],
                    -c.order[2],
                ),
            )
            shown[best.sentence.text] += 1
            event = TimelineEvent(
                date=date,
                text=_shorten(best.sentence, best.mention),
                sources=tuple(sorted({c.article_id for c in group})),
                scheduled=all(c.mention.scheduled for c in group),
            )
            events.append((date, min(c.order for c in group), event))
    events.sort(key=lambda e: (e[0], e[1]))
    return [e for _, _, e in events]


_CONTEXT_FLOOR = 0.35  # same date, same words around it: the same event even if phrased apart


def _similar(a: _Candidate, b: _Candidate, same_event: float) -> bool:
    """Two same-date sentences describe one event: close in meaning, or reasonably close with the same
    words around the date ("discovered the intrusion on Dec. 12"), or counting the same thing
    ("killed 14 people")."""
    if a.counts & b.counts:
        return True
    if a.vector is not None and b.vector is not None:
        sim = float(a.vector @ b.vector)
        return sim >= same_event or (sim >= _CONTEXT_FLOOR and bool(a.context & b.context))
    if not a.words or not b.words:
        return False
    return len(a.words & b.words) / len(a.words | b.words) >= 0.5


def _names(text: str) -> set[str]:
    """Capitalised words of a sentence, date and function words left out: who and what it names."""
    out = set()
    for match in _NAME_TOKEN.finditer(text):
        for part in match.group().split("-"):
            low = part.lower().rstrip("’'s") if part.endswith(("’s", "'s")) else part.lower()
            if (len(low) > 2 or part.isupper()) and not _DATE_WORDS.fullmatch(low) and low not in STOPWORDS:
                out.add(low)
    return out


def _merge_same_day(
    groups: list[list[_Candidate]], language_of: Mapping[str, str] | None = None, same_event: float = 1.0
) -> list[list[_Candidate]]:
    """Fold the day's smaller groups into a bigger one about the same happening.

    Outlets describe one event of a day in sentences too different to merge by meaning ("Putin would
    speak with Biden on Thursday" / "Biden will hold another phone call with Putin today"), which made
    several entries per day. A group joins a bigger one of its day when their sentences share two names,
    or one name and a content word right next to the date ("Thursday's call" / "today's call"); a
    one-source group joins a group of several sources on the word next to the date alone. A group in
    another language (a translation shares no words) joins when one of its sentences is as close in
    meaning to one of the target's as ``same_event`` asks.
    """
    ordered = sorted(groups, key=lambda g: (-len({c.article_id for c in g}), -len(g)))
    merged: list[list[_Candidate]] = []
    for group in ordered:
        names = set().union(*(_names(c.sentence.text) for c in group))
        context = set().union(*(c.context for c in group))
        for target in merged:
            t_names = set().union(*(_names(c.sentence.text) for c in target))
            t_context = set().union(*(c.context for c in target))
            shared = len(names & t_names)
            lone = len({c.article_id for c in group}) == 1 and len({c.article_id for c in target}) > 1
            if (
                shared >= 2
                or ((shared or lone) and context & t_context)
                or _translated(group, target, language_of, same_event)
            ):
                target.extend(group)
                break
        else:
            merged.append(list(group))
    return merged


def _translated(
    group: Sequence[_Candidate], target: Sequence[_Candidate], language_of: Mapping[str, str] | None, same_event: float
) -> bool:
    """The two groups are in different languages and a sentence of one means what a sentence of the other does."""
    if not language_of:
        return False
    langs = {language_of.get(c.article_id, "") for c in group}
    t_langs = {language_of.get(c.article_id, "") for c in target}
    if langs & t_langs:
        return False
    sims = [float(c.vector @ t.vector) for c in group for t in target if c.vector is not None and t.vector is not None]
    return bool(sims) and max(sims) >= same_event


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
