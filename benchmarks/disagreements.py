"""Disagreements benchmark: planted conflicts in real stories, and what is flagged on unmodified ones.

One command prints our figures and a baseline's side by side, from the same run, and writes
``benchmarks/results/disagreements.json`` and ``disagreements.md``::

    python benchmarks/disagreements.py                 # all stories
    python benchmarks/disagreements.py --limit 40      # quicker, on a subset
    python benchmarks/disagreements.py --half dev      # only the dev half of the stories

**Dev and held-out halves.** Each story is in the dev or the held-out half by a stable hash of its id
(`half_of`: the first byte of the SHA-1 of the id, even = dev), about half each; recall and flags are
reported per half. From the sixth round of rules on, misses were read only from dev-half plants.

Stories: every story of ``allsides-neus/allsides_fullbody_stories.jsonl`` (read from
``../shared/data``, never copied) with its three outlets' articles, dated with the story's date,
cleaned as one batch by `storyline.clean.clean_batch`. Each story then goes through the real
stages as `pipeline.StoryBuilder.build` calls them: sentences, USE sentence vectors,
`entities.extract_entities`, `consolidate.consolidate`, `consolidate.find_disagreements`.

**Planted conflicts.** For each story (in a ``random.Random(7)`` order of story ids) and each kind,
a fact that *two* outlets state (so a conflict is observable) is changed in one of them, one plant
per run, at most one plant of each kind per story. "Stated by two outlets" means the same
surface stands in a sentence of another article that shares at least three content words
(Jaccard ≥ 0.15) with the changed sentence, so the two sentences are comparable statements:

* ``number``: a number written identically in two articles (``194,000``, ``$1.5 trillion``, ``84``;
  not inside a token like ``COVID-19``) is changed well beyond rounding (×1.4, or +3 below 10; the format is kept);
  numbers written as a bound in either article ("at least 10", "up to 1,500", "65 and older", "$1 trillion+")
  are not planted: a moved bound can still agree with the other outlet's, so it is no conflict to find;
* ``date``: a weekday written in two articles moves two days on (``Monday`` → ``Wednesday``),
  or a ``Month day`` moves three days on;
* ``title``: a person's title written right before the same name (the same words) in two articles
  is swapped for an incompatible one from a fixed table (``Sen.`` ↔ ``Rep.``, ``Majority`` ↔ ``Minority``,
  ``Secretary of State`` → ``Secretary of Defense``, ``President`` → ``Vice President``, ...).

A plant is *found* when the modified story has a disagreement, absent from the unmodified
story's output, one of whose variants is sourced to the modified article. Recall = found / planted.

**Unmodified stories.** Disagreements flagged per story, and a hand check: a seeded sample of
flagged disagreements (``random.Random(11)``, up to 30) was read against the articles and judged
real or not; the judgements are in ``benchmarks/gold/disagreements_judged.json``, keyed by a hash
of the disagreement (no text). Precision = real / judged (only judged ids count).

Baseline (same run, same plants): sentences of different articles whose content-word Jaccard
is ≥ 0.3 are aligned; a pair is flagged when their numbers, weekdays, or the words right before
a shared capitalised name differ.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import platform
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from common import DATA, RESULTS, ROOT, git_commit, md_table
from storyline import clean, consolidate, entities, sentences
from storyline.config import Config, load_config
from storyline.embed import Embedder, make_embedder
from storyline.records import Article, Disagreement, RawDocument, Sentence, SourceInfo

ALLSIDES = DATA / "allsides-neus" / "allsides_fullbody_stories.jsonl"
JUDGED = ROOT / "benchmarks" / "gold" / "disagreements_judged.json"
SIDES = ("left", "center", "right")
PLANT_SEED = 7
SAMPLE_SEED = 11
SAMPLE_SIZE = 30
TARGETS = {"planted_recall": 0.90, "flagged_real": 0.80}
#: our figures before the consolidate rules written after reading this benchmark's output
FIRST_RUN = (
    "Before them: planted recall 0.034 on the first 40 stories (58 plants, looser plant rule), no flags on "
    "unmodified stories; with the looser pairing but before the precision rules, 17 flags on 471 stories of "
    "which 7 were judged real (0.41). A second round (wider context around a date, looser alignment of dated "
    "sentences, a name alone must be both sentences' subject, a day that dates a report is not the event's) "
    "was written after reading the misses among the first 120 plants: on the earlier plant set (393 plants) "
    "date recall 0.291 -> 0.384 and overall 0.366 -> 0.422, with the same 8 flags on unmodified stories. The "
    "plant rule then stopped planting into bounds ('at least 10'), which a moved value can still satisfy "
    "(393 -> 384 plants); comparing two close statements of one named source ('the Labor Department said "
    "Thursday' / 'reported on Saturday') then moved recall 0.432 -> 0.438, and taking the actor named right "
    "before a date as well as the sentence's first name to 0.448; one shared word around two numbers of the same "
    "noun in nearly identical sentences (cosine >= 0.7) to 0.456 (numbers 0.25 -> 0.30), flags unchanged (the "
    "first form of that rule, for any two numbers, added one false flag and was narrowed). A third round, "
    "written after reading the number misses among plants 120-383: ages as a counted noun ('at the age of "
    "84' / 'Hodgkins, 38,'), 'last week' no longer taken for a noun, counts of one noun compared across "
    "differently worded sentences when two more words around both numbers and the month agree, and amounts "
    "followed by the same noun ('$3.5 trillion budget') needing one shared word: numbers 0.30 -> 0.35, "
    "overall 0.456 -> 0.464, the same 8 flags on unmodified stories (its first form, without the month check "
    "and with 'last' as a noun, added 2 false flags). Tried and dropped: comparing the weekdays of two "
    "articles' dated ledes (first dated sentence, same actor, cosine >= 0.5) without asking for the same "
    "words around the dates: 21 more flags on unmodified stories, most of them two developments of one story. "
    "Then, after reading the title misses among plants 120-383: an outlet that gives a person's role once "
    "differently and elsewhere as the others do (a plant changes one mention) is shown with the odd role "
    "instead of being dropped from both sides: titles 0.69 -> 0.78, overall 0.464 -> 0.484, flags unchanged. "
    "Last, after reading the date misses among plants 120-220: two days that both date a statement ('the "
    "White House announced on Thursday' / 'said Tuesday'; 'ruled' counts as a statement) are one kind of day: "
    "dates 0.409 -> 0.439, overall 0.484 -> 0.503, flags unchanged. Tried and dropped: a window of 7 words "
    "instead of 5 for the words around a date: dates 0.523, overall 0.555, but 16 flags on unmodified stories, "
    "of whose 8 new ones 1 was judged real (a second multi-day story each time); comparing the single weekdays "
    "of near-paraphrases (cosine >= 0.75, two shared names) without the words around the dates: dates 0.473, "
    "overall 0.523, 3 more flags, none real (at cosine >= 0.78 and three names: 0.508, 1 more flag, not real). "
    "A fourth round, after reading all number misses: a value the other article gives elsewhere excuses a "
    "conflict only when it is that very value or a compatible one with a word around it in common (an unrelated "
    "'5%' had excused 5.3% against 3.8%), and 'added' right before a count is what it measures, not a reporting "
    "verb ('added 194,000 jobs'): numbers 0.35 -> 0.45, overall 0.503 -> 0.518, the same 8 flags. A fifth round, "
    "after reading the date misses among plants 220-383: a weekday an article gives elsewhere for something else "
    "(no word around it in common with the compared dates) no longer excuses its other day, when two words around "
    "the compared dates agree; 'declared', 'statement', 'press conference', 'briefing', 'interview', 'remarks', "
    "'speech' and a day's report ('Friday's jobs report') date a statement; of two dates in each sentence, one "
    "shared, the others are compared when two words around them agree: dates 0.439 -> 0.477, overall 0.518 -> "
    "0.542, the same 8 flags. Its first form, with one shared word around the dates, added 1 false flag (a storm's "
    "day against an earthquake's, 'earthquake' the one shared word) and was narrowed. A sixth round, the first "
    "with a dev/held-out split (stories by a hash of their id: 188 dev and 196 held-out plants; the earlier rounds "
    "read misses from all plants, so the held-out half is not clean for them; this round read only dev misses): a "
    "weekday is one slot across two articles when the same person or organisation (an entity, aliases count) is "
    "the first name of both dated clauses, both days are of one kind (a statement or not) and the sentences reach "
    "cosine 0.5, whatever the words around the dates; a jurisdiction word after 'of' is the office's department "
    "('Secretary of State' is not 'Secretary of Defense'); two sentences that give one precise figure alike are "
    "anchored to one report (their other numbers need one shared word around them); 'last month' is read against "
    "the publication date, a sentence's capitalised first word followed by a lower-case one counts as a word "
    "around a number, and a value given for another month no longer excuses a count; numbers of sentences related "
    "in meaning (cosine >= 0.5) but too different in words to be aligned are compared when three words around "
    "both agree. Dev 0.559 -> 0.644 (dates 0.522 -> 0.617, numbers 0.485 -> 0.606, titles 0.725 -> 0.750), "
    "held-out 0.526 -> 0.571 (dates 0.434 -> 0.500, numbers 0.407 -> 0.444, titles 0.830 unchanged), overall "
    "0.542 -> 0.607, the same 8 flags on unmodified stories. Tried and dropped in it (each new flag judged, all "
    "not real): the actor rule's first form (any person or organisation named in the dated clause), 3 false "
    "flags (two actions of one person on two days); the names of a run ('NIAID director Anthony Fauci') as the "
    "actor: no gain, 1 false flag; the sentence's opening name as the actor when the dated clause names none, with "
    "a statement verb right after the date: +1 dev plant for two more rules; a statement day against an action "
    "day of one actor in near-paraphrases (cosine >= 0.7): +1 dev plant, but it flagged our own fixture of a plan "
    "announced one day and begun another; the numbers of any two sentences at cosine >= 0.5 with two shared words "
    "around them: +2 dev plants, 2 false flags; the weekdays of such sentences with three shared words around the "
    "dates: +1, 1 false flag; a shared precise figure as a reason to compare two weekdays: +1, 2 false flags. "
    "A seventh round, again after reading only dev misses (the 44 date and 13 number ones): the dated actor is "
    "also found after a date that opens its clause ('On Thursday, the board voted') or as a passive's agent "
    "('released Friday by the agency'), past an aside (', a Republican,', a parenthesis, ', heeding calls to "
    "act,') and past a place that names an office ('Florida Gov. ...'); a day is a statement's also when a "
    "statement verb follows the date ('on Thursday formally announced') or the actor ('Biden announced an "
    "agreement ... Thursday'); with no entity named alike, one unnamed body (two lower-case words of both dated "
    "clauses: 'advisory panel', and no two different named actors) pairs two single weekdays; one actor's one day "
    "(same dated actor, same weekday, cosine >= 0.5) compares the one amount of one scale word ('trillion') each "
    "sentence gives. Dev 0.644 -> 0.670 (dates 0.617 -> 0.652, numbers 0.606 -> 0.636, titles 0.750 unchanged), "
    "held-out 0.571 -> 0.587 (dates 0.500 -> 0.516, numbers 0.444 -> 0.481, titles 0.830 unchanged), overall "
    "0.607 -> 0.628; 9 flags on unmodified stories, 8 judged real (the new one a third outlet's day for a ground "
    "attack already flagged). Tried and dropped in it (each new flag judged): the first name after any date "
    "whose clause names none: 1 false flag (a site's launch against an account's suspension); the unnamed body "
    "with capitalised words counted: 4 more flags, 3 not real (two events of one story each); the amounts left "
    "over after the shared ones (not one each): 1 false flag. The remaining dev title misses: an office the role "
    "extraction does not record ('Speaker' beside 'Minority Leader' or 'Vice President') or a title word glued "
    "to a name ('Defense Antony Blinken'), both in `entities`; two office words nothing general says exclude "
    "each other ('Judge' / 'Prosecutor'), left alone (a table would copy the plant table)."
)

_NUMBER = re.compile(r"(?<![\w.,/-])(\$?)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w/]|[.,]\d)")
#: a bound rather than a value ("at least 10", "up to 1,500", "65 and older"): moving a bound one way can
#: leave it compatible with the other outlet's ("at least 14" does not contradict "at least 10")
_BOUND_BEFORE = re.compile(
    r"\b(?:at least|at most|more than|less than|fewer than|greater than|no more than|up to|as many as|as much as|"
    r"as few as|upwards? of|over|under|below|above|exceeds?|exceeding|top(?:s|ped)?)\s+\$?$",
    re.I,
)
_BOUND_AFTER = re.compile(
    r"^(?:\s*(?:million|billion|trillion|percent|%))?\s*(?:\+|plus\b|(?:and|or) (?:older|over|more|up|above|higher)\b)",
    re.I,
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")
_MONTH_DAY = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\."
    r"|Sept\.|Oct\.|Nov\.|Dec\.) (\d{1,2})\b(?!,\d)"
)
#: incompatible replacements for a title written right before a name
TITLE_SWAPS = {
    "Sen.": "Rep.", "Rep.": "Sen.", "Senator": "Representative", "Representative": "Senator",
    "Gov.": "Lt. Gov.", "Governor": "Lieutenant Governor", "Majority Leader": "Minority Leader",
    "Minority Leader": "Majority Leader", "Secretary of State": "Secretary of Defense",
    "Defense Secretary": "Treasury Secretary", "Treasury Secretary": "Commerce Secretary",
    "Attorney General": "Solicitor General", "Vice President": "Speaker", "President": "Vice President",
    "press secretary": "chief of staff", "spokesperson": "chief of staff", "spokeswoman": "chief of staff",
    "spokesman": "chief of staff", "Judge": "Prosecutor", "Speaker": "Minority Leader",
}  # fmt: skip
_TITLE = re.compile(
    r"\b(" + "|".join(re.escape(t) for t in sorted(TITLE_SWAPS, key=len, reverse=True)) + r")\s+"
    r"((?:[A-Z][a-z]+\.?\s+){0,2}[A-Z][a-z’'-]+)\b"
)


# --------------------------------------------------------------------------- data

HALVES = ("dev", "heldout")


def half_of(story_id: str) -> str:
    """``dev`` or ``heldout``: a stable hash of the story id, about half each."""
    return HALVES[hashlib.sha1(story_id.encode()).digest()[0] % 2]



def require_data() -> None:
    """Exit with a clear message when the shared data is absent."""
    if not ALLSIDES.exists():
        sys.exit(
            f"benchmark data not found: {ALLSIDES}\nThe benchmarks read the shared evaluation data from {DATA} "
            "(a sibling of the repository); see its SOURCE.md files for where it comes from."
        )


def load_articles(config: Config) -> dict[str, list[Article]]:
    """The cleaned articles of every story with at least two outlets, by story id."""
    docs: list[RawDocument] = []
    story_of: dict[str, str] = {}
    with ALLSIDES.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            s = json.loads(line)
            for side in SIDES:
                item = s["news"].get(side)
                if not item or not item.get("newBody"):
                    continue
                b = item["newBody"]
                aid = f"as-{s['id']}-{side}"
                story_of[aid] = str(s["id"])
                docs.append(
                    RawDocument(
                        id=aid,
                        source=SourceInfo(ALLSIDES.name, "jsonl", item.get("newsLink"), str(number)),
                        kind="text",
                        content="\n\n".join(b) if isinstance(b, list) else str(b),
                        title=item.get("newsTitle") or None,
                        published=dt.date.fromisoformat(s["date"][:10]),
                        site=item.get("newsSource") or None,
                    )
                )
    stories: dict[str, list[Article]] = defaultdict(list)
    for art in clean.clean_batch(docs, config):
        if isinstance(art, Article):
            stories[story_of[art.id]].append(art)
    return {sid: arts for sid, arts in sorted(stories.items()) if len(arts) >= 2}


# --------------------------------------------------------------------------- systems


class VectorCache:
    """Sentence vectors by text, so a plant only embeds the sentence it changed."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self.cache: dict[str, np.ndarray] = {}

    def vectors(self, sents: dict[str, list[Sentence]]) -> dict[tuple[str, int], np.ndarray]:
        """(article id, sentence index) → vector for every sentence."""
        missing = sorted({s.text for ss in sents.values() for s in ss if s.text not in self.cache})
        if missing:
            for text, vec in zip(missing, self.embedder.encode(missing), strict=True):
                self.cache[text] = vec
        return {(s.article_id, s.index): self.cache[s.text] for ss in sents.values() for s in ss}


