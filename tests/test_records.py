from __future__ import annotations

import datetime as dt
import json

from hypothesis import given
from hypothesis import strategies as st

from storyline.records import (
    Article,
    Disagreement,
    Evidence,
    Quote,
    Removal,
    SourceInfo,
    Story,
    SummarySentence,
    TimelineEvent,
    Variant,
    from_dict,
    to_dict,
)

texts = st.text(min_size=0, max_size=40)
ids = st.text(alphabet="abcdef0123456789_-", min_size=1, max_size=12)
dates = st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)))


@given(ids, texts, texts, dates, st.lists(st.tuples(texts, texts), max_size=3))
def test_article_round_trips_through_json(aid, title, text, published, removed):
    art = Article(
        id=aid,
        source=SourceInfo("a/b.txt", "txt", url=None, record="3"),
        title=title,
        text=text,
        published=published,
        removed=tuple(Removal(t, r) for t, r in removed),
    )
    data = json.loads(json.dumps(to_dict(art)))
    assert from_dict(Article, data) == art


@given(ids, st.lists(ids, min_size=1, max_size=4), dates)
def test_story_round_trips(sid, arts, day):
    story = Story(
        id=sid,
        title="t",
        articles=tuple(arts),
        first_date=day,
        summary=(SummarySentence("s", tuple(arts), True, (Evidence(arts[0], 0, 5, 0.9),)),),
        timeline=(TimelineEvent(day or dt.date(2020, 1, 1), "e", tuple(arts), scheduled=True),),
        quotes=(Quote("q", None, tuple(arts), ((arts[0], 1, 2),)),),
        disagreements=(Disagreement("n", "number", (Variant("1", (arts[0],)), Variant("2", tuple(arts[1:])))),),
    )
    assert from_dict(Story, json.loads(json.dumps(to_dict(story)))) == story
