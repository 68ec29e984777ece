"""Tests for the cleaner's newer steps: written dates in any language, words and paragraphs given back
to trafilatura's output, and comment sections in plain text. All texts are written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from storyline.clean import (
    CleanContext,
    _cue_reason,
    _drop_boilerplate_regions,
    _is_date_only,
    _LineClassifier,
    _recover_dropped_paragraphs,
    _restore_cut_words,
    _section_heading,
    _visible_lines,
    _words_date,
    clean_document,
)
from storyline.config import Config, load_config
from storyline.records import RawDocument, SourceInfo

P1 = (
    "The harbour board voted on Tuesday to rebuild the old eastern pier, which has been closed to the public "
    "since a winter storm cracked its concrete deck two years ago."
)
P2 = (
    "Engineers told the board that the work would take about eighteen months and that the pier would keep its "
    "original shape, with a wider walkway and new railings along the water."
)
P3 = (
    "Several residents who spoke at the meeting said they were glad the pier would return, although some asked "
    "whether the fishing platform at its far end would be kept in the new design."
)
P4 = (
    "The board said the platform would stay and that anglers would be able to use it again as soon as the "
    "first section of the deck is finished, which it expects by the end of next summer."
)


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(environ={}).with_overrides({"clean.min_body_chars": 50})


def test_written_dates_in_several_languages() -> None:
    assert _words_date("30 dic. 2025") == dt.date(2025, 12, 30)
    assert _words_date("1. maja 2024 r.") == dt.date(2024, 5, 1)
    assert _words_date("5 de marzo de 2024") == dt.date(2024, 3, 5)
    assert _words_date("Publicado: 14/09/2024 18:40") == dt.date(2024, 9, 14)
    assert _words_date("Olympics 2024") is None
    assert _words_date("31 février 2024") is None  # no such day


def test_date_only_lines() -> None:
    assert _is_date_only("Montag, 3. März 2025, 12:30 Uhr")
    assert _is_date_only("29 décembre 2021")
    assert not _is_date_only("Top 10 of 2024")
    assert not _is_date_only("The fair opens on 3 March 2025 in the old town")


def test_link_words_cut_from_a_sentence_are_given_back() -> None:
    page_line = "The mayor said the pier would reopen in spring, according to the minutes of the harbour board meeting."
    cut_line = "The mayor said the pier would reopen in spring, according to the of the harbour board meeting."
    visible = [("Harbour News", "html-navigation"), (page_line, "html-boilerplate")]
    assert _restore_cut_words(cut_line + "\n" + P1, visible) == page_line + "\n" + P1


def test_paragraphs_dropped_inside_and_after_the_article_are_recovered() -> None:
    visible = [
        ("Home", "html-navigation"),
        (P1, "html-boilerplate"),
        (P2, "html-boilerplate"),
        ("Advertisement", "html-advertisement"),
        (P3, "html-boilerplate"),
        (P4, "html-boilerplate"),
        ("Comments", "html-boilerplate"),
        ("I walked on that pier every Sunday as a child and I am very happy that it will come back.", "html-comments"),
    ]
    context = CleanContext(repeat_min=3)
    # the extractor kept the first two paragraphs only: the two after the advertisement come back, comments do not
    restored = _recover_dropped_paragraphs(f"{P1}\n{P2}", visible, context)
    assert restored.split("\n") == [P1, P2, P3, P4]
    # a paragraph skipped between two kept ones comes back in its place
    assert _recover_dropped_paragraphs(f"{P1}\n{P3}", visible[:5], context).split("\n") == [P1, P2, P3]


def test_paragraphs_after_a_table_and_a_subheading_in_the_article_are_recovered() -> None:
    cells = ["Pier", "Length", "Opened", "Eastern pier", "240 m", "1911", "Western pier", "180 m", "1924"]
    subheading = "What the new eastern pier will look like for its visitors"
    visible = [
        (P1, "html-boilerplate"),
        (P2, "html-boilerplate"),
        *[(cell, "html-boilerplate") for cell in cells],
        (subheading, "html-boilerplate"),
        (P3, "html-boilerplate"),
        (P4, "html-boilerplate"),
    ]
    restored = _recover_dropped_paragraphs(f"{P1}\n{P2}", visible, CleanContext(repeat_min=3))
    assert restored.split("\n") == [P1, P2, P3, P4]
    # the same lines in a box of another region (a related list under the article) end the run
    boxed = [(text, "html-boilerplate" if i < 2 else "html-aside") for i, (text, _) in enumerate(visible)]
    assert _recover_dropped_paragraphs(f"{P1}\n{P2}", boxed, CleanContext(repeat_min=3)) == f"{P1}\n{P2}"


def test_a_lone_paragraph_after_the_article_is_not_recovered() -> None:
    note = "Please note that this article was updated on Friday with the final decision of the harbour board."
    visible = [(P1, "html-boilerplate"), (P2, "html-boilerplate"), (note, "html-boilerplate")]
    assert _recover_dropped_paragraphs(f"{P1}\n{P2}", visible, CleanContext(repeat_min=3)) == f"{P1}\n{P2}"


def test_comment_section_is_cut_even_when_comments_read_like_prose(config: Config) -> None:
    comment_a = "I walked on that pier every Sunday as a child and I am very happy that it will finally come back."
    comment_b = "Eighteen months sounds optimistic, the last repair of the western pier took more than three years."
    content = "\n".join(
        [
            "Old eastern pier to be rebuilt",
            P1,
            P2,
            P3,
            "2 responses to “Old eastern pier to be rebuilt”",
            "harbourfan says:",
            "May 3, 2024 at 6:34 am",
            comment_a,
            "J. Smith says:",
            "May 3, 2024 at 7:02 am",
            comment_b,
            P4,  # a comment that quotes the article reads like its last paragraph
        ]
    )
    doc = RawDocument(id="pier", source=SourceInfo(path="pier.txt", format="txt"), kind="text", content=content)
    article = clean_document(doc, config)
    assert article.text == "\n\n".join([P1, P2, P3])
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons["harbourfan says:"] == "comments"
    assert comment_b in reasons


def test_lines_from_sidebars_and_related_lists_are_dropped_unless_they_hold_the_article() -> None:
    teaser = "Ten years of the harbour festival: a look back at the best photographs from the quay."
    visible = [(P1, "html-boilerplate"), (P2, "html-boilerplate"), (teaser, "html-related-posts")]
    assert _drop_boilerplate_regions(f"{P1}\n{P2}\n{teaser}", visible) == f"{P1}\n{P2}"
    # a site that wraps its whole article in a "related"-looking container keeps it
    wrapped = [(P1, "html-related-posts"), (P2, "html-related-posts"), (teaser, "html-boilerplate")]
    assert _drop_boilerplate_regions(f"{P1}\n{P2}\n{teaser}", wrapped) == f"{P1}\n{P2}\n{teaser}"


def test_comment_forms_and_read_also_links_in_other_languages(config: Config) -> None:
    content = "\n".join(
        [
            P1,
            "Lea también: El puerto abre un nuevo muelle para pescadores",
            P2,
            P3,
            "Hinterlasse einen Kommentar",
            "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert.",
            P4,
        ]
    )
    doc = RawDocument(id="forms", source=SourceInfo(path="forms.txt", format="txt"), kind="text", content=content)
    article = clean_document(doc, config)
    assert article.text == "\n\n".join([P1, P2, P3])
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons["Lea también: El puerto abre un nuevo muelle para pescadores"] == "related-link"
    assert reasons["Hinterlasse einen Kommentar"] == "comments"


def test_the_lead_paragraph_above_the_first_extracted_line_is_recovered() -> None:
    visible = [
        ("Harbour News", "html-navigation"),
        ("Old eastern pier to be rebuilt", "html-header"),
        (P1, "html-header"),
        (P2, "html-boilerplate"),
        (P3, "html-boilerplate"),
    ]
    restored = _recover_dropped_paragraphs(f"{P2}\n{P3}", visible, CleanContext(repeat_min=3))
    assert restored.split("\n") == [P1, P2, P3]


def test_sidebar_lines_between_article_paragraphs_stay() -> None:
    teaser = "Ten years of the harbour festival: a look back at the best photographs from the quay."
    visible = [(P1, "html-boilerplate"), (P2, "html-share"), (P3, "html-boilerplate"), (teaser, "html-share")]
    # P2 sits inside a share widget but between two article paragraphs; only the trailing teaser goes
    assert _drop_boilerplate_regions(f"{P1}\n{P2}\n{P3}\n{teaser}", visible) == f"{P1}\n{P2}\n{P3}"


def test_visible_lines_keep_the_text_after_comments_and_processing_instructions() -> None:
    html = (
        "<html><body><p>Hello <!-- an editor's note --> world</p>"
        "<p>The pier <?php echo 'x'; ?> reopens in May.</p>"
        "<div>one<!--a-->two<b>bold</b>three<!--b-->four</div></body></html>"
    )
    assert [text for text, _ in _visible_lines(html)] == [
        "Hello world",
        "The pier reopens in May.",
        "onetwoboldthreefour",  # a comment is not a word boundary: the browser shows the words glued
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("*Werbung. Dieser Beitrag enthält Werbung für eine Fahrradmarke.", "ad-disclosure"),
        ("Anzeige, enthält Affiliate Links", "ad-disclosure"),
        ("This post contains references to products from one or more of our advertisers.", "ad-disclosure"),
        ("Harbour Weekly Newsletter", "call-to-action"),
        ("Sign up to get the best stories of the week in your inbox.", "call-to-action"),
        ("Get the Harbour Weekly daily edition by email and never miss a story", "call-to-action"),
        ("Submit your letter to the editor via this form.", "call-to-action"),
        ("Auch lesen: Die Fähre fährt wieder zweimal am Tag", "related-link"),
        ("Lesen Sie hier: Der Hafen bleibt bis Mittwoch geschlossen", "related-link"),
        ("Crédits photos : Agence Exemple", "image-caption"),
        ("(Credit: Jane Roe / Example Agency)", "image-caption"),
        ("Beitragsbild: Der alte Pier im Winter", "image-caption"),
        # prose that merely uses the words stays
        ("The council said the newsletter would be printed again from May, after readers asked for it.", None),
        ("Die Werbung für das Hafenfest hat die Stadt 3.000 Euro gekostet, sagte der Bürgermeister.", None),
    ],
)
def test_more_boilerplate_cues(line: str, reason: str | None) -> None:
    assert _cue_reason(line) == reason


def test_more_section_headings() -> None:
    for heading in ("Schon gelesen?", "Das Thema könnte dich auch interessieren:", "Mehr zum Thema auf Hafenblatt.de",
                    "Top-Themen bei Hafenblatt", "Beiträge aus dem Forum", "Meistgelesen"):  # fmt: skip
        assert _section_heading(heading), heading
    assert _section_heading("Mehr zum Thema Hafen und Fähren: was die Stadt jetzt plant und warum") is None


def test_a_lead_paragraph_in_a_teaser_box_is_recovered_and_kept() -> None:
    visible = [
        ("Home", "html-navigation"),
        ("Old eastern pier to be rebuilt", "html-header"),
        (P1, "html-related-posts"),  # the standfirst, in an element whose class says "teaser"
        (P2, "html-boilerplate"),
        (P3, "html-boilerplate"),
        (P4, "html-boilerplate"),
        ("Pier festival returns in June after a year off", "html-related-posts"),
    ]
    leads: set[str] = set()
    restored = _recover_dropped_paragraphs(f"{P2}\n{P3}\n{P4}", visible, CleanContext(repeat_min=3), leads)
    assert restored.split("\n") == [P1, P2, P3, P4]
    assert _drop_boilerplate_regions(restored, visible, keep=leads).split("\n") == [P1, P2, P3, P4]
    # without the lead marked as such, the teaser region at the edge of the text goes
    assert _drop_boilerplate_regions(restored, visible).split("\n") == [P2, P3, P4]


def test_a_lead_paragraph_below_an_extracted_headline_and_caption_is_recovered() -> None:
    headline = "Harbour board votes to rebuild the old eastern pier"
    caption = "Photo: Harbour archive"
    visible = [
        ("Home", "html-navigation"),
        (headline, "html-boilerplate"),
        (caption, "html-boilerplate"),
        (P1, "html-related-posts"),  # the standfirst, in a "teaser" box between the headline and the body
        (P2, "html-boilerplate"),
        (P3, "html-boilerplate"),
    ]
    leads: set[str] = set()
    restored = _recover_dropped_paragraphs(
        f"{headline}\n{caption}\n{P2}\n{P3}", visible, CleanContext(repeat_min=3), leads
    )
    assert restored.split("\n") == [headline, caption, P1, P2, P3]
    assert _drop_boilerplate_regions(restored, visible, keep=leads).split("\n") == [headline, caption, P1, P2, P3]


def test_a_short_one_sentence_lead_is_recovered() -> None:
    lead = "The old eastern pier will be rebuilt and open again to walkers and anglers by next summer."
    assert 80 <= len(lead) < 100
    visible = [("Home", "html-navigation"), (lead, "html-header"), (P2, "html-boilerplate"), (P3, "html-boilerplate")]
    restored = _recover_dropped_paragraphs(f"{P2}\n{P3}", visible, CleanContext(repeat_min=3))
    assert restored.split("\n") == [lead, P2, P3]


def test_share_buttons_between_the_lead_and_the_body_do_not_hide_the_lead() -> None:
    visible = [
        ("Home", "html-navigation"),
        (P1, "html-header"),
        ("Share", "html-share"),
        ("Tweet", "html-share"),
        ("E-Mail", "html-share"),
        ("AFP", "html-image-caption"),
        (P2, "html-boilerplate"),
        (P3, "html-boilerplate"),
    ]
    restored = _recover_dropped_paragraphs(f"{P2}\n{P3}", visible, CleanContext(repeat_min=3))
    assert restored.split("\n") == [P1, P2, P3]


def test_a_standfirst_above_the_byline_and_date_is_not_taken_as_the_lead() -> None:
    visible = [
        (P1, "html-header"),  # the page's summary of the article, above its byline
        ("By", "html-byline"),
        ("Jane Doe", "html-byline"),
        ("Nov. 18, 2019 7:04 pm ET", "html-byline"),
        ("Photo: Harbour archive", "html-image-caption"),
        (P2, "html-boilerplate"),
        (P3, "html-boilerplate"),
    ]
    assert _recover_dropped_paragraphs(f"{P2}\n{P3}", visible, CleanContext(repeat_min=3)) == f"{P2}\n{P3}"


def _kept_lines(lines: list[str], *, from_extractor: bool) -> list[str]:
    paragraphs = [part for line in lines for part in (line, "")]  # a blank line after each: no unwrapping
    classifier = _LineClassifier(paragraphs, CleanContext(repeat_min=3), title=None, from_extractor=from_extractor)
    classifier.run()
    return [line.text for line in classifier.kept()]


def test_a_photo_credit_inside_extracted_text_does_not_end_the_article() -> None:
    assert _cue_reason("© Harbour Pictures") == "image-credit"
    assert _cue_reason("(c) Lakeport Agency") == "image-credit"
    assert _cue_reason("© 2024 Lakeport Daily") == "copyright"  # a year: the site's notice
    assert _cue_reason("© Lakeport Daily. Alle Rechte vorbehalten.") == "copyright"
    kept = _kept_lines([P1, P2, "© Harbour Pictures", P3], from_extractor=True)
    assert kept == [P1, P2, P3]


def test_a_bare_copyright_line_still_ends_scraped_text() -> None:
    # in scraped text, "© Name" alone is the foot of the page: what follows is not the article
    kept = _kept_lines([P1, P2, "© Lakeport Daily", P3], from_extractor=False)
    assert kept == [P1, P2]


def test_no_paragraph_is_recovered_across_the_comment_section() -> None:
    # trafilatura kept a sidebar link that repeats the headline of the article; the author's note in the
    # sidebar between the comments and that link is not a paragraph of the article
    sidebar_link = "Rebuilding the eastern pier: what the harbour board decided"
    bio = (
        "I am a retired harbour pilot and have been writing about the ships, piers and people of this coast for "
        "more than twenty years, mostly on weekends."
    )
    visible = [
        (sidebar_link, "html-boilerplate"),
        (P1, "html-boilerplate"),
        (P2, "html-boilerplate"),
        ("Leave a reply", "html-comments"),
        ("Your name", "html-comments"),
        (bio, "html-aside"),
        (sidebar_link, "html-aside"),
    ]
    body = f"{sidebar_link}\n{P1}\n{P2}\n{sidebar_link}"
    assert _recover_dropped_paragraphs(body, visible, CleanContext(repeat_min=3)) == body


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Become a member and enjoy our weekly harbour letter", "call-to-action"),
        ("HAZTE MIEMBRO Y RECIBE NUESTRO BOLETÍN SEMANAL", "call-to-action"),
        ("Werde Mitglied und unterstütze unsere Arbeit im Hafen", "call-to-action"),
        ("Did you know we have a Telegram channel? Join it from your phone with this link.", "call-to-action"),
        ("¿Sabías que tenemos canal de WhatsApp? Únete con este enlace.", "call-to-action"),
        ("Folge unserem Telegram-Kanal für alle Neuigkeiten aus dem Hafen.", "call-to-action"),
        (
            "Wir stellen ohne dein Einverständnis keine Verbindung zu dieser Plattform her. Hier kannst du das ändern.",
            "cookie-notice",
        ),
        ("This post is not loaded without your consent. Change your privacy settings to display it.", "cookie-notice"),
    ],
)
def test_membership_channel_and_embed_consent_lines_are_boilerplate(line: str, reason: str) -> None:
    assert _cue_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "The harbour board said on its Telegram channel that the pier would reopen in May.",
        "Residents were asked to join the meeting on Tuesday evening.",
        "The app shared the location of its users without your consent, the regulator said.",
        "She became a member of the harbour board in 2019.",
    ],
)
def test_news_sentences_about_channels_members_and_consent_are_not_boilerplate(line: str) -> None:
    assert _cue_reason(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "Figure 2: The eastern pier after the winter storm of 2022.",
        "Abbildung 4: Der Querschnitt des neuen Stegs.",
        "Fig. 3 – Map of the harbour with the new walkway",
        "Rysunek 1. Plan nowego molo",
    ],
)
def test_numbered_figure_captions_are_image_captions(line: str) -> None:
    assert _cue_reason(line) == "image-caption"


def test_a_sentence_starting_with_the_word_figure_is_not_a_caption() -> None:
    assert _cue_reason("Figure skating returns to the harbour rink this winter.") is None
    assert _cue_reason("Figures published on Tuesday show 4: a record for the port.") is None


@pytest.mark.parametrize("line", ["kel/PNA", "(nwa/ros)", "red/HPA", "ab/cd/NWA"])
def test_the_sign_off_of_a_wire_story_is_a_credit(line: str) -> None:
    assert _cue_reason(line) == "credits"


@pytest.mark.parametrize("line", ["and/or", "km/h", "Pier 4/5"])
def test_slashed_words_that_are_not_a_sign_off(line: str) -> None:
    assert _cue_reason(line) != "credits"


@pytest.mark.parametrize(
    "line", ["Next article", "Vorschau auf den nächsten Artikel", "Artículo siguiente", "Poprzedni wpis"]
)
def test_next_and_previous_article_headings_open_a_teaser(line: str) -> None:
    assert _section_heading(line) == "related-posts"


def test_a_sentence_about_the_next_article_is_not_a_heading() -> None:
    assert _section_heading("The next article in this series will look at the pier.") is None
    assert _section_heading("Next article: the harbour board votes on the pier") is None


def test_long_share_button_labels_between_the_lead_and_the_body_do_not_hide_the_lead() -> None:
    visible = [
        ("Home", "html-navigation"),
        ("Harbour board votes to rebuild the eastern pier", "html-boilerplate"),
        (P1, "html-boilerplate"),
        ("Online since today, 12:09", "html-boilerplate"),
        ("Share on Facebook", "html-share"),
        ("Share on Twitter", "html-share"),
        ("Send by e-mail", "html-share"),
        (P2, "html-boilerplate"),
        (P3, "html-boilerplate"),
    ]
    restored = _recover_dropped_paragraphs(f"{P2}\n{P3}", visible, CleanContext(repeat_min=3))
    assert restored.split("\n") == [P1, P2, P3]
