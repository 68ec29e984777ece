"""Quotes: finding quoted passages, attributing speakers, merging across articles.

Every article here is fictional and written for these tests.
"""

from __future__ import annotations

import pytest

from conftest import SEEDS, articles_of
from storyline import entities, quotes
from storyline.config import load_config
from storyline.records import Article, Quote
from storyline.sentences import split_sentences


def _quotes(nlp, *texts: str | tuple[str, str]) -> list[Quote]:
    arts, sents = articles_of(*texts)
    return quotes.extract_quotes(arts, sents, entities.extract_entities(arts, sents, nlp))


def _one(found: list[Quote], words: str) -> Quote:
    hits = [q for q in found if words.lower() in q.text.lower()]
    assert len(hits) == 1, f"{words!r} is in {len(hits)} quotes: {[(q.text, q.speaker) for q in found]}"
    return hits[0]


def test_straight_and_curly_quotes_with_speakers(nlp):
    found = _quotes(
        nlp,
        'Harbour Authority spokeswoman Lena Dovik said: "The pier will stay shut until the divers are done."\n\n'
        "“We have never seen the tide this high,” said Tomas Brel, a harbour pilot.",
    )
    assert _one(found, "stay shut").speaker == "Lena Dovik"
    assert _one(found, "tide this high").speaker == "Tomas Brel"
    assert _one(found, "tide this high").text == "We have never seen the tide this high"


def test_broken_scraped_marks(nlp):
    found = _quotes(
        nlp,
        "Lena Dovik spoke to the pilots on Monday “ to go over a long list of matters , including the winter "
        "schedule , ”said harbour spokeswoman Lena Dovik.",
    )
    q = _one(found, "winter schedule")
    assert q.speaker == "Lena Dovik"
    assert q.text.startswith("to go over a long list of matters, including")
    assert " ," not in q.text


def test_quote_split_around_the_attribution_is_one_quote(nlp):
    text = (
        "Lena Dovik visited the flooded quay on Tuesday.\n\n"
        '"We are moving the boats to the inner basin," she said. "Then we will count what is broken."'
    )
    found = _quotes(nlp, text)
    q = _one(found, "inner basin")
    assert "count what is broken" in q.text
    assert q.speaker == "Lena Dovik"
    assert len(q.spans) == 1
    ((article_id, start, end),) = q.spans
    assert article_id == "a0"
    assert text[start:end].startswith("We are moving") and text[start:end].endswith("is broken.")


def test_pronoun_goes_to_the_last_named_person(nlp):
    found = _quotes(
        nlp,
        "Inspector Karel Mund walked the dam wall with two engineers.\n\n"
        '"Nobody has looked at these cracks for years," he told reporters.',
    )
    assert _one(found, "these cracks").speaker == "Karel Mund"


def test_surname_resolves_to_the_full_name(nlp):
    found = _quotes(
        nlp,
        "Karel Mund, the chief inspector, toured the site. "
        'Mund added that "the pumps were never tested after the repairs."',
    )
    assert _one(found, "never tested").speaker == "Karel Mund"


def test_according_to_and_generic_speakers(nlp):
    found = _quotes(
        nlp,
        'The pier was "closed for the whole week and maybe longer," according to Lena Dovik.\n\n'
        '"Nobody expected the storm to turn north so quickly," a senior harbour official said.\n\n'
        'The Port Ministry said it would "pay for every boat lost in the storm."',
    )
    assert _one(found, "whole week").speaker == "Lena Dovik"
    assert _one(found, "turn north").speaker == "senior harbour official"
    assert _one(found, "every boat lost").speaker == "Port Ministry"


def test_unattributed_quote_has_no_speaker(nlp):
    found = _quotes(
        nlp,
        "Rain fell all night over the valley.\n\n"
        'Painted on the wall of the old mill were the words "the river always comes back for what it lost".',
    )
    assert _one(found, "river always comes back").speaker is None


def test_scare_quotes_are_dropped(nlp):
    found = _quotes(
        nlp,
        'Critics call the plan a "paper wall" and the rules "more red tape". Lena Dovik said the plan was sound, '
        'not "just a wish".',
    )
    assert not [q for q in found if "paper wall" in q.text or "red tape" in q.text]
    assert _one(found, "just a wish").speaker == "Lena Dovik"  # three words, attributed: a quote


