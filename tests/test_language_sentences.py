"""Tests for language identification and sentence splitting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.clean import clean_batch
from storyline.config import Config, load_config
from storyline.ingest import iter_inputs
from storyline.language import detect_language, line_language
from storyline.records import Article, RawDocument, SourceInfo
from storyline.sentences import SentenceSplitter, split_sentences, split_text

INPUTS = Path(__file__).resolve().parent / "data" / "inputs"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(environ={})


def article(text: str, language: str = "en", article_id: str = "a1") -> Article:
    return Article(id=article_id, source=SourceInfo("a.txt", "txt"), title="T", text=text, language=language)


def check_offsets(item: Article, sentences: list) -> None:  # type: ignore[type-arg]
    """Offsets are exact, in order, inside one paragraph each, and cover every non-space character."""
    assert [s.index for s in sentences] == list(range(len(sentences)))
    covered = [False] * len(item.text)
    previous_end = 0
    for sentence in sentences:
        assert item.text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip() and sentence.text
        assert "\n\n" not in sentence.text
        assert sentence.start >= previous_end
        previous_end = sentence.end
        for i in range(sentence.start, sentence.end):
            covered[i] = True
    assert all(covered[i] or item.text[i].isspace() for i in range(len(item.text)))


# --------------------------------------------------------------------------- language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The harbour authority approved the new container terminal after a long debate.", "en"),
        ("Der Stadtrat hat am Dienstag beschlossen, die alte Markthalle zu renovieren.", "de"),
        ("Le conseil municipal a décidé mardi de rénover l'ancienne halle du marché.", "fr"),
        ("El ayuntamiento decidió el martes renovar el antiguo mercado de la ciudad.", "es"),
        ("Городской совет во вторник решил отремонтировать старый крытый рынок.", "ru"),
    ],
)
def test_detect_language(text: str, code: str, config: Config) -> None:
    assert detect_language(text, config) == code
    assert detect_language(text.replace(" ", "\n", 3), config) == code  # newlines are fine


def test_short_or_empty_text_is_undetermined(config: Config) -> None:
    assert detect_language("", config) == "und"
    assert detect_language("Hi there", config) == "und"
    assert detect_language("https://example.com/a/very/long/link/that/has/no/words/at/all 12345", config) == "und"
    assert detect_language("Hi there", config.with_overrides({"language.min_chars": 3})) == "en"


def test_line_language() -> None:
    code, score = line_language("Die Gemeinde will die alte Brücke im nächsten Jahr abreißen lassen.")
    assert code == "de" and 0.5 < score <= 1.0
    assert line_language("12:30 — 45%") == ("und", 0.0)


# --------------------------------------------------------------------------- sentences


def test_sentences_paragraphs_and_offsets() -> None:
    text = (
        "The ferry left at 7 a.m. on Monday. It reached the island two hours later.\n\n"
        "Passengers said the crossing was calm. The U.S. Coast Guard was not involved."
    )
    item = article(text)
    sentences = split_sentences(item)
    assert [s.text for s in sentences] == [
        "The ferry left at 7 a.m. on Monday.",
        "It reached the island two hours later.",
        "Passengers said the crossing was calm.",
        "The U.S. Coast Guard was not involved.",
    ]
    assert [s.paragraph for s in sentences] == [0, 0, 1, 1]
    assert all(s.article_id == "a1" for s in sentences)
    check_offsets(item, sentences)


def test_short_quotes_are_not_split() -> None:
    item = article(
        '"I came. I saw. I left," the captain said. The crew agreed.\n\n'
        "“We will not go. Never,” she said. Then the meeting ended."
    )
    texts = [s.text for s in split_sentences(item)]
    assert texts == [
        '"I came. I saw. I left," the captain said.',
        "The crew agreed.",
        "“We will not go. Never,” she said.",
        "Then the meeting ended.",
    ]


def test_long_quotes_are_split_at_their_inner_sentences() -> None:
    inner = [
        "The harbour board has worked with the fishermen, the ferry company and the town for many months.",
        "We have listened to every objection that was raised at the public meetings in the spring.",
        "The new pier will be longer than the old one and it will have room for the lifeboat as well.",
        "Nobody will lose a mooring during the works, which should be finished before the winter storms.",
    ]
    text = 'The chair said that "' + " ".join(inner) + '" The vote is next week.'
    item = article(text)
    sentences = split_sentences(item)
    assert [s.text for s in sentences] == [
        'The chair said that "' + inner[0],
        inner[1],
        inner[2],
        inner[3] + '"',
        "The vote is next week.",
    ]
    check_offsets(item, sentences)


def test_lower_case_continuation_is_joined() -> None:
    item = article("The official briefed journalists. on the next call. The official spoke on condition of anonymity.")
    texts = [s.text for s in split_sentences(item)]
    assert texts == [
        "The official briefed journalists. on the next call.",
        "The official spoke on condition of anonymity.",
    ]


def test_german_rules_are_used_for_german() -> None:
    item = article("Dr. Müller kam am 3. Mai nach Berlin. Er blieb zwei Tage.", language="de")
    assert [s.text for s in split_sentences(item)] == ["Dr. Müller kam am 3. Mai nach Berlin.", "Er blieb zwei Tage."]


def test_splitter_reuses_segmenters_and_falls_back_to_english() -> None:
    splitter = SentenceSplitter()
    assert splitter.segmenter("en") is splitter.segmenter("en")
    assert splitter.segmenter("sw") is splitter.segmenter("en")  # no Swahili rules in pysbd
    assert splitter.segmenter("de") is not splitter.segmenter("en")
    swahili = article("Rais alihutubia bunge jana. Wabunge walipiga makofi.", language="sw")
    assert len(splitter.split(swahili)) == 2


def test_repeated_sentences_get_their_own_offsets() -> None:
    item = article("It rained. It rained. It rained again.\n\nIt rained.")
    sentences = split_sentences(item)
    assert [s.start for s in sentences] == [0, 11, 22, 40]
    check_offsets(item, sentences)


def test_empty_text_has_no_sentences() -> None:
    assert split_sentences(article("")) == []
    assert split_sentences(article("\n\n  \n\n")) == []


_PIECES = [
    "The council met on Monday.",
    "Mr. Brask said: “We agree. Fully.”",
    "Prices rose by 4.5 percent in the U.K. last year.",
    "Why now?",
    "Nobody knows!",
    "see page 3.",
    '"Go home," he said.',
    "It cost $1,200 (about €1.100).",
    "Das ist z. B. gut.",
    "…and then nothing.",
    "A line without a full stop",
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=5), min_size=1, max_size=4),
    st.sampled_from([" ", "  ", "\n"]),
    st.sampled_from(["en", "de", "fr", "xx"]),
)
def test_offsets_are_exact_for_any_text(paragraphs: list[list[str]], joiner: str, language: str) -> None:
    text = "\n\n".join(joiner.join(p) for p in paragraphs)
    item = article(text, language=language)
    sentences = split_sentences(item)
    check_offsets(item, sentences)
    assert max(s.paragraph for s in sentences) == len(paragraphs) - 1


def test_offsets_on_cleaned_fixture_articles(config: Config) -> None:
    paths = [str(INPUTS)] + ([str(SEEDS)] if SEEDS.is_dir() else [])
    docs = [d for d in iter_inputs(paths, config) if isinstance(d, RawDocument)]
    articles = [a for a in clean_batch(docs, config) if isinstance(a, Article)]
    assert len(articles) >= 10
    splitter = SentenceSplitter()
    for item in articles:
        sentences = splitter.split(item)
        assert sentences, item.id
        check_offsets(item, sentences)
        paragraphs = [p for p in re.split(r"\n\n", item.text) if p.strip()]
        assert sentences[-1].paragraph == len(paragraphs) - 1


# --------------------------------------------------------------------------- repairs for lower-cased and tokenised text


def test_split_text_splits_plain_text_like_an_article() -> None:
    text = "First one here. Mr. Smith left at 3 p.m. on Tuesday.\n\nA new paragraph starts. It ends."
    sentences = split_text("x", text)
    assert sentences == split_sentences(article(text, article_id="x"))
    assert len(sentences) == 4 and {s.article_id for s in sentences} == {"x"}


def test_lower_cased_run_ons_are_split_but_abbreviations_are_not() -> None:
    text = (
        'the harbour master said on tuesday that the pier " would stay shut until further notice. " the council '
        "agreed on dec. 4 to pay for repairs to the old stone pier at kestle, which was built in 1871 and last "
        "repaired in the 1990s. work starts next week."
    )
    sentences = split_text("x", text)
    heads = ["the harbour master sai", "the council agreed on ", "work starts next week."]
    assert [s.text[:22] for s in sentences] == heads
    assert sentences[0].text.endswith('notice. "')
    check_offsets(article(text), sentences)


def test_run_on_kept_by_the_segmenter_is_split_before_capitalised_words() -> None:
    # the spaced apostrophes of "port o ' mara" make pysbd treat everything between them as one quotation
    text = (
        "A storm flooded the harbour at port o ' mara on friday. Video showed the pier breaking apart in the "
        "morning. The water rose to two metres in an hour. Harbour master ilse varga told reporters that no one "
        "was on the pier. Someone had called about a crack under a boat moored at port o ' mara. Within minutes "
        "the pier broke up."
    )
    sentences = split_text("x", text)
    assert [s.text.split()[0] for s in sentences] == ["A", "Video", "The", "Harbour", "Someone", "Within"]
    check_offsets(article(text), sentences)


def test_capitalised_words_after_abbreviations_do_not_split_a_long_sentence() -> None:
    text = (
        "The council of kestle, which met on Dec. 4 with Gov. Ilse Varga, Sens. Aron Pell and Dora Lund and "
        "Dr. Aron Pell of the St. Brigid harbour trust and the U.S. Coast Guard, agreed to pay for repairs to the "
        "old stone pier, which was built in 1871 and last repaired in the 1990s by the Kestle Harbour Co. and its "
        "partners."
    )
    assert [s.text for s in split_text("x", text)] == [text]


def test_a_name_with_a_middle_initial_stays_in_one_sentence() -> None:
    text = (
        "Former mayor ilse k. Varga, whose term was defined by the floods, said she was saddened. "
        "The award went to aron t. Pell on sunday."
    )
    sentences = split_text("x", text)
    assert [s.text for s in sentences] == [
        "Former mayor ilse k. Varga, whose term was defined by the floods, said she was saddened.",
        "The award went to aron t. Pell on sunday.",
    ]
    check_offsets(article(text), sentences)


def test_lower_cased_sentence_opening_a_quotation_is_not_joined_to_the_one_before() -> None:
    text = 'the ferry was late again on monday. " we waited for two hours, " one passenger said.'
    assert [s.text for s in split_text("x", text)] == [
        "the ferry was late again on monday.",
        '" we waited for two hours, " one passenger said.',
    ]


def test_spaced_quotation_marks_stay_with_their_sentences_when_a_long_quote_is_split() -> None:
    inner = [
        "the harbour board has worked with the fishermen, the ferry company and the town for many months.",
        "we have listened to every objection that was raised at the public meetings in the spring.",
        "the new pier will be longer than the old one and it will have room for the lifeboat as well.",
    ]
    after = ' " the vote is next week. " nobody will lose a mooring, " she added.'
    text = 'The chair said " ' + " ".join(inner) + after
    item = article(text)
    sentences = split_sentences(item)
    check_offsets(item, sentences)  # no quotation mark is left between two sentences
    assert [s.text for s in sentences] == [
        'The chair said " ' + inner[0],
        inner[1],
        inner[2] + ' "',  # the mark closes the chair's quotation
        "the vote is next week.",
        '" nobody will lose a mooring, " she added.',  # this one opens a new quotation
    ]


def test_missed_end_repair_is_for_english_rules_only() -> None:
    text = (
        "Der Stadtrat von Eskerby, der sich nach langer Debatte mit den Fischern, der Fährgesellschaft und den "
        "Anwohnern des alten Hafens getroffen hatte, beschloss am 3. Mai mit knapper Mehrheit, den baufälligen "
        "Steg aus dem Jahr 1871 abzureißen und bis zum Winter einen neuen, längeren Steg zu bauen."
    )
    assert [s.text for s in split_text("x", text, "de")] == [text]


def test_a_huge_paragraph_is_split_in_windows_with_the_same_sentences(monkeypatch):
    from storyline import sentences as S

    parts = []
    for i in range(420):
        if i % 7 == 3:
            parts.append(f'"The water rose {i} centimetres overnight. We left at dawn," said resident No. {i}.')
        else:
            parts.append(f"Mayor I. Varga of Brookmere said {i} families had left the valley by Monday.")
    text = " ".join(parts)
    assert len(text) > S.HUGE_PARAGRAPH_CHARS
    windowed = split_text("a", text)
    assert len(S._windows(text)) > 2
    monkeypatch.setattr(S, "HUGE_PARAGRAPH_CHARS", 10**9)
    whole = split_text("a", text)
    assert [(s.start, s.end) for s in windowed] == [(s.start, s.end) for s in whole]
    assert all(text[s.start : s.end] == s.text for s in windowed)


def test_quotation_balance_reads_english_german_angle_and_straight_marks():
    from storyline.sentences import count_quote_marks, quotation_balance

    def balance(text: str) -> tuple[int, int]:
        return quotation_balance(count_quote_marks(text))

    assert balance("“Rebuild it,” Varga said.") == (0, 0)
    assert balance("Sie sagte: „Wir bauen neu.“") == (0, 0)  # German: „ opens, “ closes
    assert balance("Il a dit: « Nous reconstruisons. »") == (0, 0)
    assert balance('Varga said "we rebuild" today.') == (0, 0)
    assert balance("Varga added that “the council will rebuild") == (1, 0)
    assert balance("Sie sagte: „Wir bauen") == (1, 0)
    assert balance("the council will rebuild,” Varga said.") == (0, 1)
    assert balance('Varga added that "the council') == (1, 0)


def test_a_huge_german_paragraph_with_closed_quotations_is_windowed_like_an_english_one():
    from storyline import sentences as S

    parts = []
    for i in range(420):
        if i % 5 == 2:
            parts.append(f"„Das Wasser stieg um {i} Zentimeter“, sagte die Anwohnerin Nummer {i}.")
        else:
            parts.append(f"Bürgermeisterin Varga sagte, {i} Familien hätten das Tal am Montag verlassen.")
    text = " ".join(parts)
    windows = S._windows(text)
    # closed German quotations leave no quotation open, so windows are cut about every WINDOW_CHARS
    assert len(windows) >= len(text) // (2 * S.WINDOW_CHARS)
    assert all(S._quote_balance(text[a:b]) == 0 for a, b in windows)


def test_an_embedded_post_signature_is_its_own_piece():
    text = (
        "The bridge stays closed until further notice. Please use the ferry. pic.example/abc123 "
        "— Eskerby Council (@EskerbyCouncil) March 3, 2031 Engineers will inspect the pillars next week."
    )
    got = [s.text for s in split_text("x", text)]
    assert "— Eskerby Council (@EskerbyCouncil) March 3, 2031" in got
    assert got[-1] == "Engineers will inspect the pillars next week."
    assert any(s.startswith("Please use the ferry.") and "@" not in s for s in got)
    german = "Wir bleiben zu Hause. — Rat Eskerby (@RatEskerby) 3. März 2031 Die Brücke bleibt gesperrt."
    assert "— Rat Eskerby (@RatEskerby) 3. März 2031" in [s.text for s in split_text("y", german, "de")]
    # dashes and brackets of ordinary prose are left alone
    prose = "He said - as he often does - that the pier (built in 1871) is safe, and the council agreed."
    assert [s.text for s in split_text("z", prose)] == [prose]