@dataclass(frozen=True)
class Flag:
    """A disagreement in comparable form: kind, topic, variant texts and their sources."""

    kind: str
    topic: str
    variants: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def key(self) -> str:
        """A stable id (a hash: no text is stored)."""
        text = json.dumps([self.kind, self.topic, [list(v) for v in self.variants]], ensure_ascii=False)
        return hashlib.sha1(text.encode()).hexdigest()[:12]

    def sourced_to(self, article_id: str) -> bool:
        """Whether one of the variants is given by ``article_id``."""
        return any(article_id in sources for _, sources in self.variants)


def flags_of(found: Iterable[Disagreement]) -> list[Flag]:
    """Our disagreements as flags."""
    return [Flag(d.kind, d.topic, tuple((v.text, tuple(v.sources)) for v in d.variants)) for d in found]


def run_ours(arts: list[Article], config: Config, nlp: Any, cache: VectorCache) -> list[Flag]:
    """Our stages, as `StoryBuilder.build` chains them up to the disagreements."""
    sents = {a.id: sentences.split_sentences(a) for a in arts}
    vecs = cache.vectors(sents)
    ents = entities.extract_entities(arts, sents, nlp)
    claims = consolidate.consolidate(arts, sents, vecs, config)
    return flags_of(consolidate.find_disagreements(arts, sents, claims, ents, config, vectors=vecs))


