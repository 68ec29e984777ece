"""Entity extraction: spaCy mentions repaired by rules, aliases merged across articles.

Every article here is fictional and written for these tests.
"""

from __future__ import annotations

import pytest

from conftest import SEEDS, articles_of
from storyline import entities
from storyline.config import load_config
from storyline.errors import MissingExtra, StorylineError
from storyline.records import Article, Entity, SourceInfo
from storyline.sentences import split_sentences


def _article(article_id: str, text: str, language: str = "en") -> Article:
    return Article(id=article_id, source=SourceInfo(f"{article_id}.txt", "txt"), title="", text=text, language=language)


def _extract(nlp, *texts: str | tuple[str, str]) -> list[Entity]:
    return entities.extract_entities(*articles_of(*texts), nlp)


def _find(ents: list[Entity], name: str) -> Entity:
    hits = [e for e in ents if e.name == name or name in e.aliases]
    assert len(hits) == 1, f"{name!r} is in {len(hits)} entities: {[(e.name, e.aliases) for e in ents]}"
    return hits[0]


PORT_A = (
    "Harbour Authority spokeswoman Lena Dovik said on Tuesday that the pier at Kelmport would stay closed.\n\n"
    "Tomas Brel, the Port Ministry spokesman, said repairs would start next week. "
    "The Northern Grid Company (NGC) cut power to the docks. Dovik said the NGC acted on its own."
)
PORT_B = (
    "Lena Dovik of the Harbour Authority told reporters the pier in Kelmport was unsafe. "
    "Port Minister Bohdan Kovalenskiy visited the site with Brel."
)
PORT_C = (
    "Minister Bogdan Kovalensky promised money for the pier. Kovalensky spoke in Kelmport on Wednesday. "
    "The Northern Grid Company said it followed the rules."
)


def test_missing_model_names_the_install_command():
    with pytest.raises(MissingExtra) as info:
        entities.load_nlp({"spacy_model": "no_such_model_package_xyz"})
    assert isinstance(info.value, StorylineError)
    assert "no_such_model_package_xyz" in str(info.value)
    assert "pip install" in str(info.value)


def test_names_types_and_sources(nlp):
    ents = _extract(nlp, PORT_A, PORT_B, PORT_C)
    dovik = _find(ents, "Lena Dovik")
    assert dovik.name == "Lena Dovik"
    assert dovik.type == "person"
    assert dovik.sources == ("a0", "a1")
    assert "Dovik" in dovik.aliases  # surname-only mention linked to the full name
    assert _find(ents, "Kelmport").type == "place"
    assert _find(ents, "Kelmport").sources == ("a0", "a1", "a2")
    for e in ents:
        assert e.name not in e.aliases
        assert list(e.aliases) == sorted(e.aliases)
        assert list(e.sources) == sorted(set(e.sources))


def test_entities_sorted_by_sources_then_mentions(nlp):
    ents = _extract(nlp, PORT_A, PORT_B, PORT_C)
    keys = [(len(e.sources), len(e.mentions)) for e in ents]
    assert keys == sorted(keys, reverse=True)


def test_mentions_point_into_the_text(nlp):
    texts = (PORT_A, PORT_B, PORT_C)
    ents = _extract(nlp, *texts)
    by_id = {f"a{n}": t for n, t in enumerate(texts)}
    for e in ents:
        assert e.mentions
        for m in e.mentions:
            assert by_id[m.article_id][m.start : m.end] == m.text
            assert m.type == e.type


def test_transliterations_merge_into_one_person(nlp):
    ents = _extract(nlp, PORT_A, PORT_B, PORT_C)
    minister = _find(ents, "Kovalensky")
    assert minister.type == "person"
    assert {minister.name, *minister.aliases} >= {"Bohdan Kovalenskiy", "Bogdan Kovalensky"}
    assert minister.sources == ("a1", "a2")


