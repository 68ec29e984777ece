"""Citation verification: every cited article must really carry the summary sentence.

Verification is deliberately separate from selection. `summarize` proposes, for
each summary sentence, every article it believes supports it; `verify_summary`
then checks each (sentence, article) pair on its own and keeps only the citations
it can back with a passage of that article:

1. **meaning**: a sentence of the article, or a window of two adjacent
   sentences, whose embedding has cosine ≥ ``config.verify.min_similarity`` with
   the summary sentence;
2. **wording**: the passage shares ≥ ``config.verify.min_coverage`` of the
   sentence's other content words (``window_coverage`` for a two-sentence
   window, which offers more words to match by chance), unless its cosine reaches
   ``config.verify.high_similarity`` (close paraphrases, other languages):
   sentences of one story are often close in meaning while stating different
   facts;
3. **facts**: every name, number, date, weekday and clock time of the summary
   sentence appears in that passage, after normalisation (``100,000`` =
   ``100000`` = ``100 thousand``; ``Twelve`` = ``12``; ``Mar. 3`` = ``3 March``;
   case; possessives; names matched fuzzily so that transliterations such as
   Zelensky / Zelenskiy agree, acronyms such as NSC match National Security
   Council). First names may come from elsewhere in the article, since later
   mentions of a person often use the surname only.

A sentence left without any verified citation is dropped. The fact extraction
helpers (`extract_numbers`, `extract_facts`, `missing_facts`, `content_words`,
`numbers_compatible`) are public because consolidation, disagreement detection,
the timeline and the LLM mode must normalise facts exactly the same way.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from .config import Config
from .dates import resolve_days, story_date
from .errors import StorylineError
from .records import Article, Evidence, Sentence, SummarySentence

EmbedFn = Callable[[Sequence[str]], np.ndarray]
"""Texts → L2-normalised vectors. An object with an ``encode`` method is accepted too."""

# --------------------------------------------------------------------------- vocabulary

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each either few for from further had has have
    having he her here hers herself him himself his how however i if in into is it its itself just me more most
    my myself no nor not now of off on once only or other our ours ourselves out over own same she should so some
    such than that the their theirs them themselves then there these they this those through to too under until
    up upon very was we were what when where which while who whom why will with would you your yours yourself
    yourselves said says say told tell according added adding would may might must shall per via amid among
    across since yet still even though although whether another one ones its it's he's she's they're we're
    also back well within without around toward towards onto whose whereas unless let lets""".split()
)

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "thursday": 3,
    "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
DAY_PARTS: dict[str, tuple[int, int]] = {  # minutes after midnight; a range may wrap past midnight
    "morning": (4 * 60, 12 * 60 + 30),
    "dawn": (4 * 60, 8 * 60),
    "midday": (11 * 60, 14 * 60),
    "noon": (11 * 60 + 30, 12 * 60 + 30),
    "lunchtime": (11 * 60, 14 * 60 + 30),
    "afternoon": (11 * 60 + 30, 18 * 60 + 30),
    "evening": (16 * 60 + 30, 23 * 60),
    "dusk": (16 * 60, 21 * 60 + 30),
    "night": (19 * 60, 6 * 60 + 30),
    "overnight": (20 * 60, 7 * 60),
    "midnight": (23 * 60, 1 * 60),
}
# Capitalised words that are not names of anything in particular.
TITLE_WORDS = frozenset(
    """mr mrs ms miss dr prof sir dame lord lady president vice prime minister secretary senator sen rep
    representative governor gov mayor general gen colonel col major captain capt lieutenant lt sergeant sgt
    admiral chancellor king queen prince princess pope bishop judge justice chief officer spokesperson
    spokesman spokeswoman spokespeople director chairman chairwoman chair ceo deputy ambassador commissioner
    inspector detective constable superintendent professor doctor father rev reverend saint st""".split()
)
_ANTE_CAPS = frozenset({"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our"})

_WORD_NUMBERS: dict[str, int] = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "hundred": 100, "thousand": 1000,
}  # fmt: skip
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_SCALES: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "lakh": 1e5, "crore": 1e7,
    # other languages, so that translations verify: 18 millones = 18 Millionen = 18 million
    "mil": 1e3, "millones": 1e6, "millón": 1e6, "millon": 1e6, "milioni": 1e6, "milione": 1e6, "milhões": 1e6,
    "milhão": 1e6, "millionen": 1e6, "mio": 1e6, "milliarden": 1e9, "milliarde": 1e9, "mrd": 1e9, "milliards": 1e9,
    "milliard": 1e9, "miliardi": 1e9, "tausend": 1e3,
}  # fmt: skip
_ATTACHED_ONLY_SCALES = frozenset({"k", "m", "b"})  # "$5m" yes, "5 m" (metres) no
_DECIMAL_COMMA_LANGUAGES = frozenset(
    "de fr es it nl pt pl ru uk tr id da sv nb no fi cs sk ro hu bg hr sl sr el lt lv et ca gl eu vi".split()
)