_CONTENT = re.compile(r"[A-Za-z][a-z]{3,}")
_CAP_NAME = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)+)\b")


def run_baseline(arts: list[Article], *_: Any) -> list[Flag]:
    """Aligned sentences (content-word Jaccard ≥ 0.3) whose numbers, weekdays or pre-name words differ."""
    sents = {a.id: sentences.split_sentences(a) for a in arts}
    flags: list[Flag] = []
    items = [(aid, s.text) for aid, ss in sents.items() for s in ss]
    for i, (a, x) in enumerate(items):
        wx = {w.lower() for w in _CONTENT.findall(x)}
        for b, y in items[i + 1 :]:
            if a == b:
                continue
            wy = {w.lower() for w in _CONTENT.findall(y)}
            if not wx or not wy or len(wx & wy) / len(wx | wy) < 0.3:
                continue
            for kind, get in (("number", _numbers), ("date", _weekdays), ("role", _pre_name)):
                vx, vy = get(x), get(y)
                if vx and vy and vx != vy:
                    flags.append(Flag(kind, kind, ((x, (a,)), (y, (b,)))))
    return flags


def _numbers(text: str) -> frozenset[str]:
    return frozenset(m.group(2) for m in _NUMBER.finditer(text))


def _weekdays(text: str) -> frozenset[str]:
    return frozenset(_WEEKDAY.findall(text))


