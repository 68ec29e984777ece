"""Extractive summary: support from all articles, neutrality, budget and order, with real USE embeddings."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from conftest import make_article, split_and_embed
from storyline.config import load_config
from storyline.consolidate import consolidate
from storyline.records import Article, SourceInfo
from storyline.summarize import (
    _penalty,
    broken_speech_join,
    cite_sentence_in_documents,
    eligible,
    inside_quotation,
    is_boilerplate,
    opinion_cues,
    quote_fraction,
    quoted_starts,
    self_attribution,
    starts_with_antecedent,
    summarize,
    summarize_documents,
    unbalanced_quotes,
)
from storyline.verify import verify_summary

DATA = Path(__file__).parent / "data" / "story_eskerby.json"
CONFIG = load_config(environ={})


_article = make_article


def _prepare(articles, embed):
    story = split_and_embed(articles, embed)
    story.claims = consolidate(story.articles, story.sentences, story.vectors, CONFIG)
    return story


@pytest.fixture(scope="module")
def story(embed):
    raw = json.loads(DATA.read_text("utf-8"))
    prepared = _prepare([_article(a["id"], a["text"], a["published"]) for a in raw["articles"]], embed)
    prepared.copies = raw["copies"]
    prepared.raw = raw
    return prepared


@pytest.fixture(scope="module")
def proposed(story):
    return summarize(story.articles, story.sentences, story.vectors, story.claims, CONFIG, copies=story.copies)


@pytest.fixture(scope="module")
def summary(story, proposed, embed):
    return verify_summary(proposed, story.articles, story.sentences, story.vectors, embed, CONFIG)


# --------------------------------------------------------------------------- sentence cues


def test_sentence_cues():
    assert starts_with_antecedent("He added that repairs would take months.")
    assert starts_with_antecedent("“They said so,” she wrote.")
    assert starts_with_antecedent("However, the dam held.")
    assert not starts_with_antecedent("Helena Brandt said the dam held.")
    assert not starts_with_antecedent("Thessaly was flooded.")
    assert is_boilerplate("Sign up for our newsletter to get the latest updates.")
    assert is_boilerplate("Posted March 2")
    assert not is_boilerplate("Donor countries pledged $5 million in emergency aid.")
    # a bare link of an embedded post (no http://, no www.)
    assert is_boilerplate("The ferry runs again from Monday, the council wrote. pic.example.com/Xa12bC")
    assert is_boilerplate("Read the council's full statement at eskerby.gov/ferry-update today.")
    assert not is_boilerplate("The U.S./EU task force met 1.5/2 times a week, the minister said.")
    assert opinion_cues("The shocking, disgraceful collapse exposed incompetent officials.") == 3
    assert quote_fraction('"We will rebuild every single house in this valley," she said.') > 0.6
    assert not eligible("Could the disaster have been prevented by anyone at all?", 6, 55)
    assert not eligible("Flood latest", 1, 55)  # a heading
    assert eligible("The government deployed 2,000 soldiers to help with the rescue.", 6, 55)


def test_broken_reported_speech_and_outlet_self_attribution():
    broken = "Mayor Ilse Varga said The two crews worked through the night to clear the road."
    assert broken_speech_join(broken) and not eligible(broken, 6, 55)
    assert broken_speech_join("The ministry told reporters It would reopen the bridge on Friday.")
    assert not broken_speech_join("Mayor Ilse Varga said the two crews worked through the night.")
    assert not broken_speech_join("The report was published by the ministry, said The Eskerby Courier.")
    assert self_attribution("The dam at Eskerby gave way on Tuesday night, our Marrow Valley correspondent reports.")
    assert self_attribution("Crews reached the village at dawn, the Courier's reporter said.")
    assert not self_attribution("The dam at Eskerby gave way on Tuesday night, the regional governor said.")
    assert starts_with_antecedent("The two leaders spoke by phone last month.")
    assert starts_with_antecedent("The official spoke to reporters in Eskerby.")
    assert starts_with_antecedent("In return, they promised to rebuild the bridge by May.")
    assert not starts_with_antecedent("On Monday, Mayor Ilse Varga promised to rebuild the bridge by May.")
    assert not starts_with_antecedent("The dam gave way on Tuesday.")
    assert is_boilerplate("The official spoke on condition of anonymity.")
    assert not is_boilerplate("Two engineers, speaking on condition of anonymity, said the dam had cracked in March "
                              "and that the regional authority knew about the cracks.")


# --------------------------------------------------------------------------- summary


@pytest.mark.slow
def test_every_sentence_cites_all_articles_of_its_claim(story, proposed):
    assert proposed
    for item in proposed:
        assert list(item.sources) == sorted(set(item.sources))
        for claim in story.claims:
            member_texts = {story.sentences[a][i].text for a, i in claim.sentences}
            if item.text in member_texts:
                assert set(claim.sources) <= set(item.sources), (item.text, claim.sources)


@pytest.mark.slow
def test_lead_fact_comes_first_with_all_its_sources(summary):
    first = summary[0]
    assert "100,000" in first.text
    assert first.sources == ("coast", "herald", "herald-copy", "northern")


@pytest.mark.slow
def test_copies_still_cite(summary):
    varga = [s for s in summary if "National Security Council" in s.text]
    assert varga and "herald-copy" in varga[0].sources
    assert "northern" not in varga[0].sources  # northern names another organisation


@pytest.mark.slow
def test_junk_questions_antecedents_and_opinion_are_never_chosen(story):
    big = summarize(
        story.articles, story.sentences, story.vectors, story.claims, CONFIG.with_overrides(
            {"summarize.max_sentences": 30}
        ), copies=story.copies, max_words=1000,
    )  # fmt: skip
    texts = [s.text for s in big]
    assert len(texts) >= 8
    assert not any(t.startswith(("Sign up", "Could", "Posted")) for t in texts)
    # a sentence leaning on the one before it comes only right after it, and only once nothing else fits
    for i, t in enumerate(texts):
        if t.startswith("They said"):
            assert i > 0 and texts[i - 1] == "Engineers warned of cracks in the dam wall last year."
    short = summarize(story.articles, story.sentences, story.vectors, story.claims, CONFIG, copies=story.copies)
    assert not any(starts_with_antecedent(s.text) for s in short)
    assert not any("shocking" in t for t in texts)
    assert len(texts) == len(set(texts))


@pytest.mark.slow
def test_word_and_sentence_budgets(story):
    small = summarize(story.articles, story.sentences, story.vectors, story.claims, CONFIG, max_words=30)
    assert 1 <= len(small) and sum(len(s.text.split()) for s in small) <= 30
    default = summarize(story.articles, story.sentences, story.vectors, story.claims, CONFIG)
    assert sum(len(s.text.split()) for s in default) <= CONFIG.summarize.max_words
    assert len(default) <= CONFIG.summarize.max_sentences
    assert summarize(story.articles, story.sentences, story.vectors, story.claims, CONFIG, max_words=3) == []


@pytest.mark.slow
def test_copies_do_not_count_as_independent_support(embed):
    ferry = "The Corran ferry ran aground near Pell Island on Sunday with 240 passengers aboard."
    rescue_a = "Coastguard crews used six lifeboats to carry stranded travellers to the harbour at Kestle."
    rescue_b = "Six coastguard lifeboats carried the stranded travellers to Kestle harbour, the coastguard said."
    articles = [
        _article("x", ferry + " The operator apologised to everyone on board."),
        _article("x2", ferry + " The operator apologised to everyone on board."),
        _article("x3", ferry + " The operator apologised to everyone on board."),
        _article("y", rescue_a + " Passengers were given blankets and hot drinks."),
        _article("z", rescue_b + " A spokesman praised the volunteer crews."),
    ]
    prepared = _prepare(articles, embed)
    config = CONFIG.with_overrides({"summarize.max_sentences": 1})
    args = (prepared.articles, prepared.sentences, prepared.vectors, prepared.claims, config)
    checked = (prepared.articles, prepared.sentences, prepared.vectors, embed, CONFIG)
    without = verify_summary(summarize(*args), *checked)
    with_copies = verify_summary(summarize(*args, copies={"x2": "x", "x3": "x2"}), *checked)  # x3 copies a copy
    assert without[0].text == ferry and without[0].sources == ("x", "x2", "x3")
    assert with_copies[0].text in (rescue_a, rescue_b) and with_copies[0].sources == ("y", "z")


@pytest.mark.slow
def test_summarize_documents_runs_the_whole_chain(story, embed):
    docs = [(a["id"], a["text"]) for a in story.raw["articles"]]
    result = summarize_documents(docs, embed, CONFIG, max_words=80)
    assert result and sum(len(s.text.split()) for s in result) <= 80
    texts = dict(docs)
    for item in result:
        assert item.verified
        assert [e.article_id for e in item.evidence] == list(item.sources)
        for evidence in item.evidence:
            assert 0 <= evidence.start < evidence.end <= len(texts[evidence.article_id])
    with pytest.raises(ValueError):
        summarize_documents([("a", "x"), ("a", "y")], embed, CONFIG)


@pytest.mark.slow
def test_one_language_per_summary_but_translations_cite(embed):
    signing = "Atletico Varossa signed striker Dario Keszel from Tarnsk United for 18 million euros."
    fans = "Around 4,000 fans watched Keszel train for the first time at the Mirador stadium."
    english = [
        _article("en1", f"{signing} The striker scored 19 league goals for Tarnsk United this season."),
        _article("en2", f"{fans} The club said the transfer was the biggest in its history."),
    ]
    spanish = Article(
        id="es1",
        source=SourceInfo(path="es1.txt", format="txt"),
        title="es1",
        text="El Atlético Varossa fichó al delantero Dario Keszel del Tarnsk United por 18 millones de euros. "
        "Unos 4.000 aficionados vieron al delantero entrenar por primera vez en el estadio Mirador.",
        published=dt.date(2024, 4, 17),
        language="es",
    )
    prepared = _prepare([*english, spanish], embed)
    config = CONFIG.with_overrides({"summarize.max_sentences": 10})
    summary = summarize(prepared.articles, prepared.sentences, prepared.vectors, prepared.claims, config, max_words=500)
    texts = [s.text for s in summary]
    assert signing in texts and fans in texts
    assert not any("Atlético" in t or "aficionados" in t for t in texts)
    (cited,) = [s for s in summary if s.text == signing]
    assert {"en1", "es1"} <= set(cited.sources)  # the Spanish article says the same thing
    verified = verify_summary([cited], prepared.articles, prepared.sentences, prepared.vectors, embed, CONFIG)
    assert verified[0].sources == ("en1", "es1")
    spanish_summary = summarize(
        prepared.articles, prepared.sentences, prepared.vectors, prepared.claims,
        config.with_overrides({"summarize.language": "es"}), max_words=500,
    )  # fmt: skip
    assert spanish_summary and all(s.text in spanish.text for s in spanish_summary)
    assert "en1" in spanish_summary[0].sources


@pytest.mark.slow
def test_sentence_budget_grows_with_a_longer_word_budget(story):
    args = (story.articles, story.sentences, story.vectors, story.claims, CONFIG)
    base = int(CONFIG.summarize.max_sentences)
    long = summarize(*args, max_words=int(CONFIG.summarize.max_words) * 4)
    assert base < len(long) <= base * 4
    assert len(summarize(*args, max_words=1000, max_sentences=2)) == 2


@pytest.mark.slow
def test_citations_reach_every_article_that_carries_the_sentence(embed):
    lead = "The Harwick tunnel will close for repairs on 3 June, the transport ministry said on Monday."
    docs = [
        ("a", lead + " Drivers will be sent over the Fenn bridge. Local shops fear a quiet summer."),
        ("b", "Lorries queued at the Fenn bridge on Monday. The transport ministry said on Monday that the Harwick "
              "tunnel will close for repairs on 3 June. The closure is expected to last six weeks."),
        ("c", "A new ferry timetable starts in July. Fares rise by 5 percent, the operator said."),
        ("d", "The Harwick tunnel will close for repairs on 9 June, the transport ministry said on Monday."),
    ]
    cited = cite_sentence_in_documents(lead, "a", docs, embed, CONFIG)
    assert cited == ["a", "b"]  # "b" words it differently; "d" gives another date; "c" is another story
    summary = summarize_documents(docs[:3], embed, CONFIG, max_words=60)
    (first,) = [s for s in summary if s.text == lead]
    assert first.sources == ("a", "b") and first.verified


def test_unbalanced_quotation_is_penalised_like_a_dependent_sentence():
    opens = 'Varga added that "the council will rebuild the bridge before the spring floods.'
    closes = 'The river rose again overnight," Varga told the council in Eskerby.'
    curly = "Varga added that “the council will rebuild the bridge before the spring floods."
    balanced = 'Varga said "the bridge will be rebuilt" before the spring floods.'
    assert unbalanced_quotes(opens) and unbalanced_quotes(closes) and unbalanced_quotes(curly)
    assert not unbalanced_quotes(balanced)
    assert not unbalanced_quotes("“The bridge will be rebuilt,” Varga said.")
    assert not unbalanced_quotes("The bridge in Eskerby will be rebuilt by May.")
    assert not unbalanced_quotes("„Die Brücke wird bis Mai neu gebaut“, sagte Varga.")  # German: „ opens, “ closes
    assert unbalanced_quotes("Varga fügte hinzu, „die Brücke werde bis Mai neu gebaut.")
    plain = "Varga said the council will rebuild the bridge before the spring floods."
    dependent = "He said the council will rebuild the bridge before the spring floods."
    assert _penalty(opens) == pytest.approx(_penalty(dependent))
    assert _penalty(opens) > _penalty(plain)
    # penalised, not rejected: it stays eligible
    assert eligible(opens, 6, 55)


def test_long_sentences_only_fill_words_nothing_else_can_use():
    import datetime as _dt

    import numpy as np

    from storyline.summarize import _Candidate, _select

    def cand(i: int, words: int, score: float, long: bool = False) -> _Candidate:
        vector = np.zeros(8, dtype=np.float32)
        vector[i] = 1.0
        text = " ".join(["Eskerby"] * (words - 1)) + " flooded."
        return _Candidate(("a", i), text, vector, {"a"}, 1, score, None, (0.0, _dt.date.max, i, i), long)

    plain = [cand(0, 20, 0.5), cand(1, 20, 0.4)]
    long_one = cand(2, 70, 0.9, long=True)
    chosen = _select([*plain, long_one], 200, 10, 0.7, 0.7)
    # the long sentence scores best but is taken only after every plain sentence
    assert [c.key for c in chosen] == [("a", 0), ("a", 1), ("a", 2)]
    assert [c.key for c in _select([*plain, long_one], 100, 10, 0.7, 0.7)] == [("a", 0), ("a", 1)]


def test_words_left_over_are_used_by_a_swap_that_keeps_the_best_sentence():
    import datetime as _dt

    import numpy as np

    from storyline.summarize import _Candidate, _select

    def cand(i: int, words: int, score: float) -> _Candidate:
        vector = np.zeros(8, dtype=np.float32)
        vector[i] = 1.0
        text = " ".join(["Eskerby"] * (words - 1)) + " flooded."
        return _Candidate(("a", i), text, vector, {"a"}, 1, score, None, (0.0, _dt.date.max, i, i))

    best, second, longer_second, longer_best = cand(0, 20, 0.9), cand(1, 15, 0.8), cand(2, 25, 0.78), cand(3, 30, 0.89)
    pool = [best, second, longer_second, longer_best]
    # greedy: best (20 words), then second (15); 10 words are left and nothing else fits
    assert {c.key for c in _select(list(pool), 45, 10, 0.7, 0.7)} == {best.key, second.key}
    # the fill swaps the second for a longer one that scores almost as well; the best sentence stays
    # (swapping it for ``longer_best`` would gain as many words)
    filled = _select(list(pool), 45, 10, 0.7, 0.7, fill_tolerance=0.3)
    assert {c.key for c in filled} == {best.key, longer_second.key}
    assert sum(len(c.text.split()) for c in filled) == 45
    # a longer sentence with a loaded word is never swapped in, however well it scores
    loaded = cand(2, 24, 0.8)
    loaded.text = loaded.text.replace("flooded.", "shockingly flooded.")
    assert len(loaded.text.split()) == 25
    kept = _select([best, second, loaded, longer_best], 45, 10, 0.7, 0.7, fill_tolerance=1.0)
    assert {c.key for c in kept} == {best.key, second.key}
    # nor one that fewer independent sources back than the sentence it would replace
    backed = cand(1, 15, 0.8)
    backed.independent = 3
    kept = _select([best, backed, longer_second, longer_best], 45, 10, 0.7, 0.7, fill_tolerance=1.0)
    assert {c.key for c in kept} == {best.key, backed.key}


def test_sentences_inside_a_quotation_are_someones_words_not_the_summarys():
    text = (
        'Mayor Varga said that "the council has met every week since the flood. The bridge will reopen in May. '
        'We owe that to the families," adding that repairs were on budget.\n\n'
        "The bridge in Eskerby closed on April 2. Engineers inspected it on Monday.\n\n"
        "“Nobody was hurt,” the fire chief said. “The water rose fast. It fell just as fast.”"
    )

    def at(sentence: str) -> int:
        return text.index(sentence)
    # the middle and last sentences of a quoted statement start inside it
    assert inside_quotation(text, at("The bridge will reopen in May."))
    assert inside_quotation(text, at("We owe that to the families"))
    assert inside_quotation(text, at("It fell just as fast."))
    # the sentence that opens the quotation, and sentences after it closes, do not
    assert not inside_quotation(text, at("Mayor Varga said"))
    assert not inside_quotation(text, at("The bridge in Eskerby closed"))
    assert not inside_quotation(text, at("Engineers inspected it"))
    assert not inside_quotation(text, at("“The water rose fast."))
    # one pass over many starts answers as each start alone does
    starts = [m.start() for m in re.finditer(r"(?:^|(?<=[.!?”\"] ))\S", text)]
    assert len(starts) > 6
    assert quoted_starts(text, starts) == {x for x in starts if inside_quotation(text, x)}
    assert quoted_starts(text, starts) >= {at("The bridge will reopen in May."), at("It fell just as fast.")}
    # German marks: „ opens, “ closes
    german = "Der Bürgermeister sagte: „Die Brücke ist sicher. Sie öffnet im Mai.“ Danach ging er."
    assert inside_quotation(german, german.index("Sie öffnet"))
    assert not inside_quotation(german, german.index("Danach"))


def test_a_stray_mark_does_not_put_a_whole_paragraph_inside_a_quotation():
    text = (
        'The new pier is 40" wider than the old one. '
        + "The council approved the plan in March after a long debate about the costs of the work. " * 8
        + "Construction starts in June."
    )
    assert not inside_quotation(text, text.index("Construction starts"))


def test_a_quoted_middle_sentence_is_never_chosen_for_the_summary(embed):
    # a quotation long enough to be split into sentences; its middle sentence is the story's main fact
    quoted = (
        'Varga said that "the repairs will take all spring, and the engineers will need every week of it to '
        "finish the work on the piers and the deck before the next floods arrive. The council has set aside four "
        "million crowns for the bridge at Eskerby. Work on the eastern pier starts on Monday, and the road will "
        'stay closed to lorries until the summer," in a statement on Tuesday.'
    )
    plain = "Flood waters in the valley receded on Tuesday, and families returned to their homes."
    other = "The council has set aside four million crowns for the bridge at Eskerby, the mayor said on Tuesday."
    third = "The council set aside four million crowns for the Eskerby bridge, Varga said on Tuesday."
    articles = [_article("a", quoted + "\n\n" + plain), _article("b", other), _article("c", third)]
    prepared = _prepare(articles, embed)
    middle = [s for s in prepared.sentences["a"] if s.text.startswith("The council has set aside")]
    assert middle, "the splitter cuts the long quotation into sentences"
    chosen = summarize(prepared.articles, prepared.sentences, prepared.vectors, prepared.claims, CONFIG)
    assert middle[0].text not in {c.text for c in chosen}
    # the fact still reaches the summary, in an outlet's own words, citing every article that carries it
    fact = [c for c in chosen if "four million crowns" in c.text]
    assert fact and fact[0].text.endswith("the mayor said on Tuesday.") and set(fact[0].sources) == {"a", "b", "c"}