def test_roles_before_and_after_the_name(nlp):
    ents = _extract(nlp, PORT_A, PORT_B, PORT_C)
    assert "Harbour Authority spokeswoman" in _find(ents, "Lena Dovik").roles
    assert "Port Ministry spokesman" in _find(ents, "Tomas Brel").roles
    assert any("Port Minister" in r for r in _find(ents, "Bohdan Kovalenskiy").roles)


def test_acronym_in_brackets_becomes_an_alias(nlp):
    ents = _extract(nlp, PORT_A, PORT_B, PORT_C)
    grid = _find(ents, "NGC")
    assert grid.name == "Northern Grid Company"
    assert grid.type == "organization"
    assert grid.sources == ("a0", "a2")


def test_acronym_joins_the_name_its_initials_spell(nlp):
    ents = _extract(
        nlp,
        "The Coastal Fisheries Board met in Drammel on Monday to discuss quotas for the winter season.",
        "The CFB said quotas would fall by a tenth. Fishermen in Drammel were angry at the decision.",
    )
    board = _find(ents, "CFB")
    assert board.name == "Coastal Fisheries Board"
    assert board.sources == ("a0", "a1")


def test_people_sharing_a_surname_stay_apart(nlp):
    ents = _extract(
        nlp,
        "Governor Alma Resnik met her brother Pavel Resnik in Ostrava on Friday. "
        "Alma Resnik later said the meeting was private.",
        "Pavel Resnik runs a shipping firm. Alma Resnik is the governor of the province.",
    )
    alma, pavel = _find(ents, "Alma Resnik"), _find(ents, "Pavel Resnik")
    assert alma is not pavel
    assert alma.type == pavel.type == "person"


def test_title_makes_a_person(nlp):
    ents = _extract(
        nlp,
        "President Varkonyi met Secretary of State Ildrim in the capital. "
        "Spokeswoman Odile Ferrant said Varkonyi and Ildrim spoke for an hour.",
    )
    for name in ("Varkonyi", "Ildrim", "Odile Ferrant"):
        assert _find(ents, name).type == "person", name


def test_junk_is_dropped(nlp):
    ents = _extract(
        nlp,
        "On Monday, 12 March, some 4,000 people marched through Velmora. "
        "The march in Velmora ended at 5 p.m. after two hours.",
    )
    names = {e.name for e in ents}
    assert "Velmora" in names
    for e in ents:
        assert not e.name.replace(",", "").isdigit()
        assert e.name.lower() not in {"monday", "march", "12 march", "two hours"}
        assert not (e.name.islower() and " " not in e.name)


def test_non_english_article_matches_known_names(nlp):
    ents = _extract(
        nlp,
        "Port Minister Bohdan Kovalenskiy visited Kelmport on Monday with engineers.",
        ("Der Minister Bohdan Kowalenskyj besuchte am Montag den Hafen von Kelmport.", "de"),
    )
    minister = _find(ents, "Bohdan Kovalenskiy")
    assert minister.sources == ("a0", "a1")
    assert "Bohdan Kowalenskyj" in minister.aliases
    assert _find(ents, "Kelmport").sources == ("a0", "a1")


def test_resolve_name(nlp):
    ents = _extract(nlp, PORT_A, PORT_B, PORT_C)
    assert entities.resolve_name("Dovik", ents).name == "Lena Dovik"
    assert entities.resolve_name("Ms. Dovik", ents).name == "Lena Dovik"
    assert entities.resolve_name("Mr Kovalenskyy", ents) is _find(ents, "Kovalensky")
    assert entities.resolve_name("the NGC", ents).name == "Northern Grid Company"
    assert entities.resolve_name("Ulrike Zandt", ents) is None
    assert entities.resolve_name("", ents) is None


def test_bad_similarity_is_rejected(nlp):
    with pytest.raises(ValueError):
        entities.extract_entities([], {}, nlp, name_similarity=120)