def _pre_name(text: str) -> frozenset[str]:
    return frozenset(f"{m.group(1)} {m.group(2)}" for m in _TITLE.finditer(text))


# --------------------------------------------------------------------------- plants


@dataclass(frozen=True)
class Plant:
    """One change to one article of a story."""

    story: str
    kind: str
    article_id: str
    start: int
    end: int
    old: str
    new: str


def _changed_number(value: str) -> str:
    digits = value.replace(",", "")
    if "." in digits:
        new = f"{float(digits) * 1.4:.{len(digits.split('.')[1])}f}"
    else:
        n = int(digits)
        new = str(n + 3 if n < 10 else round(n * 1.4))
    if "," in value:
        new = f"{int(new):,}"
    return new


_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
_STOP = frozenset(
    "that this with from have been were will would said says about after their there which when what they them "
    "than more also into over under other some such only just most".split()
)


def _sentence_at(text: str, pos: int) -> str:
    for m in _SENTENCE.finditer(text):
        if m.start() <= pos < m.end():
            return m.group()
    return ""


def _content(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)} - _STOP


def _bounded(text: str, start: int, end: int) -> bool:
    """The number at ``text[start:end]`` is a bound ("at least 10", "up to $5", "65 and older")."""
    return bool(_BOUND_BEFORE.search(text[max(0, start - 30) : start]) or _BOUND_AFTER.match(text[end : end + 30]))


