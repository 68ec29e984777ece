"""Date expressions: find them in an article and resolve them against its publication date.

News text dates events relative to the day it was written: "on Thursday", "Jan. 10",
"yesterday", "earlier this month". Each expression is resolved against the article's
publication date (or, for an undated article, its story's date):

- absolute dates with a year ("December 30, 2021", "30 December 2021", "2021-12-29") are taken as written;
- a month and day without a year ("Jan. 10") take the year that puts them nearest the reference date
  (written on 2021-12-29, "Jan. 10" is 2022-01-10);
- weekdays take their tense from the nearest verb cue: future ("will", "is scheduled to", "upcoming")
  → the next such weekday on or after the reference date; past ("said", "spoke", "held", "-ed")
  → the most recent on or before it; no cue → the nearest one. "last Monday" / "next Monday" are explicit;
- today / tonight / yesterday / tomorrow are offsets of the reference date;
- vague periods ("last week", "earlier this month", "next month", "in 2014", "last June") are returned
  only with ``include_vague=True``, resolved to the first day of the period (week: its Monday),
  because a timeline shows day-exact events only.

``DateMention.scheduled`` is true when the resolved date is after the reference date (or on it with a
future verb): the event had not happened when the article was written.

This is written here rather than delegated to dateparser: dateparser resolves "Jan. 10" and weekdays
towards the past or the future globally (``PREFER_DATES_FROM``), while news needs a per-expression
choice driven by the verb's tense.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .records import Article, DateMention, Sentence

MONTHS: dict[str, int] = {}
for number, names in enumerate(
    [
        "january jan januar janvier enero ene gennaio",
        "february feb febr februar février fevrier febrero febbraio",
        "march mar märz maerz mars marzo",
        "april apr avril abril aprile",
        "may mai mayo maggio",
        "june jun juni juin junio giugno",
        "july jul juli juillet julio luglio",
        "august aug août aout agosto",
        "september sep sept septembre septiembre settembre",
        "october oct oktober octobre octubre ottobre",
        "november nov novembre noviembre",
        "december dec dezember décembre decembre diciembre dicembre dez",
    ],
    start=1,
):
    for name in names.split():
        MONTHS[name] = number

WEEKDAYS: dict[str, int] = {}
for number, names in enumerate(
    [
        "monday montag lundi lunes",
        "tuesday dienstag mardi martes",
        "wednesday mittwoch mercredi miércoles miercoles",
        "thursday donnerstag jeudi jueves",
        "friday freitag vendredi viernes",
        "saturday samstag sonnabend samedi sábado sabado",
        "sunday sonntag dimanche domingo",
    ]
):
    for name in names.split():
        WEEKDAYS[name] = number

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY_DOT = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|\.)?"  # "10. Januar"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("dmy-num", re.compile(r"\b(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b")),
    (
        "month-day",
        re.compile(rf"\b(?P<month>{_MONTH})\.?\s+{_DAY}(?!\d|:)(?:,?\s+{_YEAR}\b)?", re.IGNORECASE),
    ),
    (
        "day-month",
        re.compile(
            rf"\b{_DAY_DOT}\s+(?:of\s+|de\s+)?(?P<month>{_MONTH})\.?(?:,?\s+(?:de\s+)?{_YEAR}\b)?", re.IGNORECASE
        ),
    ),
    (
        "weekday",
        re.compile(rf"\b(?:(?P<mod>last|next|this|past|coming)\s+)?(?P<weekday>{_WEEKDAY})(?:['’]s)?\b", re.IGNORECASE),
    ),
    ("relative", re.compile(r"\b(?P<rel>today|tonight|yesterday|tomorrow|heute|gestern|morgen|hoy|ayer|mañana)\b",
                            re.IGNORECASE)),
    (
        "period",
        re.compile(
            r"\b(?P<period>(?:last|next|this|past)\s+(?:week|month|year)|earlier\s+this\s+(?:week|month|year)"
            r"|later\s+this\s+(?:week|month|year))\b",
            re.IGNORECASE,
        ),
    ),
    ("month-only", re.compile(rf"\b(?P<mod>last|next|this|in|since|until)\s+(?P<month>{_MONTH})\b(?!\s+\d)",
                              re.IGNORECASE)),
    ("year", re.compile(r"\b(?:in|since|by|until|of)\s+(?P<year>(?:19|20)\d\d)\b(?!-)", re.IGNORECASE)),
]

_FUTURE = re.compile(
    r"\b(?:will|won['’]t|shall|['’]ll|(?:is|are|was|were)\s+(?:set|scheduled|expected|due|slated|going|planned|"
    r"poised|to)\s+to|(?:is|are)\s+to|scheduled|slated|upcoming|plans?\s+to|planning\s+to|intends?\s+to|"
    r"expected\s+to|to\s+be\s+held|would)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:said|says|spoke|held|met|announced|was|were|had|did|told|called|confirmed|warned|visited|signed|took|"
    r"came|went|gave|made|began|left|died|won|lost|met|wrote|sent|\w{3,}ed)\b",
    re.IGNORECASE,
)
_NOT_PAST = {"scheduled", "expected", "planned", "slated", "related", "united", "based", "limited", "indeed", "need",
             "speed", "proceed", "embed", "red", "bed", "shed", "hundred", "seed", "feed", "bred", "led"}

_CONTINUATION = re.compile(r"\s*(?:and|&|-|–|to|bis|y|et)\s*(?P<day>[0-3]?\d)\b(?!\s*(?:%|percent|per|:|\d))")
_AMBIGUOUS_MONTHS = {"may", "mar", "jun", "jan", "dec", "oct", "aug", "sep", "nov", "feb", "apr", "jul", "mai"}


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    text: str
    date: dt.date
    exact: bool  # a specific day (not a week, month or year)
    future_cue: bool


def _nearest_year(month: int, day: int, ref: dt.date) -> dt.date | None:
    best: dt.date | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            cand = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((cand - ref).days) < abs((best - ref).days):
            best = cand
    return best


def _tense(sentence: str, start: int, end: int) -> str:
    """``future``, ``past`` or ``none``: the verb cue nearest the expression (future cues weigh a little more)."""
    best: tuple[float, str] = (float("inf"), "none")
    for m in _FUTURE.finditer(sentence):
        dist = min(abs(m.start() - start), abs(m.end() - end), abs(m.start() - end), abs(m.end() - start))
        best = min(best, (dist * 0.8, "future"))
    for m in _PAST.finditer(sentence):
        if m.group(0).lower() in _NOT_PAST:
            continue
        dist = min(abs(m.start() - start), abs(m.end() - end), abs(m.start() - end), abs(m.end() - start))
        best = min(best, (float(dist), "past"))
    return best[1]


def _weekday_date(weekday: int, mod: str | None, tense: str, ref: dt.date) -> dt.date:
    ahead = (weekday - ref.weekday()) % 7  # 0..6 days until the next one (0 = today)
    behind = (ref.weekday() - weekday) % 7  # 0..6 days since the last one
    if mod in ("next", "coming"):
        return ref + dt.timedelta(days=ahead or 7)
    if mod in ("last", "past"):
        return ref - dt.timedelta(days=behind or 7)
    if tense == "future":
        return ref + dt.timedelta(days=ahead)
    if tense == "past":
        return ref - dt.timedelta(days=behind)
    return ref + dt.timedelta(days=ahead) if ahead <= behind else ref - dt.timedelta(days=behind)


def _period_date(text: str, ref: dt.date) -> dt.date:
    low = " ".join(text.lower().split())
    unit = low.rsplit(" ", 1)[-1]
    shift = -1 if low.startswith(("last", "past")) else 1 if low.startswith("next") else 0
    if unit == "week":
        monday = ref - dt.timedelta(days=ref.weekday())
        return monday + dt.timedelta(weeks=shift)
    if unit == "month":
        month = ref.month + shift
        year = ref.year + (month - 1) // 12
        return dt.date(year, (month - 1) % 12 + 1, 1)
    return dt.date(ref.year + shift, 1, 1)


def _resolve(kind: str, m: re.Match[str], sentence: str, ref: dt.date | None) -> tuple[dt.date, bool] | None:
    """The date of one match and whether it is day-exact; None when it cannot be resolved."""
    g = m.groupdict()
    try:
        if kind in ("iso", "dmy-num"):
            return dt.date(int(g["year"]), int(g["month"]), int(g["day"])), True
        if kind in ("month-day", "day-month"):
            month_word = g["month"].lower().rstrip(".")
            if month_word in _AMBIGUOUS_MONTHS and g["month"][0].islower():
                return None  # "may 5" in lowercase is more likely the verb
            month, day = MONTHS[month_word], int(g["day"])
            if g.get("year"):
                return dt.date(int(g["year"]), month, day), True
            if ref is None:
                return None
            found = _nearest_year(month, day, ref)
            return (found, True) if found else None
    except (ValueError, KeyError):
        return None
    if ref is None:
        if kind == "year":
            return dt.date(int(g["year"]), 1, 1), False
        return None
    if kind == "weekday":
        if g["weekday"][0].islower():
            return None
        tense = _tense(sentence, m.start(), m.end())
        mod = g["mod"].lower() if g.get("mod") else None
        return _weekday_date(WEEKDAYS[g["weekday"].lower()], mod, tense, ref), True
    if kind == "relative":
        offset = {"today": 0, "tonight": 0, "heute": 0, "hoy": 0, "yesterday": -1, "gestern": -1, "ayer": -1,
                  "tomorrow": 1, "morgen": 1, "mañana": 1}[g["rel"].lower()]
        return ref + dt.timedelta(days=offset), True
    if kind == "period":
        return _period_date(m.group(0), ref), False
    if kind == "month-only":
        month = MONTHS[g["month"].lower()]
        mod = g["mod"].lower()
        year = ref.year
        if mod == "last" or (mod in ("in", "since") and month > ref.month and _tense(sentence, m.start(), m.end())
                             != "future"):
            year -= 1 if month >= ref.month else 0
        elif mod == "next" and month <= ref.month:
            year += 1
        return dt.date(year, month, 1), False
    if kind == "year":
        return dt.date(int(g["year"]), 1, 1), False
    return None


def _matches(sentence: str, ref: dt.date | None) -> list[_Match]:
    taken: list[tuple[int, int]] = []
    found: list[_Match] = []
    for kind, pattern in PATTERNS:  # earlier patterns are more specific and win overlaps
        for m in pattern.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            resolved = _resolve(kind, m, sentence, ref)
            if resolved is None:
                continue
            day, exact = resolved
            future = _tense(sentence, m.start(), m.end()) == "future"
            taken.append((m.start(), m.end()))
            found.append(_Match(m.start(), m.end(), m.group(0), day, exact, future))
            if kind == "month-day" and not m.groupdict().get("year"):
                more = _CONTINUATION.match(sentence, m.end())  # "January 12 and 13"
                if more:
                    try:
                        second = day.replace(day=int(more.group("day")))
                    except ValueError:
                        continue
                    if second > day:
                        span = (more.start("day"), more.end("day"))
                        taken.append(span)
                        found.append(_Match(span[0], span[1], more.group("day"), second, True, future))
    return sorted(found, key=lambda x: x.start)


def find_dates(
    article: Article,
    sentences: Sequence[Sentence],
    *,
    fallback_date: dt.date | None = None,
    include_vague: bool = False,
) -> list[DateMention]:
    """Find and resolve the date expressions of one article.

    Args:
        article: the cleaned article; ``article.published`` is the reference date.
        sentences: the article's sentences (offsets into ``article.text``).
        fallback_date: the reference date when the article has none (its story's date).
        include_vague: also return weeks, months and years (resolved to their first day).

    Returns:
        Mentions in text order, with character offsets into ``article.text``.
    """
    ref = article.published or fallback_date
    out: list[DateMention] = []
    for sent in sentences:
        for m in _matches(sent.text, ref):
            if not m.exact and not include_vague:
                continue
            scheduled = ref is not None and (m.date > ref or (m.date == ref and m.future_cue and m.exact))
            out.append(
                DateMention(
                    article_id=article.id,
                    start=sent.start + m.start,
                    end=sent.start + m.end,
                    text=m.text,
                    date=m.date,
                    sentence_index=sent.index,
                    scheduled=bool(scheduled),
                )
            )
    return out


def story_date(articles: Sequence[Article]) -> dt.date | None:
    """The best single date for a story: the most common publication date of its articles, the latest on ties.

    The mode resists one outlet's late repost; taking the latest on ties favours the day
    when most of the coverage was published (relative expressions such as "today" in an
    undated article most often refer to it).
    """
    days = Counter(a.published for a in articles if a.published)
    if not days:
        return None
    top = max(days.values())
    return max(d for d, n in days.items() if n == top)