# --------------------------------------------------------------------------- tokens

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
#: tokens of names: a dotted acronym ("U.S.", "U.N.") is one token, read without its dots ("US")
_NAME_TOKEN = re.compile(r"(?<![^\W_])(?:[A-Z]\.){2,}|[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def _name_tokens(text: str) -> list[tuple[str, int, int]]:
    """Tokens for name matching, with their offsets; dotted acronyms without their dots."""
    return [(m.group(0).replace(".", ""), m.start(), m.end()) for m in _NAME_TOKEN.finditer(text)]


def _strip_possessive(word: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word


def stem(word: str) -> str:
    """A light, deterministic English stem used for lexical overlap (not linguistics).

    Args:
        word: one token.

    Returns:
        The lower-cased token without possessive and common inflection suffixes.
    """
    w = _strip_possessive(word.lower())
    if len(w) > 5 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) >= 5 and w.endswith(("ches", "shes", "sses", "xes", "zes")):
        return w[:-2]
    for suffix, min_len in (("ing", 6), ("ed", 5), ("s", 4)):
        if len(w) >= min_len and w.endswith(suffix) and not w.endswith(("ss", "us", "is")):
            return w[: -len(suffix)]
    return w


def content_words(text: str) -> set[str]:
    """The stemmed content words of ``text`` (stop words, single characters and pure punctuation removed).

    Numbers are kept (normalised without grouping separators), since they carry facts.

    Args:
        text: any text.

    Returns:
        A set of stems.
    """
    out: set[str] = set()
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        low = token.lower()
        if low in STOPWORDS or len(low) < 2:
            continue
        out.add(stem(low))
    for number in extract_numbers(text):
        out.add(_format_value(number.value))
    return out


def _format_value(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# --------------------------------------------------------------------------- numbers


@dataclass(frozen=True)
class NumberMention:
    """A number found in a text.

    Attributes:
        value: the numeric value with scale words applied (``1.5 million`` → 1500000.0).
        text: the surface form, including qualifier and unit (``more than 100,000``).
        start / end: character offsets of the surface form.
        qualifier: ``""`` (exact), ``approx`` (about, an estimated ...), ``min`` (more than, at least ...),
            ``max`` (up to, fewer than ...) or ``near`` (nearly, almost).
        unit: ``%``, ``money`` or ``""``.
        noun: the stemmed head noun the number counts (``soldier`` for ``2,000 soldiers``), ``""`` if none;
            ``money`` and ``%`` for amounts and percentages.
        noun_text: the noun as written (``soldiers``).
        verb / verb_text: the stemmed verb that governs the number (``kill`` for "killed at least 40
            people", "killing 14", "14 people were killed") and its surface form; empty when none.
        unit_step: the place value of the last significant digit (100000 for ``100,000``; 1 for ``98,531``);
            round numbers may be roundings of a more precise figure.
        is_year: a bare integer between 1800 and 2100 that reads as a year.
    """

    value: float
    text: str
    start: int
    end: int
    qualifier: str = ""
    unit: str = ""
    noun: str = ""
    noun_text: str = ""
    verb: str = ""
    verb_text: str = ""
    unit_step: float = 1.0
    is_year: bool = False


_DIGITS = re.compile(
    r"(?<![\w.,”’\])])(?<!\S\")\d+(?:[.,\u00a0\u202f\u2009]\d+)*(?:(?![\w])|(?=(?:[kKmMbB]|bn|mn|mln|tn)\b))"
)
_ORDINAL = re.compile(r"(?<![\w.,])(\d+)(st|nd|rd|th)\b")
_WORD_NUMBER = re.compile(
    r"\b(?:(?P<tens>twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?P<unit>one|two|three|four|five|"
    r"six|seven|eight|nine))?|(?P<single>two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|(?P<a>an?\s+)?(?P<dozen>dozen|hundred|thousand))\b",
    re.IGNORECASE,
)
_SCALE_AFTER = re.compile(
    r"^(?P<space>\s?)(?P<scale>hundred|thousand|millions?|billions?|trillion|mn|mln|bn|tn|lakh|crore|millones|millón|"
    r"millon|milioni|milione|milhões|milhão|millionen|milliarden|milliarde|milliards?|miliardi|tausend|mio|mrd|mil|"
    r"k|m|b)(?![\w])",
    re.IGNORECASE,
)
_PERCENT_AFTER = re.compile(r"^\s?(?:%|per\s?cent\b|pct\b|percentage points?\b)", re.IGNORECASE)
_MONEY_AFTER = re.compile(r"^\s?(?:dollars?|euros?|pounds?|yen|yuan|rupees?|francs?|usd|eur|gbp)\b", re.IGNORECASE)
_MONEY_BEFORE = re.compile(r"(?:US|A|C|NZ|HK)?[$€£¥₹]\s?$|\b(?:USD|EUR|GBP)\s?$")
_QUALIFIERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("min", re.compile(r"\b(?:more than|over|at least|upwards of|in excess of|above|exceeding|no fewer than|"
                       r"no less than|just over)\s*$", re.IGNORECASE)),
    ("max", re.compile(r"\b(?:fewer than|less than|under|below|up to|at most|no more than|as many as|"
                       r"as much as|just under)\s*$", re.IGNORECASE)),
    ("near", re.compile(r"\b(?:nearly|almost|close to|approaching)\s*$", re.IGNORECASE)),
    ("approx", re.compile(r"\b(?:about|around|roughly|approximately|approx\.?|some|an estimated|estimated|"
                          r"circa|more or less|an approximate|upward of)\s*$", re.IGNORECASE)),
)  # fmt: skip
_MIN_AFTER = re.compile(r"^\s?(?:\+|-?plus\b|or more\b)", re.IGNORECASE)
_NOUN_SKIP = frozenset({"more", "additional", "extra", "other", "new", "further", "of", "some"})
_NOUN_SYNONYMS = {"person": "people", "persons": "people", "individual": "people"}
_AUXILIARIES = frozenset("were was have has had been being are is be reportedly later also".split())
_IRREGULAR_VERBS = frozenset(
    "sent left lost took gave hit cut put held built met won paid raised sank saw fled bought sold fell rose "
    "kept brought sought spent told found made".split()
)
_VERB_S = frozenset("kills injures leaves sends displaces forces evacuates deploys costs raises".split())
_NOUN_MODIFIERS = frozenset(
    "armed foreign local civilian military elderly young old small large major minor senior junior total".split()
)
#: words after a number that start a time phrase ("412,000 last week"), not a counted noun
_NOT_COUNTED = frozenset({"last", "next", "previous", "prior", "earlier", "later", "ago", "this", "that"})
_PUNCT_STOP = re.compile(r"[,.;:!?()\"“”]")


def _parse_digits(raw: str, decimal_comma: bool) -> list[tuple[float, float]]:
    """Parse a digit string with separators into (value, unit_step) pairs (usually one)."""
    raw = raw.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    seps = [c for c in raw if c in ",. "]
    if not seps:
        return [(float(raw), _trailing_step(raw))]
    groups = re.split(r"[,. ]", raw)
    grouped = len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    kinds = set(seps)
    if len(kinds) == 2 and "," in kinds and "." in kinds:
        decimal_sep = seps[-1]
        int_part, frac = raw.rsplit(decimal_sep, 1)
        digits = re.sub(r"[,. ]", "", int_part)
        return [(float(f"{digits}.{frac}"), 10.0 ** -len(frac))]
    sep = seps[0]
    if sep == " ":
        if grouped:
            digits = raw.replace(" ", "")
            return [(float(digits), _trailing_step(digits))]
        return [(float(g), _trailing_step(g)) for g in groups]
    decimal_here = (sep == "," and decimal_comma) or (sep == "." and not decimal_comma)
    if grouped and (len(seps) > 1 or not decimal_here):
        digits = re.sub(r"[,. ]", "", raw)
        return [(float(digits), _trailing_step(digits))]
    if decimal_here and len(seps) == 1:
        int_part, frac = raw.split(sep)
        return [(float(f"{int_part}.{frac}"), 10.0 ** -len(frac))]
    return [(float(g), _trailing_step(g)) for g in groups if g]


def _trailing_step(digits: str) -> float:
    stripped = digits.lstrip("0") or "0"
    if stripped == "0":
        return 1.0
    zeros = len(stripped) - len(stripped.rstrip("0"))
    return 10.0**zeros


def _qualifier(text: str, start: int, end: int) -> tuple[str, int]:
    """The hedge of the number at text[start:end] and where its surface form starts."""
    if _MIN_AFTER.match(text[end:]):
        return "min", start
    window_start = max(0, start - 40)
    for name, pattern in _QUALIFIERS:
        match = pattern.search(text[window_start:start])
        if match:
            return name, window_start + match.start()
    return "", start


def _noun_after(text: str, pos: int) -> tuple[str, str, int]:
    """The noun a number counts: the first word after it, skipping modifiers (``2,000 more soldiers``,
    ``100,000 displaced people``); empty when a function word or punctuation comes first."""
    words: list[str] = []
    for match in _TOKEN.finditer(text, pos):
        gap = text[pos : match.start()]
        if _PUNCT_STOP.search(gap) or len(gap) > 3 or len(words) == 2:
            break
        low = match.group(0).lower()
        if low in _NOUN_SKIP:
            pos = match.end()
            continue
        if low in STOPWORDS or low.isdigit() or low in _NOT_COUNTED:
            break
        words.append(match.group(0))
        pos = match.end()
        if not (low.endswith(("ed", "ing", "ly")) or low in _NOUN_MODIFIERS):
            break
    if not words:
        return "", "", pos
    head = words[-1]
    follow = next(_TOKEN.finditer(text, pos), None)
    if (
        follow is not None
        and text[pos : follow.start()].strip() == ""
        and not head.lower().endswith("s")
        and head.lower() not in ("people", "police")
        and _is_plural_noun(follow.group(0))
    ):
        head, pos = follow.group(0), follow.end()  # a compound: "21 league matches", "60 rescue specialists"
    noun = stem(head)
    return _NOUN_SYNONYMS.get(noun, noun), head, pos


def noun_after(text: str, mention: NumberMention) -> str:
    """The stemmed noun right after a number, also for amounts and percentages, whose ``noun`` is their
    unit ("$3.5 trillion budget" → ``budget``, "6% rise" → ``rise``); empty when none."""
    return _noun_after(text, mention.end)[0]


def _is_plural_noun(word: str) -> bool:
    low = word.lower()
    return (
        len(low) > 3
        and low.endswith("s")
        and not low.endswith(("ss", "us", "is"))
        and low not in STOPWORDS
        and low not in _VERB_S
        and low not in ("dies", "goes", "does", "says", "has", "was", "lies", "remains", "stands", "includes")
    )


def _verb_like(word: str) -> bool:
    low = word.lower()
    return low in _IRREGULAR_VERBS or (len(low) > 4 and low.endswith(("ed", "ing"))) or low in _VERB_S


def _verb_near(text: str, start: int, end: int) -> tuple[str, str]:
    """The verb that governs a number: ``killed`` in "killed at least 40 people", "killing 14 people",
    "14 people were killed". Returns (stem, surface) or empty strings."""
    before = [m.group(0) for m in _TOKEN.finditer(text[max(0, start - 40) : start])]
    for word in reversed(before[-3:]):
        if word.lower() in STOPWORDS and word.lower() not in _IRREGULAR_VERBS:
            continue
        if _verb_like(word):
            return stem(word), word
        break
    gap = 0
    for match in _TOKEN.finditer(text, end):
        word = match.group(0)
        if _PUNCT_STOP.search(text[end : match.start()]) or gap == 3:
            break
        if word.lower() in _AUXILIARIES:
            gap += 1
            continue
        if _verb_like(word):
            return stem(word), word
        break
    return "", ""


#: "aged 12", "at the age of 84", "ages 5 to 11", "over age 65", "as young as 12"
_AGE_BEFORE = re.compile(r"(?:\b(?:ages?|aged)(?:\s+of)?|\bas\s+(?:young|old)\s+as)\s*$", re.IGNORECASE)
#: "a 38-year-old", "84 years old", "65 and older"
_AGE_AFTER = re.compile(r"(?:[- ]years?[- ]old\b|\s+and\s+(?:older|over|up|younger)\b)", re.IGNORECASE)
#: "Paul Hodgkins, 38, was ..." (a name, then a bare number between commas)
_AGE_APPOSITION = re.compile(r"\b[A-Z][a-z]+,\s*$")
_RANGE_GAP = re.compile(r"\s*(?:to|through|and|-|–)\s*")


def _is_age(text: str, start: int, end: int, previous: Sequence[NumberMention]) -> bool:
    """The number at text[start:end] is someone's age (its noun is then ``age``): after "aged" / "age of",
    before "-year-old" / "and older", a name's apposition, or the second end of an age range."""
    before = text[max(0, start - 20) : start]
    if _AGE_BEFORE.search(before) or _AGE_AFTER.match(text, end):
        return True
    if _AGE_APPOSITION.search(before) and text[end : end + 1] == "," and text[start:end].isdigit():
        month_or_day = before.rstrip(", ").rsplit(None, 1)[-1].lower()
        return month_or_day not in MONTHS and month_or_day not in WEEKDAYS and int(text[start:end]) < 120
    if previous and previous[-1].noun == "age":
        return _RANGE_GAP.fullmatch(text[previous[-1].end : start]) is not None
    return False


def extract_numbers(text: str, language: str = "en", *, mask_dates: bool = True) -> list[NumberMention]:
    """Find the numbers of a text with their qualifier, unit and counted noun.

    Dates and clock times are masked first (``May 2`` is a date, not the number 2) unless
    ``mask_dates`` is False. ``one`` is not read as a number (it is too often a pronoun);
    vague plurals (``dozens``, ``thousands``) are ignored.

    Args:
        text: the text.
        language: ISO 639-1 code; languages that write ``3,5`` for 3.5 are parsed accordingly.
        mask_dates: mask date and time expressions before looking for numbers.

    Returns:
        The numbers in text order.
    """
    work = _mask(text, _date_spans(text)) if mask_dates else text
    decimal_comma = language in _DECIMAL_COMMA_LANGUAGES
    found: list[tuple[int, int, float, float]] = []
    for match in _DIGITS.finditer(work):
        values = _parse_digits(match.group(0), decimal_comma)
        if len(values) == 1:
            found.append((match.start(), match.end(), *values[0]))
        else:
            cursor = match.start()
            for value, step in values:
                piece = _format_value(value)
                at = work.find(piece, cursor, match.end())
                at = cursor if at < 0 else at
                found.append((at, at + len(piece), value, step))
                cursor = at + len(piece)
    for match in _ORDINAL.finditer(work):
        found.append((match.start(), match.end(), float(match.group(1)), 1.0))
    for match in _WORD_NUMBER.finditer(work):
        if match.group("tens"):
            value = float(_WORD_NUMBERS[match.group("tens").lower()])
            if match.group("unit"):
                value += _UNITS[match.group("unit").lower()]
        elif match.group("single"):
            value = float(_WORD_NUMBERS[match.group("single").lower()])
        else:
            word = match.group("dozen").lower()
            if not match.group("a"):
                continue  # bare "hundred"/"thousand" scales a preceding number; bare "dozen" is vague
            value = float(_WORD_NUMBERS[word])
        found.append((match.start(), match.end(), value, _trailing_step(str(int(value)))))
    found.sort()
    mentions: list[NumberMention] = []
    last_end = -1
    for start, end, value, step in found:
        if start < last_end:
            continue
        after = work[end:]
        scale = _SCALE_AFTER.match(after)
        if scale:
            word = scale.group("scale").lower()
            attached = scale.group("space") == ""
            if word in _ATTACHED_ONLY_SCALES and not (attached and _MONEY_BEFORE.search(work[:start])):
                scale = None
            else:
                value, step = value * _SCALES[word], step * _SCALES[word]
                end += scale.end()
                after = work[end:]
        raw_digits = work[start:end]
        unit = ""
        money_before = _MONEY_BEFORE.search(work[:start])
        if money_before:
            unit, start = "money", money_before.start()
        percent, money_after = _PERCENT_AFTER.match(after), _MONEY_AFTER.match(after)
        if percent:
            unit, end = "%", end + percent.end()
        elif money_after:
            unit, end = "money", end + money_after.end()
        qualifier, surface_start = _qualifier(work, start, end)
        is_year = (
            unit == "" and scale is None and re.fullmatch(r"\d{4}", raw_digits) is not None and 1800 <= value <= 2100
        )
        noun, noun_text, noun_end = ("", "", end) if is_year else (unit, "", end) if unit else _noun_after(work, end)
        if not unit and not is_year and _is_age(work, start, end, mentions):
            noun, noun_text = "age", "age"
        verb, verb_text = ("", "") if is_year else _verb_near(work, surface_start, noun_end)
        mentions.append(
            NumberMention(
                value=value,
                text=text[surface_start:end].strip(),
                start=surface_start,
                end=end,
                qualifier=qualifier,
                unit=unit,
                noun=noun,
                noun_text=noun_text,
                verb=verb,
                verb_text=verb_text,
                unit_step=step,
                is_year=is_year,
            )
        )
        last_end = end
    return mentions


def number_interval(number: NumberMention) -> tuple[float, float]:
    """The range of true values a source plausibly means by ``number``.

    Exact round numbers allow rounding (half their last place value, at most 5%); hedged numbers
    allow what their hedge says (``more than X``: X and above, ``about X``: ±15%, ``nearly X``: 0.8X..X,
    ``up to X``: 0..X), with 5% slack on bounds.

    Args:
        number: a number mention.

    Returns:
        (low, high).
    """
    v = number.value
    slack = min(number.unit_step / 2, 0.05 * abs(v)) if number.unit_step > 1 else 0.0
    if number.qualifier == "min":
        return v * 0.95 - slack, math.inf
    if number.qualifier == "max":
        return 0.0, v * 1.05 + slack
    if number.qualifier == "approx":
        return v * 0.85 - slack, v * 1.15 + slack
    if number.qualifier == "near":
        return v * 0.8 - slack, v + slack
    return v - slack, v + slack


def numbers_compatible(a: NumberMention, b: NumberMention) -> bool:
    """Whether two mentions of the same quantity can both be right (rounding and hedges allowed).

    Args:
        a: one mention.
        b: another mention of what should be the same quantity.

    Returns:
        True when their plausible ranges overlap (or when their units differ, so they are not comparable).
    """
    if a.unit != b.unit:
        return True
    lo_a, hi_a = number_interval(a)
    lo_b, hi_b = number_interval(b)
    tol = 1e-9 * max(1.0, abs(a.value), abs(b.value))
    return lo_a <= hi_b + tol and lo_b <= hi_a + tol


def _same_value(x: float, y: float) -> bool:
    return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))