def _shared(arts: Sequence[Article], surface: str, target: str, pos: int, *, values: bool = False) -> bool:
    """Whether another article states the same fact: the surface stands in a sentence sharing at least
    three content words (Jaccard ≥ 0.15) with the target's sentence. For ``values`` (numbers), neither
    occurrence may be a bound."""
    text = next(a.text for a in arts if a.id == target)
    if values and _bounded(text, pos, pos + len(surface)):
        return False
    here = _content(_sentence_at(text, pos))
    for a in arts:
        if a.id == target:
            continue
        for m in re.finditer(r"(?<![\w-])" + re.escape(surface) + r"(?![\w-])", a.text):
            if values and _bounded(a.text, m.start(), m.end()):
                continue
            there = _content(_sentence_at(a.text, m.start()))
            common = here & there
            if len(common) >= 3 and len(common) / max(1, len(here | there)) >= 0.15:
                return True
    return False


def find_plants(sid: str, arts: Sequence[Article], rng: random.Random) -> list[Plant]:
    """At most one plant per kind for a story: a fact two articles state, changed in one of them."""
    out: list[Plant] = []
    order = list(arts)
    rng.shuffle(order)
    for kind in ("number", "date", "title"):
        done = False
        for art in order:
            if done:
                break
            text = art.text
            if kind == "number":
                for m in _NUMBER.finditer(text):
                    value = m.group(2)
                    if len(value.replace(",", "").replace(".", "")) < 2 and not m.group(1):
                        continue  # single digits are too often list numbers and ages of other things
                    if re.fullmatch(r"(19|20)\d\d", value):
                        continue  # a year is a date, not an amount
                    if _shared(arts, value, art.id, m.start(2), values=True):
                        out.append(Plant(sid, kind, art.id, m.start(2), m.end(2), value, _changed_number(value)))
                        done = True
                        break
            elif kind == "date":
                for m in _WEEKDAY.finditer(text):
                    if _shared(arts, m.group(1), art.id, m.start()):
                        new = _WEEKDAYS[(_WEEKDAYS.index(m.group(1)) + 2) % 7]
                        out.append(Plant(sid, kind, art.id, m.start(1), m.end(1), m.group(1), new))
                        done = True
                        break
                if not done:
                    for m in _MONTH_DAY.finditer(text):
                        if _shared(arts, m.group(0), art.id, m.start()):
                            day = int(m.group(2))
                            new = str(day + 3 if day <= 25 else day - 3)
                            out.append(Plant(sid, kind, art.id, m.start(2), m.end(2), m.group(2), new))
                            done = True
                            break
            else:
                for m in _TITLE.finditer(text):
                    if _shared(arts, m.group(0), art.id, m.start()):
                        out.append(Plant(sid, kind, art.id, m.start(1), m.end(1), m.group(1), TITLE_SWAPS[m.group(1)]))
                        done = True
                        break
    return out


