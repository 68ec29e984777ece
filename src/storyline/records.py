"""Typed records that flow between the pipeline stages.

Every record is a frozen dataclass. Records remember where they came from
(`SourceInfo`), what the cleaner removed and why (`Removal`), and which articles
support every derived statement (`sources`: a tuple of article ids).

`to_dict` turns any record (or tuple/list of records) into plain JSON-ready
data; `from_dict` rebuilds a record of a given class from such data. Dates are
serialised as ISO strings ``YYYY-MM-DD``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, Union

EntityType = Literal["person", "organization", "place", "other"]
DocKind = Literal["text", "html"]
CopyKind = Literal["exact", "near", "translation", "rewrite"]


@dataclass(frozen=True)
class SourceInfo:
    """Where an input came from.

    Attributes:
        path: the file the article was read from (as given by the user).
        format: the reader that produced it: ``txt``, ``html``, ``jsonl``, ``warc``, ``feed``.
        url: the article's URL when known (JSONL field, WARC target URI, feed link, HTML canonical link).
        record: position inside a container: JSONL line number, WARC record id, feed item index.
    """

    path: str
    format: str
    url: str | None = None
    record: str | None = None


@dataclass(frozen=True)
class RawDocument:
    """One article as read from disk, before cleaning.

    Attributes:
        id: article id (the JSONL ``id`` field, else the file name without extensions,
            with ``#n`` appended for the n-th item of a multi-article container).
        source: where it came from.
        kind: ``text`` when ``content`` is scraped plain text, ``html`` when it is markup.
        content: the raw text or HTML, already decoded to ``str``.
        title / published / site / author: metadata given by the container (JSONL fields,
            feed entries), used in preference to what the cleaner finds in the body.
    """

    id: str
    source: SourceInfo
    kind: DocKind
    content: str
    title: str | None = None
    published: dt.date | None = None
    site: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Removal:
    """A piece of the raw input that cleaning removed, with the reason (e.g. ``related-posts``)."""

    text: str
    reason: str


@dataclass(frozen=True)
class Article:
    """A cleaned article.

    Attributes:
        text: the clean body, paragraphs separated by a blank line (``\\n\\n``).
        published: publication date, or None when no trustworthy date was found.
        date_source: where ``published`` came from (``metadata``, ``text:dateline``,
            ``text:feed-line``, ``html``, ``story`` ...), for inspection.
        language: ISO 639-1 code, or ``und`` when unknown.
        removed: what cleaning removed, in input order.
        content_hash: hash of the raw input, used to make re-runs incremental.
    """

    id: str
    source: SourceInfo
    title: str
    text: str
    published: dt.date | None = None
    date_source: str | None = None
    language: str = "und"
    site: str | None = None
    author: str | None = None
    removed: tuple[Removal, ...] = ()
    content_hash: str = ""


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article's clean text; ``start``/``end`` are character offsets into ``Article.text``."""

    article_id: str
    index: int
    text: str
    start: int
    end: int
    paragraph: int = 0


@dataclass(frozen=True)
class CopyLink:
    """``article_id`` copies ``of``.

    The kind is an exact copy, a near-duplicate (edited copy), a translation, or a same-language rewrite.
    """

    article_id: str
    of: str
    kind: CopyKind
    similarity: float


@dataclass(frozen=True)
class Mention:
    """A span in one article's clean text that names an entity."""

    article_id: str
    start: int
    end: int
    text: str
    type: EntityType


@dataclass(frozen=True)
class Entity:
    """An entity of a story with its merged aliases, roles and the articles that mention it."""

    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class DateMention:
    """A date expression in an article, resolved against the article's publication date.

    ``scheduled`` is True when the sentence speaks of the date as a future event
    relative to the publication date.
    """

    article_id: str
    start: int
    end: int
    text: str
    date: dt.date
    sentence_index: int
    scheduled: bool = False


@dataclass(frozen=True)
class Quote:
    """A direct (or clearly reported) quote with its speaker and all the articles that carry it."""

    text: str
    speaker: str | None
    sources: tuple[str, ...]
    spans: tuple[tuple[str, int, int], ...] = ()  # (article_id, start, end) per occurrence


@dataclass(frozen=True)
class TimelineEvent:
    """What happens on a date, merged across sources."""

    date: dt.date
    text: str
    sources: tuple[str, ...]
    scheduled: bool = False


@dataclass(frozen=True)
class Claim:
    """A group of sentences from different articles that say the same thing."""

    text: str
    sources: tuple[str, ...]
    sentences: tuple[tuple[str, int], ...]  # (article_id, sentence index) of every member


@dataclass(frozen=True)
class Variant:
    """One version of a disputed fact, with the articles that give it."""

    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Disagreement:
    """Sources give different values for the same slot (a number, a date, a role ...)."""

    topic: str
    kind: str
    variants: tuple[Variant, ...]


@dataclass(frozen=True)
class Evidence:
    """The passage of ``article_id`` (character offsets into its clean text) that supports a summary sentence."""

    article_id: str
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class DayNote:
    """A relative day expression of a summary sentence ("today", "on Thursday") and the day it names.

    ``start`` and ``end`` are offsets into the sentence's text; the day was resolved against the
    publication date of the article the sentence was taken from.
    """

    text: str
    start: int
    end: int
    date: dt.date


@dataclass(frozen=True)
class SummarySentence:
    """A summary sentence, the articles that support it, and the verifier's evidence for each.

    ``dates`` resolves the sentence's relative day expressions, which a summary read out of its article's
    context would otherwise leave ambiguous ("collapsed before dawn today").
    """

    text: str
    sources: tuple[str, ...]
    verified: bool = False
    evidence: tuple[Evidence, ...] = ()
    dates: tuple[DayNote, ...] = ()


@dataclass(frozen=True)
class StoryEvent:
    """A change in a story's history (created, grew, merged, split)."""

    at: str
    kind: str
    detail: str


@dataclass(frozen=True)
class Story:
    """A cluster of articles about one event, with everything derived from them."""

    id: str
    title: str
    articles: tuple[str, ...]
    independent_sources: int = 0
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    summary: tuple[SummarySentence, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    history: tuple[StoryEvent, ...] = ()


@dataclass(frozen=True)
class Skipped:
    """An input that could not be processed, and why."""

    name: str
    reason: str


@dataclass
class RunReport:
    """What one `storyline run` did (mutable: filled in while the run goes)."""

    read: int = 0
    new: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: int = 0
    stories: int = 0
    stories_updated: int = 0
    splits: int = 0
    """Stories found to hold two events and split in two."""
    seconds: float = 0.0
    llm: dict[str, int] = field(default_factory=dict)
    """LLM mode only: sentences generated / verified / replaced / dropped, and stories that fell back (failed)."""
    llm_errors: list[str] = field(default_factory=list)
    """LLM mode only: why a story kept its extractive summary (``story id: error``)."""


# --------------------------------------------------------------------------- (de)serialisation

T = TypeVar("T")


def to_dict(value: Any) -> Any:
    """Convert records (and containers of records) to JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_dict(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_dict(v) for v in value]
    if isinstance(value, dict):
        return {k: to_dict(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        return _convert(options[0], value) if len(options) == 1 else value
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(args[0], v) for v in value)
        return tuple(_convert(a, v) for a, v in zip(args, value, strict=False))
    if origin is list:
        (item_type,) = typing.get_args(tp)
        return [_convert(item_type, v) for v in value]
    if tp is dt.date:
        return dt.date.fromisoformat(value)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return from_dict(tp, value)
    return value


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a record of class ``cls`` from data made by `to_dict`."""
    hints = typing.get_type_hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if f.name in data:
            kwargs[f.name] = _convert(hints[f.name], data[f.name])
    return cls(**kwargs)