def test_same_quote_merges_across_articles(nlp):
    found = _quotes(
        nlp,
        'Lena Dovik said: "We will reopen the pier once every pillar has been checked by the divers."',
        '"We will reopen the pier when every single pillar has been checked by divers," Lena Dovik said.',
        'Harbour spokeswoman Dovik said the pier would reopen "once every pillar has been checked."',
        'Tomas Brel said: "The pilots will not go out until the wind drops below thirty knots."',
    )
    q = _one(found, "pillar")
    assert q.sources == ("a0", "a1", "a2")
    assert q.speaker == "Lena Dovik"
    assert len(q.spans) == 3
    assert "single pillar" in q.text  # the most complete wording
    assert found[0] is q  # most sources first
    assert _one(found, "thirty knots").sources == ("a3",)


def test_same_words_from_different_people_do_not_merge(nlp):
    found = _quotes(
        nlp,
        'Lena Dovik said: "We did everything we could to keep the harbour open for the boats."',
        'Tomas Brel said: "We did everything we could to keep the harbour open for the boats."',
    )
    hits = [q for q in found if "harbour open" in q.text]
    assert sorted(q.speaker for q in hits) == ["Lena Dovik", "Tomas Brel"]


def test_bad_similarity_is_rejected():
    with pytest.raises(ValueError):
        quotes.extract_quotes([], {}, [], similarity=-1)


def test_seeds_statement_is_one_quote_from_all_sources(nlp):
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present on this machine")
    from storyline import clean, ingest

    cfg = load_config(environ={})
    docs = [d for d in ingest.iter_inputs([str(SEEDS)], cfg) if not hasattr(d, "reason")]
    arts = [a for a in clean.clean_batch(docs, cfg, clean.build_context(docs, cfg)) if isinstance(a, Article)]
    sents = {a.id: split_sentences(a) for a in arts}
    found = quotes.extract_quotes(arts, sents, entities.extract_entities(arts, sents, nlp))
    hits = [q for q in found if "diplomatic engagements" in q.text and q.speaker == "Emily Horne"]
    assert len(hits) == 1
    assert hits[0].sources == tuple(sorted(a.id for a in arts))


# --------------------------------------------------------------------------- more attribution and merging cases


def test_german_marks_and_an_inverted_pronoun(nlp):
    found = _quotes(
        nlp,
        "Harbour spokeswoman Lena Dovik said the pier would reopen in spring.",
        (
            "„Wir öffnen den Hafen im Frühjahr“, sagte Lena Dovik. "
            "„Die Taucher sind fertig“, sagte sie, „und die Boote warten.“",
            "de",
        ),
    )
    assert _one(found, "Wir öffnen den Hafen").speaker == "Lena Dovik"
    joined = _one(found, "Die Taucher sind fertig")
    assert joined.text == "Die Taucher sind fertig, und die Boote warten."
    assert joined.speaker == "Lena Dovik"


def test_a_quote_standing_alone_continues_the_previous_speaker(nlp):
    found = _quotes(
        nlp,
        '"The water came in minutes," said Ruta Pell, who has run the bakery on the square for twenty years. '
        '"We lost everything in the shop."',
    )
    assert _one(found, "lost everything").speaker == "Ruta Pell"


def test_the_official_is_the_official_named_before(nlp):
    found = _quotes(
        nlp,
        'A senior harbour official told reporters that "the divers found cracks in two pillars." '
        'Later, the official said the pier "will stay shut until the spring thaw."',
    )
    assert _one(found, "cracks").speaker == "senior harbour official"
    assert _one(found, "spring thaw").speaker == "senior harbour official"


def test_speaker_after_a_long_appositive_and_not_the_person_met(nlp):
    found = _quotes(
        nlp,
        '"We will rebuild the embankment," Ilona Markas, spokeswoman for the Regional Water Authority (RWA), '
        "which runs the dam, told reporters.",
        "Prime Minister Oleh Marchuk flew to Kelmport on Monday. Marchuk toured the pier with Mayor Anna Brill. "
        '"Nobody will hide behind paperwork," he told reporters.',
    )
    assert _one(found, "rebuild the embankment").speaker == "Ilona Markas"
    assert _one(found, "paperwork").speaker == "Oleh Marchuk"