def test_one_person_across_ten_articles_is_one_entity_citing_all(nlp):
    arts = [_article(f"s{i}", (PORT_A + "\n\n" + PORT_B + "\n\n" + PORT_C) * 2) for i in range(10)]
    sents = {a.id: split_sentences(a) for a in arts}
    ents = entities.extract_entities(arts, sents, nlp)
    assert len([e for e in ents if "Dovik" in e.name]) == 1
    assert _find(ents, "Lena Dovik").sources == tuple(sorted(a.id for a in arts))


@pytest.fixture(scope="module")
def seed_entities(nlp):
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present on this machine")
    from storyline import clean, ingest

    cfg = load_config(environ={})
    docs = [d for d in ingest.iter_inputs([str(SEEDS)], cfg) if not hasattr(d, "reason")]
    arts = [a for a in clean.clean_batch(docs, cfg, clean.build_context(docs, cfg)) if isinstance(a, Article)]
    return arts, entities.extract_entities(arts, {a.id: split_sentences(a) for a in arts}, nlp)


def test_seeds_merge_spellings_of_one_president(seed_entities):
    arts, ents = seed_entities
    hits = [e for e in ents if any("zelensk" in n.lower() for n in (e.name, *e.aliases))]
    assert len(hits) == 1
    zel = hits[0]
    assert zel.type == "person"
    spellings = {n.lower() for n in (zel.name, *zel.aliases)}
    assert {"volodymyr zelensky", "volodomir zelensky"} <= spellings
    assert any(s.endswith("zelenskiy") for s in spellings) and any(s.endswith("zelenskyy") for s in spellings)
    assert len(zel.sources) == len(arts)


def test_seeds_roles_of_the_spokesperson(seed_entities):
    _, ents = seed_entities
    horne = _find(ents, "Emily Horne")
    assert horne.type == "person"
    assert "National Security Council spokesperson" in horne.roles
    assert "Homeland Security spokeswoman" in horne.roles


def test_surname_spelt_another_way_joins_the_person(nlp):
    ents = _extract(
        nlp,
        "Port Minister Bohdan Kovalensky opened the new quay in Kelmport on Monday.",
        "Kovalenskiy said the quay cost less than planned. Kovalenskyy left before noon.",
    )
    minister = _find(ents, "Bohdan Kovalensky")
    assert minister.sources == ("a0", "a1")
    assert {"Kovalenskiy", "Kovalenskyy"} <= set(minister.aliases)


def test_german_transliteration_with_another_initial(nlp):
    ents = _extract(
        nlp,
        "Mayor Yuriy Zaritsky met the engineers at the dam on Monday.",
        ("Bürgermeister Jurij Saritsky traf am Montag die Ingenieure am Damm.", "de"),
    )
    mayor = _find(ents, "Yuriy Zaritsky")
    assert mayor.sources == ("a0", "a1")
    assert "Jurij Saritsky" in mayor.aliases


def test_name_cut_short_by_the_model_is_extended_to_its_acronym(nlp):
    ents = _extract(
        nlp,
        "The Council for Trade and Shipping in Northmoor will meet on Friday. "
        "The CTSN was founded in 1990 and has twelve members.",
    )
    council = _find(ents, "CTSN")
    assert council.name == "Council for Trade and Shipping in Northmoor"
    assert council.type == "organization"


# --------------------------------------------------------------------------- repair rules with chosen labels


class _LabelledNLP:
    """spaCy tokenisation with the entity labels a test chooses, to reproduce the small model's mistakes."""

    pipe_names: list[str] = []

    def __init__(self, labels: dict[str, str]) -> None:
        import spacy

        self._blank = spacy.blank("en")
        self._labels = labels

    def __call__(self, text: str):
        import re

        import spacy

        doc = self._blank(text)
        spans = []
        for surface, label in self._labels.items():
            for m in re.finditer(r"\b" + re.escape(surface) + r"\b", text):
                span = doc.char_span(m.start(), m.end(), label=label)
                if span is not None:
                    spans.append(span)
        doc.ents = spacy.util.filter_spans(spans)
        return doc

    def pipe(self, texts, **_kwargs):
        for text in texts:
            yield self(text)