def planted(arts: Sequence[Article], plant: Plant) -> list[Article]:
    """The story with the plant applied to its article."""
    out = []
    for a in arts:
        if a.id == plant.article_id:
            a = replace(a, text=a.text[: plant.start] + plant.new + a.text[plant.end :])
        out.append(a)
    return out


# --------------------------------------------------------------------------- report


def _recall(results: list[tuple[Plant, bool]]) -> dict[str, Any]:
    """Planted, found and recall of (plant, found) pairs, overall and by kind."""
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for plant, hit in results:
        by_kind[plant.kind][0] += hit
        by_kind[plant.kind][1] += 1
    found = sum(hit for _, hit in results)
    return {
        "planted": len(results),
        "planted_found": found,
        "planted_recall": round(found / len(results), 3) if results else 0.0,
        "recall_by_kind": {k: {"found": v[0], "planted": v[1], "recall": round(v[0] / v[1], 3)}
                           for k, v in sorted(by_kind.items())},
    }


def evaluate(
    name: str, system: Callable[..., list[Flag]], stories: dict[str, list[Article]], plants: list[Plant], *args: Any
) -> dict[str, Any]:
    """Flags on unmodified stories and recall of the plants for one system."""
    base: dict[str, list[Flag]] = {sid: system(arts, *args) for sid, arts in stories.items()}
    results: list[tuple[Plant, bool]] = []
    for plant in plants:
        before = {f.key for f in base[plant.story]}
        after = system(planted(stories[plant.story], plant), *args)
        results.append((plant, any(f.key not in before and f.sourced_to(plant.article_id) for f in after)))
    missed = [{"story": p.story, "half": half_of(p.story), "kind": p.kind, "article": p.article_id,
               "offsets": [p.start, p.end]} for p, hit in results if not hit]
    per_story = [len(flags) for flags in base.values()]
    by_half: dict[str, dict[str, Any]] = {}
    for half in HALVES:
        hstories = [sid for sid in stories if half_of(sid) == half]
        by_half[half] = {
            **_recall([(p, hit) for p, hit in results if half_of(p.story) == half]),
            "stories": len(hstories),
            "flagged_total": sum(len(base[sid]) for sid in hstories),
            "stories_with_flags": sum(1 for sid in hstories if base[sid]),
        }
    kinds: dict[str, int] = defaultdict(int)
    for flags in base.values():
        for f in flags:
            kinds[f.kind] += 1
    return {
        "system": name,
        **_recall(results),
        "stories": len(stories),
        "flagged_total": sum(per_story),
        "flagged_per_story": round(sum(per_story) / len(per_story), 3) if per_story else 0.0,
        "stories_with_flags": sum(1 for n in per_story if n),
        "flagged_by_kind": dict(sorted(kinds.items())),
        "by_half": by_half,
        "missed": missed,
        "_flags": base,
    }