def test_quotes_cut_differently_merge_on_a_shared_sentence(nlp):
    found = _quotes(
        nlp,
        '"We do not know yet whether the gates work. What we know is that nobody has checked them for five years," '
        "deputy director Henrik Olsa said.",
        '"What we know is that nobody has checked them for five years at all. That is unacceptable," '
        "Henrik Olsa told a news conference.",
    )
    hits = [q for q in found if "nobody has checked them" in q.text]
    assert len(hits) == 1 and hits[0].sources == ("a0", "a1") and hits[0].speaker == "Henrik Olsa"


def test_a_verb_without_a_subject_takes_the_person_named_before(nlp):
    found = _quotes(
        nlp,
        "Harbour spokeswoman Lena Dovik said the pier would reopen in spring.",
        ("La portavoz, Lena Dovik, explicó que el muelle abrirá pronto. “Los buzos ya terminaron”, afirmó.", "es"),
    )
    assert _one(found, "buzos").speaker == "Lena Dovik"


def test_a_quote_left_open_at_the_end_runs_to_the_end(nlp):
    found = _quotes(
        nlp,
        'Lena Dovik said the pier was safe. "The divers found nothing," she said. "We will reopen the pier on '
        "Monday and the ferries will...",
    )
    q = _one(found, "reopen the pier")
    assert q.speaker == "Lena Dovik"
    assert not q.text.endswith(".")


def test_a_quote_continued_in_the_next_paragraph(nlp):
    found = _quotes(
        nlp,
        "Karel Mund opened the hearing.\n\n"
        "“The dam was built for a smaller river and nobody asked what would happen after the rains\n\n"
        "“Now we know,” he said.",
    )
    assert _one(found, "smaller river").speaker == "Karel Mund"


def test_an_opener_left_open_mid_article_is_dropped(nlp):
    found = _quotes(nlp, 'The mayor called it a " long night for everyone in town\n\nThe pumps ran until dawn.')
    assert not [q for q in found if "long night" in q.text]


def test_a_pronoun_prefers_the_person_who_spoke(nlp):
    found = _quotes(
        nlp,
        "In an interview with radio host Tomas Brel, Lena Dovik said the harbour needs “a new wall before winter.” "
        "She said it is the result of “ten years of patching the old one instead of building a new one.”",
    )
    assert _one(found, "ten years of patching").speaker == "Lena Dovik"


def test_a_quote_opening_a_paragraph_belongs_to_the_person_just_named(nlp):
    found = _quotes(
        nlp,
        "Senator Anna Berg criticised the harbour board for its slow repairs on Tuesday.\n\n"
        "“While I respect the board, what I did not hear tonight was a plan for the families who lost their boats.”",
    )
    assert _one(found, "families who lost their boats").speaker == "Anna Berg"


def test_a_title_abbreviation_and_an_age_do_not_end_the_attribution(nlp):
    found = _quotes(
        nlp,
        "Mayor Anna Brill came to the flooded station in Kelmport, where Jonas Vale had waited for three days. "
        "“The boats are forty feet away,” Mr. Vale, 40, said on Sunday night, speaking by telephone.",
    )
    assert _one(found, "forty feet away").speaker == "Jonas Vale"


def test_the_subject_of_the_clause_joined_by_and_is_the_speaker(nlp):
    found = _quotes(
        nlp,
        "Mayor Anna Brill met Prime Minister Oleh Marchuk on Monday, and the Harbour Authority said the two "
        '"agreed to rebuild the pier before the winter storms."',
    )
    assert _one(found, "rebuild the pier").speaker == "Harbour Authority"
    # a clause joined by ", but" without a subject of its own keeps the sentence's subject
    found = _quotes(
        nlp,
        "Harbour master Jonas Vale has made clear that the port will reopen for ferries, but stressed that Lorne "
        "is committed to \u201cno decision about the fishermen without the fishermen\u201d in its planning.",
    )
    assert _one(found, "without the fishermen").speaker == "Jonas Vale"


def test_a_two_word_quote_credited_to_someone_after_it_is_not_the_speech_verbs(nlp):
    text = "Mayor Anna Brill told reporters the city will push for new ferries and seek \u201ccareful diplomacy\u201d"
    assert _one(_quotes(nlp, text + " with Velmora."), "careful diplomacy").speaker == "Anna Brill"
    found = _quotes(nlp, text + " with Velmora, according to an aide who briefed reporters.")
    assert all(q.speaker != "Anna Brill" for q in found)