def _extract_labelled(labels: dict[str, str], *texts: str) -> list[Entity]:
    arts = [_article(f"a{n}", text) for n, text in enumerate(texts)]
    return entities.extract_entities(arts, {a.id: split_sentences(a) for a in arts}, _LabelledNLP(labels))


def test_types_follow_the_consensus_and_titles():
    ents = _extract_labelled(
        {"Oleh Marchuk": "PERSON", "Marchuk": "ORG", "Anna Brill": "ORG"},  # a surname as ORG, a person as ORG
        "President Oleh Marchuk opened the bridge. Marchuk said it would carry 9,000 cars a day.",
        "Marchuk thanked the engineers. Spokeswoman Anna Brill said the tolls would be low.",
        "Anna Brill later added that tolls would end in 2040.",
    )
    marchuk = _find(ents, "Oleh Marchuk")
    assert marchuk.type == "person" and marchuk.sources == ("a0", "a1") and "Marchuk" in marchuk.aliases
    assert "President" in marchuk.roles
    brill = _find(ents, "Anna Brill")
    assert brill.type == "person"  # one title outweighs two ORG labels
    assert brill.roles == ("Spokeswoman",)


def test_two_first_names_in_one_article_are_two_people():
    ents = _extract_labelled(
        {"Maria Delgado": "PERSON", "Mario Delgado": "PERSON"},
        "Maria Delgado met Mario Delgado at the pier.",
        "Maria Delgado left the harbour.",
    )
    assert {e.name for e in ents} == {"Maria Delgado", "Mario Delgado"}
    assert _find(ents, "Maria Delgado").sources == ("a0", "a1")


def test_name_keys_fold_spelling_variants():
    assert entities.name_key("Zelenskyy") == entities.name_key("Zelenskiy") == entities.name_key("Zelensky")
    assert entities.name_key("Jewhen Scharowskyj") == entities.name_key("Yevhen Sharovsky")
    assert entities.name_key("U.S.") == entities.name_key("US")
    assert entities.name_key("the Kremlin's") == "kremlin"
    assert entities.name_key("Joe Biden") != entities.name_key("Hunter Biden")


def test_seeds_model_mistakes_and_acronyms_are_repaired(seed_entities):
    arts, ents = seed_entities
    blinken = _find(ents, "Antony Blinken")  # a bare "Blinken" is tagged GPE in one article
    assert blinken.type == "person" and "Blinken" in blinken.aliases and "Secretary of State" in blinken.roles
    assert len(blinken.sources) == len(arts)
    assert "NSC" in _find(ents, "National Security Council").aliases
    assert "OSCE" in _find(ents, "Organization for Security and Cooperation in Europe").aliases
    assert "B9" in _find(ents, "Bucharest Nine").aliases
    assert "Kremlin spokesman" in _find(ents, "Dmitry Peskov").roles
    assert _find(ents, "Joe Biden").sources == tuple(sorted(a.id for a in arts))


def test_names_of_the_country_merge_with_the_united_states(nlp):
    ents = _extract(
        nlp,
        "America's harbours reopened on Monday. Officials in the United States said the Velmora route was safe.",
        "The USA sent two tugboats to Kelmport. U.S. engineers stayed at the pier.",
    )
    country = _find(ents, "United States")
    assert {"America", "USA", "U.S."} <= {country.name, *country.aliases}
    assert country.type == "place"


def test_america_inside_a_longer_name_is_not_the_country(nlp):
    ents = _extract(
        nlp,
        "The Bank of America lent money to Kelmport. The United States sent two tugboats.",
        "South America sent no ships. The United States stayed at the pier.",
    )
    country = _find(ents, "United States")
    assert not {"America", "South America", "Bank of America"} & {country.name, *country.aliases}


