from __future__ import annotations

import datetime as dt

import pytest

from storyline.dates import find_dates, story_date
from storyline.records import Article, Sentence, SourceInfo


def _article(text: str, published: dt.date | None, aid: str = "a") -> tuple[Article, list[Sentence]]:
    art = Article(id=aid, source=SourceInfo("a.txt", "txt"), title="t", text=text, published=published)
    sents, pos = [], 0
    for i, part in enumerate(text.split("\n")):
        start = text.index(part, pos)
        sents.append(Sentence(aid, i, part, start, start + len(part)))
        pos = start + len(part)
    return art, sents


WED = dt.date(2031, 12, 24)  # a Wednesday
THU = dt.date(2031, 12, 25)


@pytest.mark.parametrize(
    "sentence, published, expected, scheduled",
    [
        ("The mayor will meet the strikers on Thursday.", WED, "2031-12-25", True),
        ("The minister on Tuesday spoke with the union.", WED, "2031-12-23", False),
        ("Talks are scheduled to resume on Jan. 10.", WED, "2032-01-10", True),
        ("The hearing was held on Dec. 2.", WED, "2031-12-02", False),
        ("Officials said on Monday that the plant would reopen.", WED, "2031-12-22", False),
        ("The vote, set for Friday, will decide the budget.", WED, "2031-12-26", True),
        ("The council met last Wednesday.", WED, "2031-12-17", False),
        ("The council meets next Wednesday.", WED, "2031-12-31", True),
        ("Rescuers worked through the night and into today.", THU, "2031-12-25", False),
        ("The storm hit yesterday.", THU, "2031-12-24", False),
        ("The governor will visit tomorrow.", THU, "2031-12-26", True),
        ("On December 26, 2030, the dam was inspected.", THU, "2030-12-26", False),
        ("Die Gespräche beginnen am 10. Januar.", WED, "2032-01-10", True),
        ("The report is dated 2031-11-30.", WED, "2031-11-30", False),
    ],
)
def test_resolution(sentence, published, expected, scheduled):
    art, sents = _article(sentence, published)
    found = find_dates(art, sents)
    assert [m.date.isoformat() for m in found] == [expected]
    assert found[0].scheduled is scheduled
    assert art.text[found[0].start : found[0].end] == found[0].text


def test_no_dates_from_numbers_times_or_lowercase_words():
    art, sents = _article("About 100,000 troops at 3:30 pm; you may 5 times try. It was 12.5 percent.", WED)
    assert find_dates(art, sents) == []


def test_undated_article_uses_fallback_and_vague_periods_are_optional():
    art, sents = _article("The flood came on Monday.\nEarlier this month the levee was raised.", None)
    assert find_dates(art, sents) == []  # no reference date: nothing relative can resolve
    found = find_dates(art, sents, fallback_date=WED)
    assert [m.date for m in found] == [dt.date(2031, 12, 22)]
    vague = find_dates(art, sents, fallback_date=WED, include_vague=True)
    assert dt.date(2031, 12, 1) in [m.date for m in vague]


def test_day_ranges_after_a_month():
    art, sents = _article("Meetings are slated for January 12 and 13 in Vienna.", WED)
    assert [m.date.isoformat() for m in find_dates(art, sents)] == ["2032-01-12", "2032-01-13"]


def test_story_date_is_the_mode_latest_on_ties():
    arts = [_article("x", d, str(i))[0] for i, d in enumerate([WED, THU, THU, None])]
    assert story_date(arts) == THU
    assert story_date([_article("x", WED, "1")[0], _article("x", THU, "2")[0]]) == THU
    assert story_date([_article("x", None)[0]]) is None


def test_seed_relative_dates(seeds_dir):
    from storyline import clean, ingest, sentences
    from storyline.config import load_config

    cfg = load_config(environ={})
    arts = [a for a in clean.clean_batch(list(ingest.iter_inputs([str(seeds_dir)], cfg)), cfg)]
    day = story_date(arts)
    found = {a.id: {(m.text, m.date.isoformat()) for m in find_dates(a, sentences.split_sentences(a),
                                                                     fallback_date=day)} for a in arts}
    first = found["000_2a97ce4ee3f3bb17"]
    assert {("Wednesday", "2021-12-29"), ("Jan. 10", "2022-01-10"), ("Jan. 12", "2022-01-12"),
            ("Jan. 13", "2022-01-13")} <= first
    assert ("Thursday", "2021-12-30") in found["002_96c71909285adf2a"]
    assert ("Wednesday", "2021-12-29") in found["002_96c71909285adf2a"]
    assert ("December 26", "2021-12-26") in found["004_ca79d564082da01a"]