def test_reported_and_ruled_are_speech_verbs_for_organisations(nlp):
    found = _quotes(
        nlp,
        "“The sluice gates had not been tested for a decade,” the Kelmport Gazette reported.\n\n"
        'In 2029, the Harbour Review Board ruled that the pier "was no longer safe for ferries or cargo."',
    )
    assert _one(found, "sluice gates").speaker == "Kelmport Gazette"
    assert _one(found, "no longer safe").speaker == "Harbour Review Board"


def test_the_owner_of_a_call_and_the_subject_of_saying(nlp):
    found = _quotes(
        nlp,
        "Prime Minister Oleh Marchuk on Monday rejected Mayor Anna Brill's call for a \"full inquiry\" into the "
        'flood, saying he is "ready to rebuild" the embankment.',
    )
    assert _one(found, "full inquiry").speaker == "Anna Brill"
    assert _one(found, "ready to rebuild").speaker == "Oleh Marchuk"


def test_the_group_is_the_first_person_named_before_not_the_body_in_their_title(nlp):
    found = _quotes(
        nlp,
        "Harbour Council Chairwoman Anna Berg and other council leaders condemned Mayor Tomas Brel in a statement "
        "on Friday. “Closing the pier without a vote was a mistake,” the group wrote. “The fishermen deserved "
        "better.”",
    )
    q = _one(found, "without a vote")
    assert q.speaker == "Anna Berg"
    assert "fishermen deserved better" in q.text  # the second half joined to the first


def test_a_two_word_quote_in_reported_speech_goes_to_the_reporting_speaker(nlp):
    found = _quotes(
        nlp,
        "Senator Karel Mund, a long-time critic of Mayor Anna Brill, said on Monday that an engineer had told "
        'him the gates were closed for "political reasons". The mayor called the gates "a relic".',
    )
    assert _one(found, "political reasons").speaker == "Karel Mund"
    # "X called the gates "a relic"": X's words ("called" is a speech verb since stories 96-190 were read)
    assert _one(found, "a relic").speaker == "Anna Brill"


def test_a_question_word_is_never_the_speaker(nlp):
    found = _quotes(
        nlp,
        'Who told the council "the gates were never tested" is still unknown. '
        'What the harbour official said on Monday was "we will rebuild the pier before winter."',
    )
    assert _one(found, "never tested").speaker is None
    assert _one(found, "rebuild the pier").speaker == "harbour official"


def test_it_said_is_the_organisation_named_before(nlp):
    found = _quotes(
        nlp,
        "The Harbour Authority said on Monday that the pier would stay closed. "
        "“The gates were never tested after the flood,” it said.",
    )
    assert _one(found, "never tested").speaker == "Harbour Authority"


def test_asked_is_a_speech_verb_but_not_in_the_passive(nlp):
    found = _quotes(
        nlp,
        '"Will the pier reopen before the winter?" asked Karel Mund.\n\n'
        'Lena Dovik met the press. "Who pays for the new pier?" she was asked by a reporter.',
    )
    assert _one(found, "reopen before the winter").speaker == "Karel Mund"
    assert _one(found, "who pays").speaker != "Lena Dovik"


def test_said_sen_x_and_the_senator_named_before(nlp):
    found = _quotes(
        nlp,
        '"The pier is a disgrace," said Sen. Karel Mund, D-Kel.',
        "Mayor Anna Brill and Senator Ilona Markas toured the pier on Monday. "
        '"It is a disgrace to the whole town," the senator said. "We will rebuild it," the mayor added.',
    )
    assert _one(found, "pier is a disgrace").speaker == "Karel Mund"
    assert _one(found, "whole town").speaker == "Ilona Markas"
    assert _one(found, "rebuild it").speaker == "Anna Brill"


def test_a_role_noun_written_before_a_name_is_not_part_of_the_speaker(nlp):
    found = _quotes(
        nlp,
        "Rapper Kato Velmir and his manager, Ada Lusk, posted photos from the party.\n\n"
        '"We had to delete everything," Velmir explained.',
    )
    assert _one(found, "delete everything").speaker == "Kato Velmir"


def test_they_said_after_two_named_partners_is_the_first_of_them(nlp):
    found = _quotes(
        nlp,
        "Now Harbour Dynamics and its partner Kelmport Labs will seek approval for the pier "
        "“as soon as possible,” they said.",
    )
    assert _one(found, "as soon as possible").speaker == "Harbour Dynamics"