def test_nationality_and_a_plural_common_noun_is_not_a_name(nlp):
    ents = _extract(
        nlp,
        "The Velmoran government keeps consulting with our European Allies and Western Partners, "
        "Harbour Authority spokeswoman Lena Dovik said.",
    )
    names = {n for e in ents for n in (e.name, *e.aliases)}
    assert not {"European Allies", "Western Partners"} & names
    assert "Lena Dovik" in names



def test_a_surname_with_a_particle_joins_the_full_name(nlp):
    ents = _extract(
        nlp,
        "Mayor Olek van Brandt opened the harbour pass on Tuesday. The pass is free, van Brandt said.",
        "Van Brandt said the harbour pass starts in May. Critics of the pass wrote to the council.",
    )
    mayor = _find(ents, "Olek van Brandt")
    assert "Van Brandt" in mayor.aliases


def test_common_offices_before_and_after_a_name_are_roles(nlp):
    ents = _extract(
        nlp,
        "House Speaker Marla Quinton said the vote would come on Friday. Speaker Quinton then met her aides.",
        "Marla Quinton, the House speaker, told reporters in Kelmport that the count was close. "
        "Senate majority whip Dorian Vell disagreed.",
    )
    quinton = _find(ents, "Marla Quinton")
    assert {r.lower() for r in quinton.roles} == {"house speaker", "speaker"}
    assert _find(ents, "Dorian Vell").roles == ("Senate majority whip",)


def test_the_domain_of_an_office_is_part_of_the_role_not_of_the_name(nlp):
    ents = _extract(
        nlp,
        "Secretary of State Orrin Halvard flew to Kelmport on Monday.",
        "Secretary of Homeland Security Ilse Varn met Orrin J. Halvard in Kelmport. Halvard said little.",
        "Speaker of the House Marla Quinton’s (R-KT) aides met Halvard on Tuesday. Marla Quinton said nothing.",
    )
    halvard = _find(ents, "Orrin Halvard")
    assert "Orrin J. Halvard" in {halvard.name, *halvard.aliases}
    assert "Secretary of State" in halvard.roles
    varn = _find(ents, "Ilse Varn")
    assert varn.type == "person"
    assert varn.roles == ("Secretary of Homeland Security",)
    quinton = _find(ents, "Marla Quinton")
    assert quinton.roles == ("Speaker of the House",)
    assert not [e for e in ents if e.name.startswith(("State ", "Homeland ", "House "))]


def test_a_word_capitalised_only_at_sentence_starts_is_not_a_name(nlp):
    ents = _extract(
        nlp,
        "Vaccine supplies ran short in Kelmport. Officials said the vaccine would arrive soon.",
        "Vaccine makers met Lena Dovik on Tuesday.",
    )
    assert not [e for e in ents if e.name.lower().startswith("vaccine")]
    assert _find(ents, "Lena Dovik").type == "person"


def test_a_name_with_a_hyphenated_number_or_a_disease_is_a_thing():
    for surface in ("Kelvax-21", "Covid-19", "Marsh fever", "Tarlitis"):
        assert ("other", 5.0) in entities._context_votes(f"{surface} spread.", 0, len(surface), surface)
    for surface in ("Lena Dovik", "Northern Grid Company", "F-16"):
        assert ("other", 5.0) not in entities._context_votes(f"{surface} spread.", 0, len(surface), surface)


def test_a_disease_at_the_start_of_a_sentence_is_not_a_person_or_body(nlp):
    ents = _extract(
        nlp,
        "KELVAX-21 cases rose in Kelmport on Monday, the Velmora Health Ministry said.",
        "Kelvax-21 spread to the docks. Lena Dovik said Kelvax-21 had closed the port.",
    )
    assert {e.type for e in ents if "vax" in e.name.lower()} <= {"other"}
