"""Tests for the clean stage: HTML and plain text, metadata, removals with reasons, batch repeats, idempotence."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.clean import build_context, clean_batch, clean_document, content_hash, split_site_suffix
from storyline.config import Config, load_config
from storyline.errors import InputError
from storyline.ingest import iter_inputs
from storyline.records import Article, RawDocument, Skipped, SourceInfo

INPUTS = Path(__file__).resolve().parent / "data" / "inputs"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(environ={})


@pytest.fixture(scope="module")
def fixtures(config: Config) -> dict[str, Article]:
    docs = [d for d in iter_inputs([str(INPUTS)], config) if isinstance(d, RawDocument)]
    cleaned = clean_batch(docs, config)
    return {a.id: a for a in cleaned if isinstance(a, Article)}


def text_doc(content: str, doc_id: str = "doc", **meta: object) -> RawDocument:
    return RawDocument(id=doc_id, source=SourceInfo(path=f"{doc_id}.txt", format="txt"), kind="text",
                       content=content, **meta)  # type: ignore[arg-type]  # fmt: skip


def reasons_of(article: Article) -> dict[str, str]:
    return {r.text: r.reason for r in article.removed}


def assert_body(article: Article, present: list[str], absent: list[str]) -> None:
    for phrase in present:
        assert phrase in article.text, f"body lost: {phrase!r}"
    for phrase in absent:
        assert phrase not in article.text, f"junk kept: {phrase!r}"


# --------------------------------------------------------------------------- HTML


def test_html_page_main_text_metadata_and_removed_regions(fixtures: dict[str, Article]) -> None:
    article = fixtures["harbor_gazette_bridge"]
    assert article.title == "Old swing bridge in Port Calloway to reopen after two-year repair"
    assert article.published == dt.date(2023, 5, 17) and article.date_source == "html"
    assert article.site == "harborgazette.example"
    assert article.author == "Imogen Tarrant"
    assert article.language == "en"
    assert_body(
        article,
        ["The cast-iron swing bridge over the Calloway Channel will reopen", "a brass band at nine o'clock"],
        ["Sign up for our morning newsletter", "Ferry timetable changes", "Four million for a bridge",
         "All rights reserved", "Share on Facebook", "Privacy policy"],
    )  # fmt: skip
    assert "\n\n" in article.text
    reasons = reasons_of(article)
    assert reasons["Home"] == "html-navigation"
    assert reasons["Ferry timetable changes for the summer season"] == "html-related-posts"
    assert reasons[
        "Four million for a bridge while the library is still shut on Mondays. Typical of this council."
    ] == ("html-comments")
    assert reasons["Share on Facebook Share on Twitter Email this article"] == "html-share"
    assert reasons["© 2023 The Harbor Gazette. All rights reserved."] == "html-footer"
    assert "We use cookies" not in " ".join(reasons)  # hidden elements are not visible text


def test_html_from_warc_and_jsonl(fixtures: dict[str, Article]) -> None:
    quarry = fixtures["quarry-lake-swimming"]
    assert quarry.title == "Quarry lake opens for swimming"
    assert quarry.published == dt.date(2023, 7, 30)
    assert quarry.site == "echo.example"
    assert "Home Local Weather" not in quarry.text
    comet = fixtures["wire-002"]
    assert comet.title == "Amateur astronomer spots new comet from her garden"
    assert comet.published == dt.date(2023, 3, 15) and comet.date_source == "metadata"
    assert comet.site == "Northern Wire"


def test_malformed_html_is_still_cleaned(config: Config) -> None:
    body = " ".join(["The ferry to the northern islands will run twice a day from next week."] * 2)
    html = (
        "<html><body><div class='menu'>Home | News | Search<p>"
        f"<p>{body}<p>Officials said the second daily crossing would start on Monday and cost the same as the "
        "first one, which leaves the harbour at seven in the morning.<div>The islands' council welcomed the decision"
        " and said it would help pupils who board at the mainland school to come home at weekends.</p></b>"
    )
    doc = RawDocument(id="broken", source=SourceInfo("broken.html", "html"), kind="html", content=html)
    article = clean_document(doc, config)
    assert "second daily crossing" in article.text
    assert "Home | News | Search" not in article.text


def test_a_page_read_from_its_visible_text_keeps_its_title_and_date(config: Config) -> None:
    # the article sits in an <aside>, where trafilatura finds no main text: the visible text is cleaned instead
    paragraphs = "".join(
        f"<p>The Vell river rose two metres in Brookmere on Monday night, and {n} families left their homes "
        "before dawn, the council said.</p>"
        for n in range(3, 9)
    )
    html = (
        "<html><head><title>Vell river floods Brookmere - The Harl Courier</title>"
        '<meta property="article:published_time" content="2025-03-04T08:00:00Z"></head>'
        f"<body><aside>{paragraphs}</aside></body></html>"
    )
    doc = RawDocument(id="aside", source=SourceInfo("aside.html", "html"), kind="html", content=html)
    article = clean_document(doc, config)
    assert "families left their homes" in article.text
    assert article.title == "Vell river floods Brookmere"
    assert article.published == dt.date(2025, 3, 4)


def test_text_nested_deeper_than_libxml2s_default_limit_is_kept(config: Config) -> None:
    body = " ".join(["The harbour council of Lorne met on Monday to discuss the new ferry line and its costs."] * 6)
    html = "<html><body>" + "<div>" * 400 + f"<p>{body}</p>" + "</div>" * 400 + "</body></html>"
    doc = RawDocument(id="deep", source=SourceInfo("deep.html", "html"), kind="html", content=html)
    article = clean_document(doc, config)
    assert "new ferry line" in article.text


def test_feed_items(fixtures: dict[str, Article]) -> None:
    museum = fixtures["lighthouse-cottage-museum"]
    assert museum.title == "Lighthouse keeper's cottage to become a small museum"
    assert museum.published == dt.date(2023, 6, 2) and museum.date_source == "metadata"
    assert "Samuel Orrin" in museum.text and "<p>" not in museum.text
    assert museum.site == "harborgazette.example"
    assert fixtures["record-cherry-harvest"].author == "Nadia Ferrow"


# --------------------------------------------------------------------------- plain text


def test_feed_repost_footer_and_feed_line_date(fixtures: dict[str, Article]) -> None:
    article = fixtures["lakeside_feed_repost"]
    assert article.title == "Ferry workers in Lakeport vote to strike over night shifts"
    assert article.site == "Lakeside Tribune"
    assert article.published == dt.date(2023, 3, 14) and article.date_source == "text:feed-line"
    assert article.text.startswith("Crews on the Lakeport ferry line")  # "(LT)" dateline removed
    assert_body(
        article,
        ["We asked for one extra rest day and got nothing.", "offered a pay rise of three percent."],
        ["Search", "Adblock", "Google News", "ift.tt", "Bagikan", "Post a Comment", "Powered by", "Celebrity Buzz"],
    )
    reasons = reasons_of(article)
    assert reasons["Search"] == "navigation"
    assert reasons["Powered by Blogger."] == "feed-footer"
    assert reasons["(LT)"] == "dateline"


def test_menus_captions_credits_and_author_box(fixtures: dict[str, Article]) -> None:
    article = fixtures["northwind_radio_menu"]
    assert article.title == "Grid Operator Orders Rolling Blackouts As Cold Snap Grips Northern Provinces"
    assert article.published == dt.date(2023, 3, 13) and article.date_source == "text:date-marker"
    assert article.text.startswith("The national grid operator ordered rolling blackouts")
    assert article.text.endswith("would be restarted early to add capacity.")
    reasons = reasons_of(article)
    assert reasons["Subscribe"] == "call-to-action"
    assert reasons["Previous Next"] == "navigation"
    assert reasons["Technicians inspect a frozen transformer near Karsvik (left) and a substation (file photo)"] == (
        "image-caption"
    )
    assert reasons["With reporting by Reuters and AFP"] == "credits"
    assert reasons["Back to top"] == "navigation"
    author_box = next(text for text in reasons if text.startswith("Northwind Radio journalists report"))
    assert reasons[author_box] == "author-box"


def test_latest_news_list_and_byline_block(fixtures: dict[str, Article]) -> None:
    article = fixtures["tidewater_latest"]
    assert article.title == "Harbour authority approves new container terminal in Tidewater"
    assert article.published is None and article.date_source is None  # only list dates and a scrape date
    assert article.author == "Mara Jensen"
    assert_body(
        article,
        ["approved plans for a new container terminal", "replace the lost habitat."],
        ["Mara Jensen", "Latest news", "Fishing Quotas", "21.Mar.2023", "25 Mar 2023"],
    )
    reasons = reasons_of(article)
    assert reasons["Mara Jensen"] == reasons["Tidewater"] == "byline"
    assert reasons["Latest news"] == "latest-news-list"


def test_related_posts_disclaimer_and_foreign_teasers(fixtures: dict[str, Article]) -> None:
    article = fixtures["meridian_related"]
    assert article.title == "Quiet deal: Coastal states agree to share fishing data"
    assert article.published is None
    assert_body(
        article,
        ["pool data on fish stocks", "in proportion to the size of their fishing fleets."],
        ["Note:", "Related Posts", "Rail fares", "tarifas", "музей", "Read More", "Index Of News"],
    )
    reasons = reasons_of(article)
    assert reasons["Related Posts"] == "related-posts"
    assert reasons[next(t for t in reasons if t.startswith("Note: This article"))] == "disclaimer"
    assert reasons[next(t for t in reasons if t.startswith("В столице"))] == "foreign-language"


def test_foreign_teaser_is_removed_without_any_heading(config: Config) -> None:
    body = [
        "Ferry crews on the western lake voted to accept a new contract on Friday, ending a dispute that had "
        "lasted for most of the winter season.",
        "The contract gives every crew member one extra rest day a month and raises pay by four percent from "
        "the first of April, the union said.",
    ]
    teaser = (
        "Die Gemeinde hat beschlossen, die alte Brücke über den Fluss im nächsten Jahr abzureißen und durch "
        "einen Neubau zu ersetzen, der auch für Radfahrer breit genug ist."
    )
    article = clean_document(text_doc("Ferry crews accept new contract\n\n" + "\n\n".join([*body, teaser])), config)
    assert reasons_of(article)[teaser] == "foreign-language"
    assert_body(article, body, ["Brücke"])


def test_duplicate_title_and_similar_posts(fixtures: dict[str, Article]) -> None:
    article = fixtures["river_repeat_similar"]
    assert article.title == "River cleanup volunteers pull two tonnes of plastic from the Ashbourne."
    assert "River cleanup volunteers pull" not in article.text
    assert [r.reason for r in article.removed] == ["title", "duplicate-title", "related-posts"]


def test_breadcrumbs_and_menu_rows_are_navigation(config: Config) -> None:
    body = (
        "The county will close the coastal road at night for three weeks while engineers repair the sea wall "
        "that was damaged in the January storms, the roads office said on Monday."
    )
    content = f"World · Europe\nHome | News | Sport | Weather | Opinion\n\nSea wall repairs close coast road\n\n{body}"
    article = clean_document(text_doc(content), config.with_overrides({"clean.min_body_chars": 50}))
    assert article.text == body
    reasons = reasons_of(article)
    assert reasons["World · Europe"] == reasons["Home | News | Sport | Weather | Opinion"] == "navigation"


def test_paywall_stub_is_skipped(config: Config) -> None:
    (doc,) = [d for d in iter_inputs([str(INPUTS / "brennau_paywall.html")], config) if isinstance(d, RawDocument)]
    (result,) = clean_batch([doc], config)
    # a standfirst under "subscribe to continue reading": the notice outweighs what is left of the article
    assert isinstance(result, Skipped) and result.reason == "not an article: paywall notice"


def test_foreign_language_article_with_quote_headline_and_head_date(fixtures: dict[str, Article]) -> None:
    article = fixtures["pradera_deportes_es"]
    assert article.language == "es"
    assert article.title == "Marta Olave gana la vuelta a la sierra: “Ha sido la semana más dura de mi vida”"
    assert article.published == dt.date(2024, 9, 14) and article.date_source == "text:dateline"
    assert article.author == "Lucas Ferrán"
    assert article.text.startswith("La ciclista Marta Olave ganó el sábado")
    assert article.text.endswith("terminará en la capital de la provincia.")
    reasons = reasons_of(article)
    assert reasons["Compartir en Facebook"] == "call-to-action"
    assert reasons["Te puede interesar"] == "related-posts"


def test_agency_dateline_gives_the_date_and_is_removed(fixtures: dict[str, Article]) -> None:
    article = fixtures["valmora_wire_dateline"]
    assert article.published == dt.date(2024, 9, 3) and article.date_source == "text:dateline"
    assert article.text.startswith("The joint fisheries office")
    assert [(r.text, r.reason) for r in article.removed] == [
        ("Coastal states open joint fisheries office", "title"),
        ("VALMORA, 3 September 2024 (NWA) –", "dateline"),
        ("Anna Brisk", "byline"),
    ]
    assert article.author == "Anna Brisk"


@pytest.mark.parametrize(
    ("first_line", "rest"),
    [
        (
            "The Regional Water Authority (RWA) suspended two senior engineers on Monday after a dam audit.",
            "The audit found that inspection reports had been copied from one year to the next for five whole years.",
        ),
        (
            "Die Chicago Mercantile Exchange (CME), eine regulierte Derivatbörse, meldete am Montag neue Rekorde.",
            "Das offene Interesse an den Terminkontrakten stieg nach Angaben der Börse auf einen neuen Höchststand.",
        ),
    ],
)
def test_abbreviations_in_the_first_sentence_are_not_datelines(config: Config, first_line: str, rest: str) -> None:
    short_ok = config.with_overrides({"clean.min_body_chars": 50})
    article = clean_document(text_doc(f"Engineers suspended\n\n{first_line}\n\n{rest}"), short_ok)
    assert article.text.startswith(first_line)
    assert "dateline" not in [r.reason for r in article.removed]


def test_hard_wrapped_gzipped_text(fixtures: dict[str, Article]) -> None:
    article = fixtures["gz_story"]
    assert article.title == "Library bus to visit outlying villages every week"
    assert article.site == "The Fenmoor Post"
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("The county library will send") and paragraphs[0].endswith("in the spring.")
    assert "said librarian Wilma Strand, who will drive" in paragraphs[2]


def test_metadata_wins_and_bylines_become_author(config: Config) -> None:
    content = (
        "By Hanna Lindgren and Pavel Oster\n\n"
        "The regional court in Esterby ruled on Monday that the closure of the town's maternity ward was "
        "unlawful, because the health board had not consulted local councils.\n\n"
        "The board said it would study the ruling before deciding whether to appeal to the supreme court.\n\n"
        "The board said it would study the ruling before deciding whether to appeal to the supreme court."
    )
    article = clean_document(
        text_doc(content, title="Court stops maternity ward closure", published=dt.date(2022, 4, 4)), config
    )
    assert article.title == "Court stops maternity ward closure"
    assert article.published == dt.date(2022, 4, 4) and article.date_source == "metadata"
    assert article.author == "Hanna Lindgren and Pavel Oster"
    reasons = [r.reason for r in article.removed]
    assert reasons == ["byline", "repeated-line"]
    assert article.text.count("The board said it would study") == 1


def test_head_dateline_is_used_but_not_a_list_of_dates(config: Config) -> None:
    body = (
        "The island's only bank branch will close at the end of the month, leaving residents with a forty-minute "
        "ferry ride to the nearest cash machine, the bank confirmed on Tuesday. The island council said it would "
        "ask the post office to offer basic banking services instead."
    )
    dated = clean_document(text_doc(f"Island bank branch to close\nPublished: 12 April 2022\n\n{body}"), config)
    assert dated.published == dt.date(2022, 4, 12) and dated.date_source == "text:dateline"
    listed = clean_document(
        text_doc(f"Island bank branch to close\n\n{body}\n\nMore news\nHarbour fees rise\n12.Apr.2022\n"
                 "School roof repaired\n11.Apr.2022\n\n13 Apr 2022"),
        config,
    )  # fmt: skip
    assert listed.published is None


def test_short_sentences_inside_the_body_are_never_dropped(config: Config) -> None:
    content = "\n".join([
        "Storm closes mountain pass",
        "A storm closed the mountain pass between Arnby and Velt on Sunday, stranding dozens of lorries at the "
        "border post overnight.",
        "Advertisement",
        "Nobody was hurt.",
        "Advertisement",
        "Snow ploughs from both sides began clearing the road on Monday morning and the pass should reopen by "
        "the evening, the roads agency said.",
        "Drivers were told to carry chains.",
        "Police said the queue of lorries was eleven kilometres long at its peak, and that volunteers had brought "
        "hot drinks to the drivers during the night.",
    ])  # fmt: skip
    article = clean_document(text_doc(content), config)
    assert "Nobody was hurt." in article.text
    assert "Drivers were told to carry chains." in article.text
    assert "Advertisement" not in article.text
    assert [r.reason for r in article.removed] == ["title", "advertisement", "advertisement"]


def test_body_that_continues_after_an_in_article_heading_is_kept(config: Config) -> None:
    paragraphs = [
        "The home side won the cup final on penalties on Saturday after a goalless draw that went to extra time.",
        "Their goalkeeper saved two of the four penalties and was named player of the match by the organisers.",
        "More from the final",
        "The winning captain said the team had trained penalties every day for a month because they expected a "
        "close game against the holders.",
        "The losing coach said his players had run out of energy in extra time and that he was proud of them.",
    ]
    article = clean_document(text_doc("Home side wins cup on penalties\n\n" + "\n\n".join(paragraphs)), config)
    assert_body(article, [paragraphs[0], paragraphs[3], paragraphs[4]], ["More from the final"])


def test_too_short_article_is_skipped_with_the_setting_named(config: Config) -> None:
    doc = text_doc("Search\nMenu\nA very short note.", doc_id="tiny")
    with pytest.raises(InputError, match="clean.min_body_chars"):
        clean_document(doc, config)
    (result,) = clean_batch([doc], config)
    assert isinstance(result, Skipped) and result.name == "tiny" and "min_body_chars" in result.reason
    assert clean_batch([doc], config.with_overrides({"ingest.error_policy": "suppress"})) == []
    with pytest.raises(InputError):
        clean_batch([doc], config.with_overrides({"ingest.error_policy": "raise"}))


def test_content_hash_is_sha256_of_raw_content(fixtures: dict[str, Article], config: Config) -> None:
    doc = text_doc("x" * 10)
    assert content_hash(doc) == hashlib.sha256(b"x" * 10).hexdigest()
    raw = (INPUTS / "tidewater_latest.txt").read_text("utf-8")
    assert fixtures["tidewater_latest"].content_hash == hashlib.sha256(raw.encode()).hexdigest()


def test_language_is_detected(config: Config) -> None:
    german = (
        "Der Stadtrat von Lindenau hat am Dienstag beschlossen, die alte Markthalle zu renovieren und im nächsten "
        "Jahr wieder für Händler zu öffnen. Die Kosten werden auf drei Millionen Euro geschätzt, und die Arbeiten "
        "sollen im Frühjahr beginnen."
    )
    article = clean_document(text_doc("Markthalle wird renoviert\n\n" + german), config)
    assert article.language == "de" and article.text == german


# --------------------------------------------------------------------------- batch context


BOILER = "Support independent local journalism today"


def _story(n: int) -> str:
    topics = ["the new cycle lane", "the school merger", "the harbour dredging", "the winter festival"]
    return (
        f"Council debates {topics[n]}\n\n"
        f"Councillors in Brenmouth spent three hours on Tuesday debating {topics[n]}, and the vote was put off "
        f"until next month after residents asked for more time to comment.\n\n"
        f"The council leader said the delay would not change the budget for {topics[n]}, which was agreed in "
        f"the spring.\n\n{BOILER}"
    )


def test_lines_repeated_across_the_batch_are_boilerplate(config: Config) -> None:
    docs = [text_doc(_story(n), doc_id=f"s{n}") for n in range(3)]
    cleaned = clean_batch(docs, config)
    assert all(isinstance(a, Article) for a in cleaned)
    for article in cleaned:
        assert isinstance(article, Article)
        assert BOILER not in article.text
        assert reasons_of(article)[BOILER] == "batch-repeat"
    alone = clean_document(docs[0], config)  # without the batch, the line is judged by its own features
    assert reasons_of(alone)[BOILER] == "footer-boilerplate"


def test_syndicated_copies_keep_their_body(config: Config) -> None:
    wire = _story(1).replace(f"\n\n{BOILER}", "")
    docs = [text_doc(wire, doc_id=f"copy{n}") for n in range(4)]
    context = build_context(docs, config)
    assert context.recurs("The council leader said the delay would not change the budget for the school merger, "
                          "which was agreed in the spring.")  # fmt: skip
    for doc in docs:
        article = clean_document(doc, config, context)
        assert "Councillors in Brenmouth spent three hours" in article.text
        assert "The council leader said the delay" in article.text


# --------------------------------------------------------------------------- titles


@pytest.mark.parametrize(
    ("title", "known", "expected"),
    [
        ("Biden to speak with Putin on Thursday - CNN", [], ("Biden to speak with Putin on Thursday", "CNN")),
        ("Bridge reopens after repair | The Harbor Gazette", [], ("Bridge reopens after repair", "The Harbor Gazette")),
        ("Bridge reopens - harborgazette", ["harborgazette.example"], ("Bridge reopens", "harborgazette")),
        ("Covid cases rise in the north - again", [], ("Covid cases rise in the north - again", None)),
        ("Putin meets Biden - Live Updates", [], ("Putin meets Biden - Live Updates", None)),
        ("Tense dialogue: Biden and Putin to discuss diplomatic engagements", [], (
            "Tense dialogue: Biden and Putin to discuss diplomatic engagements", None)),
    ],
)  # fmt: skip
def test_split_site_suffix(title: str, known: list[str], expected: tuple[str, str | None]) -> None:
    assert split_site_suffix(title, known) == expected


def test_article_without_a_headline_keeps_its_first_sentence(config: Config) -> None:
    content = (
        "It has been called the quietest election in the valley's history.\n\n"
        "Turnout in the three valley districts fell to 41 percent on Sunday, the lowest since the districts were "
        "created, and no party gained or lost a seat on the regional council."
    )
    article = clean_document(text_doc(content), config)
    assert article.text.startswith("It has been called the quietest election")
    assert article.title == "It has been called the quietest election in the valley's history."


# --------------------------------------------------------------------------- idempotence

_SENTENCES = [
    "The harbour authority said the new pier would be finished before the summer season.",
    "Residents of the old town complained about the noise from the construction site.",
    "A spokesperson for the council said the work would stop at seven o'clock every evening.",
    "The project is paid for by a regional development fund and by the port's own savings.",
    "Fishermen welcomed the plan but asked for more moorings for small boats.",
    "“We have waited twenty years for this,” said the chair of the fishermen's association.",
    "The mayor will open the pier with a ceremony on the first Saturday of June.",
    "Nobody was hurt.",
    "Traffic was diverted through the ring road for two days.",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.lists(st.sampled_from(_SENTENCES), min_size=1, max_size=3), min_size=2, max_size=6),
    st.sampled_from(["Harbour pier to open in June", "Pier works: residents complain about noise"]),
)
def test_cleaning_clean_text_removes_nothing_more(config: Config, paragraphs: list[list[str]], title: str) -> None:
    unique: list[str] = []
    for paragraph in paragraphs:
        text = " ".join(paragraph)
        if text not in unique:
            unique.append(text)
    raw = text_doc(title + "\n\n" + "\n\n".join(unique) + "\n\nShare this article\nRelated Posts\nRead More")
    try:
        first = clean_document(raw, config)
    except InputError:
        return  # too short to be an article
    assert first.title == title
    again_meta = clean_document(text_doc(first.text, title=first.title), config)
    assert again_meta.text == first.text and again_meta.removed == ()
    again_prefix = clean_document(text_doc(first.title + "\n\n" + first.text), config)
    assert again_prefix.text == first.text
    assert [r.reason for r in again_prefix.removed] == ["title"]


def test_cleaning_fixture_articles_again_is_stable(fixtures: dict[str, Article], config: Config) -> None:
    for article in fixtures.values():
        again = clean_document(text_doc(article.text, title=article.title), config)
        assert again.text == article.text, article.id
        assert again.removed == (), article.id


# --------------------------------------------------------------------------- the five real seeds

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")


@pytest.fixture(scope="module")
def seeds(config: Config) -> dict[str, Article]:
    docs = [d for d in iter_inputs([str(SEEDS)], config) if isinstance(d, RawDocument)]
    return {a.id[:3]: a for a in clean_batch(docs, config) if isinstance(a, Article)}


@needs_seeds
def test_seed_titles(seeds: dict[str, Article]) -> None:
    assert seeds["000"].title == "Biden to hold another call with Putin today"
    assert seeds["001"].title.startswith("Biden and Putin will call again this Thursday")
    assert seeds["002"].title == "Biden to speak with Putin on Thursday at Russian leader's request"
    assert seeds["002"].site == "CNN"
    assert seeds["003"].title == "Tense dialogue: Biden and Putin to discuss diplomatic engagements"
    assert seeds["004"].title.startswith("Biden, Putin To Hold Call This Week")


@needs_seeds
def test_seed_dates(seeds: dict[str, Article]) -> None:
    assert (seeds["004"].published, seeds["004"].date_source) == (dt.date(2021, 12, 29), "text:date-marker")
    assert (seeds["002"].published, seeds["002"].date_source) == (dt.date(2021, 12, 30), "text:feed-line")
    for key in ("000", "001", "003"):
        assert seeds[key].published is None, key


@needs_seeds
def test_seed_junk_is_gone(seeds: dict[str, Article]) -> None:
    junk = {
        "000": ["Alex Raufoglu", "Washington D.C.", "Latest news", "21.Oct.2025", "Drone Wall", "25 Oct 2025"],
        "001": ["Similar Posts"],
        "002": ["Search", "Adblock", "Google News", "ift.tt", "Shoes Man", "Bagikan", "Response to", "Blogger"],
        "003": ["Note: This article", "Related Posts", "thumbnail", "Coinbase", "Russische", "Read More", "Index Of"],
        "004": ["Accessibility links", "Subscribe", "site logo", "Previous Next", "Breaking News", "(combo photo)",
                "With reporting by", "16x9", "journalists report the news", "Recommended", "Back to top", "\nXS"],
    }  # fmt: skip
    for key, phrases in junk.items():
        for phrase in phrases:
            assert phrase not in seeds[key].text, (key, phrase)
    assert seeds["001"].text.count("Biden and Putin will call again this Thursday") == 0
    assert not any("\u0400" <= ch <= "\u06ff" for ch in seeds["003"].text)  # no Cyrillic or Hebrew teaser left


@needs_seeds
def test_seed_body_sentences_remain(seeds: dict[str, Article]) -> None:
    body = {
        "000": ["TURAN's Washington correspondent reports.", "if Putin \"is interested in taking it.\""],
        "001": ["Horne said in his letter.", "a diplomatic solution to the conflict with Ukraine."],
        "002": ["President Joe Biden will hold a call with Russian President Vladimir Putin",
                "the White House official told CNN."],
        "003": ["Secretary of State Antony Blinken spoke with Ukrainian President Volodymyr Zelenskyy on Wednesday.",
                "Kremlin spokesman Dmitry Peskov confirmed Putin would speak with Biden on Thursday"],
        "004": ["will speak by phone on December 30", "fundamentally contrary to Western values."],
    }  # fmt: skip
    for key, phrases in body.items():
        for phrase in phrases:
            assert phrase in seeds[key].text, (key, phrase)


@needs_seeds
def test_seed_removals_have_reasons(seeds: dict[str, Article]) -> None:
    assert seeds["000"].author == "Alex Raufoglu"
    assert reasons_of(seeds["000"])["Alex Raufoglu"] == "byline"
    assert reasons_of(seeds["004"])["With reporting by Reuters, AP, and AFP"] == "credits"
    assert reasons_of(seeds["002"])["Search"] == "navigation"
    for article in seeds.values():
        assert all(r.reason for r in article.removed)
        assert article.language == "en"


def _mis_decoded(text: str) -> str:
    """UTF-8 bytes read as cp1252 (undefined bytes kept as Latin-1), as a careless scraper saves them."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))


def test_mis_decoded_text_is_repaired_and_the_repair_recorded(config: Config) -> None:
    body = (
        "Mayor Zoë Varga said “the bridge will reopen in May” — and the café owners of Eskerby cheered. "
        "It’s the town’s only crossing, and the ferry costs €4 a trip. "
    ) * 3
    broken = _mis_decoded(body)
    assert "â€œ" in broken and "Ã«" in broken
    for kind, content in (("text", broken), ("html", f"<html><body><article><p>{broken}</p></article></body></html>")):
        doc = RawDocument(id=f"moji-{kind}", source=SourceInfo(f"m.{kind}", kind), kind=kind, content=content)
        article = clean_document(doc, config)
        assert "“the bridge will reopen in May”" in article.text and "Zoë" in article.text and "€4" in article.text
        assert "â€" not in article.text
        (repair,) = [r for r in article.removed if r.reason == "encoding-repaired"]
        assert "repaired" in repair.text
    # correct text is left alone and nothing is recorded
    doc = RawDocument(id="fine", source=SourceInfo("f.txt", "text"), kind="text", content=body)
    article = clean_document(doc, config)
    assert article.text == body.strip() and not [r for r in article.removed if r.reason == "encoding-repaired"]