# --------------------------------------------------------------------------- dates and times

_MONTH_PATTERN = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_MONTH_DAY = re.compile(
    rf"\b(?P<m>{_MONTH_PATTERN})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])(?:,?\s+(?P<y>\d{{4}})\b)?"
)
_DAY_MONTH = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH_PATTERN})(?:,?\s+(?P<y>\d{{4}})\b)?"
)
_WEEKDAY = re.compile(r"\b(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b")
_WEEKDAY_ANY = re.compile(
    r"\b(?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)"
    r"(?:s\b|\.|\b)",
    re.IGNORECASE,
)
_CLOCK = re.compile(
    r"(?<![\w.:])(?P<h>\d{1,2})(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.?\s?m\b\.?)|(?<![\w.:])(?P<h24>[01]?\d|2[0-3]):"
    r"(?P<mi24>[0-5]\d)(?![\d])|\b(?P<word>noon|midnight)\b",
    re.IGNORECASE,
)
_DAY_PART = re.compile(r"\b(?P<p>" + "|".join(DAY_PARTS) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class ClockTime:
    """A clock time: minutes after midnight; ``ambiguous`` when am/pm was not given for an hour ≤ 12."""

    minutes: int
    ambiguous: bool
    text: str


@dataclass(frozen=True)
class DateFacts:
    """Calendar facts of a text: (month, day) pairs, weekdays (0 = Monday), clock times, parts of day."""

    month_days: tuple[tuple[int, int, str], ...] = ()
    weekdays: tuple[tuple[int, str], ...] = ()
    times: tuple[ClockTime, ...] = ()
    day_parts: tuple[str, ...] = ()


def _month_number(token: str) -> int:
    return MONTHS[token.rstrip(".").lower()]


def _date_spans(text: str) -> list[tuple[int, int]]:
    """Spans of month-day dates (without their year, which stays a checkable number) and clock times."""
    spans = [(m.start(), m.end("d")) for m in _MONTH_DAY.finditer(text)]
    spans += [(m.start(), m.end("m")) for m in _DAY_MONTH.finditer(text)]
    spans += [m.span() for m in _CLOCK.finditer(text)]
    return spans


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = " "
    return "".join(chars)


def extract_dates(text: str) -> DateFacts:
    """Find month-day dates, weekdays, clock times and parts of day in a text.

    Args:
        text: the text (month and weekday names must be capitalised, as in running English text).

    Returns:
        The calendar facts found.
    """
    month_days: list[tuple[int, int, str]] = []
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        for m in pattern.finditer(text):
            day = int(m.group("d"))
            if 1 <= day <= 31:
                month_days.append((_month_number(m.group("m")), day, m.group(0)))
    weekdays = [(WEEKDAYS[m.group("w").lower()], m.group(0)) for m in _WEEKDAY.finditer(text)]
    times: list[ClockTime] = []
    for m in _CLOCK.finditer(text):
        if m.group("word"):
            times.append(ClockTime(12 * 60 if m.group("word").lower() == "noon" else 0, False, m.group(0)))
            continue
        if m.group("h24") is not None:
            hour, minute = int(m.group("h24")), int(m.group("mi24"))
            times.append(ClockTime(hour * 60 + minute, hour <= 12, m.group(0)))
            continue
        hour, minute = int(m.group("h")), int(m.group("mi") or 0)
        if not 1 <= hour <= 12:
            continue
        pm = m.group("ap").lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
        times.append(ClockTime(hour * 60 + minute, False, m.group(0).strip()))
    parts = [m.group("p").lower() for m in _DAY_PART.finditer(text) if m.group("p").lower() not in ("noon", "midnight")]
    return DateFacts(tuple(month_days), tuple(weekdays), tuple(times), tuple(parts))


def times_compatible(a: ClockTime, b: ClockTime, tolerance: int = 60) -> bool:
    """Whether two clock times can denote the same moment (within ``tolerance`` minutes; am/pm may be missing).

    Args:
        a: one time.
        b: another time.
        tolerance: minutes of slack.

    Returns:
        True when compatible.
    """
    candidates_a = [a.minutes, (a.minutes + 720) % 1440] if a.ambiguous else [a.minutes]
    candidates_b = [b.minutes, (b.minutes + 720) % 1440] if b.ambiguous else [b.minutes]
    for x in candidates_a:
        for y in candidates_b:
            d = abs(x - y)
            if min(d, 1440 - d) <= tolerance:
                return True
    return False


def time_in_day_part(time: ClockTime, part: str) -> bool:
    """Whether a clock time falls in a part of the day (``3:30 pm`` is in the afternoon).

    Args:
        time: the clock time.
        part: a key of `DAY_PARTS`.

    Returns:
        True when it does (or when am/pm is unknown and either reading does).
    """
    lo, hi = DAY_PARTS[part]
    options = [time.minutes, (time.minutes + 720) % 1440] if time.ambiguous else [time.minutes]
    for m in options:
        if (lo <= hi and lo <= m <= hi) or (lo > hi and (m >= lo or m <= hi)):
            return True
    return False


# --------------------------------------------------------------------------- names


@dataclass(frozen=True)
class Name:
    """A run of capitalised tokens (``Lena Varga``, ``National Security Council``, ``NSC``)."""

    tokens: tuple[str, ...]
    text: str


_NAME_JOINERS = frozenset({"of", "for", "the", "and", "de", "la", "van", "von", "der", "al", "bin", "du", "da"})


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def _is_initial(token: str) -> bool:
    """A middle initial ("J" of "William J. Burns")."""
    return len(token) == 1 and token.isupper()


def extract_names(text: str) -> list[Name]:
    """Find names: runs of capitalised tokens that are not sentence-initial common words.

    A capitalised token opening the sentence (or a quote, or following a colon) counts only when the
    next token is capitalised too, since ``Officials said`` is not a name but ``Lena Varga said`` is.
    Month and weekday names, titles (``President``, ``Mayor``) and capitalised function words are left out.

    Args:
        text: one sentence or passage.

    Returns:
        The names in text order.
    """
    tokens = _name_tokens(text)
    names: list[Name] = []
    run: list[tuple[str, int, int]] = []

    def flush() -> None:
        while run and run[-1][0].lower() in _NAME_JOINERS:
            run.pop()
        if run:
            names.append(Name(tuple(_strip_possessive(t) for t, _, _ in run), text[run[0][1] : run[-1][2]]))
        run.clear()

    for i, (token, start, end) in enumerate(tokens):
        low = _strip_possessive(token).lower()
        gap = text[tokens[i - 1][2] : start] if i else ""
        after_initial = bool(run) and _is_initial(run[-1][0]) and gap.strip() == "." and gap.endswith(" ")
        if run and not after_initial and (
            gap.strip() not in ("", "-") or run[-1][0] != _strip_possessive(run[-1][0])
        ):
            flush()
        if not _is_capitalised(token) or token.isdigit():
            if run and low in _NAME_JOINERS and gap.strip() == "":
                run.append((token, start, end))
                continue
            flush()
            continue
        if low in STOPWORDS or low in MONTHS or low in WEEKDAYS or low in TITLE_WORDS or low in _ANTE_CAPS:
            flush()
            continue
        if token.isupper() and len(token) > 6:
            flush()
            continue  # shouted words (BREAKING, UPDATED), not acronyms
        if low in _WORD_NUMBERS or low == "one":
            flush()
            continue
        before = text[:start].rstrip()
        initial = not before or before[-1] in ".!?:\"“‘'(—–-\n"
        if initial and not run:
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            nxt_ok = (
                nxt is not None
                and _is_capitalised(nxt[0])
                and text[end : nxt[1]].strip() == ""
                and nxt[0].lower() not in STOPWORDS
                and nxt[0].lower() not in TITLE_WORDS
            )
            if not nxt_ok and not token.isupper():
                continue
        run.append((token, start, end))
    flush()
    return names


def _acronym(tokens: Sequence[str]) -> str:
    return "".join(t[0] for t in tokens if t.lower() not in _NAME_JOINERS).upper()


def _token_found(token: str, pool: set[str]) -> bool:
    low = token.lower()
    if low in pool:
        return True
    if len(low) < 4:
        return False
    stem = _PLACE_ENDING.sub("", low)
    for candidate in pool:
        if abs(len(candidate) - len(low)) > 4 or candidate[:1] != low[:1]:
            continue
        if fuzz.ratio(low, candidate) >= 80:
            return True
        if len(low) >= 6 and candidate.startswith(low[:-1]):
            return True  # Ukraine / Ukrainian
        if len(stem) >= 4 and _PLACE_ENDING.sub("", candidate) == stem:
            return True  # Ukrainian / Ukraine, Russian / Russia, Chinese / China
    return False


#: the ending of a country's name or of its adjective ("Ukrain-e", "Ukrain-ian", "Chin-ese", "Israel-i")
_PLACE_ENDING = re.compile(r"(?:ians?|ia|eans?|ans?|ese|ish|[aeiy])$")


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class Facts:
    """The checkable facts of a sentence: names, numbers and calendar facts."""

    names: tuple[Name, ...]
    numbers: tuple[NumberMention, ...]
    dates: DateFacts


def extract_facts(text: str, language: str = "en") -> Facts:
    """Extract the names, numbers and dates of a text.

    Args:
        text: one sentence or passage.
        language: ISO 639-1 code of the text.

    Returns:
        The facts.
    """
    return Facts(tuple(extract_names(text)), tuple(extract_numbers(text, language)), extract_dates(text))


def missing_facts(
    claim: str,
    passage: str,
    *,
    claim_language: str = "en",
    passage_language: str = "en",
    context: str = "",
    names_from_context: bool = False,
    claim_date: dt.date | None = None,
    passage_date: dt.date | None = None,
) -> list[str]:
    """The facts of ``claim`` that ``passage`` does not carry (empty list: all facts are there).

    Args:
        claim: the sentence whose facts must be found.
        passage: the text that should carry them.
        claim_language: language of ``claim`` (for number parsing).
        passage_language: language of ``passage``.
        context: the rest of the passage's article; first names (all tokens of a name but the last)
            may be found there instead of in the passage.
        names_from_context: also accept whole names found only in ``context``, provided the passage
            names nobody the claim does not (so "the town" may stand for "Eskerby", but "Lviv" never
            supports "Kyiv").
        claim_date: publication date of the article ``claim`` comes from (default: ``passage_date``).
        passage_date: publication date of the passage's article. With it, a date written differently
            still counts when both name the same day: "Thursday" in an article of Friday 31 December
            and "December 30" are one day.

    Returns:
        The surface forms of the missing facts, in claim order.
    """
    facts = extract_facts(claim, claim_language)
    missing: list[str] = []
    passage_words = [t for t, _, _ in _name_tokens(passage)]
    passage_tokens = {_strip_possessive(t).lower() for t in passage_words}
    context_tokens = {_strip_possessive(t).lower() for t, _, _ in _name_tokens(context)} if context else set()
    passage_acronyms = {t for t in passage_words if t.isupper() and 2 <= len(t) <= 6}
    passage_acronyms |= {_acronym(n.tokens) for n in extract_names(passage) if len(n.tokens) > 1}
    missing_names: list[Name] = []
    for name in facts.names:
        if len(name.tokens) > 1 and _acronym(name.tokens) in passage_acronyms:
            continue
        if len(name.tokens) == 1 and name.tokens[0].isupper() and name.tokens[0] in passage_acronyms:
            continue
        core = [t for t in name.tokens if t.lower() not in _NAME_JOINERS]
        if len(core) > 1 and not _is_initial(core[-1]):
            core = [t for t in core if not _is_initial(t)]  # "William J. Burns" is "William Burns"
        if not core:
            continue
        last_ok = _token_found(core[-1], passage_tokens)
        rest_ok = all(_token_found(t, passage_tokens) or _token_found(t, context_tokens) for t in core[:-1])
        if not (last_ok and rest_ok):
            missing_names.append(name)
    if missing_names and names_from_context and context:
        claim_tokens = {t.lower() for n in facts.names for t in n.tokens}
        rivals = [t for n in extract_names(passage) for t in n.tokens if not _token_found(t, claim_tokens)]
        if not rivals:
            missing_names = [n for n in missing_names if not all(_token_found(t, context_tokens) for t in n.tokens)]
    missing.extend(n.text for n in missing_names)
    passage_numbers = extract_numbers(passage, passage_language)
    passage_values = [n.value for n in passage_numbers]
    for number in facts.numbers:
        if not any(_same_value(number.value, v) for v in passage_values):
            missing.append(number.text)
    passage_dates = extract_dates(passage)
    passage_md = {(m, d) for m, d, _ in passage_dates.month_days}
    passage_weekdays = {WEEKDAYS[m.group("w").lower()] for m in _WEEKDAY_ANY.finditer(passage)}
    resolved: set[dt.date] = set()
    if passage_date is not None and (facts.dates.month_days or facts.dates.weekdays):
        resolved = set(resolve_days(passage, passage_date, language=passage_language))
    for month, day, surface in facts.dates.month_days:
        if (month, day) not in passage_md and not any((r.month, r.day) == (month, day) for r in resolved):
            missing.append(surface)
    claim_days: list[dt.date] = []
    if resolved and facts.dates.weekdays:
        claim_days = resolve_days(claim, claim_date or passage_date, language=claim_language)
    for weekday, surface in facts.dates.weekdays:
        if weekday in passage_weekdays or any(d.weekday() == weekday and d in resolved for d in claim_days):
            continue
        missing.append(surface)
    for clock in facts.dates.times:
        if not any(times_compatible(clock, other, tolerance=0) for other in passage_dates.times):
            missing.append(clock.text)
    return missing


def _loose(word: str) -> str:
    return word[:5] if len(word) > 5 else word


def lexical_coverage(claim: str, passage: str) -> float:
    """The share of the claim's content words (names and numbers aside) that the passage also uses.

    Words are compared by their first five letters after stemming, so ``investigation`` and
    ``investigated`` meet. Semantic similarity alone lets through sentences of the same story that state
    different facts ("X's lawyer contended ..." vs "X's lawyer did not respond ..."); this is the second check.

    Args:
        claim: the sentence to support.
        passage: the candidate passage.

    Returns:
        A share in 0..1 (1.0 when the claim has no such words).
    """
    names = {stem(t) for n in extract_names(claim) for t in n.tokens}
    words = {_loose(w) for w in content_words(claim) if w not in names and not w.replace(".", "").isdigit()}
    if not words:
        return 1.0
    have = {_loose(w) for w in content_words(passage)}
    return len(words & have) / len(words)


# --------------------------------------------------------------------------- verification


def as_embed_fn(embed: Any) -> EmbedFn:
    """Accept either a callable (texts → vectors) or an object with an ``encode`` method.

    Args:
        embed: the embedder.

    Returns:
        A callable returning a float32 matrix with unit rows.

    Raises:
        StorylineError: ``embed`` is neither callable nor has ``encode``.
    """
    fn = embed.encode if hasattr(embed, "encode") else embed
    if not callable(fn):
        raise StorylineError(
            f"cannot embed with {type(embed).__name__}", hint="pass a callable texts -> vectors or an Embedder"
        )

    def encode(texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        matrix = np.asarray(fn(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return matrix / norms

    return encode


_WINDOW_CANDIDATES = 4  # adjacent-sentence windows tried per article, around its best sentences
_CONTEXT_MARGIN = 0.15  # names may come from the rest of the article when the passage is this much closer


@dataclass
class _Job:
    """One (summary sentence, cited article) check."""

    text: str
    query: np.ndarray
    language: str
    article: Article
    sentences: list[Sentence]
    sims: np.ndarray | None = None
    found: Evidence | None = None
    date: dt.date | None = None  # the article's publication date, else its story's (resolves "Thursday")


class _PassageFinder:
    """Finds the best supporting passage for many (sentence, article) checks, embedding in batches.

    Single sentences are tried first; two-sentence windows are embedded (all at once) only for the
    checks no single sentence passes.
    """

    def __init__(self, embed: EmbedFn, config: Config) -> None:
        self.embed = embed
        self.min_similarity = float(config.verify.min_similarity)
        self.min_coverage = float(config.verify.min_coverage)
        self.window_coverage = float(config.verify.window_coverage)
        self.high_similarity = float(config.verify.high_similarity)

    def run(self, jobs: Sequence[_Job], vectors: Mapping[tuple[str, int], np.ndarray]) -> None:
        missing = {s.text for job in jobs for s in job.sentences if (job.article.id, s.index) not in vectors}
        extra = dict(zip(sorted(missing), self.embed(sorted(missing)), strict=True)) if missing else {}
        window_requests: list[tuple[_Job, int, str]] = []
        for job in jobs:
            exact = _exact_span(job.text, job.article.text)
            if exact is not None:
                job.found = Evidence(job.article.id, exact[0], exact[1], 1.0)
                continue
            if not job.sentences:
                continue
            matrix = np.vstack(
                [
                    vectors[(job.article.id, s.index)] if (job.article.id, s.index) in vectors else extra[s.text]
                    for s in job.sentences
                ]
            ).astype(np.float32)
            job.sims = matrix @ job.query
            for i in np.argsort(-job.sims).tolist():
                self._consider(job, job.sentences[i].start, job.sentences[i].end, float(job.sims[i]), window=False)
            if job.found is None:
                pairs = sorted(
                    ((max(job.sims[i], job.sims[i + 1]), i) for i in range(len(job.sentences) - 1)), reverse=True
                )
                for score, i in pairs[:_WINDOW_CANDIDATES]:
                    if score >= self.min_similarity - 0.25:
                        text = job.article.text[job.sentences[i].start : job.sentences[i + 1].end]
                        window_requests.append((job, i, text))
        if window_requests:
            matrix = self.embed([text for _, _, text in window_requests])
            for (job, i, _), vector in zip(window_requests, matrix, strict=True):
                self._consider(
                    job, job.sentences[i].start, job.sentences[i + 1].end, float(vector @ job.query), window=True
                )

    def _consider(self, job: _Job, start: int, end: int, score: float, *, window: bool) -> None:
        if score < self.min_similarity or (job.found is not None and score <= job.found.score):
            return
        passage = job.article.text[start:end]
        passage_language = job.article.language if job.article.language not in ("", "und") else "en"
        # two joined sentences offer more words to match by chance, so they must account for more of them
        needed = self.window_coverage if window else self.min_coverage
        if score < self.high_similarity:
            if passage_language != job.language or lexical_coverage(job.text, passage) < needed:
                return
        gaps = missing_facts(
            job.text,
            passage,
            claim_language=job.language,
            passage_language=passage_language,
            context=job.article.text,
            names_from_context=score >= self.min_similarity + _CONTEXT_MARGIN,
            passage_date=job.date,
        )
        if not gaps:
            job.found = Evidence(job.article.id, start, end, round(score, 4))


def _exact_span(needle: str, haystack: str) -> tuple[int, int] | None:
    words = needle.split()
    if len(words) < 4:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    match = re.search(pattern, haystack)
    return match.span() if match else None


def _guess_language(articles: Iterable[Article]) -> str:
    langs = [a.language for a in articles if a.language and a.language != "und"]
    return max(set(langs), key=langs.count) if langs else "en"


def check_citation(
    sentence_text: str,
    article: Article,
    sentences: Mapping[str, Sequence[Sentence]],
    vectors: Mapping[tuple[str, int], np.ndarray],
    embed: Any,
    config: Config,
    *,
    language: str | None = None,
) -> Evidence | None:
    """Check one citation: does ``article`` carry ``sentence_text``?

    Args:
        sentence_text: the summary sentence.
        article: the cited article.
        sentences: sentences by article id (offsets into each article's clean text).
        vectors: sentence vectors by (article id, sentence index); sentences without one are embedded.
        embed: callable texts → L2-normalised vectors (or an `Embedder`).
        config: the configuration (``config.verify.min_similarity``).
        language: language of ``sentence_text`` (default: the article's language).

    Returns:
        The best supporting passage, or None when no passage passes both the meaning and the facts checks.

    Raises:
        StorylineError: ``embed`` is not usable.
    """
    fn = as_embed_fn(embed)
    finder = _PassageFinder(fn, config)
    query = fn([sentence_text])[0]
    lang = language or (article.language if article.language not in ("", "und") else "en")
    ordered = sorted(sentences.get(article.id, ()), key=lambda s: s.index)
    job = _Job(sentence_text, query, lang, article, ordered, date=article.published)
    finder.run([job], vectors)
    return job.found


def verify_sentences(
    summary: Sequence[SummarySentence],
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    vectors: Mapping[tuple[str, int], np.ndarray],
    embed: Any,
    config: Config,
) -> list[SummarySentence | None]:
    """Verify each sentence's citations; like `verify_summary` but aligned with the input.

    Args:
        summary: proposed sentences with the articles they cite.
        articles: the story's articles.
        sentences: sentences by article id.
        vectors: sentence vectors by (article id, sentence index).
        embed: callable texts → L2-normalised vectors (or an `Embedder`).
        config: the configuration (``config.verify.min_similarity``).

    Returns:
        One entry per input sentence: the sentence with only its verified citations and their
        evidence, or None when no citation could be verified.

    Raises:
        StorylineError: ``embed`` is not usable.
    """
    if not summary:
        return []
    fn = as_embed_fn(embed)
    finder = _PassageFinder(fn, config)
    by_id = {a.id: a for a in articles}
    language = _guess_language(articles)
    day = story_date(articles)
    queries = fn([s.text for s in summary])
    ordered = {aid: sorted(sentences.get(aid, ()), key=lambda s: s.index) for aid in by_id}
    jobs: list[list[_Job]] = []
    for item, query in zip(summary, queries, strict=True):
        cited = sorted({aid for aid in item.sources if aid in by_id})
        dates = {aid: by_id[aid].published or day for aid in cited}
        jobs.append([_Job(item.text, query, language, by_id[aid], ordered[aid], date=dates[aid]) for aid in cited])
    finder.run([job for row in jobs for job in row], vectors)
    out: list[SummarySentence | None] = []
    for item, row in zip(summary, jobs, strict=True):
        evidence = [job.found for job in row if job.found is not None]
        if evidence:
            sources = tuple(e.article_id for e in evidence)
            out.append(replace(item, sources=sources, verified=True, evidence=tuple(evidence)))
        else:
            out.append(None)
    return out


def verify_summary(
    summary: Sequence[SummarySentence],
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    vectors: Mapping[tuple[str, int], np.ndarray],
    embed: Any,
    config: Config,
) -> list[SummarySentence]:
    """Keep only the citations each summary sentence can be backed with; drop sentences left with none.

    Args:
        summary: proposed summary sentences with the articles believed to support them.
        articles: the story's articles.
        sentences: sentences by article id.
        vectors: sentence vectors by (article id, sentence index).
        embed: callable texts → L2-normalised vectors (or an `Embedder`), used for the summary
            sentences, for two-sentence windows and for sentences missing from ``vectors``.
        config: the configuration (``config.verify.min_similarity``).

    Returns:
        The verified sentences, in input order, each with ``verified=True``, its verified ``sources``
        (sorted) and one `Evidence` per source (character offsets into that article's clean text).

    Raises:
        StorylineError: ``embed`` is not usable.
    """
    checked = verify_sentences(summary, articles, sentences, vectors, embed, config)
    return [item for item in checked if item is not None]
