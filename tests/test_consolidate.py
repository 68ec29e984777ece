"""Claims and disagreements on a small fictional story, with real USE embeddings."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from conftest import make_article, split_and_embed
from storyline.config import load_config
from storyline.consolidate import consolidate, find_disagreements
from storyline.records import Entity, Mention, Sentence
from storyline.sentences import split_text

DATA = Path(__file__).parent / "data" / "story_eskerby.json"
CONFIG = load_config(environ={})
VARGA = Entity(
    name="Lena Varga",
    type="person",
    roles=(
        "spokesperson for the National Security Council",
        "Homeland Security spokeswoman",
        "National Security Council spokeswoman",
    ),
)


_article = make_article
_prepare = split_and_embed


@pytest.fixture(scope="module")
def story(embed):
    raw = json.loads(DATA.read_text("utf-8"))
    articles = [_article(a["id"], a["text"], a["published"]) for a in raw["articles"]]
    prepared = _prepare(articles, embed)
    prepared.claims = consolidate(prepared.articles, prepared.sentences, prepared.vectors, CONFIG)
    return prepared


def _text(story, key):
    article_id, index = key
    return story.sentences[article_id][index].text


def _claim_with(story, fragment):
    found = [c for c in story.claims if any(fragment in _text(story, k) for k in c.sentences)]
    assert len(found) <= 1, found
    return found[0] if found else None


# --------------------------------------------------------------------------- claims


@pytest.mark.slow
def test_paraphrases_with_hedged_numbers_form_one_claim(story):
    claim = _claim_with(story, "100,000")
    assert claim is not None
    assert claim.sources == ("coast", "herald", "herald-copy", "northern")
    assert claim.text in {_text(story, k) for k in claim.sentences}
    assert "100,000" in claim.text


@pytest.mark.slow
def test_conflicting_numbers_and_organisations_stay_apart(story):
    soldiers = _claim_with(story, "3,500 soldiers")
    assert soldiers is None  # northern's 3,500 is alone: 2,000 elsewhere
    nsc = _claim_with(story, "National Security Council")
    assert nsc is not None and "northern" not in nsc.sources  # Homeland Security is another claim


@pytest.mark.slow
def test_every_claim_has_one_sentence_per_article_and_sorted_fields(story):
    assert story.claims
    for claim in story.claims:
        articles = [a for a, _ in claim.sentences]
        assert len(articles) == len(set(articles)) >= 2
        assert list(claim.sources) == sorted(set(articles))
        assert list(claim.sentences) == sorted(claim.sentences)


def test_chaining_is_blocked_when_ends_are_dissimilar():
    # a~b and b~c are strong links, but a and c are far apart: no single claim of three.
    texts = {
        "a": "The river flooded the old mill district overnight.",
        "b": "The river flooded the old mill district and the harbour overnight.",
        "c": "The river flooded the harbour overnight.",
    }
    articles = [_article(k, v) for k, v in texts.items()]
    sentences = {k: [Sentence(k, 0, v, 0, len(v))] for k, v in texts.items()}
    va = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    vc = np.array([0.5, 0.866, 0.0], dtype=np.float32)  # cos(a, c) = 0.5
    vb = (va + vc) / np.linalg.norm(va + vc)  # cos(a, b) = cos(b, c) ≈ 0.866
    vectors = {("a", 0): va, ("b", 0): vb, ("c", 0): vc}
    claims = consolidate(articles, sentences, vectors, CONFIG)
    assert len(claims) == 1
    assert len(claims[0].sources) == 2


# --------------------------------------------------------------------------- disagreements


@pytest.mark.slow
def test_number_and_role_conflicts_are_found(story):
    found = find_disagreements(story.articles, story.sentences, story.claims, [VARGA], CONFIG)
    by_kind = {d.kind: d for d in found}
    assert sorted(by_kind) == ["number", "role"]
    numbers = by_kind["number"]
    assert numbers.topic.startswith("number of soldiers")
    assert {(v.text, v.sources) for v in numbers.variants} == {
        ("2,000 soldiers", ("herald", "herald-copy")),
        ("3,500 soldiers", ("northern",)),
    }
    role = by_kind["role"]
    assert role.topic == "role of Lena Varga"
    variants = {v.sources: v.text for v in role.variants}
    assert set(variants) == {("coast", "herald", "herald-copy"), ("northern",)}
    assert "Homeland" in variants[("northern",)]


@pytest.mark.slow
def test_rounding_hedging_and_day_parts_are_not_disagreements(story):
    found = find_disagreements(story.articles, story.sentences, story.claims, [VARGA], CONFIG, vectors=story.vectors)
    texts = " ".join(v.text for d in found for v in d.variants)
    assert "100,000" not in texts  # more than / an estimated / plain 100,000
    assert "12" not in texts and "Twelve" not in texts  # at least 12 vs Twelve
    assert all(d.kind != "date" for d in found)  # 3:30 pm vs "in the afternoon"


def test_gendered_title_alone_is_not_a_role_disagreement():
    texts = {
        "a": "Lena Varga, a spokesperson for the National Security Council, said the talks would resume.",
        "b": "Lena Varga, the National Security Council spokeswoman, said the talks would resume.",
    }
    articles = [_article(k, v) for k, v in texts.items()]
    sentences = {k: split_text(k, v) for k, v in texts.items()}
    entity = Entity("Lena Varga", "person", roles=("National Security Council spokesperson", "NSC spokeswoman"))
    assert find_disagreements(articles, sentences, [], [entity], CONFIG) == []


def test_a_role_written_next_to_another_person_is_not_theirs():
    a = _article("a", "Lena Varga, a spokesperson for the National Security Council, said the talks would resume.")
    b = _article(
        "b",
        "Lena Varga said the talks would resume on Friday. "
        "Homeland Security spokeswoman Mara Toll declined to comment on the talks.",
    )
    sentences = {x.id: split_text(x.id, x.text) for x in (a, b)}
    roles = ("National Security Council spokesperson", "Homeland Security spokeswoman")
    entity = Entity("Lena Varga", "person", roles=roles)
    assert find_disagreements([a, b], sentences, [], [entity], CONFIG) == []


def test_weekday_conflict_but_not_when_an_article_gives_both_days():
    a = _article("a", "The old bridge over the Tessel river collapsed on Monday, injuring two workers.")
    b = _article("b", "The old bridge over the Tessel river collapsed on Tuesday, injuring two workers.")
    c = _article(
        "c",
        "The old bridge over the Tessel river collapsed on Monday. Some witnesses say the bridge over the river "
        "collapsed on Tuesday.",
    )
    sentences = {x.id: split_text(x.id, x.text) for x in (a, b, c)}
    found = find_disagreements([a, b], sentences, [], [], CONFIG)
    assert [(d.kind, sorted((v.text, v.sources) for v in d.variants)) for d in found] == [
        ("date", [("Monday", ("a",)), ("Tuesday", ("b",))])
    ]
    assert find_disagreements([c, b], sentences, [], [], CONFIG) == []


def test_rounded_and_precise_counts_agree_but_different_counts_do_not():
    a = _article("a", "About 100,000 people attended the harvest festival in Lorne on Saturday.")
    b = _article("b", "Some 98,500 people attended the harvest festival in Lorne on Saturday.")
    c = _article("c", "A crowd of 60,000 people attended the harvest festival in Lorne on Saturday.")
    sentences = {x.id: split_text(x.id, x.text) for x in (a, b, c)}
    assert find_disagreements([a, b], sentences, [], [], CONFIG) == []
    (found,) = find_disagreements([a, b, c], sentences, [], [], CONFIG)
    assert found.kind == "number"
    assert {v.sources for v in found.variants} == {("a", "b"), ("c",)}


def test_death_tolls_conflict_across_differently_worded_sentences():
    a = _article("a", "Rescuers searched the Orvin valley after the Tessel dam gave way on Tuesday, killing 14 people.")
    b = _article(
        "b",
        "Neighbouring countries sent helicopters and 60 specialists to Orvin, where the dam collapse on Tuesday "
        "killed at least 40 people and flooded a string of villages.",
    )
    c = _article("c", "The Tessel dam failure on Tuesday has killed at least nine people, Orvin's health office said.")
    sentences = {x.id: split_text(x.id, x.text) for x in (a, b, c)}
    (found,) = find_disagreements([a, b], sentences, [], [], CONFIG)
    assert (found.kind, found.topic) == ("number", "number of people killed")
    assert {(v.text, v.sources) for v in found.variants} == {("14 people", ("a",)), ("at least 40 people", ("b",))}
    assert find_disagreements([a, c], sentences, [], [], CONFIG) == []  # "at least nine" allows 14


def test_place_conflict_unless_places_are_mentioned_together():
    a = _article("a", "A fire destroyed the covered market in Dunmere on Friday night, officials said.")
    b = _article("b", "A fire destroyed the covered market in Hollin on Friday night, officials said.")
    places = [
        Entity("Dunmere", "place", sources=("a",)),
        Entity("Hollin", "place", sources=("b",)),
    ]
    sentences = {x.id: split_text(x.id, x.text) for x in (a, b)}
    (found,) = find_disagreements([a, b], sentences, [], places, CONFIG)
    assert found.kind == "place"
    assert {(v.text, v.sources) for v in found.variants} == {("Dunmere", ("a",)), ("Hollin", ("b",))}
    c = _article("c", "Hollin lies ten miles from Dunmere, on the coast road.")
    sentences["c"] = split_text("c", c.text)
    both = [Entity("Dunmere", "place", sources=("a", "c")), Entity("Hollin", "place", sources=("b", "c"))]
    assert find_disagreements([a, b, c], sentences, [], both, CONFIG) == []


def test_actor_conflict_on_the_same_action():
    a = _article("a", "Senator Ada Quill introduced the flood defence bill in parliament on Monday.")
    b = _article("b", "Senator Bram Holt introduced the flood defence bill in parliament on Monday.")
    people = [Entity("Ada Quill", "person", sources=("a",)), Entity("Bram Holt", "person", sources=("b",))]
    sentences = {x.id: split_text(x.id, x.text) for x in (a, b)}
    (found,) = find_disagreements([a, b], sentences, [], people, CONFIG)
    assert found.kind == "actor"
    assert {(v.text, v.sources) for v in found.variants} == {("Ada Quill", ("a",)), ("Bram Holt", ("b",))}
    said_a = _article("a", "Ada Quill said the flood defence bill would pass in parliament on Monday.")
    said_b = _article("b", "Bram Holt said the flood defence bill would pass in parliament on Monday.")
    sentences = {x.id: split_text(x.id, x.text) for x in (said_a, said_b)}
    assert find_disagreements([said_a, said_b], sentences, [], people, CONFIG) == []  # two speakers, not a dispute


def test_an_office_and_its_vice_office_disagree():
    a = _article("a", "President Arno Velt opened the harbour bridge on Monday.")
    b = _article("b", "Vice President Arno Velt opened the harbour bridge on Monday.")
    c = _article("c", "Sen. Ina Roos voted for the bill. Sen. Ina Roos then left.")
    d = _article("d", "Rep. Ina Roos voted for the bill.")
    arts = [a, b, c, d]
    sentences = {x.id: split_text(x.id, x.text) for x in arts}
    velt = Entity("Arno Velt", "person", roles=("President", "Vice President"), sources=("a", "b"),
                  mentions=(Mention("a", 10, 19, "Arno Velt", "person"), Mention("b", 15, 24, "Arno Velt", "person")))
    roos = Entity("Ina Roos", "person", roles=("Sen.", "Rep."), sources=("c", "d"))
    found = {d.topic: d for d in find_disagreements(arts, sentences, [], [velt, roos], CONFIG) if d.kind == "role"}
    assert {v.sources for v in found["role of Arno Velt"].variants} == {("a",), ("b",)}
    assert {v.sources for v in found["role of Ina Roos"].variants} == {("c",), ("d",)}


def test_an_office_and_a_modifier_of_it_agree():
    a = _article("a", "Press secretary Lena Dovik spoke on Monday.")
    b = _article("b", "Deputy press secretary Lena Dovik spoke on Monday.")
    sentences = {x.id: split_text(x.id, x.text) for x in (a, b)}
    dovik = Entity("Lena Dovik", "person", roles=("Press secretary", "Deputy press secretary"), sources=("a", "b"))
    assert [d for d in find_disagreements([a, b], sentences, [], [dovik], CONFIG) if d.kind == "role"] == []


def test_numbers_compared_by_their_surroundings():
    a = _article("a", "Inspector Karel Mund said the harbour storm left 4,200 homes without power in Lorne.")
    b = _article("b", "The storm left 6,100 homes in Lorne without power, Karel Mund of the harbour board said.")
    c = _article("c", "The storm left about 4,000 homes in Lorne without power, Karel Mund of the harbour board said.")
    d = _article("d", "Growth will reach 6% this year, the Lorne harbour board said, Karel Mund reported.")
    e = _article("e", "Growth will reach 5.9% this year, the Lorne harbour board said, Karel Mund reported.")
    arts = [a, b, c, d, e]
    sentences = {x.id: split_text(x.id, x.text) for x in arts}
    found = [d for d in find_disagreements(arts, sentences, [], [], CONFIG) if d.kind == "number"]
    assert len(found) == 1  # 4,200 / 6,100; "about 4,000" agrees with 4,200; 6% is 5.9% rounded
    assert {v.sources for v in found[0].variants} == {("a", "c"), ("b",)}


def test_roles_that_can_both_be_right_agree_and_two_parties_do_not():
    from storyline.consolidate import _orgs_agree

    assert _orgs_agree(frozenset({"senate", "republican"}), frozenset({"senate", "minority"}))
    assert _orgs_agree(frozenset({"british"}), frozenset({"uk"}))
    assert _orgs_agree(frozenset({"house", "gop"}), frozenset({"house", "republican"}))
    assert not _orgs_agree(frozenset({"democratic"}), frozenset({"republican"}))
    assert not _orgs_agree(frozenset({"national", "security", "council"}), frozenset({"homeland", "security"}))
    # an acronym agrees with its expansion, also when one side names the place the body belongs to
    assert _orgs_agree(frozenset({"rwa"}), frozenset({"regional", "water", "authority"}))
    assert _orgs_agree(frozenset({"rwa"}), frozenset({"velmora", "regional", "water", "authority"}))
    assert not _orgs_agree(frozenset({"rwa"}), frozenset({"national", "water", "board"}))


def test_the_same_role_written_three_ways_is_one_side_of_a_role_disagreement():
    from storyline.consolidate import _role_disagreements
    from storyline.records import Entity

    texts = {
        "a": "Ilse Varga, spokeswoman for the Regional Water Authority, said the dam held.",
        "b": "Ilse Varga, spokeswoman for the RWA, said the dam held on Monday.",
        "c": "Ilse Varga, spokeswoman for Tessel's Regional Water Authority, said the dam held.",
        "d": "Interior Ministry spokeswoman Ilse Varga said the dam held.",
    }
    arts = [_article(k, v) for k, v in texts.items()]
    sentences = {x.id: split_text(x.id, x.text) for x in arts}
    roles = (
        "spokeswoman for the Regional Water Authority",
        "spokeswoman for the RWA",
        "spokeswoman for Tessel's Regional Water Authority",
        "Interior Ministry spokeswoman",
    )
    entity = Entity(name="Ilse Varga", type="person", aliases=("Varga",), roles=roles, sources=tuple(texts))
    (found,) = _role_disagreements(arts, sentences, [entity])
    assert [v.sources for v in found.variants] == [("a", "b", "c"), ("d",)]


def test_a_fraction_is_not_a_number_to_dispute():
    a = _article("a", "Karel Mund was sentenced to 22 1/2 years in prison for the harbour fraud in Lorne on Friday.")
    b = _article("b", "Karel Mund received a 270-month prison sentence for the harbour fraud in Lorne on Friday.")
    sentences = {x.id: split_text(x.id, x.text) for x in (a, b)}
    assert [d for d in find_disagreements([a, b], sentences, [], [], CONFIG) if d.kind == "number"] == []


def test_the_same_action_dated_differently_in_other_words(embed):
    a = _article(
        "a",
        "Governor Mara Velde on Friday signed into law a bill that bans fireworks in the Tessel valley during the "
        "dry season.",
    )
    b = _article(
        "b", "Governor Mara Velde signed a bill on Wednesday banning fireworks across the Tessel valley in dry months."
    )
    p = _prepare([a, b], embed)
    found = find_disagreements(p.articles, p.sentences, [], [], CONFIG, vectors=p.vectors)
    assert [(d.kind, sorted((v.text, v.sources) for v in d.variants)) for d in found] == [
        ("date", [("Friday", ("a",)), ("Wednesday", ("b",))])
    ]


def test_a_day_that_dates_the_report_is_not_the_day_of_the_event(embed):
    a = _article("a", "Governor Mara Velde held a secret meeting on Monday in Lorne with the fire chief Anton Brel.")
    b = _article("b", "Governor Mara Velde met the fire chief Anton Brel in Lorne, an aide said Tuesday.")
    p = _prepare([a, b], embed)
    assert find_disagreements(p.articles, p.sentences, [], [], CONFIG, vectors=p.vectors) == []



def test_the_actor_right_before_the_date_makes_two_wordings_one_event(embed):
    a = _article(
        "a", "The Lorne Council Democrats on Friday removed Ada Brun as council chair after months of dispute."
    )
    b = _article(
        "b",
        "In a bow to Mayor Ilse Karn, the Lorne Council Democrats voted Wednesday to strip Ada Brun of her post as "
        "council chair.",
    )
    p = _prepare([a, b], embed)
    found = find_disagreements(p.articles, p.sentences, [], [], CONFIG, vectors=p.vectors)
    assert [(d.kind, sorted((v.text, v.sources) for v in d.variants)) for d in found] == [
        ("date", [("Friday", ("a",)), ("Wednesday", ("b",))])
    ]


def test_nearly_identical_sentences_need_one_shared_word_around_their_numbers(embed):
    a = _article(
        "a", "The Lorne council passed the harbour bill in a 51-12 vote, with all no votes coming from the Green bloc."
    )
    b = _article(
        "b", "The vote was 36 to 12; all the votes in opposition came from the Green bloc in the Lorne council."
    )
    c = _article("c", "The harbour bill, backed by three council members, passed in a 51-12 vote, officials reported.")
    d = _article("d", "Council members said 36 families from the harbour district attended the Lorne vote.")
    p = _prepare([a, b, c, d], embed)
    found = find_disagreements([a, b], p.sentences, [], [], CONFIG, vectors=p.vectors)
    assert [(x.kind, sorted((v.text, v.sources) for v in x.variants)) for x in found] == [
        ("number", [("36", ("b",)), ("51", ("a",))])
    ]
    assert find_disagreements([c, d], p.sentences, [], [], CONFIG, vectors=p.vectors) == []


def test_the_same_count_in_different_words_is_compared_by_its_noun_and_surroundings(embed):
    a = _article("a", "The Lorne harbour economy rebounded and added 9,400 new jobs in June, a welcome result.")
    b = _article("b", "Lorne's harbour economy added 6,700 jobs in June, when adjusted for the season, officials said.")
    c = _article("c", "The Lorne harbour economy added 6,700 jobs in May after a slow spring, officials said.")
    p = _prepare([a, b, c], embed)
    found = find_disagreements([a, b], p.sentences, [], [], CONFIG, vectors=p.vectors)
    assert [(x.kind, sorted((v.text, v.sources) for v in x.variants)) for x in found] == [
        ("number", [("6,700 jobs", ("b",)), ("9,400 jobs", ("a",))])
    ]
    assert find_disagreements([a, c], p.sentences, [], [], CONFIG, vectors=p.vectors) == []  # May is not June


def test_ages_given_differently_are_a_disagreement(embed):
    a = _article("a", "Former harbour master Mara Velde has died at age 91 of complications from a fall in Lorne.")
    b = _article(
        "b", "Mara Velde, the first woman to lead the Lorne harbour, died on Monday at the age of 88 after a fall."
    )
    p = _prepare([a, b], embed)
    found = find_disagreements(p.articles, p.sentences, [], [], CONFIG, vectors=p.vectors)
    assert [(x.kind, sorted(v.sources for v in x.variants)) for x in found] == [("number", [("a",), ("b",)])]


def test_amounts_of_the_same_thing_need_one_shared_word(embed):
    a = _article(
        "a", "Lorne councillors struck a deal on Tuesday to vote on the harbour plan and adopt the $4.9 billion budget."
    )
    b = _article(
        "b", "On Tuesday the Lorne council approved a roughly $3.5 billion budget that funds the harbour plan."
    )
    p = _prepare([a, b], embed)
    found = find_disagreements(p.articles, p.sentences, [], [], CONFIG, vectors=p.vectors)
    assert [(x.kind, sorted(v.sources for v in x.variants)) for x in found] == [("number", [("a",), ("b",)])]


def test_one_outlets_slip_on_a_role_it_also_gives_right_is_shown():
    a = _article(
        "a", "Vice President Arno Velt opened the harbour bridge on Monday. President Arno Velt then left Lorne."
    )
    b = _article("b", "President Arno Velt opened the harbour bridge on Monday.")
    c = _article("c", "President Arno Velt cut the ribbon at the harbour bridge.")
    d = _article("d", "Vice President Arno Velt waved. President Arno Velt spoke.")
    sentences = {x.id: split_text(x.id, x.text) for x in (a, b, c, d)}
    velt = Entity("Arno Velt", "person", roles=("President", "Vice President"), sources=("a", "b", "c", "d"))
    found = [x for x in find_disagreements([a, b, c], sentences, [], [velt], CONFIG) if x.kind == "role"]
    assert [sorted((v.text, v.sources) for v in x.variants) for x in found] == [
        [("President", ("b", "c")), ("Vice President", ("a",))]
    ]
    # an article alone with both roles is no disagreement with itself
    assert [x for x in find_disagreements([d], sentences, [], [velt], CONFIG) if x.kind == "role"] == []


def test_an_announcement_and_a_statement_of_it_dated_differently_disagree(embed):
    a = _article(
        "a", "Mayor Ilse Karn will open the Tessel harbour bridge on June 16, the Lorne council announced on Thursday."
    )
    b = _article(
        "b", "Mayor Ilse Karn is to open the Tessel harbour bridge on June 16, the Lorne council said Tuesday."
    )
    p = _prepare([a, b], embed)
    found = find_disagreements(p.articles, p.sentences, [], [], CONFIG, vectors=p.vectors)
    assert [(d.kind, sorted((v.text, v.sources) for v in d.variants)) for d in found] == [
        ("date", [("Thursday", ("a",)), ("Tuesday", ("b",))])
    ]


def test_an_unrelated_rounded_figure_elsewhere_does_not_excuse_a_conflict(embed):
    a = _article(
        "a",
        "Excluding fuel and food, core prices in Lorne rose 5.3% from a year earlier, the fastest pace in decades.",
    )
    b = _article(
        "b",
        "Rents in Lorne went up 5% over the year. Excluding fuel and food, core prices in Lorne rose 3.8% from a "
        "year earlier, the quickest since the harbour crash.",
    )
    # the same 5% given for the core prices themselves does excuse it (5.3% rounded)
    c = _article(
        "c",
        "Core prices in Lorne went up about 5% over the year. Excluding fuel and food, core prices in Lorne rose "
        "3.8% from a year earlier, the quickest since the harbour crash.",
    )
    p = _prepare([a, b, c], embed)
    found = find_disagreements([a, b], p.sentences, [], [], CONFIG, vectors=p.vectors)
    assert [(x.kind, sorted((v.text, v.sources) for v in x.variants)) for x in found] == [
        ("number", [("3.8%", ("b",)), ("5.3%", ("a",))])
    ]
    assert find_disagreements([a, c], p.sentences, [], [], CONFIG, vectors=p.vectors) == []


def test_added_before_a_count_is_what_the_count_measures():
    from storyline.consolidate import _number_context
    from storyline.verify import extract_numbers

    text = "Lorne employers added just 9,400 jobs in June, the council added."
    mention = next(m for m in extract_numbers(text) if m.value == 9400)
    assert "ad" in {w[:2] for w in _number_context(text, mention)}  # "added" counts here ...
    text = "The harbour is closed, the mayor added, 12 ships waiting outside."
    mention = next(m for m in extract_numbers(text) if m.value == 12)
    assert not {w for w in _number_context(text, mention) if w.startswith("ad")}  # ... not as a reporting verb


def test_a_day_given_elsewhere_for_something_else_does_not_excuse_a_conflict():
    b = _article("b", "The old bridge over the Tessel river collapsed on Tuesday, injuring two workers.")
    # "Tuesday" elsewhere in a dates the repairs, not the collapse: a still says Monday for the collapse
    a = _article(
        "a",
        "The old bridge over the Tessel river collapsed on Monday, injuring two workers. Repairs on the harbour "
        "road begin on Tuesday.",
    )
    # "Tuesday" elsewhere in c dates the collapse too: c gives both days for it and is left out
    c = _article(
        "c",
        "The old bridge over the Tessel river collapsed on Monday, injuring two workers. Divers searched the "
        "Tessel river for the collapsed bridge on Tuesday.",
    )
    sentences = {x.id: split_text(x.id, x.text) for x in (a, b, c)}
    found = find_disagreements([a, b], sentences, [], [], CONFIG)
    assert [(d.kind, sorted((v.text, v.sources) for v in d.variants)) for d in found] == [
        ("date", [("Monday", ("a",)), ("Tuesday", ("b",))])
    ]
    assert find_disagreements([c, b], sentences, [], [], CONFIG) == []


def test_a_press_conference_or_declaration_dates_a_statement(embed):
    a = _article(
        "a", "Lorne harbour master Ilse Karn said Thursday the port would reopen to fishing boats within a week."
    )
    b = _article(
        "b",
        "At a press conference Tuesday in Lorne, harbour master Ilse Karn promised the port would reopen to "
        "fishing boats soon.",
    )
    c = _article(
        "c", "Lorne harbour master Ilse Karn declared Tuesday that the port would reopen to fishing boats this month."
    )
    p = _prepare([a, b, c], embed)
    for other in (b, c):
        found = find_disagreements([a, other], p.sentences, [], [], CONFIG, vectors=p.vectors)
        assert [(d.kind, sorted((v.text, v.sources) for v in d.variants)) for d in found] == [
            ("date", [("Thursday", ("a",)), ("Tuesday", (other.id,))])
        ]


def test_a_day_whose_report_follows_it_dates_a_statement(embed):
    a = _article(
        "a", "Wednesday's report from the Lorne Statistics Office also showed that harbour jobs fell to 4,100."
    )
    b = _article("b", "Harbour jobs in Lorne fell to 4,100 in May, the Lorne Statistics Office said Friday.")
    p = _prepare([a, b], embed)
    found = find_disagreements(p.articles, p.sentences, [], [], CONFIG, vectors=p.vectors)
    assert [(d.kind, sorted((v.text, v.sources) for v in d.variants)) for d in found] == [
        ("date", [("Friday", ("b",)), ("Wednesday", ("a",))])
    ]


def test_one_date_shared_and_another_not_compares_the_other():
    a = _article(
        "a", "Lorne harbour workers must get a first vaccine dose by Oct. 10 and be fully vaccinated by Nov. 4."
    )
    b = _article(
        "b", "Lorne harbour workers must get a first vaccine dose by Oct. 7 and be fully vaccinated by Nov. 4."
    )
    # two different things dated beside a shared deadline: one word around them agrees, not two
    c = _article("c", "Lorne harbour workers must get a first vaccine dose by Nov. 4, and the harbour reopens Oct. 7.")
    d = _article(
        "d", "Lorne harbour workers must get a first vaccine dose by Nov. 4, and the harbour ferry fares fall Oct. 10."
    )
    sentences = {x.id: split_text(x.id, x.text) for x in (a, b, c, d)}
    found = find_disagreements([a, b], sentences, [], [], CONFIG)
    assert [(x.kind, sorted((v.text, v.sources) for v in x.variants)) for x in found] == [
        ("date", [("Oct. 10", ("a",)), ("Oct. 7", ("b",))])
    ]
    assert find_disagreements([c, d], sentences, [], [], CONFIG) == []


def test_a_running_story_told_day_by_day_is_not_a_date_disagreement(embed):
    # each paper reports its own day's news, with the same river, district and gauge around every date
    text = (
        "Flood water in the Brookmere district stayed high on {day} as the Vell held above two metres at the "
        "Harl bridge gauge."
    )
    a = _article("a", text.format(day="Monday"), published="2025-03-03")  # a Monday
    b = _article("b", text.format(day="Tuesday"), published="2025-03-04")
    c = _article("c", text.format(day="Wednesday"), published="2025-03-05")
    p = _prepare([a, b, c], embed)
    assert find_disagreements(p.articles, p.sentences, [], [], CONFIG, vectors=p.vectors) == []
    # the same with dates: "March 3" in Monday's paper, "March 4" in Tuesday's
    a2 = _article("a", text.format(day="March 3"), published="2025-03-03")
    b2 = _article("b", text.format(day="March 4"), published="2025-03-04")
    p = _prepare([a2, b2], embed)
    assert find_disagreements(p.articles, p.sentences, [], [], CONFIG, vectors=p.vectors) == []
    # two papers of one day that give two days do disagree; so do two days' papers dating it differently
    for other in (
        _article("d", text.format(day="Wednesday"), published="2025-03-03"),
        _article("d", text.format(day="Saturday"), published="2025-03-04"),
    ):
        p = _prepare([a, other], embed)
        found = find_disagreements(p.articles, p.sentences, [], [], CONFIG, vectors=p.vectors)
        assert [(d.kind, len(d.variants)) for d in found] == [("date", 2)], other


AUTHORITY = Entity(name="Lorne Harbour Authority", type="organization")
KARN = Entity(name="Ilse Karn", type="person", aliases=("Karn",))
TESSEL = Entity(name="Tessel", type="place")


def test_one_actor_opening_both_dated_clauses_makes_two_wordings_one_slot(embed):
    a = _article(
        "a", "The Lorne Harbour Authority on Tuesday scrapped its plan to dredge the Tessel channel this winter."
    )
    b = _article("b", "The Lorne Harbour Authority dropped the planned channel works on Thursday, citing their cost.")
    p = _prepare([a, b], embed)
    found = find_disagreements(p.articles, p.sentences, [], [AUTHORITY, TESSEL], CONFIG, vectors=p.vectors)
    assert [(d.kind, sorted((v.text, v.sources) for v in d.variants)) for d in found] == [
        ("date", [("Thursday", ("b",)), ("Tuesday", ("a",))])
    ]


def test_an_actor_that_is_not_the_first_name_of_its_dated_clause_makes_no_slot(embed):
    a = _article(
        "a",
        "Outrage in Tessel over the levy prompted Mayor Ilse Karn on Wednesday to demand a recount of the council "
        "vote.",
    )
    b = _article("b", "Mayor Ilse Karn on Thursday condemned the harbour levy passed by the Tessel council.")
    p = _prepare([a, b], embed)
    assert find_disagreements(p.articles, p.sentences, [], [KARN, TESSEL], CONFIG, vectors=p.vectors) == []


def test_a_statement_day_and_an_action_day_of_one_actor_make_no_slot(embed):
    a = _article("a", "The Lorne Harbour Authority said Monday that the dredging of the Tessel channel would go ahead.")
    b = _article(
        "b", "The Lorne Harbour Authority began dredging the Tessel channel on Wednesday after months of delay."
    )
    p = _prepare([a, b], embed)
    assert find_disagreements(p.articles, p.sentences, [], [AUTHORITY, TESSEL], CONFIG, vectors=p.vectors) == []


def test_a_department_named_after_of_is_part_of_the_office():
    a = _article("a", "Secretary of State Ivo Marek flew to Lorne on Monday.")
    b = _article("b", "Secretary of Defense Ivo Marek flew to Lorne on Monday.")
    c = _article("c", "U.S. Secretary of State Ivo Marek landed in Lorne.")
    arts = [a, b, c]
    sentences = {x.id: split_text(x.id, x.text) for x in arts}
    marek = Entity(
        "Ivo Marek", "person", roles=("Secretary of State", "Secretary of Defense", "U.S. Secretary of State"),
        sources=("a", "b", "c"),
    )
    found = [d for d in find_disagreements(arts, sentences, [], [marek], CONFIG) if d.kind == "role"]
    assert [sorted(v.sources for v in d.variants) for d in found] == [[("a", "c"), ("b",)]]


def test_a_precise_figure_given_alike_anchors_the_other_numbers_of_two_sentences(embed):
    a = _article(
        "a",
        "Claims for the Lorne flood grant rose by 3,100 to 41,250 in the week ended March 9, and the fund is now "
        "nearly spent.",
    )
    b = _article(
        "b", "The Lorne grant office, short of staff, logged 41,250 claims by the week ended March 9, up 4,300."
    )
    p = _prepare([a, b], embed)
    found = find_disagreements(p.articles, p.sentences, [], [], CONFIG, vectors=p.vectors)
    assert [(d.kind, sorted((v.text, v.sources) for v in d.variants)) for d in found] == [
        ("number", [("3,100", ("a",)), ("4,300", ("b",))])
    ]


def test_a_count_for_last_month_conflicts_with_a_count_for_that_month_named(embed):
    a = _article(
        "a",
        "Employers added 310,000 jobs last month, the Lorne statistics office said on Friday. "
        "That was a drop from July, when more than 1 million jobs were created.",
        "2024-09-06",
    )
    b = _article(
        "b",
        "Private employers added just 190,000 jobs in August, the Tessel bank said on Friday. "
        "In July the economy added 980,000 jobs.",
        "2024-09-06",
    )
    p = _prepare([a, b], embed)
    found = find_disagreements(p.articles, p.sentences, [], [], CONFIG, vectors=p.vectors)
    assert [(d.kind, sorted((v.text, v.sources) for v in d.variants)) for d in found] == [
        ("number", [("190,000 jobs", ("b",)), ("310,000 jobs", ("a",))])
    ]


def test_numbers_of_related_sentences_with_three_words_around_them_in_common_conflict(embed):
    a = _article(
        "a",
        "Under the new scheme agreed after weeks of wrangling, the average pension increase comes to $41 a month "
        "for Lorne's retired teachers, officials estimate.",
    )
    b = _article(
        "b",
        "That works out to a monthly pension increase of $29 for the average retired teacher, bringing the typical "
        "payment to $1,210 before tax.",
    )
    p = _prepare([a, b], embed)
    found = find_disagreements(p.articles, p.sentences, [], [], CONFIG, vectors=p.vectors)
    assert [(d.kind, sorted((v.text, v.sources) for v in d.variants)) for d in found] == [
        ("number", [("$29", ("b",)), ("$41", ("a",))])
    ]


def test_amounts_of_merely_related_sentences_need_three_words_not_one_noun(embed):
    # one bill's total and the new spending inside it are both called "the ... harbour bill": related
    # sentences that share only the words of that noun are not one slot
    a = _article(
        "a",
        "Moderates in the Lorne assembly insist that the $40 million harbour bill get a vote before the summer "
        "recess.",
    )
    b = _article(
        "b", "Centrists are eager to pass a $75 million harbour bill that has already cleared the Tessel senate."
    )
    p = _prepare([a, b], embed)
    assert find_disagreements(p.articles, p.sentences, [], [], CONFIG, vectors=p.vectors) == []


def _dated_slot(found):
    return [(d.kind, sorted((v.text, v.sources) for v in d.variants)) for d in found]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "On Tuesday, the Lorne Harbour Authority scrapped its plan to dredge the Tessel channel this winter.",
            "The Lorne Harbour Authority dropped the planned channel works on Thursday, citing their cost.",
        ),
        (
            "The Lorne Harbour Authority on Tuesday scrapped its plan to dredge the Tessel channel this winter.",
            "The plan to dredge the channel this winter was dropped on Thursday by the LHA.",
        ),
    ],
)
def test_the_actor_after_a_date_that_opens_its_clause_or_of_a_passive_makes_one_slot(embed, first, second):
    authority = Entity(name="Lorne Harbour Authority", type="organization", aliases=("LHA",))
    p = _prepare([_article("a", first), _article("b", second)], embed)
    found = find_disagreements(p.articles, p.sentences, [], [authority, TESSEL], CONFIG, vectors=p.vectors)
    assert _dated_slot(found) == [("date", [("Thursday", ("b",)), ("Tuesday", ("a",))])]


@pytest.mark.parametrize(
    "text",
    [
        "Mayor Ilse Karn, a Liberal, on Monday condemned the harbour levy passed by the council.",
        "Tessel Mayor Ilse Karn on Monday condemned the harbour levy passed by the council.",
        "Mayor Ilse Karn, heeding calls from the fishing trade, on Monday condemned the harbour levy passed by the "
        "council.",
    ],
)
def test_an_aside_or_the_place_of_an_office_does_not_hide_the_dated_actor(embed, text):
    b = _article("b", "Mayor Ilse Karn denounced the council's new port charge at a rally on Wednesday.")
    p = _prepare([_article("a", text), b], embed)
    found = find_disagreements(p.articles, p.sentences, [], [KARN, TESSEL], CONFIG, vectors=p.vectors)
    assert _dated_slot(found) == [("date", [("Monday", ("a",)), ("Wednesday", ("b",))])]


@pytest.mark.parametrize(
    "text",
    [
        "The Lorne Harbour Authority announced the end of its channel dredging plan on Tuesday.",
        "The Lorne Harbour Authority on Tuesday formally announced the end of its channel dredging plan.",
    ],
)
def test_a_statement_verb_after_the_actor_or_the_date_makes_a_statement_day(embed, text):
    b = _article("b", "The Lorne Harbour Authority said Thursday that its dredging plan for the channel was over.")
    p = _prepare([_article("a", text), b], embed)
    found = find_disagreements(p.articles, p.sentences, [], [AUTHORITY], CONFIG, vectors=p.vectors)
    assert _dated_slot(found) == [("date", [("Thursday", ("b",)), ("Tuesday", ("a",))])]


def test_one_unnamed_body_opening_both_dated_clauses_makes_one_slot(embed):
    a = _article("a", "A regional harbour panel on Tuesday threw out the proposal to deepen the channel.")
    b = _article(
        "b",
        "An independent harbour panel voted down the dredging scheme for the Lorne channel at its meeting on "
        "Thursday.",
    )
    p = _prepare([a, b], embed)
    found = find_disagreements(p.articles, p.sentences, [], [], CONFIG, vectors=p.vectors)
    assert _dated_slot(found) == [("date", [("Thursday", ("b",)), ("Tuesday", ("a",))])]


LORNE_COUNCIL = Entity(name="Lorne Council", type="organization")


def test_one_amount_of_one_actor_on_one_day_is_one_slot(embed):
    a = _article("a", "The Lorne Council on Monday gave final approval to a $2 billion plan for the port.")
    b = _article("b", "Lorne Council members on Monday passed a $3 billion harbour bill.")
    p = _prepare([a, b], embed)
    found = find_disagreements(p.articles, p.sentences, [], [LORNE_COUNCIL], CONFIG, vectors=p.vectors)
    assert [(d.kind, sorted((v.text, v.sources) for v in d.variants)) for d in found] == [
        ("number", [("$2 billion", ("a",)), ("$3 billion", ("b",))])
    ]
    # two amounts of that scale in one sentence: which of them is the other's is not known
    c = _article("c", "Lorne Council members on Monday passed a $3 billion harbour bill, $1 billion less.")
    p = _prepare([a, c], embed)
    assert find_disagreements(p.articles, p.sentences, [], [LORNE_COUNCIL], CONFIG, vectors=p.vectors) == []
