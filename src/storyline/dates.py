"""Date expressions in an article, resolved against its publication date.

`find_dates` scans every sentence for date expressions and resolves each one to
a calendar day using the article's publication date (or the story's date when the
article has none):

* absolute dates: ``December 30, 2021``, ``30 December 2021``, ``2021-12-29``,
  ``12/29/2021``, ``21.Oct.2025``;
* month and day without a year (``Jan. 10``, ``30 December``, ``August the 31st``): the
  year that puts the date nearest the publication date (``Jan. 10`` in an article of
  2021-12-29 is 2022-01-10), except in a past-tense clause (its own or one before it; a
  reporting clause after it, ``…, the office announced``, does not count), where it is the
  latest such day on or before the publication date (``stormed the office on Jan. 6``
  written in August), unless the date may still lie ahead (after ``by``, ``until``: ``was
  ordered to report by Jan. 5``, ``until the end of September``; after an infinitive:
  ``voted to meet on Jan. 5``); and
  in every case the year of that month when the article named it with its year before
  (``late last October. On Oct. 29, …``: the same October);
  a day written before the noun of an unplanned event (``the Jan. 6 riot``, ``the July 3
  storm``) is always the latest one on or before publication;
* ``9/11``, and ``Sept. 11`` before ``attacks``, ``hijackers``, ``memorial``, ``museum`` or ``commission``:
  the 2001 attacks (a date used as a name);
* weekdays (``on Thursday``, ``this Thursday``, ``Thursday's call``), resolved by the
  tense of the clause they stand in: future or scheduled context (``will``, ``is
  expected to``, ``scheduled``, ``set to``, ``plans to``) gives the next such weekday
  on or after the publication date, past context (``spoke``, ``said``, ``held``) the
  most recent on or before it, no clear tense the nearest one; ``last``/``next``
  force the direction; ``ahead of`` after a past verb (``fences installed ahead of the
  rally on Saturday``) is no future cue; a bare weekday closing its clause (``will vote on
  the deal Wednesday, setting up …``) or after an article (``in a Thursday note``) is
  governed by the clause's tense, as after ``by``/``for`` or an infinitive a past tense is
  not (``moved to arrange the vote for Saturday``); a weekday in a name (``Super Tuesday``,
  ``Black Friday``) is no date;
* ``today``, ``yesterday``, ``tomorrow``, ``last night``, ``N days ago``, ``in N days`` (a capitalised ``Today``
  or ``Tonight`` after a capitalised word ends a name: ``USA Today``, a show's title, and so does a
  capitalised period: ``ABC's This Week``, ``on "This Week"``; a capitalised ``Today`` after "the" starts
  one: ``the Today programme``); inside
  quoted speech (or a transcript line ``NAME: …``) they count from the day the words were
  spoken when the article dates it in the quote's sentence (``…," she said on Tuesday``) or
  in the sentence before, if that one speaks of an utterance (``said Monday``, ``a speech on
  Wednesday``).

Vague expressions name a period rather than a day: ``last week``, ``earlier this
month``, ``next month``, ``last June``, ``the November election``, ``last spring``, ``in the spring``
(the latest begun in a past-tense clause, the next in a future one), ``the summer of 2029``,
``in 2014``, ``December 2021``; a month without a year is the nearest one, or in a past-tense
clause the latest one (``was elected in November`` written in August: last November; with the
same exceptions as a month and day: ``extended until November``). They are left
out unless ``include_vague=True``; then they resolve to the *first day of the period
they name* (the Monday of a week, the 1st of a month, January 1st of a year), and
``later this week``/``later this month`` to the day after publication, ``late last week`` to its
Thursday (``late`` a month: the 21st; a year: September), ``in the last week`` / ``over the past year``
(with "the") to the start of the span of that length ending on the publication day; ``over the weekend``
and ``this weekend`` to the weekend just gone, unless their clause speaks of the future. ``last May`` written in
June, and ``last spring`` written in June, are a year back: the month or season just ended
is "last month" / "this spring". Expressions
with no fixed period (``in recent months``, ``in the coming weeks``) are never
returned.

A mention is ``scheduled`` when it resolves after the publication date, or when its
clause speaks of the future (``will hold a call ... today``).

Other languages get the absolute and month-day rules with their month names
(``10. Januar``, ``1 de enero``), their weekday names (resolved to the nearest such
day: the tense cues are English) and their words for today / yesterday / tomorrow.

The rules are written here rather than delegated to dateparser: dateparser resolves
"Jan. 10" and weekdays towards the past or the future for a whole call
(``PREFER_DATES_FROM``), while news needs a choice per expression, driven by the tense
of its clause; and its search also turns plain numbers and clock times into dates.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from .records import Article, DateMention, DayNote, Sentence, SummarySentence

Tense = Literal["future", "past"] | None

_MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
_NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip

_FOREIGN_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "januar janvier enero ene gennaio", "februar février fevrier febrero febbraio", "märz maerz mars marzo",
        "avril abril aprile", "mai mayo maggio", "juni juin junio giugno", "juli juillet julio luglio",
        "august août aout agosto", "septembre septiembre settembre", "oktober octobre octubre ottobre",
        "novembre noviembre", "dezember décembre decembre diciembre dicembre",
    ),
    start=1,
):
    for _name in _names.split():
        _FOREIGN_MONTHS[_name] = _number
_FOREIGN_WEEKDAYS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "montag lundi lunes lunedì lunedi", "dienstag mardi martes martedì martedi",
        "mittwoch mercredi miércoles miercoles mercoledì mercoledi", "donnerstag jeudi jueves giovedì giovedi",
        "freitag vendredi viernes venerdì venerdi", "samstag sonnabend samedi sábado sabado sabato",
        "sonntag dimanche domingo domenica",
    )
):
    for _name in _names.split():
        _FOREIGN_WEEKDAYS[_name] = _number
# Relative day words of other languages (only where they cannot also mean something else in context).
_FOREIGN_DAYS = re.compile(
    r"(?<![\w])(?P<w>heute|gestern|(?<!am )(?<!den )morgen|hoy|ayer|(?<!la )(?<!esta )mañana|aujourd['’]hui|hier"
    r"|demain|oggi|ieri|domani)(?![\w])"
)
_FOREIGN_SHIFT: dict[str, int] = {
    "heute": 0, "gestern": -1, "morgen": 1, "hoy": 0, "ayer": -1, "mañana": 1, "aujourd'hui": 0, "aujourd’hui": 0,
    "hier": -1, "demain": 1, "oggi": 0, "ieri": -1, "domani": 1,
}  # fmt: skip

# English month names must be capitalised ("march" and "may" are also verbs); other languages' are not.
_FOREIGN_MONTH = "|".join(sorted(_FOREIGN_MONTHS, key=len, reverse=True))
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    rf"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|(?i:{_FOREIGN_MONTH}))"
)
_MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_FOREIGN_WEEKDAY = "(?i:" + "|".join(sorted(_FOREIGN_WEEKDAYS, key=len, reverse=True)) + ")"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:1[89]\d\d|20\d\d|21\d\d)"
_NUM = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"
_NO_NUM_AFTER = r"(?![\d:])(?![.,]\d)"  # "3:30", "100,000", "1.5" are not days
_RANGE = re.compile(rf"\s*(?:and|&|-|–|to|bis|y|et|e|und)\s*(?P<d>{_DAY})\b(?!\s*(?:%|percent|per|:|\d|\.\d))")

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(rf"\b(?P<y>{_YEAR})-(?P<m>0?[1-9]|1[0-2])-(?P<d>{_DAY})\b(?!-)")),
    ("slash", re.compile(rf"(?<![\d/])(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<y>{_YEAR})\b")),
    ("nine_eleven", re.compile(r"(?<![\d/])9/11(?![\d/])")),  # the 2001 attacks, a date used as a name
    ("dotted", re.compile(rf"\b(?P<d>{_DAY})\.(?P<mon>{_MONTH})\.(?P<y>{_YEAR})\b")),
    (
        "mdy",
        re.compile(
            rf"\b(?P<mon>{_MONTH})\.?\s+(?:the\s+(?=\d{{1,2}}(?:st|nd|rd|th)\b))?(?P<d>{_DAY})(?:st|nd|rd|th)?\b"
            rf"{_NO_NUM_AFTER}"
            rf"(?:,?\s+(?P<y>{_YEAR})\b{_NO_NUM_AFTER})?"
        ),
    ),
    (
        "dmy",
        re.compile(
            rf"(?<![\d,.:])\b(?P<d>{_DAY})(?:st|nd|rd|th|\.)?\s+(?:of\s+|de\s+)?(?P<mon>{_MONTH})\b\.?"
            rf"(?:,?\s+(?:de\s+)?(?P<y>{_YEAR})\b{_NO_NUM_AFTER})?"
        ),
    ),
    ("month_year", re.compile(rf"\b(?P<mon>{_MONTH})\.?,?\s+(?P<y>{_YEAR})\b{_NO_NUM_AFTER}")),
    (
        "month",
        re.compile(
            rf"\b(?:(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate|[Mm]id|[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Dd]uring"
            r"|[Ii]nto|[Tt]hrough|[Tt]hroughout|[Ff]or|[Ff]rom|[Oo]f|[Bb]efore|[Aa]fter|[Tt]he|[Bb]etween)"
            rf"(?:-|\s+))(?P<mon>{_MONTH_FULL})\b"
        ),
    ),
    (
        "season",
        re.compile(
            r"\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast|[Cc]oming|[Ee]arlier this|[Ll]ater this|[Tt]he(?!\s+fall))\s+"
            rf"(?P<season>spring|summer|fall|autumn|winter)\b(?:\s+of\s+(?P<y>{_YEAR})\b)?"
        ),
    ),
    (
        "year",
        re.compile(
            rf"\b(?P<rel>[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Dd]uring|[Ee]arly|[Ll]ate|[Mm]id)(?:-|\s+)(?P<y>{_YEAR})\b"
            rf"{_NO_NUM_AFTER}(?!s\b)"
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<rel>[Tt]his|[Nn]ext|[Ll]ast|[Pp]ast|[Cc]oming)\s+)?(?P<wd>{_WEEKDAY})(?:['’]s)?"
            r"(?:\s+(?P<part>morning|afternoon|evening|night))?\b"
        ),
    ),
    ("foreign_weekday", re.compile(rf"(?<![\w])(?P<wd>{_FOREIGN_WEEKDAY})(?![\w])")),
    ("foreign_day", _FOREIGN_DAYS),
    (
        "relday",
        re.compile(
            r"\b(?P<w>the day before yesterday|the day after tomorrow|today|tonight|yesterday|tomorrow|last night)"
            r"(?:['’]s)?\b"
            r"|\b(?P<w2>this (?:morning|afternoon|evening))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "ago",
        re.compile(rf"\b(?P<n>{_NUM})\s+(?P<unit>day|days|week|weeks|month|months|year|years)\s+ago\b", re.I),
    ),
    ("in_days", re.compile(rf"\b[Ii]n\s+(?P<n>{_NUM})\s+(?P<unit>days?)\b")),
    (
        "period",
        re.compile(
            r"\b(?P<rel>(?:earlier|later)\s+this|this|last|next|past|previous|coming)\s+"
            r"(?P<unit>weekend|week|month|year)\b",
            re.IGNORECASE,
        ),
    ),
    ("the_weekend", re.compile(r"\b(?:over|during|on|at|across)\s+the\s+weekend\b", re.IGNORECASE)),
)

_ENGLISH_ONLY = frozenset(
    {"month", "season", "year", "weekday", "relday", "ago", "in_days", "period", "the_weekend"}
)
_FOREIGN_ONLY = frozenset({"foreign_weekday", "foreign_day"})
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]]|\s[-–—]+\s|[–—]")
_RELATIVE_CLAUSE = re.compile(r"^\s*(?:which|who|whom|whose|where|when|that)\b", re.IGNORECASE)
#: after these prepositions "May" is as likely a name (Theresa May) as the month
_NAME_PREPOSITIONS = frozenset({"the", "for", "from", "of", "before", "after", "through", "throughout", "into"})
_SEASON_START = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
#: a word before a "plan to" / "aim to" that makes it a noun ("a plan to address"), not a verb of the future
_DETERMINERS = frozenset("a an the his her its their our my your this that no any comprehensive new".split())
_FUTURE_CUE = re.compile(
    r"\b(?:will|won['’]t|shall|would|should|could|might|going\s+to|(?:is|are|was|were)\s+to|ahead\s+of|upcoming"
    r"|(?:expected|scheduled|slated|set|planned|planning|plans?|poised|likely|intends?|aims?|due)\s+(?:to|for)\b"
    r"|scheduled|slated|expected)\b"
    r"|['’]ll\b",
    re.IGNORECASE,
)
_IRREGULAR_PAST = frozenset(
    "said spoke held had met told was were did took made gave went came began saw sat left won lost ran wrote sent "
    "brought thought felt kept led found became spent stood heard paid rose fell broke chose drew flew grew knew "
    "struck sought fought forbade bought caught taught spoken taken given been done seen written gone come begun "
    "known shown chosen ago".split()
)
_NOT_PAST_ED = frozenset(
    "red bed shed hundred kindred sacred naked wicked rugged beloved united armed aged learned biased".split()
)
#: a capitalised word right before a capitalised "Today"/"Tonight" makes it part of a name
_THE_BEFORE = re.compile(r"\bthe\s+$")
_NAME_BEFORE = re.compile(r"(?<![.!?]\s)\b[A-Z][\w’'&.-]*\s+$")
_PASSIVE_PRESENT = frozenset({"is", "are", "be", "been", "being", "am", "will"})
#: an -ed word right after these is an adjective ("for vaccinated crews", "the elected mayor"), not a past verb
_ADJECTIVE_BEFORE = frozenset("a an the for of to with among from".split())
#: a present-tense verb after a clause's past verb: what follows is not in the past ("declared he is sticking to")
_PRESENT_VERB = re.compile(r"\b(?:is|are|am|has|have|does|do)\b")
_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_ENGLISH = ("en", "und", "")


@dataclass(frozen=True)
class _Found:
    """A raw match inside one sentence, before resolution."""

    kind: str
    start: int  # offsets into the sentence text
    end: int
    match: re.Match[str]


def story_date(articles: Iterable[Article]) -> dt.date | None:
    """The best single date for a story: the most common publication date of its articles, the latest on ties.

    The mode resists one outlet's late repost or a mis-dated scrape (the earliest or
    latest date alone would follow such an outlier); taking the latest on ties favours
    the day when the coverage was published, which relative expressions ("today",
    "on Wednesday") in an undated member most often refer to.

    Args:
        articles: the story's articles.

    Returns:
        The story's date, or None when no article has a publication date.
    """
    counts = Counter(a.published for a in articles if a.published is not None)
    if not counts:
        return None
    best = max(counts.values())
    return max(d for d, n in counts.items() if n == best)


def day_notes(sentence: SummarySentence, mentions: Sequence[DateMention]) -> tuple[DayNote, ...]:
    """The relative day expressions of a summary sentence, with the days their article's mentions resolved.

    The sentence is located by its exact-copy evidence (the article it was taken from); expressions
    that write the day in digits ("Jan. 10", "December 30, 2021") need no note. A sentence with no
    exact-copy evidence (an LLM rewrite) gets none.

    Args:
        sentence: a verified summary sentence.
        mentions: the story's resolved date mentions (`find_dates` of every article).

    Returns:
        The notes in sentence order.
    """
    origin = next((e for e in sentence.evidence if e.score >= 1.0), None)  # the exact copy's passage
    if origin is None:
        return ()
    notes: list[DayNote] = []
    cursor = 0
    for m in sorted(mentions, key=lambda m: m.start):
        if m.article_id != origin.article_id or not origin.start <= m.start < m.end <= origin.end:
            continue
        at = sentence.text.find(m.text, cursor)  # (whitespace may differ between the two texts)
        if at < 0:
            continue
        cursor = at + len(m.text)
        if not any(ch.isdigit() for ch in m.text):
            notes.append(DayNote(m.text, at, at + len(m.text), m.date))
    return tuple(notes)


def find_dates(
    article: Article,
    sentences: Sequence[Sentence] | Mapping[str, Sequence[Sentence]],
    *,
    fallback_date: dt.date | None = None,
    include_vague: bool = False,
) -> list[DateMention]:
    """Find the date expressions of an article and resolve them to calendar days.

    Args:
        article: the clean article.
        sentences: the article's sentences, or the story's ``{article id: sentences}``.
        fallback_date: the reference date when the article has no publication date
            (normally `story_date` of its story).
        include_vague: also return week, month and year expressions, resolved to the
            first day of the period they name.

    Returns:
        The resolved mentions in text order; with no reference date only absolute
        dates that carry a year.

    Raises:
        ValueError: a sentence's offsets fall outside the article text.
    """
    sents = list(sentences.get(article.id, ()) if isinstance(sentences, Mapping) else sentences)
    if not sents and article.text.strip():
        sents = [Sentence(article.id, 0, article.text, 0, len(article.text))]
    base = article.published or fallback_date
    english = (article.language or "").lower() in _ENGLISH
    month_years: dict[int, int] = {}  # month -> year, from the article's earlier expressions that give the year
    out: list[DateMention] = []
    kinds: list[str] = []
    for sent in sents:
        if sent.start < 0 or sent.end > len(article.text) or sent.start > sent.end:
            raise ValueError(f"sentence {sent.index} of {article.id} has offsets outside the article text")
        text = article.text[sent.start : sent.end]
        found = _resolve_text(text, base, include_vague, english, month_years)
        for start, end, day, scheduled, kind in found:
            out.append(
                DateMention(
                    article_id=article.id,
                    start=sent.start + start,
                    end=sent.start + end,
                    text=text[start:end],
                    date=day,
                    sentence_index=sent.index,
                    scheduled=scheduled,
                )
            )
            kinds.append(kind)
    if english and base is not None:
        out = _from_the_day_spoken(article.text, sents, out, kinds, base)
    out.sort(key=lambda m: (m.start, m.end))
    return out


#: what dates an utterance in the sentence before a quote ("said Monday", "a speech on Wednesday")
_SPEECH_CUE = re.compile(
    r"\b(?:said|says|told|tells|wrote|tweeted|posted|announced|declared|spoke|asked|argued|insisted|testified"
    r"|criticized|criticised|address|speech|interview|statement|remarks|briefing|testimony|press conference"
    r"|town hall|broadcast|show|episode|call)\b",
    re.IGNORECASE,
)
#: a transcript line: a speaker's name in capitals and a colon ("JANE DOE: ...")
_TRANSCRIPT_LINE = re.compile(r"^[ \t]*[A-Z][A-Z.’'-]+(?: [A-Z][A-Z.’'-]+){0,3}:\s", re.MULTILINE)
_ANCHOR_KINDS = frozenset({"weekday", "mdy", "dmy", "iso", "slash", "dotted"})


def _speech_spans(text: str) -> list[tuple[int, int]]:
    """Quoted passages (a quote left open runs to its paragraph's end) and transcript lines of a text."""
    spans = []
    for para in re.finditer(r"[^\n]+", text):
        opened: int | None = None
        for m in re.finditer(r"[\"“”]", para.group()):
            if opened is None:
                if m.group() != "”":
                    opened = para.start() + m.start()
            elif m.group() != "“":
                spans.append((opened, para.start() + m.end()))
                opened = None
        if opened is not None:
            spans.append((opened, para.end()))
    for m in _TRANSCRIPT_LINE.finditer(text):
        line_end = text.find("\n", m.end())
        spans.append((m.end(), len(text) if line_end < 0 else line_end))
    return spans


def _from_the_day_spoken(
    text: str, sents: Sequence[Sentence], mentions: list[DateMention], kinds: Sequence[str], base: dt.date
) -> list[DateMention]:
    """``today``, ``tonight``, ``yesterday`` and ``tomorrow`` inside quoted speech count from the day the words
    were spoken, when the article dates them: a past day outside the quote in the quote's own sentence ("…,"
    she said on Tuesday), else in the sentence before it when that sentence speaks of an utterance ("said
    Monday", "a speech on Wednesday"). Other quoted days keep the publication date."""
    speech = _speech_spans(text)
    if not speech:
        return mentions
    ordered = sorted(sents, key=lambda s: s.start)

    def sentence_at(pos: int) -> int | None:
        return next((i for i, s in enumerate(ordered) if s.start <= pos < max(s.end, s.start + 1)), None)

    def inside(pos: int) -> tuple[int, int] | None:
        return next(((lo, hi) for lo, hi in speech if lo <= pos < hi), None)

    anchors = [
        (m, sentence_at(m.start)) for m, kind in zip(mentions, kinds, strict=True)
        if kind in _ANCHOR_KINDS and m.date < base and (base - m.date).days <= 7 and inside(m.start) is None
    ]
    out = []
    for m, kind in zip(mentions, kinds, strict=True):
        span = inside(m.start) if kind == "relday" else None
        spoken: dt.date | None = None
        if span is not None:
            here = sentence_at(span[0])
            same = [a for a, k in anchors if k is not None and k == sentence_at(m.start)]
            if same:
                spoken = min(same, key=lambda a: min(abs(a.start - span[1]), abs(span[0] - a.end))).date
            elif here is not None and here > 0:
                before = ordered[here - 1]
                cue = _SPEECH_CUE.search(text, before.start, before.end)
                previous = [a for a, k in anchors if k == here - 1]
                if cue and previous:
                    spoken = previous[-1].date
        if spoken is not None:
            day = spoken + (m.date - base)
            m = dataclasses.replace(m, date=day, scheduled=m.scheduled and day > base)
        out.append(m)
    return out


# --------------------------------------------------------------------------- English rules


def _scan(text: str, english: bool) -> list[_Found]:
    """All candidate matches, longest first where they overlap."""
    found = []
    for kind, rx in _PATTERNS:
        if (not english and kind in _ENGLISH_ONLY) or (english and kind in _FOREIGN_ONLY):
            continue
        for m in rx.finditer(text):
            start = m.start()
            if kind in ("month", "year"):
                rel = m.group("rel").lower()
                if kind == "month" and m.group("mon") == "May" and rel in _NAME_PREPOSITIONS:
                    continue
                if rel not in ("last", "next", "this", "early", "late", "mid"):
                    start = m.start("mon" if kind == "month" else "y")  # "in May", "the May vote": May
            if kind == "weekday" and not m.group("rel") and text[:start].split()[-1:] and (
                text[:start].split()[-1].lower() in _WEEKDAY_NAMES
            ):
                continue  # "Super Tuesday", "Black Friday": a name
            if kind == "relday" and m.group(0).isupper() and len(m.group(0)) > 2 and re.search("[a-z]", text):
                continue  # "TODAY show": a name written in capitals inside an ordinary sentence
            if kind == "relday" and m.group(0)[0].isupper() and _NAME_BEFORE.search(text, 0, start):
                continue  # "USA Today", "Tucker Carlson Tonight": the last word of a name
            if kind == "relday" and m.group(0)[0].isupper() and _THE_BEFORE.search(text, max(0, start - 5), start):
                continue  # "told the Today programme": a name
            if kind == "period" and all(w[:1].isupper() for w in m.group(0).split()) and (
                _NAME_BEFORE.search(text, 0, start) or text[max(0, start - 1) : start] in ("“", '"')
            ):
                continue  # "ABC's This Week", 'on "This Week"': a programme's title
            found.append(_Found(kind, start, m.end(), m))
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[_Found] = []
    for f in found:
        if any(f.start < k.end and k.start < f.end for k in kept):
            continue
        kept.append(f)
    # "Monday, Dec. 27": the absolute date says it all.
    absolute = [k for k in kept if k.kind in ("iso", "slash", "dotted", "mdy", "dmy", "nine_eleven")]
    kept = [k for k in kept if not (k.kind == "weekday" and any(0 <= a.start - k.end <= 3 for a in absolute))]
    return sorted(kept, key=lambda k: k.start)


def resolve_days(text: str, base: dt.date | None, *, language: str = "en") -> list[dt.date]:
    """The calendar days a piece of text names, resolved against ``base`` (its article's publication date).

    Only day-specific expressions count ("on Thursday", "Dec. 30", "yesterday"); weeks, months and years
    do not. Used to compare dates written differently ("Thursday" in one article, "December 30" in another).

    Args:
        text: a sentence or passage.
        base: the reference date; without it only dates that carry a year are resolved.
        language: the text's language (weekday and relative words are read in English only).

    Returns:
        The resolved days in text order (duplicates kept).
    """
    return [day for _, _, day, _, _ in _resolve_text(text, base, False, (language or "").lower() in _ENGLISH)]


def _resolve_text(
    text: str, base: dt.date | None, include_vague: bool, english: bool, month_years: dict[int, int] | None = None
) -> list[tuple[int, int, dt.date, bool, str]]:
    """Resolved (start, end, day, scheduled, kind) of a text's expressions.

    ``month_years`` carries, across the sentences of one article, the year of each month an expression
    has named with its year ("November 2020", "last October"); a later day of that month written without
    a year ("On Oct. 29") takes it. It is updated in place.
    """
    out = []
    taken = [(f.start, f.end) for f in _scan(text, english)]
    for f in _scan(text, english):
        # a day of a month is governed by its own clause or those before it, not by a trailing attribution
        following = f.kind not in ("mdy", "dmy", "month")
        tense = _tense(text, f.start, f.end, following=following) if english and _governed(text, f) else None
        if tense == "past" and f.kind in ("mdy", "dmy", "month", "weekday") and _points_ahead(text, f.start):
            tense = None  # "was ordered to report by Jan. 5", "voted to meet on Jan. 5": the nearest one
        if f.kind in ("mdy", "dmy") and english and _UNPLANNED_EVENT.match(text, f.end):
            tense = "past"  # "the Jan. 6 riot": nobody schedules a riot
        if f.kind in ("mdy", "dmy") and english and _SEPTEMBER_11.match(text, f.end) and not f.match.group("y") and (
            (_month_number(f.match.group("mon")), int(f.match.group("d"))) == (9, 11)
        ):
            out.append((f.start, f.end, dt.date(2001, 9, 11), False, f.kind))  # "the Sept. 11 attacks": 2001's
            continue
        resolved = _resolve(f, base, tense)
        if resolved is None:
            continue
        day, specific = resolved
        if month_years is not None:
            if f.kind in ("mdy", "dmy") and not f.match.group("y") and day.month in month_years:
                inherited = _make(month_years[day.month], day.month, day.day)
                if inherited and not (tense == "past" and base is not None and inherited[0] > base):
                    day = inherited[0]  # (a past day is not moved after publication: "incite the Jan. 6 riot")
            elif _names_its_year(f):
                month_years[day.month] = day.year
        if not specific and not include_vague:
            continue
        scheduled = _is_scheduled(day, base, tense, f)
        out.append((f.start, f.end, day, scheduled, f.kind))
        if f.kind in ("mdy", "dmy") and not f.match.group("y"):
            more = _RANGE.match(text, f.end) if f.kind == "mdy" else None
            if more and not any(s <= more.start("d") < e for s, e in taken):
                try:
                    second = day.replace(day=int(more.group("d")))
                except ValueError:
                    continue
                if second > day:  # "January 12 and 13"
                    out.append(
                        (more.start("d"), more.end("d"), second, _is_scheduled(second, base, tense, f), f.kind)
                    )
    return out


#: prepositions of an end point, after which a day or month may lie ahead even in a past-tense clause
_TOWARDS = frozenset(
    {"until", "till", "by", "into", "through", "throughout", "for", "before", "between", "beginning", "starting",
     "effective"}
)
_INFINITIVE = re.compile(r"\bto\s+(?!(?:the|a|an|his|her|its|their|this|that|these|those|be|been)\b)[a-z]+\b")


#: what makes "Sept. 11" the name of the 2001 attacks ("the Sept. 11 attacks", "the National September 11 Memorial")
_SEPTEMBER_11 = re.compile(
    r"(?:th)?(?:\s+(?:terror|terrorist))?\s+(?:attacks?|hijack(?:ers|ings?)|memorial|museum|commission)\b",
    re.IGNORECASE,
)
#: nouns of unplanned events: a day written before one ("the Jan. 6 riot") names a past day
_UNPLANNED_EVENT = re.compile(
    r"(?:\s+[A-Za-z-]+)?\s+(?:attacks?|riots?|insurrection|assaults?|siege|shootings?|bombings?|massacres?|crash"
    r"|explosions?|blasts?|fires?|earthquakes?|storms?|hurricanes?|floods?|raids?|breach|hack|outages?|collapse"
    r"|derailment|coup|uprising|killings?|murders?|ambush|stampede|landslide|tornado)\b"
)


def _points_ahead(text: str, start: int) -> bool:
    """Whether a date in a past-tense clause may still lie ahead: after a preposition of an end point
    ("extended until November", "ordered to report by Jan. 5") or after an infinitive that follows the
    clause's last past verb ("voted to meet on Jan. 5"; not "led to the Jan. 6 attack")."""
    head = text[:start].split()
    # "until the end of September", "by Independence Day on 4 July"
    if any(w.lower().strip("\"“‘'(") in _TOWARDS for w in head[-4:]):
        return True
    past = [p for p, kind in _cues(text) if kind == "past" and p < start]
    return bool(past) and _INFINITIVE.search(text, past[-1], start) is not None


def _names_its_year(f: _Found) -> bool:
    """Whether an expression fixes the year of the month it names ("Oct. 29, 2020", "last October")."""
    if f.kind in ("iso", "slash", "dotted", "month_year"):
        return True
    if f.kind in ("mdy", "dmy"):
        return bool(f.match.group("y"))
    return f.kind == "month" and f.match.group("rel").lower() in ("last", "next", "this")


_ADVERBIAL_BEFORE = frozenset(
    "on by until till from since before after late early this next last past coming through in".split()
)


_ARTICLES = frozenset("a an the his her its their".split())
#: what may follow a weekday that closes its clause as an adverbial (not an object: "declared Friday a day of ...")
_CLAUSE_END_AFTER = re.compile(
    r"\s*(?:$|[,.;:!?)\]—–]|\s(?:to|in|at|on|for|after|before|and|but|as|when|that|with|from|against|amid"
    r"|while|by|during|following|over)\b)"
)
#: words before a weekday that make it part of a name ("Super Tuesday", "Black Friday")
_WEEKDAY_NAMES = frozenset("super black cyber good ash easter holy shrove giving palm bloody maundy".split())


def _governed(text: str, f: _Found) -> bool:
    """Whether the sentence's verb tense speaks for this expression.

    A weekday is the verb's time only as an adverbial ("spoke on Tuesday", "will meet this
    Friday", "Thursday's call", "On Monday, ..."). As an object ("has declared Friday a day of
    mourning") the verb's tense says nothing about it, and the nearest such day is meant.
    """
    if f.kind != "weekday":
        return True
    g = f.match.groupdict()
    if g.get("rel") or f.match.group(0).endswith(("'s", "’s")):
        return True
    head = text[: f.start].rstrip()
    if not head or head[-1] in ",;:—–-(":
        return True
    if head.rsplit(None, 1)[-1].lower() in _ADVERBIAL_BEFORE | _ARTICLES:  # "in a Thursday note"
        return True
    return bool(_CLAUSE_END_AFTER.match(text, f.end))  # "will vote on the deal Wednesday, setting up ..."


def _is_scheduled(day: dt.date, base: dt.date | None, tense: Tense, f: _Found) -> bool:
    if base is None:
        return tense == "future"
    if f.kind == "period" and f.match.group("rel").lower().startswith("later"):
        return True
    return day > base or (tense == "future" and day >= base)


def _resolve(f: _Found, base: dt.date | None, tense: Tense) -> tuple[dt.date, bool] | None:
    """(date, day-specific?) for one match, or None when it cannot be resolved."""
    g = f.match.groupdict()
    kind = f.kind
    if kind == "iso":
        return _make(int(g["y"]), int(g["m"]), int(g["d"]))
    if kind == "nine_eleven":
        return dt.date(2001, 9, 11), True
    if kind == "slash":
        a, b = int(g["a"]), int(g["b"])
        month, day = (b, a) if a > 12 else (a, b)  # US order unless impossible
        return _make(int(g["y"]), month, day)
    if kind in ("dotted", "mdy", "dmy"):
        month = _month_number(g["mon"])
        day = int(g["d"])
        if g.get("y"):
            return _make(int(g["y"]), month, day)
        if base is None:
            return None
        best = _nearest_year(base, month, day, tense)
        return (best, True) if best else None
    if kind == "month_year":
        return _make(int(g["y"]), _month_number(g["mon"]), 1, specific=False)
    if kind == "year":
        return _make(int(g["y"]), 1, 1, specific=False)
    if base is None:
        return None
    if kind == "month":
        return _resolve_month(base, _MONTHS[g["mon"].lower()], g["rel"].lower(), tense)
    if kind == "season":
        if g.get("y"):  # "the summer of 2029"
            return dt.date(int(g["y"]), _SEASON_START[g["season"].lower()], 1), False
        return _resolve_season(base, g["season"].lower(), g["rel"].lower(), tense), False
    if kind == "weekday":
        return _resolve_weekday(base, _WEEKDAYS[g["wd"].lower()], (g["rel"] or "").lower(), tense), True
    if kind == "foreign_weekday":
        return _resolve_weekday(base, _FOREIGN_WEEKDAYS[g["wd"].lower()], "", tense), True
    if kind == "foreign_day":
        return base + dt.timedelta(days=_FOREIGN_SHIFT[g["w"].lower()]), True
    if kind == "relday":
        word = (g["w"] or g["w2"]).lower()
        shift = {
            "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2,
            "last night": -1,
        }  # fmt: skip
        return base + dt.timedelta(days=shift.get(word, 0)), True
    if kind in ("ago", "in_days"):
        n_text = g["n"].lower()
        n = int(n_text) if n_text.isdigit() else _NUMBER_WORDS[n_text]
        unit = g["unit"].lower().rstrip("s")
        sign = -1 if kind == "ago" else 1
        if unit == "day":
            return base + dt.timedelta(days=sign * n), True
        if unit == "week":
            start = base + dt.timedelta(weeks=sign * n)
            return start - dt.timedelta(days=start.weekday()), False
        if unit == "month":
            return _add_months(base.replace(day=1), sign * n), False
        return dt.date(base.year + sign * n, 1, 1), False
    if kind == "period":
        text, unit, rel = f.match.string, g["unit"].lower(), g["rel"].lower()
        if (
            rel in ("last", "past") and unit in ("week", "month", "year")
            and _THE_BEFORE.search(text, max(0, f.start - 5), f.start) and not _OF_AFTER.match(text, f.end)
        ):  # "in the last week", "over the past year": the span of that length up to publication
            return _span_before(base, unit), False
        start = _resolve_period(base, rel, unit, tense)
        if _LATE_BEFORE.search(text, max(0, f.start - 6), f.start) and unit in ("week", "month", "year"):
            # "late last week": its later days (from Thursday, the 21st, September)
            start = {"week": start + dt.timedelta(days=3), "month": start.replace(day=21)}.get(
                unit, start.replace(month=9)
            )
        return start, False
    if kind == "the_weekend":
        return _resolve_period(base, "this", "weekend", tense or "past"), False
    return None


def _month_number(name: str) -> int:
    low = name.lower().rstrip(".")
    return _MONTHS.get(low) or _FOREIGN_MONTHS[low]


def _make(year: int, month: int, day: int, *, specific: bool = True) -> tuple[dt.date, bool] | None:
    try:
        return dt.date(year, month, day), specific
    except ValueError:
        return None


def _nearest_year(base: dt.date, month: int, day: int, tense: Tense = None) -> dt.date | None:
    """The month and day in the year that puts it nearest ``base``, or on or before ``base`` in a past-tense
    clause. (The mirror rule for future-tense clauses was tried and dropped: it lowered the held-out set's
    resolution accuracy; future cues include modals such as "would" and "could" that also speak of the past.)"""
    candidates = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:  # February 29 outside leap years
            continue
    if tense == "past":
        candidates = [d for d in candidates if d <= base] or candidates
    return min(candidates, key=lambda d: abs((d - base).days)) if candidates else None


def _add_months(first_of_month: dt.date, months: int) -> dt.date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _resolve_month(base: dt.date, month: int, rel: str, tense: Tense = None) -> tuple[dt.date, bool]:
    """A month without a year: ``this June`` is the current year's; ``last June`` the latest one before
    the publication month, ``next June`` the first one after it; a bare or prepositional month the
    nearest one, or in a past-tense clause the latest one up to the publication month ("was elected in
    November" written in August)."""
    this_year = dt.date(base.year, month, 1)
    if rel == "this":
        return this_year, False
    if rel == "last":
        # the month just before the publication month is "last month"; "last May" written in June is a year back
        year = base.year if month < base.month - 1 else base.year - 1
    elif rel == "next":
        year = base.year if month > base.month else base.year + 1
    else:
        years = [base.year - 1, base.year, base.year + 1]
        if tense == "past":
            years = [y for y in years if (y, month) <= (base.year, base.month)]
        year = min(years, key=lambda y: abs((y - base.year) * 12 + month - base.month))
        return this_year.replace(year=year), False
    return dt.date(year, month, 1), False


_OF_AFTER = re.compile(r"\s+of\b")
_LATE_BEFORE = re.compile(r"\blate\s+$", re.IGNORECASE)


def _span_before(base: dt.date, unit: str) -> dt.date:
    """The first day of the week, month or year that ends on ``base``."""
    if unit == "week":
        return base - dt.timedelta(days=7)
    if unit == "month":
        first = _add_months(base.replace(day=1), -1)
        return first.replace(day=min(base.day, (base.replace(day=1) - dt.timedelta(days=1)).day))
    return base.replace(year=base.year - 1, day=28) if (base.month, base.day) == (2, 29) else base.replace(
        year=base.year - 1
    )


def _resolve_season(base: dt.date, season: str, rel: str, tense: Tense = None) -> dt.date:
    """The first day of the season named (spring from March, summer June, autumn September, winter
    December): ``this`` one is the current year's (the winter begun last December in January and
    February); ``last`` the latest one over before the publication month; ``next`` the first one
    to begin after it; ``the`` one ("did so much in the spring") the latest begun in a past-tense
    clause, the next to begin in a future one, else the current year's."""
    start = _SEASON_START[season]
    rel = rel.split()[0]
    month_index = base.year * 12 + base.month - 1
    if rel == "the" and tense is not None:
        year = base.year + 1
        while year * 12 + start - 1 > month_index:
            year -= 1  # the latest one begun
        if tense == "future":
            year += 1
        return dt.date(year, start, 1)
    if rel in ("last", "past"):
        # the season that is not over, or ended only last month ("this spring" in June), is not "last spring"
        year = base.year
        while (year * 12 + start - 1) + 3 >= month_index:
            year -= 1
        return dt.date(year, start, 1)
    if rel in ("next", "coming"):
        year = base.year
        while year * 12 + start - 1 <= month_index:
            year += 1
        return dt.date(year, start, 1)
    year = base.year - 1 if start == 12 and base.month <= 2 else base.year
    return dt.date(year, start, 1)


def _resolve_weekday(base: dt.date, weekday: int, rel: str, tense: Tense) -> dt.date:
    ahead = (weekday - base.weekday()) % 7  # days to the next such weekday, 0 = today
    behind = (base.weekday() - weekday) % 7  # days back to the last one, 0 = today
    if rel in ("last", "past"):
        return base - dt.timedelta(days=behind or 7)
    if rel in ("next", "coming"):
        return base + dt.timedelta(days=ahead or 7)
    if tense == "future":
        return base + dt.timedelta(days=ahead)
    if tense == "past":
        return base - dt.timedelta(days=behind)
    return base + dt.timedelta(days=ahead) if ahead <= behind else base - dt.timedelta(days=behind)


def _resolve_period(base: dt.date, rel: str, unit: str, tense: Tense = None) -> dt.date:
    """The first day of a week, weekend, month or year named relative to ``base``.

    ``this weekend`` in a past-tense clause written on a weekday ("the pier closed this weekend") is the
    weekend just gone, as is ``over the weekend`` unless its clause speaks of the future.
    """
    rel = " ".join(rel.split())
    if rel.startswith("later"):
        return base + dt.timedelta(days=1)
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
    if unit == "weekend" and rel == "this" and tense == "past" and base.weekday() < 5:
        step = -1
    if unit in ("week", "weekend"):
        monday = base - dt.timedelta(days=base.weekday()) + dt.timedelta(weeks=step)
        return monday + dt.timedelta(days=5) if unit == "weekend" else monday
    if unit == "month":
        return _add_months(base.replace(day=1), step)
    return dt.date(base.year + step, 1, 1)


# --------------------------------------------------------------------------- tense


def _cues(text: str) -> list[tuple[int, str]]:
    """(position, "future"|"past") of every tense cue in a sentence."""
    cues: list[tuple[int, str]] = []
    covered: list[tuple[int, int]] = []
    words = list(_WORD.finditer(text))

    def is_past(i: int) -> bool:
        w = words[i].group().lower()
        if w in _IRREGULAR_PAST:
            return True
        if not (words[i].group().islower() and len(w) >= 4 and w.endswith("ed") and not w.endswith("eed")):
            return False
        if w in _NOT_PAST_ED:
            return False
        k = i - 1
        while k >= 0 and words[k].group().lower().endswith("ly"):
            k -= 1  # "will be partially lifted", "for fully vaccinated crews": look past the adverb
        before = words[k].group().lower() if k >= 0 else ""
        return before not in _PASSIVE_PRESENT and before not in _ADJECTIVE_BEFORE

    past_verbs = [m.start() for i, m in enumerate(words) if is_past(i)]
    for m in _FUTURE_CUE.finditer(text):
        head = m.group().split()[0].lower()
        if head == "ahead" and any(
            p < m.start() and not _CLAUSE_BREAK.search(text, p, m.start()) for p in past_verbs
        ):
            continue  # "fences installed ahead of the rally": before the past event, not after publication
        if head in ("plan", "plans", "aim", "aims") and text[: m.start()].split()[-1:] and (
            text[: m.start()].split()[-1].lower() in _DETERMINERS
        ):
            continue  # "a plan to address": a noun, not the future
        cues.append((m.start(), "future"))
        covered.append((m.start(), m.end()))
    for i, m in enumerate(words):
        if any(s <= m.start() < e for s, e in covered):
            continue
        if is_past(i):
            cues.append((m.start(), "past"))
    cues.sort()
    return cues


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds = [0]
    for m in _CLAUSE_BREAK.finditer(text):
        bounds.extend((m.start(), m.end()))
    bounds.append(len(text))
    return [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds) - 1, 2)]