def judged_precision(present: set[str]) -> dict[str, Any]:
    """Real / judged over the hand-checked flags of this run (only ids present in this run count)."""
    if not JUDGED.exists():
        return {"judged": 0, "real": 0, "precision": None}
    judged = json.loads(JUDGED.read_text(encoding="utf-8"))["judgements"]
    rows = [j for j in judged if j["id"] in present]
    real = sum(1 for j in rows if j["real"])
    return {"judged": len(rows), "real": real, "precision": round(real / len(rows), 3) if rows else None,
            "judged_total": len(judged)}


def sample_for_judging(flags: dict[str, list[Flag]]) -> list[tuple[str, Flag]]:
    """The seeded sample of flagged disagreements on unmodified stories to read by hand."""
    every = [(sid, f) for sid, fs in sorted(flags.items()) for f in fs]
    rng = random.Random(SAMPLE_SEED)
    return rng.sample(every, min(SAMPLE_SIZE, len(every)))


def render(res: dict[str, Any]) -> str:
    """The markdown results page."""
    o, b = res["ours"], res["baseline"]
    rows = [
        ["planted recall", o["planted_recall"], b["planted_recall"], f"≥ {TARGETS['planted_recall']}",
         _met(o["planted_recall"], TARGETS["planted_recall"])],
    ]
    for kind in sorted(o["recall_by_kind"]):
        ok, bk = o["recall_by_kind"][kind], b["recall_by_kind"].get(kind, {})
        rows.append([f"  recall, {kind} ({ok['planted']} planted)", ok["recall"], bk.get("recall", ""), "", ""])
    rows += [
        ["flagged per unmodified story", o["flagged_per_story"], b["flagged_per_story"], "", ""],
        ["stories with any flag", f"{o['stories_with_flags']} / {o['stories']}",
         f"{b['stories_with_flags']} / {b['stories']}", "", ""],
    ]
    for half in HALVES:
        oh, bh = o.get("by_half", {}).get(half), b.get("by_half", {}).get(half)
        if not oh or not oh["stories"]:
            continue
        kinds = ", ".join(f"{k} {v['recall']} of {v['planted']}" for k, v in oh["recall_by_kind"].items())
        rows += [
            [f"{half} half: planted recall ({oh['planted']} planted; {kinds})", oh["planted_recall"],
             bh["planted_recall"], "", ""],
            [f"{half} half: flags on unmodified stories", f"{oh['flagged_total']} on {oh['stories']} stories",
             f"{bh['flagged_total']}", "", ""],
        ]
    rows += [
        ["flagged that are real (hand-checked)",
         f"{res['judged']['precision']} ({res['judged']['real']}/{res['judged']['judged']})", "not judged",
         f"≥ {TARGETS['flagged_real']}",
         _met(res["judged"]["precision"] or 0.0, TARGETS["flagged_real"]) if res["judged"]["judged"] else "not judged"],
    ]
    return "\n".join(
        [
            "# Disagreements benchmark: planted conflicts and flags on real stories",
            "",
            f"Command: `{res['command']}`  ",
            f"Date: {res['date']}; commit {res['commit']}; {res['machine']}; {res['seconds']} s.",
            "",
            f"{res['stories']} AllSides stories (2–3 outlets each); {o['planted']} plants (one change per run, "
            "in a fact two outlets state). Selection and rules in `benchmarks/disagreements.py`.",
            "",
            md_table(["figure", "Storyline", "baseline", "target", ""], rows),
            "",
            f"Flagged by kind (ours, unmodified stories): {o['flagged_by_kind']}; baseline: {b['flagged_by_kind']}.",
            "",
            "Baseline: sentences of different articles with content-word Jaccard ≥ 0.3, flagged when their numbers, "
            "weekdays or title-before-name differ. The hand check judged a seeded sample of our flags on unmodified "
            "stories (`benchmarks/gold/disagreements_judged.json`, ids only). No hyperparameter was tuned on this "
            "benchmark, but the consolidate rules added in the same change were written after reading its misses "
            f"and false flags (general rules, none per story). {FIRST_RUN}",
        ]
    ) + "\n"


