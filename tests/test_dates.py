"""Date expressions resolved against the publication date (fictional sentences; seeds when present)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from storyline.dates import find_dates, story_date
from storyline.records import Article, Sentence, SourceInfo
from storyline.sentences import split_sentences


def _article(
    text: str, published: dt.date | None, aid: str = "a", language: str = "en"
) -> tuple[Article, list[Sentence]]:
    """An article whose sentences are its lines."""
    art = Article(id=aid, source=SourceInfo("a.txt", "txt"), title="t", text=text, published=published,
                  language=language)
    sents, pos = [], 0
    for i, part in enumerate(text.split("\n")):
        start = text.index(part, pos)
        sents.append(Sentence(aid, i, part, start, start + len(part)))
        pos = start + len(part)
    return art, sents


WED = dt.date(2031, 12, 24)  # a Wednesday
THU = dt.date(2031, 12, 25)
TUE = dt.date(2031, 12, 30)


@pytest.mark.parametrize(
    "sentence, published, expected, scheduled",
    [
        ("The mayor will meet the strikers on Thursday.", WED, "2031-12-25", True),
        ("The minister on Tuesday spoke with the union.", WED, "2031-12-23", False),
        ("The envoy on Wednesday spoke with the rebel commanders.", WED, "2031-12-24", False),
        ("Talks are scheduled to resume on Jan. 10.", WED, "2032-01-10", True),
        ("That meeting will be followed by a Jan. 12 session of the harbour council.", WED, "2032-01-12", True),
        ("The hearing was held on Dec. 2.", WED, "2031-12-02", False),
        ("Officials said on Monday that the plant would reopen.", WED, "2031-12-22", False),
        ("The vote, set for Friday, will decide the budget.", WED, "2031-12-26", True),
        ("The council met last Wednesday.", WED, "2031-12-17", False),
        ("The council meets next Wednesday.", WED, "2031-12-31", True),
        # a relative clause between the date and its verb does not decide the tense
        ("In Thursday's vote, which was delayed by a storm, the council is expected to approve the plan.", WED,
         "2031-12-25", True),
        # "would travel" is nearer to the date than "confirmed"
        ("The spokesman confirmed the minister would travel to Oslo on Friday, but gave no details.", WED,
         "2031-12-26", True),
        ("Forecasters say the river is likely to crest this Friday.", WED, "2031-12-26", True),
        ("The ferry service will resume on Thursday afternoon, the operator said.", THU, "2031-12-25", True),
        ("The pilots spoke with the regulator on Wednesday.", THU, "2031-12-24", False),
        ("On December 20, the minister said the dam was safe.", THU, "2031-12-20", False),
        ("Rescuers worked through the night and into today.", THU, "2031-12-25", False),
        ("The storm hit yesterday.", THU, "2031-12-24", False),
        ("The governor will visit tomorrow.", THU, "2031-12-26", True),
        ("On December 26, 2030, the dam was inspected.", THU, "2030-12-26", False),
        ("The report is dated 2031-11-30.", WED, "2031-11-30", False),
        ("The pumps failed two days ago.", WED, "2031-12-22", False),
    ],
)
def test_resolution(sentence, published, expected, scheduled):
    art, sents = _article(sentence, published)
    found = find_dates(art, sents)
    assert [m.date.isoformat() for m in found] == [expected]
    assert found[0].scheduled is scheduled
    assert art.text[found[0].start : found[0].end] == found[0].text


@pytest.mark.parametrize(
    "sentence, language, published, expected",
    [
        ("Die Gespräche beginnen am 10. Januar.", "de", WED, "2032-01-10"),
        ("El delantero debutará el 4 de enero ante el Deportivo.", "es", TUE, "2032-01-04"),
        ("El club lo confirmó ayer por la tarde.", "es", THU, "2031-12-24"),
        ("Er war am Sonntag nach Brasnyk gereist.", "de", TUE, "2031-12-28"),
    ],
)
def test_other_languages(sentence, language, published, expected):
    art, sents = _article(sentence, published, language=language)
    assert [m.date.isoformat() for m in find_dates(art, sents)] == [expected]


def test_no_dates_from_numbers_times_or_lowercase_words():
    art, sents = _article("About 100,000 troops at 3:30 pm; you may 5 times try. It was 12.5 percent.", WED)
    assert find_dates(art, sents) == []
    art, sents = _article("Am Morgen war es kalt, por la mañana también.", WED, language="de")
    assert find_dates(art, sents) == []


def test_undated_article_uses_fallback_and_vague_periods_are_optional():
    art, sents = _article("The flood came on Monday.\nEarlier this month the levee was raised.", None)
    assert find_dates(art, sents) == []  # no reference date: nothing relative can resolve
    found = find_dates(art, sents, fallback_date=WED)
    assert [m.date for m in found] == [dt.date(2031, 12, 22)]
    vague = find_dates(art, sents, fallback_date=WED, include_vague=True)
    assert dt.date(2031, 12, 1) in [m.date for m in vague]


def test_vague_periods_resolve_to_the_start_of_the_period():
    art, sents = _article("Prices rose last week.\nThe mine closed in 2014.\nThe dam was built last June.", WED)
    assert find_dates(art, sents) == []
    found = {m.text: m.date for m in find_dates(art, sents, include_vague=True)}
    assert found == {
        "last week": dt.date(2031, 12, 15),  # the Monday of the week before
        "2014": dt.date(2014, 1, 1),
        "last June": dt.date(2031, 6, 1),
    }


def test_without_any_reference_only_dates_with_a_year_resolve():
    art, sents = _article("The plant opened on March 3, 1998, and closed on Friday.", None)
    assert [m.date for m in find_dates(art, sents)] == [dt.date(1998, 3, 3)]


def test_day_ranges_after_a_month():
    art, sents = _article("Meetings are slated for January 12 and 13 in Vienna.", WED)
    assert [m.date.isoformat() for m in find_dates(art, sents)] == ["2032-01-12", "2032-01-13"]


def test_sentences_may_be_given_as_the_story_mapping():
    art, sents = _article("The mayor will meet the strikers on Thursday.", WED)
    assert find_dates(art, {"a": sents}) == find_dates(art, sents)


def test_story_date_is_the_mode_latest_on_ties():
    arts = [_article("x", d, str(i))[0] for i, d in enumerate([WED, THU, THU, None])]
    assert story_date(arts) == THU
    assert story_date([_article("x", WED, "1")[0], _article("x", THU, "2")[0]]) == THU
    assert story_date([_article("x", None)[0]]) is None


def test_seed_relative_dates(seeds_dir):
    from storyline import clean, ingest, sentences
    from storyline.config import load_config

    cfg = load_config(environ={})
    arts = clean.clean_batch(list(ingest.iter_inputs([str(seeds_dir)], cfg)), cfg)
    published = {"000": dt.date(2021, 12, 29), "001": dt.date(2021, 12, 29), "002": dt.date(2021, 12, 30),
                 "003": dt.date(2021, 12, 29), "004": dt.date(2021, 12, 29)}
    found: dict[str, set[tuple[str, str, bool]]] = {}
    for art in arts:
        art = dataclasses.replace(art, published=published[art.id[:3]])
        mentions = find_dates(art, sentences.split_sentences(art))
        found[art.id[:3]] = {(m.text, m.date.isoformat(), m.scheduled) for m in mentions}
    assert {("Wednesday", "2021-12-29", False), ("Jan. 10", "2022-01-10", True), ("Jan. 12", "2022-01-12", True),
            ("Jan. 13", "2022-01-13", True)} <= found["000"]
    assert ("this Thursday", "2021-12-30", True) in found["001"]
    assert ("this Wednesday", "2021-12-29", False) in found["001"]
    assert {("Thursday afternoon", "2021-12-30", True), ("Wednesday", "2021-12-29", False),
            ("Tuesday", "2021-12-28", False)} <= found["002"]
    assert {("Thursday", "2021-12-30", True), ("Thursday’s", "2021-12-30", True)} <= found["003"]
    assert all(day != "2021-12-23" for _, day, _ in found["003"])  # no Thursday resolved to last week
    assert {("December 30", "2021-12-30", True), ("December 26", "2021-12-26", False)} <= found["004"]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The government has declared Friday a day of national mourning.", "2031-12-26"),
        ("Forecasters said the rain should ease from Thursday.", "2031-12-25"),
        ("The minister said on Monday that the dam was safe.", "2031-12-22"),
    ],
)
def test_weekday_tense_only_when_the_verb_governs_it(sentence, expected):
    art, sents = _article(sentence, WED)
    assert [m.date.isoformat() for m in find_dates(art, sents)] == [expected]


def _vague(text: str, base: dt.date) -> dict[str, dt.date]:
    art, sents = _article(text, base)
    return {m.text: m.date for m in find_dates(art, sents, include_vague=True)}


def test_months_after_more_prepositions_and_as_attributes():
    found = _vague("After the November election the council spoke.", dt.date(2031, 4, 30))
    assert found == {"November": dt.date(2030, 11, 1)}
    found = _vague("The council was funded into December.", dt.date(2031, 9, 27))
    assert found == {"December": dt.date(2031, 12, 1)}
    assert _vague("The May government fell and a Theresa May speech followed.", WED) == {}


def test_an_absolute_date_wins_over_a_month_after_a_preposition():
    found = _vague("He revoked the October 2029 order.", WED)
    assert found == {"October 2029": dt.date(2029, 10, 1)}


def test_this_month_is_the_current_years_and_seasons_resolve_to_their_start():
    assert _vague("The vote is this November.", dt.date(2031, 5, 7)) == {"this November": dt.date(2031, 11, 1)}
    found = _vague("It flooded last spring and will be rebuilt next summer.", dt.date(2031, 7, 25))
    assert found == {"last spring": dt.date(2031, 3, 1), "next summer": dt.date(2032, 6, 1)}
    assert _vague("The dam froze last winter.", dt.date(2031, 2, 10)) == {"last winter": dt.date(2029, 12, 1)}


def test_a_plan_to_is_a_noun_not_the_future():
    art, sents = _article("The senator criticised the mayor for not laying out a plan to fix it on Monday.", WED)
    assert [m.date for m in find_dates(art, sents)] == [dt.date(2031, 12, 22)]


def test_a_weekday_after_a_phrasal_verb_takes_its_tense():
    art, sents = _article("Leaders scrambled to avoid a shutdown that would kick in Friday morning.", WED)
    assert [m.date for m in find_dates(art, sents)] == [dt.date(2031, 12, 26)]


def test_a_day_word_in_capitals_is_a_name():
    art, sents = _article("In an interview airing with the TODAY show host, she spoke today.", WED)
    assert [m.text for m in find_dates(art, sents)] == ["today"]


def test_last_month_name_or_season_just_ended_is_a_year_back():
    # in June the May just gone is "last month" and the spring just ended "this spring": "last" means a year earlier
    june = dt.date(2031, 6, 25)
    assert _vague("The pier collapsed last May.", june) == {"last May": dt.date(2030, 5, 1)}
    assert _vague("The pier collapsed last spring.", june) == {"last spring": dt.date(2030, 3, 1)}
    # two months back or more is this year's, as before
    assert _vague("The pier collapsed last April.", june) == {"last April": dt.date(2031, 4, 1)}
    assert _vague("The pier collapsed last June.", dt.date(2031, 12, 24)) == {"last June": dt.date(2031, 6, 1)}


def test_a_day_without_a_year_takes_the_year_of_its_month_named_earlier():
    published = dt.date(2031, 6, 30)
    art, sents = _article("The flood came late last October.\nOn Oct. 29, the mayor closed the pier.", published)
    found = {m.text: m.date for m in find_dates(art, sents, include_vague=True)}
    assert found == {"last October": dt.date(2030, 10, 1), "Oct. 29": dt.date(2030, 10, 29)}
    # alone, the nearest Oct. 29 is meant; another month named with its year lends nothing
    art, sents = _article("In March 2030 the dam cracked.\nOn Oct. 29, the mayor closed the pier.", published)
    assert [m.date for m in find_dates(art, sents)] == [dt.date(2031, 10, 29)]


def test_today_and_tonight_ending_a_name_are_not_dates():
    published = dt.date(2031, 6, 30)
    assert _vague("The mayor told Kelmport Today that the pier is safe.", published) == {}
    assert _vague('She spoke on "Anna Brill Tonight" about the dam.', published) == {}
    assert _vague("Today the mayor closed the pier.", published) == {"Today": published}
    assert _vague("The mayor will speak tonight.", published) == {"tonight": published}


def test_nine_eleven_is_the_2001_attacks_and_a_full_slash_date_is_not():
    published = dt.date(2031, 6, 30)
    art, sents = _article("The memorial honours the victims of the 9/11 attacks.\nThe vote is on 9/11/2031.", published)
    assert [m.date for m in find_dates(art, sents)] == [dt.date(2001, 9, 11), dt.date(2031, 9, 11)]
    assert _vague("Scores rose from 19/11 to 29/11.", published) == {}


def test_the_weekend_by_tense_and_a_month_after_between():
    wed = dt.date(2031, 6, 25)
    assert _vague("The pier flooded over the weekend.", wed) == {"over the weekend": dt.date(2031, 6, 21)}
    assert _vague("The pier will reopen over the weekend.", wed) == {"over the weekend": dt.date(2031, 6, 28)}
    assert _vague("The pier closed this weekend.", wed) == {"this weekend": dt.date(2031, 6, 21)}
    assert _vague("The pier will reopen this weekend.", wed) == {"this weekend": dt.date(2031, 6, 28)}
    sunday = dt.date(2031, 6, 29)
    assert _vague("The pier closed this weekend.", sunday) == {"this weekend": dt.date(2031, 6, 28)}
    assert _vague("Between March and May the river rose.", wed) == {"March": dt.date(2031, 3, 1)}


@pytest.mark.parametrize(
    "sentence, published, expected",
    [
        # past tense: the latest such day on or before publication, even when next year's is nearer
        ("Rioters stormed the harbour office on Jan. 6 and smashed its windows.", dt.date(2031, 8, 26), "2031-01-06"),
        ("The lawsuit accuses the mayor of sending the crowd that led to the Jan. 6 attack.", dt.date(2031, 8, 26),
         "2031-01-06"),
        # future tense: the nearest one (no mirror rule)
        ("The council will vote on Jan. 6 on the new pier.", dt.date(2031, 8, 26), "2032-01-06"),
        # an attribution after the date ("..., the office announced") does not decide its tense
        ("The two mayors will meet in Kelmport, on June 16 for their first talks, the office announced.",
         dt.date(2031, 5, 25), "2031-06-16"),
        ("The two mayors meet in Kelmport on June 16 for their first talks, the office announced.",
         dt.date(2031, 5, 25), "2031-06-16"),
        # no tense cue: the nearest one
        ("Ferries to Kelmport, Jan. 6 and onwards.", dt.date(2031, 8, 26), "2032-01-06"),
    ],
)
def test_a_month_day_without_a_year_follows_the_tense_of_its_clause(sentence, published, expected):
    art, sents = _article(sentence, published)
    assert [m.date.isoformat() for m in find_dates(art, sents)] == [expected]


def test_a_month_with_the_ordinal_day():
    art, sents = _article("The last ferry will leave on August the 31st, the operator said.", dt.date(2031, 8, 20))
    found = find_dates(art, sents)
    assert [(m.text, m.date.isoformat()) for m in found] == [("August the 31st", "2031-08-31")]


@pytest.mark.parametrize(
    "text, published, word, expected",
    [
        # the day the quoted words were spoken, named in the sentence before (a speech on Wednesday)
        ("Senator Ilona Markas criticized the mayor during a town hall speech on Wednesday.\n"
         "“What I didn’t hear tonight was a plan to fix the pier,” Markas said.", dt.date(2031, 12, 26), "tonight",
         "2031-12-24"),
        # ... or in the quote's own sentence
        ("“Yesterday the gates failed again,” the mayor said on Tuesday.", dt.date(2031, 12, 25), "Yesterday",
         "2031-12-22"),
        # a transcript line is speech too
        ("The host said Monday that the harbour board was hiding the costs.\n"
         "HOST NAME: The board met yesterday and told nobody.", dt.date(2031, 12, 24), "yesterday", "2031-12-21"),
        # a day before the quote that dates no speech does not move it
        ("The storm hit the coast on Monday.\n“Today we begin to rebuild,” the mayor said.", dt.date(2031, 12, 24),
         "Today", "2031-12-24"),
    ],
)
def test_a_relative_day_in_quoted_speech_counts_from_the_day_it_was_spoken(text, published, word, expected):
    art, sents = _article(text, published)
    found = {m.text: m.date.isoformat() for m in find_dates(art, sents)}
    assert found[word] == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The mayor was elected in November.", "2030-11-01"),  # past tense: the latest November
        ("The mayor will stand again in November.", "2031-11-01"),  # no past tense: the nearest
        ("The harbour has been closed since June.", "2031-06-01"),
        # a trailing attribution does not make the month past
        ("The ferry timetable changes in November, the operator announced.", "2031-11-01"),
    ],
)
def test_a_month_without_a_year_in_a_past_tense_clause_is_the_latest_one(sentence, expected):
    art, sents = _article(sentence, dt.date(2031, 8, 13))
    assert [m.date.isoformat() for m in find_dates(art, sents, include_vague=True)] == [expected]


def test_a_month_after_until_in_a_past_tense_clause_may_lie_ahead():
    art, sents = _article("The pier's lease was extended until November.", dt.date(2031, 8, 13))
    assert [m.date.isoformat() for m in find_dates(art, sents, include_vague=True)] == ["2031-11-01"]


def test_last_night_is_the_day_before():
    art, sents = _article("The pier collapsed last night after the storm.", dt.date(2031, 8, 13))
    assert [(m.text, m.date.isoformat()) for m in find_dates(art, sents)] == [("last night", "2031-08-12")]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # a deadline ("by"), or an infinitive after the past verb, points ahead: the nearest one, not last year's
        ("The regulator said the company had been ordered to submit a full report by Jan. 5.", "2032-01-05"),
        ("The council voted to meet again on Jan. 5.", "2032-01-05"),
        ("The council voted to hold the vote in January.", "2032-01-01"),
        ("The lawsuit blames the mayor for what led to the Jan. 5 riot.", "2031-01-05"),  # "to the": no infinitive
    ],
)
def test_a_past_clause_does_not_move_a_deadline_or_a_plan_back(sentence, expected):
    art, sents = _article(sentence, dt.date(2031, 12, 18))
    assert [m.date.isoformat() for m in find_dates(art, sents, include_vague=True)] == [expected]


@pytest.mark.parametrize(
    "sentence, published, expected",
    [
        # a day naming an unplanned event ("the Jan. 6 riot") is past, whatever the clause's tense
        ("The rally would be the sequel to the deadly Jan. 6 riot at the harbour.", dt.date(2031, 9, 20),
         "2031-01-06"),
        ("The protest, in support of those facing charges in the January 6 attack, was small.", dt.date(2031, 9, 20),
         "2031-01-06"),
        ("The Jan. 6 hearing will be held in the harbour hall.", dt.date(2031, 9, 20), "2032-01-06"),  # planned
        # an end point a few words before the date ("by ... on", "until the end of") points ahead
        ("The mayor set a goal of one new ferry by Independence Day on 4 July.", dt.date(2031, 5, 4), "2031-07-04"),
        ("The board called for a pause until the end of September.", dt.date(2031, 8, 4), "2031-09-01"),
        # "ahead of" after a past verb says nothing of the publication date's future
        ("Fences installed ahead of the rally on Saturday came down on Sunday.", dt.date(2031, 9, 22), "2031-09-20"),
    ],
)
def test_event_days_end_points_and_ahead_of(sentence, published, expected):
    art, sents = _article(sentence, published)
    assert [m.date.isoformat() for m in find_dates(art, sents, include_vague=True)][0] == expected


@pytest.mark.parametrize(
    "sentence, published, expected",
    [
        # a bare weekday closing a clause is the verb's time ("will vote ... the deal Wednesday, ...")
        ("The mayor on Thursday said the council will vote on the harbour deal Wednesday, setting up a test.",
         dt.date(2031, 7, 17), ["2031-07-17", "2031-07-23"]),
        # a weekday after an article ("in a Thursday note") takes the clause's tense too
        ("Prices will rise, said the analyst Ada Lusk in a Thursday note.", dt.date(2031, 5, 19), ["2031-05-15"]),
        # a weekday inside a name ("Super Tuesday", "Black Friday") is no date
        ("He voted at 1 a.m. on Super Tuesday after waiting for hours.", dt.date(2031, 7, 13), []),
    ],
)
def test_weekdays_closing_a_clause_after_an_article_and_in_names(sentence, published, expected):
    art, sents = _article(sentence, published)
    assert [m.date.isoformat() for m in find_dates(art, sents)] == expected


def test_a_weekday_after_an_infinitive_of_a_past_verb_is_the_nearest():
    art, sents = _article("The mayor moved to arrange the vote for Saturday, when the council meets.",
                          dt.date(2031, 8, 8))
    assert [m.date.isoformat() for m in find_dates(art, sents)] == ["2031-08-09"]


@pytest.mark.parametrize(
    "sentence, published, expected",
    [
        # an adverb between "will be" and its participle does not make the clause past
        ("Harbour fees imposed during the storm season will be partially lifted at the docks on Nov. 8, "
         "the port authority announced Friday.", dt.date(2031, 10, 17), "2031-11-08"),
        # "for fully vaccinated crews": a participle after a preposition or an article is an adjective
        ("Harbour fees will be waived for fully vaccinated crews on Nov. 8, a port official said.",
         dt.date(2031, 10, 17), "2031-11-08"),
        # "beginning", "starting", "effective" point ahead like "until"
        ("The ministry announced new harbour fees beginning Nov. 8.", dt.date(2031, 10, 17), "2031-11-08"),
        # a present-tense verb after the past one: the date is not the past verb's ("declared ... he is sticking")
        ("Mayor Oss declared Tuesday she is sticking to her Aug. 31 deadline for clearing the pier.",
         dt.date(2031, 8, 26), "2031-08-31"),
        ("The past verb still rules its own date: the pier was closed on Aug. 31.", dt.date(2031, 8, 26),
         "2030-08-31"),
    ],
)
def test_participles_present_verbs_and_start_points_do_not_move_a_near_date_back(sentence, published, expected):
    art, sents = _article(sentence, published)
    assert [m.date.isoformat() for m in find_dates(art, sents) if m.text[:3] in ("Nov", "Aug")] == [expected]


def test_a_year_named_earlier_does_not_move_a_past_day_into_the_future():
    art, sents = _article(
        "The former mayor may return to the council on Jan. 7, 2033.\n"
        "He was barred after he used the forum to incite the Jan. 6 riot at the harbour.",
        dt.date(2031, 6, 4),
    )
    found = {m.text: m.date.isoformat() for m in find_dates(art, sents)}
    assert found == {"Jan. 7, 2033": "2033-01-07", "Jan. 6": "2031-01-06"}


def test_a_capitalised_period_after_a_name_is_a_title_and_sept_11_attacks_are_of_2001():
    art, sents = _article(
        "The mayor said so on the Courier’s This Week.\n"
        "The pilot said so on the Courier's “This Week” and told the Today programme the same.\n"
        "The harbour held a ceremony for the victims of the Sept. 11 attacks on Saturday.\n"
        "Pilots visited the National September 11 Memorial this week.",
        dt.date(2031, 9, 13),
    )
    found = [(m.text, m.date.isoformat()) for m in find_dates(art, sents, include_vague=True)]
    assert found == [
        ("Sept. 11", "2001-09-11"), ("Saturday", "2031-09-13"), ("September 11", "2001-09-11"),
        ("this week", "2031-09-08"),
    ]


@pytest.mark.parametrize(
    "sentence, published, text, expected",
    [
        # "the last week", "the past year": the span of that length up to publication, not the calendar period
        ("Ferry bookings have risen by half in the last week alone.", dt.date(2031, 8, 7), "last week", "2031-07-31"),
        ("Harbour fees rose sharply over the past year.", dt.date(2031, 5, 5), "past year", "2030-05-05"),
        ("The pier was shut in the last week of June.", dt.date(2031, 8, 7), "last week", "2031-07-28"),
        # "late last week": its later days
        ("The news moved the harbour shares late last week.", dt.date(2031, 10, 13), "last week", "2031-10-09"),
        # "in the spring": the latest spring in a past-tense clause, the next one in a future one
        ("The sites did so much in the spring for the harbour.", dt.date(2031, 7, 6), "the spring", "2031-03-01"),
        ("The ferry will return in the spring.", dt.date(2031, 7, 6), "the spring", "2032-03-01"),
        ("The town grew quickly in the summer of 2029.", dt.date(2031, 7, 6), "the summer of 2029", "2029-06-01"),
    ],
)
def test_spans_up_to_publication_late_periods_and_the_season(sentence, published, text, expected):
    art, sents = _article(sentence, published)
    found = {m.text: m.date.isoformat() for m in find_dates(art, sents, include_vague=True)}
    assert found.get(text) == expected, found


def test_the_fall_of_something_is_no_season():
    art, sents = _article("After the fall of the harbour town, the council met in the autumn.", dt.date(2031, 11, 6))
    assert [m.text for m in find_dates(art, sents, include_vague=True)] == ["the autumn"]


def test_summary_sentences_get_the_days_of_their_relative_expressions():
    from storyline.dates import day_notes
    from storyline.export import with_days
    from storyline.records import Evidence, SummarySentence

    text = "Mayor Ilse Varga said on Tuesday that the ferry to Eskerby resumes today, not on March 3, 2026."
    art = Article(id="a", source=SourceInfo("a.txt", "txt"), title="t", text="Intro line.\n\n" + text,
                  published=dt.date(2026, 2, 26), language="en")  # fmt: skip
    start = art.text.index("Mayor")
    mentions = find_dates(art, split_sentences(art))
    exact = Evidence("a", start, start + len(text), 1.0)
    sentence = SummarySentence(text, ("a", "b"), True, (exact, Evidence("b", 0, 40, 0.8)))
    notes = day_notes(sentence, mentions)
    assert [(n.text, n.date) for n in notes] == [("Tuesday", dt.date(2026, 2, 24)), ("today", dt.date(2026, 2, 26))]
    assert all(text[n.start : n.end] == n.text for n in notes)  # offsets into the sentence
    shown = with_days(text, [{"start": n.start, "end": n.end, "date": n.date.isoformat()} for n in notes])
    assert "on Tuesday (2026-02-24) that" in shown and "resumes today (2026-02-26), not on March 3, 2026." in shown
    # a sentence without an exact copy among its evidence (an LLM rewrite) gets no notes
    assert day_notes(SummarySentence(text, ("b",), True, (Evidence("b", 0, 40, 0.8),)), mentions) == ()
