"""Timeline: dated sentences merged across sources, junk and far-away dates dropped (real USE embeddings)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import make_article, split_and_embed
from storyline.config import load_config
from storyline.records import Article, DateMention, SourceInfo
from storyline.sentences import split_text
from storyline.timeline import build_timeline

DATA = Path(__file__).parent / "data" / "story_eskerby.json"
CONFIG = load_config(environ={})
TUESDAY = dt.date(2024, 4, 16)


_article = make_article
_prepare = split_and_embed


def _mention(story, article_id: str, phrase: str, date: dt.date, scheduled: bool = False) -> DateMention:
    text = story.by_id[article_id].text
    start = text.index(phrase)
    (sentence,) = [s for s in story.sentences[article_id] if s.start <= start < s.end]
    return DateMention(article_id, start, start + len(phrase), phrase, date, sentence.index, scheduled)


@pytest.fixture(scope="module")
def story(embed):
    raw = json.loads(DATA.read_text("utf-8"))
    story = _prepare([_article(a["id"], a["text"], a["published"]) for a in raw["articles"]], embed)
    story.mentions = [
        _mention(story, "herald", "on Tuesday", TUESDAY),
        _mention(story, "herald-copy", "on Tuesday", TUESDAY),
        _mention(story, "northern", "on Tuesday", TUESDAY),
        _mention(story, "coast", "on Tuesday", TUESDAY),
        _mention(story, "herald", "on May 2", dt.date(2024, 5, 2), scheduled=True),
        _mention(story, "coast", "on May 2", dt.date(2024, 5, 2), scheduled=True),
        _mention(story, "herald", "in 1962", dt.date(1962, 1, 1)),
        _mention(story, "relief", "on Wednesday.", dt.date(2024, 4, 17)),
        _mention(story, "relief", "Posted March 2", dt.date(2024, 3, 2)),  # page furniture
        _mention(story, "relief", "on Wednesday evening", dt.date(2019, 6, 5)),  # a wrong resolution
    ]
    return story


@pytest.fixture(scope="module")
def events(story):
    return build_timeline(story.articles, story.sentences, story.mentions, story.vectors, config=CONFIG)


@pytest.mark.slow
def test_events_are_ordered_and_junk_is_dropped(events):
    assert [e.date for e in events] == [
        dt.date(1962, 1, 1),
        TUESDAY,
        dt.date(2024, 4, 17),
        dt.date(2024, 5, 2),
    ]
    assert not any("Posted" in e.text for e in events)
    assert all(e.date.year != 2019 for e in events)


@pytest.mark.slow
def test_same_event_is_merged_across_sources(story, events):
    (burst,) = [e for e in events if e.date == TUESDAY]
    assert burst.sources == ("coast", "herald", "herald-copy", "northern")
    members = {story.sentences[m.article_id][m.sentence_index].text for m in story.mentions if m.date == TUESDAY}
    assert burst.text in members
    assert burst.scheduled is False


@pytest.mark.slow
def test_scheduled_event_and_explicit_historical_year(events):
    (inquiry,) = [e for e in events if e.date == dt.date(2024, 5, 2)]
    assert inquiry.scheduled is True
    assert inquiry.sources == ("coast", "herald")
    (built,) = [e for e in events if e.date.year == 1962]
    assert built.sources == ("herald",) and "1962" in built.text


@pytest.mark.slow
def test_event_reported_as_past_by_one_source_is_not_scheduled(story):
    mentions = [
        _mention(story, "herald", "on May 2", dt.date(2024, 5, 2), scheduled=True),
        _mention(story, "coast", "on May 2", dt.date(2024, 5, 2), scheduled=False),
    ]
    (event,) = build_timeline(story.articles, story.sentences, mentions, story.vectors)  # default config
    assert event.scheduled is False and event.sources == ("coast", "herald")


@pytest.mark.slow
def test_different_events_on_one_date_stay_apart_and_long_sentences_are_cut(embed):
    long_text = (
        "The regional council, which had argued for months over the cost of the new sea wall and the harbour "
        "dredging plan, finally approved the budget on Thursday; opposition members walked out before the vote "
        "and promised to challenge the decision in court."
    )
    a = _article("a", long_text)
    b = _article("b", "A cargo ship lost its rudder off Cape Varn on Thursday and was towed to port by two tugs.")
    c = _article("c", "The council approved the sea wall budget on Thursday after months of argument over costs.")
    story = _prepare([a, b, c], embed)
    thursday = dt.date(2024, 4, 11)
    mentions = [
        _mention(story, "a", "on Thursday", thursday),
        _mention(story, "b", "on Thursday", thursday),
        _mention(story, "c", "on Thursday", thursday),
    ]
    events = build_timeline(story.articles, story.sentences, mentions, story.vectors, config=CONFIG)
    assert sorted(e.sources for e in events) == [("a", "c"), ("b",)]
    budget = [e for e in events if e.sources == ("a", "c")][0]
    assert len(budget.text.split()) <= 30 and "Thursday" in budget.text


def test_long_sentence_is_shortened_to_the_clause_with_the_date():
    text = (
        "Opposition members, who had threatened a boycott for weeks and accused the council of hiding the "
        "true cost of the scheme, walked out of the chamber; the council approved the sea wall budget on "
        "Thursday without them."
    )
    a = _article("a", text)
    sentences = {"a": split_text("a", text)}
    start = text.index("on Thursday")
    mention = DateMention("a", start, start + 11, "on Thursday", dt.date(2024, 4, 11), 0)
    (event,) = build_timeline([a], sentences, [mention], {}, config=CONFIG)
    assert event.text == "The council approved the sea wall budget on Thursday without them."


def test_without_publication_dates_the_mentions_anchor_the_story():
    text_a = "Rescuers reached the stranded climbers on Sunday after a two-day search."
    text_b = "The search for the climbers began on Friday when they missed a radio check."
    text_c = "A hut near the summit was first built by shepherds, records show."
    articles = [_article("a", text_a, None), _article("b", text_b, None), _article("c", text_c, None)]
    sentences = {x.id: split_text(x.id, x.text) for x in articles}
    mentions = [
        DateMention("a", text_a.index("on Sunday"), 0, "on Sunday", dt.date(2024, 2, 4), 0),
        DateMention("b", text_b.index("on Friday"), 0, "on Friday", dt.date(2024, 2, 2), 0),
        DateMention("c", 0, 0, "first", dt.date(1890, 1, 1), 0),  # far away, no year written: junk
    ]
    events = build_timeline(articles, sentences, mentions, {}, config=CONFIG)
    assert [(e.date, e.sources) for e in events] == [(dt.date(2024, 2, 2), ("b",)), (dt.date(2024, 2, 4), ("a",))]


@pytest.mark.slow
def test_datelines_and_reporting_dates_are_not_events_and_counts_merge_events(embed):
    a = _article("a", "HALDEN, Norvia, March 6 (Wirepress) - The Tessel dam burst on Tuesday, killing 14 people.")
    b = _article("b", "Officials said on Wednesday that the flood, which hit before dawn on Tuesday, killed 14 people.")
    story = _prepare([a, b], embed)
    tuesday, wednesday = dt.date(2024, 3, 5), dt.date(2024, 3, 6)
    mentions = [
        _mention(story, "a", "March 6", wednesday),  # the dateline: the publication date
        _mention(story, "a", "on Tuesday", tuesday),
        _mention(story, "b", "on Wednesday", wednesday),  # when it was said
        _mention(story, "b", "on Tuesday", tuesday),
    ]
    (event,) = build_timeline(story.articles, story.sentences, mentions, story.vectors, config=CONFIG)
    assert (event.date, event.sources) == (tuesday, ("a", "b"))
    assert event.text == "The Tessel dam burst on Tuesday, killing 14 people."



@pytest.mark.slow
def test_one_days_reports_of_the_same_happening_are_one_entry(embed):
    a = _article("a", "Mayor Ilse Varga will hold a phone call with Governor Tomas Brel on Thursday about the floods.")
    b = _article("b", "Varga and Brel are due to speak on Thursday, a spokesman for the city said.")
    c = _article("c", "Mayor Ilse Varga will hold a phone call with Governor Tomas Brel on Thursday, her office said.")
    d = _article("d", "A cargo ship lost its rudder off Cape Varn on Thursday and was towed to port by two tugs.")
    story = _prepare([a, b, c, d], embed)
    thursday = dt.date(2024, 4, 18)
    mentions = [_mention(story, x, "on Thursday", thursday, scheduled=True) for x in ("a", "b", "c", "d")]
    events = build_timeline(story.articles, story.sentences, mentions, story.vectors, config=CONFIG)
    assert sorted(e.sources for e in events) == [("a", "b", "c"), ("d",)]


def test_names_of_a_sentence():
    from storyline.timeline import _names

    assert {"putin", "biden", "kremlin"} <= _names("The Kremlin said Putin would speak with Biden on Thursday.")
    assert "us" in _names("Officials of the US and Russia will meet.")
    assert "thursday" not in _names("Officials of Lorne will meet on Thursday.")


def test_a_cut_clause_without_its_subject_keeps_the_sentence():
    text = (
        "The mayor plans to present the harbour budget to the regional council on Monday, the official said, "
        "and will also discuss the sea wall and the dredging meetings slated for Tuesday and for the week after."
    )
    a = _article("a", text)
    sentences = {"a": split_text("a", text)}
    start = text.index("for Tuesday")
    mention = DateMention("a", start + 4, start + 11, "Tuesday", dt.date(2024, 4, 23), 0)
    (event,) = build_timeline([a], sentences, [mention], {}, config=CONFIG)
    assert not event.text.lower().startswith("will")


def test_a_cut_clause_without_its_subject_takes_the_named_subject_in_brackets():
    text = (
        "Mayor Ilse Varga plans to present the harbour budget to the regional council on Monday, the official "
        "said, and will also discuss the sea wall and the dredging meetings slated for Tuesday and for the week "
        "after."
    )
    a = _article("a", text)
    sentences = {"a": split_text("a", text)}
    start = text.index("for Tuesday")
    mention = DateMention("a", start + 4, start + 11, "Tuesday", dt.date(2024, 4, 23), 0)
    (event,) = build_timeline([a], sentences, [mention], {}, config=CONFIG)
    assert event.text == (
        "[Mayor Ilse Varga] will also discuss the sea wall and the dredging meetings slated for Tuesday and for "
        "the week after."
    )


@pytest.mark.slow
def test_an_entry_is_told_in_a_sentence_that_does_not_speak_for_one_outlet(embed):
    a = _article("a", "Mayor Ilse Varga will hold a phone call with Governor Tomas Brel on Thursday, "
                      "our Harbour City correspondent reports.")
    b = _article("b", "Mayor Ilse Varga will hold a phone call with Governor Tomas Brel on Thursday.")
    story = _prepare([a, b], embed)
    mentions = [_mention(story, x, "on Thursday", dt.date(2024, 4, 18), scheduled=True) for x in ("a", "b")]
    (event,) = build_timeline(story.articles, story.sentences, mentions, story.vectors, config=CONFIG)
    assert event.sources == ("a", "b")
    assert "correspondent" not in event.text


def test_a_sentence_naming_two_dates_is_not_repeated_when_another_source_tells_the_later_one(embed):
    a = _article(
        "a",
        "The mayor of Eskerby will meet the dam engineers on May 2, her office said, and will also open the "
        "rebuilt Tessel bridge to traffic on May 6 after three weeks of repairs on its western pier.",
    )
    b = _article("b", 'The Eskerby council said the bridge "will at last open to traffic on May 6, we promise".')
    p = _prepare([a, b], embed)
    p.by_id = {x.id: x for x in (a, b)}
    mentions = [
        _mention(p, "a", "May 2", dt.date(2024, 5, 2), scheduled=True),
        _mention(p, "a", "May 6", dt.date(2024, 5, 6), scheduled=True),
        _mention(p, "b", "May 6", dt.date(2024, 5, 6), scheduled=True),
    ]
    events = build_timeline(p.articles, p.sentences, mentions, p.vectors, config=CONFIG)
    texts = {e.date: e.text for e in events}
    assert texts[dt.date(2024, 5, 6)].startswith("The Eskerby council said")
    assert {e.date: e.sources for e in events}[dt.date(2024, 5, 6)] == ("a", "b")


def test_a_translated_sentence_joins_the_entry_it_translates(embed):
    a = _article(
        "a",
        "The government has declared Friday a day of national mourning for the victims of the Tessel dam collapse, "
        "the cabinet office said after an emergency session in Lorne.",
    )
    b = _article(
        "b", "Flags across the region will fly at half-mast on Friday, which the government has declared a day of "
        "national mourning."
    )
    c = Article(
        id="c",
        source=SourceInfo(path="c.txt", format="txt"),
        title="c",
        text="Die Regierung hat den Freitag zum nationalen Trauertag erklärt.",
        published=dt.date(2024, 4, 17),
        language="de",
    )
    p = _prepare([a, c, b], embed)
    p.by_id = {x.id: x for x in (a, b, c)}
    friday = dt.date(2024, 4, 19)
    mentions = [
        _mention(p, "a", "Friday", friday, scheduled=True),
        _mention(p, "c", "Freitag", friday, scheduled=True),
        _mention(p, "b", "Friday", friday, scheduled=True),
    ]
    events = build_timeline(p.articles, p.sentences, mentions, p.vectors, config=CONFIG)
    assert [(e.date, e.sources) for e in events] == [(friday, ("a", "b", "c"))]