def test_a_document_is_the_speaker_of_its_words(nlp):
    found = _quotes(
        nlp,
        "The suit in federal court in Kelmport alleges Mayor Anna Brill “ignored every warning about the gates "
        "and lied to the council about the cost.”",
        "Governor Anna Brill issued an order on Monday.\n\nThe order states that \"no ferry may leave the "
        'harbour after dark unless the gates are closed."',
        "The executive order (pdf) states, “Every ferry must carry a second radio from the first of May on.”",
    )
    assert _one(found, "ignored every warning").speaker == "suit"
    assert _one(found, "no ferry may leave").speaker == "order"
    assert _one(found, "second radio").speaker == "executive order"


def test_a_quote_opening_a_paragraph_with_nobody_named_before_continues_the_last_speaker(nlp):
    found = _quotes(
        nlp,
        '"The pier will stay closed until spring," the Harbour Authority said on Monday.\n\n'
        "The storm damaged the gates last week. More rain is expected on the coast.\n\n"
        '"The repairs will take at least six weeks and cost more than planned."',
    )
    assert _one(found, "at least six weeks").speaker == "Harbour Authority"


def test_a_statement_from_someone_is_theirs(nlp):
    found = _quotes(
        nlp,
        '"We will not close the harbour this winter," a statement from the Kelmport Harbour Board said.',
        "According to a statement from the Kelmport Harbour Board, “the ferries will keep their winter timetable.”",
    )
    assert _one(found, "close the harbour").speaker == "Kelmport Harbour Board"
    assert _one(found, "winter timetable").speaker == "Kelmport Harbour Board"


def test_the_spokesperson_is_the_one_written_with_that_title_before(nlp):
    found = _quotes(
        nlp,
        'Spokesperson Lena Dovik met reporters on the pier. "We will not close the harbour this winter," '
        "the spokesperson said.",
    )
    assert _one(found, "close the harbour").speaker == "Lena Dovik"


def test_a_name_after_of_the_in_an_appositive_is_not_the_speaker(nlp):
    found = _quotes(
        nlp,
        'Dr. Ada Lusk, director of the Kelmport institute, warned that "the river could flood again within weeks."',
    )
    assert _one(found, "flood again").speaker == "Ada Lusk"


def test_a_plural_of_a_role_is_a_speaker_as_written(nlp):
    found = _quotes(
        nlp,
        '"The gates were never tested after the flood," harbour engineers wrote in a report released Monday.',
    )
    assert _one(found, "never tested").speaker == "harbour engineers"


def test_present_tense_verbs_and_participles_of_speech(nlp):
    found = _quotes(
        nlp,
        'Despite the storms, "the gates are the most important defence of the town," the harbour report emphasizes.',
        "Mayor Anna Brill apologized on Monday for the closure, declaring that “there is no excuse for this.”",
    )
    assert _one(found, "most important defence").speaker == "harbour report"
    assert _one(found, "no excuse").speaker == "Anna Brill"


def test_a_name_used_as_a_modifier_is_not_the_speaker(nlp):
    found = _quotes(
        nlp,
        "Mayor Anna Brill lost the case. "
        '"The eviction order must be set aside," District Judge Ada Lusk, a Brill appointee, ruled on Wednesday.',
    )
    assert _one(found, "set aside").speaker == "Ada Lusk"


def test_a_name_inside_a_quote_is_not_what_a_pronoun_after_it_refers_to(nlp):
    found = _quotes(
        nlp,
        "“We trust Anna Brill to fix the pier before the winter,” wrote Karel Mund in a memo. "
        "He added, “The town deserves better than a closed harbour.”",
    )
    assert _one(found, "deserves better").speaker == "Karel Mund"


def test_a_time_adverbial_a_verb_or_a_conjunction_is_not_part_of_the_speaker(nlp):
    found = _quotes(
        nlp,
        'Harbourline on Wednesday said it was closing the pier to all boats that "pose a serious risk to the '
        'old gates."',
        "Kelmport Dynamics announced Monday that it has asked the harbour board for approval after the tests "
        'showed "compelling results" on the pier.',
        "As the Kelmport Courier reported, the board called for a pause “until the end of September, so that the "
        "gates can be tested.”",
        'The Kelmport president urged residents to stay home and said his government was "ready to move '
        'immediately" on the pier.',
    )
    assert _one(found, "serious risk").speaker == "Harbourline"
    assert _one(found, "compelling results").speaker == "Kelmport Dynamics"
    assert _one(found, "end of September").speaker == "Kelmport Courier"
    assert _one(found, "move immediately").speaker != "president urged residents"


