"""Citation verification: fact normalisation and (sentence, article) checks with real USE embeddings."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import split_and_embed
from storyline.config import load_config
from storyline.records import Article, SourceInfo, SummarySentence
from storyline.sentences import split_text
from storyline.verify import (
    check_citation,
    extract_dates,
    extract_names,
    extract_numbers,
    missing_facts,
    numbers_compatible,
    verify_sentences,
    verify_summary,
)

DATA = Path(__file__).parent / "data" / "story_eskerby.json"


@pytest.fixture(scope="module")
def story(embed):
    raw = json.loads(DATA.read_text("utf-8"))
    articles = [
        Article(
            id=a["id"],
            source=SourceInfo(path=f"{a['id']}.txt", format="txt"),
            title=a["title"],
            text=a["text"],
            published=dt.date.fromisoformat(a["published"]),
            language="en",
            site=a["site"],
        )
        for a in raw["articles"]
    ]
    story = split_and_embed(articles, embed)
    story.config = load_config(environ={})
    return story


# --------------------------------------------------------------------------- facts


def _number(text: str, language: str = "en"):
    (found,) = extract_numbers(text, language)
    return found


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "noun"),
    [
        ("More than 100,000 people fled.", 100_000, "min", "people"),
        ("An estimated 100000 residents fled.", 100_000, "approx", "resident"),
        ("They sent 1.5 million doses.", 1_500_000, "", "dose"),
        ("Donors gave $5m on Monday.", 5_000_000, "", "money"),
        ("Twelve people died.", 12, "", "people"),
        ("Prices rose 3.5 per cent in March.", 3.5, "", "%"),
        ("up to 3,500 soldiers", 3_500, "max", "soldier"),
        ("2,000 more soldiers arrived", 2_000, "", "soldier"),
    ],
)
def test_numbers_are_normalised(text, value, qualifier, noun):
    found = _number(text)
    assert found.value == pytest.approx(value)
    assert (found.qualifier, found.noun) == (qualifier, noun)


@pytest.mark.parametrize(
    ("text", "nouns"),
    [
        ("Mara Velde has died at age 91 of heart failure.", ["age"]),
        ("She died on Monday at the age of 91 after a fall.", ["age"]),
        ("Anton Brel, a 44-year-old ferry pilot, was charged.", ["age"]),
        ("Anton Brel, 44, was charged on Friday.", ["age"]),
        ("Shots are open to children ages 5 to 11 in Lorne.", ["age", "age"]),
        ("Boosters go to people 65 and older first.", ["age"]),
        ("Claims rose to 412,000 last week.", [""]),
        ("On May 3, 12 people were hurt.", ["people"]),
    ],
)
def test_ages_are_counted_as_ages_and_time_phrases_are_not_nouns(text, nouns):
    assert [m.noun for m in extract_numbers(text)] == nouns


def test_decimal_comma_languages_parse_their_numbers():
    assert _number("Es flohen 100.000 Menschen.", "de").value == 100_000
    assert _number("Die Preise stiegen um 3,5 Prozent.", "de").value == pytest.approx(3.5)
    assert _number("Prices rose 3.5 percent.", "en").value == pytest.approx(3.5)


def test_dates_and_times_are_not_counted_as_numbers():
    numbers = extract_numbers("The inquiry opens on May 2, 2024 at 3:30 pm with 40 witnesses.")
    assert [(n.value, n.is_year) for n in numbers] == [(2024, True), (40, False)]


def test_hedges_and_rounding_are_compatible_but_real_differences_are_not():
    more_than = _number("more than 100,000 people")
    estimated = _number("an estimated 100,000 people")
    plain = _number("100,000 people")
    precise = _number("98,500 people")
    assert numbers_compatible(more_than, estimated)
    assert numbers_compatible(estimated, plain)
    assert numbers_compatible(plain, precise)
    assert not numbers_compatible(_number("2,000 soldiers"), _number("3,500 soldiers"))
    assert not numbers_compatible(_number("100,000 people"), _number("120,000 people"))
    assert not numbers_compatible(_number("12 people"), _number("14 people"))


def test_names_skip_sentence_initial_common_words_and_titles():
    assert [n.text for n in extract_names("Officials said Mayor Ilse Karsten stayed in Eskerby.")] == [
        "Ilse Karsten",
        "Eskerby",
    ]
    assert [n.text for n in extract_names("Lena Varga spoke for the National Security Council.")] == [
        "Lena Varga",
        "National Security Council",
    ]


def test_a_middle_initial_stays_inside_the_name_and_is_optional_in_a_source():
    assert [n.tokens for n in extract_names("Harbour chief Anton J. Brel met the mayor of Eskerby.")] == [
        ("Anton", "J", "Brel"),
        ("Eskerby",),
    ]
    # a source without the initial still carries the name; one without the surname does not
    assert missing_facts("Anton J. Brel met the mayor of Eskerby.", "Anton Brel met the Eskerby mayor.") == []
    assert missing_facts("Anton J. Brel met the mayor of Eskerby.", "Anton Vale met the Eskerby mayor.") == [
        "Anton J. Brel"
    ]


def test_weekdays_dates_and_clock_times():
    facts = extract_dates("The dam burst on Tuesday at 3:30 pm; the inquiry opens on 2 May.")
    assert [w for w, _ in facts.weekdays] == [1]
    assert [(m, d) for m, d, _ in facts.month_days] == [(5, 2)]
    assert [t.minutes for t in facts.times] == [15 * 60 + 30]


def test_missing_facts_allows_normalisation_and_transliteration():
    claim = "Lena Varga, the NSC spokeswoman, said Zelensky's 100,000 troops arrived on Tuesday, March 3 at 3:30 pm."
    passage = (
        "Varga, a spokesperson for the National Security Council, said Zelenskiy had 100000 troops "
        "there on Tue., 3 Mar. at 3.30 p.m."
    )
    assert missing_facts(claim, passage, context="Lena Varga works there.") == []


def test_missing_facts_reports_wrong_number_name_and_day():
    passage = "More than 100,000 people were evacuated from the Marrow Valley after the dam burst on Tuesday."
    assert missing_facts("Officials said 150,000 people were evacuated from the Marrow Valley.", passage) == [
        "150,000"
    ]
    assert missing_facts("Some 100,000 people were evacuated from the Ostry Valley.", passage) == ["Ostry Valley"]
    assert missing_facts("100,000 people were evacuated after the dam burst on Monday.", passage) == ["Monday"]


def test_a_day_written_two_ways_is_one_fact_when_the_publication_dates_are_known():
    claim = "The dam on the Marrow burst on March 3, officials said."
    passage = "The dam on the Marrow burst on Tuesday, officials said."
    # Tuesday seen from Thursday 5 March 2026 is 3 March; seen from 12 March it is 10 March
    assert missing_facts(claim, passage, passage_date=dt.date(2026, 3, 5)) == []
    assert missing_facts(claim, passage, passage_date=dt.date(2026, 3, 12)) == ["March 3"]
    assert missing_facts(claim, passage) == ["March 3"]  # no date to resolve against: the surface must match
    back = "The dam on the Marrow burst on March 3, officials said."
    assert missing_facts(passage, back, claim_date=dt.date(2026, 3, 4), passage_date=dt.date(2026, 3, 6)) == []
    assert missing_facts(passage, back, claim_date=dt.date(2026, 3, 11), passage_date=dt.date(2026, 3, 6)) == [
        "Tuesday"
    ]


def test_names_from_context_never_accepts_a_rival_name():
    context = "The blast hit Kyiv last week. Later there was another blast."
    assert missing_facts("The blast in Kyiv killed four people.", "The blast in Lviv killed four people.",
                         context=context, names_from_context=True) == ["Kyiv"]  # fmt: skip
    assert missing_facts("The blast in Kyiv killed four people.", "The blast killed four people.",
                         context=context, names_from_context=True) == []  # fmt: skip


# --------------------------------------------------------------------------- verification


@pytest.mark.slow
def test_citation_to_article_without_the_fact_is_removed(story, embed):
    sentence = SummarySentence(
        "The government deployed 2,000 soldiers to help with the rescue.",
        sources=("herald", "herald-copy", "northern", "relief"),
    )
    (verified,) = verify_summary([sentence], story.articles, story.sentences, story.vectors, embed, story.config)
    # northern says 3,500 soldiers; relief never mentions soldiers
    assert verified.sources == ("herald", "herald-copy")
    assert verified.verified is True
    for evidence in verified.evidence:
        passage = story.by_id[evidence.article_id].text[evidence.start : evidence.end]
        assert "2,000 soldiers" in passage
        assert evidence.score == 1.0  # the exact sentence is in both articles


@pytest.mark.slow
def test_sentence_with_a_wrong_number_is_dropped(story, embed):
    wrong = SummarySentence(
        "The government deployed 5,000 soldiers to help with the rescue.", sources=("herald", "northern")
    )
    right = SummarySentence("Twelve people died in the flood, the regional health office said.", sources=("northern",))
    result = verify_summary([wrong, right], story.articles, story.sentences, story.vectors, embed, story.config)
    assert [s.text for s in result] == [right.text]
    assert verify_sentences([wrong], story.articles, story.sentences, story.vectors, embed, story.config) == [None]


@pytest.mark.slow
def test_paraphrases_and_hedged_numbers_are_verified_in_every_source(story, embed):
    sentence = SummarySentence(
        "An estimated 100,000 residents fled their homes in the Marrow Valley when the Eskerby dam gave way "
        "on Tuesday.",
        sources=("coast", "herald", "northern", "relief"),
    )
    (verified,) = verify_summary([sentence], story.articles, story.sentences, story.vectors, embed, story.config)
    assert verified.sources == ("coast", "herald", "northern")
    for evidence in verified.evidence:
        article = story.by_id[evidence.article_id]
        assert 0 <= evidence.start < evidence.end <= len(article.text)
        assert "100,000" in article.text[evidence.start : evidence.end]
        assert evidence.score >= story.config.verify.min_similarity


@pytest.mark.slow
def test_a_sentence_fusing_two_adjacent_sentences_is_backed_by_a_window(story, embed):
    fused = "The flood killed at least 12 people, and the government deployed 2,000 soldiers to help with the rescue."
    herald = story.by_id["herald"]
    evidence = check_citation(fused, herald, story.sentences, story.vectors, embed, story.config)
    assert evidence is not None
    first, second = story.sentences["herald"][1], story.sentences["herald"][2]
    assert (evidence.start, evidence.end) == (first.start, second.end)


@pytest.mark.slow
def test_check_citation_names_and_surname_only_mentions(story, embed):
    coast = story.by_id["coast"]
    claim = "Mayor Ilse Karsten said the town's water supply had been cut off."
    found = check_citation(claim, coast, story.sentences, story.vectors, embed, story.config)
    assert found is not None and "Karsten" in coast.text[found.start : found.end]
    wrong = "Mayor Tomas Briel said the town's water supply had been cut off."
    assert check_citation(wrong, coast, story.sentences, story.vectors, embed, story.config) is None
    relief = story.by_id["relief"]
    assert check_citation(claim, relief, story.sentences, story.vectors, embed, story.config) is None


@pytest.mark.slow
def test_unknown_cited_article_and_empty_summary(story, embed):
    sentence = SummarySentence("Twelve people died in the flood, the regional health office said.", ("ghost",))
    assert verify_summary([sentence], story.articles, story.sentences, story.vectors, embed, story.config) == []
    assert verify_summary([], story.articles, story.sentences, story.vectors, embed, story.config) == []


# --------------------------------------------------------------------------- properties

_PIECES = st.sampled_from(
    ["the", "Dam", "Varga", "NSC", "said", "on", "Tuesday", "May", "2", "3:30", "pm", "more", "than", "100,000",
     "1.5", "million", "$", "5m", "%", "twenty-one", "a", "thousand", "Mar.", "of", "Ilse", "Karsten's", ",", ".",
     "“", "”", "\n\n", "(", ")", "2019", "98,500", "per", "cent", "noon", "O'Neill", "Zürich", "-", "7"]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=25).map(" ".join))
@settings(max_examples=200, deadline=None)
def test_a_text_supports_all_its_own_facts(text):
    assert missing_facts(text, text, context=text) == []


@given(st.integers(min_value=0, max_value=10**12))
def test_grouped_integers_round_trip(n):
    (found,) = extract_numbers(f"They counted {n:,} ballots.")
    assert found.value == n


@pytest.mark.slow
def test_same_people_but_a_different_statement_is_not_support(embed):
    text = (
        "Piet Oram, a lawyer for Ilse Karsten, did not respond to a request for comment. "
        "The council voted to revoke the water permit of the Eskerby mill."
    )
    article = Article(id="x", source=SourceInfo(path="x.txt", format="txt"), title="x", text=text, language="en")
    sentences = {"x": split_text("x", text)}
    config = load_config(environ={})
    claim = "Karsten's lawyer, Piet Oram, argued that the council had no legal grounds to revoke the permit."
    assert check_citation(claim, article, sentences, {}, embed, config) is None
    paraphrase = "The council voted to revoke the Eskerby mill's water permit."
    found = check_citation(paraphrase, article, sentences, {}, embed, config)
    assert found is not None and text[found.start : found.end].startswith("The council voted")


def test_an_undated_source_reads_its_weekday_against_the_story_date(embed):
    def article(aid: str, text: str, published: dt.date | None) -> Article:
        return Article(id=aid, source=SourceInfo(path=f"{aid}.txt", format="txt"), title=aid, text=text,
                       published=published, language="en")  # fmt: skip

    day = dt.date(2026, 3, 5)  # a Thursday
    articles = [
        article("dated", "The dam on the Marrow burst on March 3, flooding two villages downstream.", day),
        article("undated", "The dam on the Marrow burst on Tuesday, flooding two villages downstream.", None),
        article("other", "Rescue teams reached the flooded villages below the Marrow dam.", day),
    ]
    sentences = {a.id: split_text(a.id, a.text) for a in articles}
    flat = [s for a in articles for s in sentences[a.id]]
    matrix = embed([s.text for s in flat])
    vectors = {(s.article_id, s.index): matrix[i] for i, s in enumerate(flat)}
    claim = SummarySentence("The dam on the Marrow burst on March 3, flooding two villages downstream.",
                            sources=("dated", "undated"))  # fmt: skip
    (checked,) = verify_summary([claim], articles, sentences, vectors, embed, load_config(environ={}))
    assert checked.sources == ("dated", "undated")
    alone = [a for a in articles if a.id != "other" and a.id != "dated"]  # no dated article: no story date
    assert verify_summary([replace(claim, sources=("undated",))], alone, sentences, vectors, embed,
                          load_config(environ={})) == []  # fmt: skip


def test_a_dotted_acronym_is_one_name_written_with_or_without_dots():
    from storyline.verify import extract_names, missing_facts

    assert [n.tokens for n in extract_names("U.S. Mayor Lena Varga met the U.N. envoy.")] == [
        ("US",), ("Lena", "Varga"), ("UN",)
    ]
    claim = "U.S. engineers inspected the Eskerby bridge on Monday."
    assert missing_facts(claim, "On Monday US engineers inspected the bridge at Eskerby.") == []
    assert missing_facts(claim, "On Monday engineers from the United States inspected the Eskerby bridge.") == []
    assert missing_facts(claim, "On Monday U.K. engineers inspected the Eskerby bridge.") == ["U.S."]


def test_a_countrys_adjective_is_supported_by_its_name():
    from storyline.verify import missing_facts

    claim = "Varga met the Ukrainian and Russian envoys in Eskerby."
    assert missing_facts(claim, "In Eskerby, Varga met envoys of Ukraine and of Russia.") == []
    (missing,) = missing_facts(claim, "In Eskerby, Varga met envoys of Ukraine and of Belarus.")
    assert "Russian" in missing