def _met(value: float, target: float) -> str:
    return "met" if value >= target else f"missed by {target - value:.3f}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N stories (by id)")
    parser.add_argument("--half", choices=("all", *HALVES), default="all", help="only the stories of one half")
    parser.add_argument("--no-write", action="store_true", help="print only, do not write results files")
    parser.add_argument(
        "--sample", type=Path, help="write the sample to judge (it has text: keep it outside the repository)"
    )
    parser.add_argument(
        "--rescore", action="store_true", help="recount the hand-checked precision of the last written run's flags"
    )
    args = parser.parse_args(argv)
    if args.rescore:  # after judging the sample of the last run: no rerun, the same run's flags
        res = json.loads((RESULTS / "disagreements.json").read_text(encoding="utf-8"))
        res["judged"] = judged_precision({k.rsplit(":", 1)[1] for k in res["flag_ids"]})
        page = render(res)
        print(page)
        (RESULTS / "disagreements.json").write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
        (RESULTS / "disagreements.md").write_text(page, encoding="utf-8")
        return 0
    require_data()
    started = time.perf_counter()
    config = load_config(environ={})
    stories = load_articles(config)
    if args.limit:
        stories = dict(list(stories.items())[: args.limit])
    rng = random.Random(PLANT_SEED)
    order = sorted(stories)
    rng.shuffle(order)
    plants = [p for sid in order for p in find_plants(sid, stories[sid], rng)]
    if args.half != "all":  # the same plants as in a whole run, those of one half's stories
        stories = {sid: arts for sid, arts in stories.items() if half_of(sid) == args.half}
        plants = [p for p in plants if p.story in stories]
    nlp = entities.load_nlp(config)
    cache = VectorCache(make_embedder(config))
    ours = evaluate("storyline", run_ours, stories, plants, config, nlp, cache)
    baseline = evaluate("baseline", run_baseline, stories, plants)
    res: dict[str, Any] = {
        "command": "python benchmarks/disagreements.py"
        + (f" --limit {args.limit}" if args.limit else "")
        + (f" --half {args.half}" if args.half != "all" else ""),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git_commit(),
        "machine": f"{platform.machine()}, Python {platform.python_version()}, shared 2-core VM",
        "stories": len(stories),
        "flag_ids": sorted(f"{sid}:{f.kind}:{f.key}" for sid, fs in ours["_flags"].items() for f in fs),
    }
    res["judged"] = judged_precision({k.rsplit(":", 1)[1] for k in res["flag_ids"]})
    if args.sample:
        rows = []
        for sid, f in sample_for_judging(ours["_flags"]):
            rows.append({"id": f.key, "story": sid, "kind": f.kind, "topic": f.topic,
                         "variants": [list(v) for v in f.variants]})
        args.sample.write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    for r in (ours, baseline):
        r.pop("_flags")
    res["ours"], res["baseline"] = ours, baseline
    res["seconds"] = round(time.perf_counter() - started, 1)
    page = render(res)
    print(page)
    if not args.no_write:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "disagreements.json").write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
        (RESULTS / "disagreements.md").write_text(page, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