def test_the_president_with_a_modifier_is_the_president_named_before(nlp):
    found = _quotes(
        nlp,
        "President Anna Brill of Kelmport met the press on Monday. "
        'The Kelmport president said her government was "ready to move immediately on the pier."',
    )
    assert _one(found, "move immediately").speaker == "Anna Brill"


def test_which_said_is_the_name_before_it(nlp):
    found = _quotes(
        nlp,
        "The outage was traced to the Kelmport Cloud Company, which said in a status update on Monday morning, "
        "that the “fault has been found and a fix has been applied.”",
    )
    assert _one(found, "fix has been applied").speaker == "Kelmport Cloud Company"


def test_a_name_right_after_a_quote_cut_off_by_truncation_is_the_speaker(nlp):
    found = _quotes(
        nlp,
        "Mayor Karel Mund opened the session on Monday.\n\n"
        '"The pier will reopen in the spring, whatever the cost," Harbour Minister Anna Brill...',
    )
    assert _one(found, "whatever the cost").speaker == "Anna Brill"


def test_they_said_and_a_paragraph_quote_after_a_speaking_group(nlp):
    found = _quotes(
        nlp,
        "Kelmport officials said only the council can fix the pier. "
        '"The council will have to act before the winter storms arrive," they said.',
        "Harbour officials said there would be no new taxes for the pier.\n\n"
        '"Our group has worked in good faith to find a fair plan for the pier and the ferries."',
    )
    assert _one(found, "winter storms").speaker == "Kelmport officials"
    assert _one(found, "good faith").speaker == "Harbour officials"


def test_a_quote_of_whom_someone_spoke_to_is_not_their_words(nlp):
    found = _quotes(
        nlp,
        "Mayor Lena Varga has spoken “to leaders from every district of Eskerby” and her office has “worked with the "
        "regional council on the repairs,” the statement said.",
    )
    assert _one(found, "to leaders from every district").speaker != "Lena Varga"


def test_a_two_word_quote_in_a_sentence_credited_with_according_to_is_theirs(nlp):
    found = _quotes(
        nlp,
        "The mayor will meet the pilots on Friday and offer “patient talks” about the pier, according to a senior "
        "harbour official who briefed reporters. The official added that the port faces a “hard winter” ahead.",
    )
    assert _one(found, "patient talks").speaker == "senior harbour official"
    assert _one(found, "hard winter").speaker == "senior harbour official"



def test_a_release_dated_by_its_weekday_is_its_issuers(nlp):
    found = _quotes(
        nlp,
        "The pier was “closed as the result of a structural failure under the east deck,” according to a Saturday "
        "press release from the Harbour Authority, which named the engineers.",
    )
    assert _one(found, "structural failure").speaker == "Harbour Authority"


def test_revealed_and_vowed_are_speech_verbs(nlp):
    found = _quotes(
        nlp,
        "Harbour Authority spokeswoman Lena Dovik revealed that the board is “in daily touch with the divers.”\n\n"
        "Harbour pilot Oskar Lind vowed to rebuild the pier “before the first winter storm,” after the council met.",
    )
    assert _one(found, "daily touch").speaker == "Lena Dovik"
    assert _one(found, "first winter storm").speaker == "Oskar Lind"


def test_a_participle_after_the_quote_speaks_for_the_main_clause_subject(nlp):
    found = _quotes(
        nlp,
        "Mayor Tomas Brel said he stands “firmly behind” his plan to close the pier, speaking from the harbour "
        "office on Monday.\n\n"
        "The Harbour Authority announced in a release on Monday, saying that the pilot “will not face any "
        "discipline after the crash.”",
    )
    assert _one(found, "firmly behind").speaker == "Tomas Brel"
    assert _one(found, "any discipline").speaker == "Harbour Authority"


def test_the_agency_is_the_organisation_named_before(nlp):
    found = _quotes(
        nlp,
        "The Harbour Authority updated its rules for ferries on Tuesday.\n\n"
        "The agency said small boats should stay in port in “strong, gusty winds above force seven.”",
    )
    assert _one(found, "gusty winds").speaker == "Harbour Authority"