def _tense(text: str, start: int, end: int, *, following: bool = True) -> Tense:
    """The tense that governs a date expression at ``text[start:end]``.

    The nearest cue before the expression in its own clause wins, else the nearest
    after it; a clause without cues (a leading "On Wednesday," or "In Thursday's
    call,") borrows from the following clauses (relative clauses skipped; not at all
    when ``following`` is false), then from the preceding ones.
    """
    cues = [(p, k) for p, k in _cues(text) if not start <= p < end]
    clauses = _clauses(text)
    here = next((i for i, (s, e) in enumerate(clauses) if s <= start < e), len(clauses) - 1)
    cs, ce = clauses[here]
    before = [(p, k) for p, k in cues if cs <= p < start]
    if before:
        p, kind = before[-1]
        if kind == "past" and _PRESENT_VERB.search(text, p, start):
            return None  # "declared Tuesday he is sticking to his Aug. 31 deadline": not the past verb's date
        return kind  # type: ignore[return-value]
    after = [k for p, k in cues if end <= p < ce]
    if after:
        return after[0]  # type: ignore[return-value]
    for s, e in clauses[here + 1 :] if following else ():
        if _RELATIVE_CLAUSE.match(text[s:e]):
            continue
        inside = [k for p, k in cues if s <= p < e]
        if inside:
            return inside[0]  # type: ignore[return-value]
    for s, e in reversed(clauses[:here]):
        inside = [k for p, k in cues if s <= p < e]
        if inside:
            return inside[-1]  # type: ignore[return-value]
    return None