def test_he_after_a_sentence_with_a_quote_is_the_one_who_spoke_it(nlp):
    found = _quotes(
        nlp,
        "Asked whether Mayor Ilona Markas would reopen the pier, harbour pilot Tomas Brel snapped, answering: "
        "“I do not know that.”\n\n"
        "“What do you want from me every single morning?” he asked.",
    )
    assert _one(found, "every single morning").speaker == "Tomas Brel"


def test_a_number_is_not_a_speaker(nlp):
    found = _quotes(
        nlp,
        "Fifty-nine percent of respondents said that the pier is an “extremely serious and urgent” problem.",
    )
    assert _one(found, "extremely serious").speaker != "Fifty-nine"


def test_adding_after_a_pronoun_attribution_is_the_same_speaker(nlp):
    found = _quotes(
        nlp,
        "Mayor Lena Dovik spoke to the pilots on Monday. The harbour’s future “could be bright,” she said, adding: "
        "“It will depend on what the divers find under the east deck.”",
    )
    assert all(q.speaker == "Lena Dovik" for q in found) and found


def test_the_one_who_is_told_is_not_the_speaker(nlp):
    found = _quotes(
        nlp,
        "Lena Dovik said she is “truly honoured” by the vote and vowed to keep the pier open against the "
        "“reckless closing plan,” the Courier is told.",
    )
    assert _one(found, "reckless closing plan").speaker == "Lena Dovik"


def test_a_quote_later_in_the_sentence_of_a_credited_one_shares_its_speaker(nlp):
    found = _quotes(
        nlp,
        "Lena Dovik said the vote was fair and vowed to “save our old pier” from the “reckless closing plan of "
        "the board,” the Courier is told.",
    )
    assert _one(found, "save our old pier").speaker == "Lena Dovik"
    assert _one(found, "reckless closing plan").speaker == "Lena Dovik"


def test_demanded_is_a_speech_verb_and_who_is_the_name_before(nlp):
    found = _quotes(
        nlp,
        "Mayor Lena Dovik answered a harsh letter from Governor Tomas Brel, who demanded she and the port board "
        "\"reopen the pier or step aside\" before the storm season.",
    )
    assert _one(found, "reopen the pier").speaker == "Tomas Brel"


def test_called_is_a_speech_verb_but_not_a_noun_or_so_called(nlp):
    found = _quotes(
        nlp,
        "Harbour pilot Tomas Brel called the new timetable a “slap in the face of every crew.”\n\n"
        "Painting Mayor Lena Dovik’s calls for calm as “empty words from the town hall,” the pilots walked out.",
    )
    assert _one(found, "slap in the face").speaker == "Tomas Brel"
    assert all(q.speaker is None or "Painting" not in q.speaker for q in found)


def test_verbs_of_praise_and_blame_attribute_but_not_inside_a_relative_clause(nlp):
    found = _quotes(
        nlp,
        "A statement from the Harbour Authority hailed “remarkable progress” on the east pier.\n\n"
        "Mayor Lena Dovik slammed the council for its “reckless and costly plan” on Monday.\n\n"
        "Take Ilona Markas’s claim that the speech, in which Mayor Tomas Brel praised the divers, was “a lot of "
        "empty words from the town hall.”",
    )
    assert _one(found, "remarkable progress").speaker == "Harbour Authority"
    assert _one(found, "reckless and costly").speaker == "Lena Dovik"
    assert all(q.speaker != "Tomas Brel" for q in found)


def test_a_quote_inside_a_relative_clause_is_its_verbs(nlp):
    found = _quotes(
        nlp,
        "The last meeting took place on Monday, at which Mayor Lena Dovik warned the board that the town would "
        "answer with “strong legal measures” to any closure.",
    )
    assert _one(found, "strong legal measures").speaker == "Lena Dovik"


def test_a_name_and_an_appositive_cut_off_by_truncation_after_a_quote_is_the_speaker(nlp):
    found = _quotes(
        nlp,
        "Harbour pilot Tomas Brel fired two flares before he fled the pier.\n\n"
        "“I was running so fast. I just ran for my life,” Lena Dovik, a ferry mechanic who was at the pier when "
        "the fir...",
    )
    assert _one(found, "ran for my life").speaker == "Lena Dovik"
