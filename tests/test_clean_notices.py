"""Pages that are not articles: platform interface text, web archive crawl notices, error and consent pages.

All texts are written for these tests; they say what such pages generally say, in our own words.
"""

from __future__ import annotations

import pytest

from storyline.clean import _is_crawl_notice, clean_batch, clean_document
from storyline.config import Config, load_config
from storyline.errors import InputError
from storyline.records import Article, RawDocument, Skipped, SourceInfo


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(environ={})


def doc(content: str, doc_id: str = "page", kind: str = "text") -> RawDocument:
    fmt = "html" if kind == "html" else "txt"
    return RawDocument(id=doc_id, source=SourceInfo(path=f"{doc_id}.{fmt}", format=fmt), kind=kind, content=content)


def skip_reason(content: str, config: Config, kind: str = "text") -> str:
    (result,) = clean_batch([doc(content, kind=kind)], config)
    assert isinstance(result, Skipped), f"kept as an article: {result.text[:200]!r}"  # type: ignore[union-attr]
    return result.reason


ARTICLE = (
    "The regional council approved a new budget for the ferry service on Tuesday after a debate that lasted "
    "most of the afternoon, the council's press office said.\n\n"
    "Under the plan, two older boats will be replaced by 2027 and timetables on the northern route will be "
    "extended into the evening, a change that island residents had asked for since the pandemic.\n\n"
    "Opposition members said the plan left fares too high for commuters and promised to raise the matter "
    "again when the council reviews transport spending in the spring."
)


# --------------------------------------------------------------------------- whole pages


@pytest.mark.parametrize(
    ("content", "label"),
    [
        (
            "Tweet with your location\n\nSharing your location in your Tweets is optional; you can switch it off "
            "and clear what was saved at any time from your settings.\n\nLearn more",
            "social-media interface text",
        ),
        (
            "Add this post to your website by copying the code below.\n\nSee more of Example Person on Instagram\n\n"
            "Log in to Instagram to see photos and videos from friends.",
            "social-media interface text",
        ),
        (
            "This collection of web captures was made by an automated crawl. The crawler started from a seed list "
            "of news home pages and followed their links one level deep; the resulting WARC files are kept by the "
            "Internet Archive and become visible in the Wayback Machine after a delay. Archived pages help keep "
            "references working when the original links break.",
            "web archive crawl notice",
        ),
        (
            "404 Not Found\n\nSorry, the page you were looking for could not be found. It may have been moved or "
            "deleted.\n\nPlease try again later or return to the home page.",
            "error page",
        ),
        (
            "Seite nicht gefunden\n\nEs ist ein Fehler aufgetreten. Bitte versuchen Sie es später noch einmal.",
            "error page",
        ),
        (
            "Are you a robot?\n\nPlease complete the security check to access the site. We detected unusual "
            "traffic from your computer network.",
            "login, verification or consent page",
        ),
        (
            "Almost done!\n\nWe've sent you a confirmation email. Click the link in the message to activate your "
            "account.\n\nIf it does not arrive within a few minutes, check your spam or junk folder.",
            "login, verification or consent page",
        ),
        (
            "We value your privacy\n\nWe and our partners store and access information on your device, such as "
            "cookies, and process personal data for ads and measurement.\n\nManage preferences",
            "login, verification or consent page",
        ),
        (
            "JavaScript is not available.\n\nWe have detected that JavaScript is disabled in this browser. Please "
            "enable JavaScript or switch to a supported browser to keep using this site.",
            "browser notice (JavaScript, cookies or a supported browser required)",
        ),
        (
            "Activez JavaScript\n\nJavaScript est désactivé dans votre navigateur. Pour lire ce contenu, activez "
            "JavaScript puis rechargez la page.",
            "browser notice (JavaScript, cookies or a supported browser required)",
        ),
    ],
)
def test_a_page_that_is_only_a_notice_is_not_an_article(content: str, label: str, config: Config) -> None:
    assert skip_reason(content, config) == f"not an article: {label}"


def test_an_html_error_page_is_not_an_article(config: Config) -> None:
    page = (
        "<html><head><title>Page not found</title></head><body><nav><a href='/'>Home</a></nav><main>"
        "<h1>Oops! That page can't be found.</h1><p>The page you requested does not exist or is no longer "
        "available.</p><p>Please try again later.</p></main></body></html>"
    )
    assert skip_reason(page, config, kind="html") == "not an article: error page"


def test_a_notice_only_page_is_skipped_even_when_short_articles_are_kept(config: Config) -> None:
    keep_short = config.with_overrides({"clean.min_body_chars": 0})
    with pytest.raises(InputError, match="not an article: error page"):
        clean_document(doc("Error 404\n\nThe page you are looking for does not exist."), keep_short)


def test_error_policy_suppress_leaves_a_notice_page_out(config: Config) -> None:
    suppress = config.with_overrides({"ingest.error_policy": "suppress"})
    page = doc("Something went wrong. Try reloading.\n\nThis feature is not available right now.", "notice")
    results = clean_batch([page, doc(ARTICLE, "article")], suppress)
    assert [r.id for r in results if isinstance(r, Article)] == ["article"] and len(results) == 1


# --------------------------------------------------------------------------- notices inside articles


def test_notice_lines_inside_an_article_are_removed_with_their_reason(config: Config) -> None:
    content = (
        "Ferry budget approved after long debate\n\n"
        "JavaScript is disabled in this browser. Please enable JavaScript to watch this video.\n\n"
        + ARTICLE
        + "\n\nSee more of Example Ferry Company on Facebook\n\nThe page you requested could not be found."
    )
    article = clean_document(doc(content), config)
    assert article.text == ARTICLE
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons["JavaScript is disabled in this browser. Please enable JavaScript to watch this video."] == (
        "browser-notice"
    )
    assert reasons["The page you requested could not be found."] == "error-page"


def test_an_article_about_web_archives_and_deleted_posts_is_kept(config: Config) -> None:
    # Prose that names what the notices name (the Wayback Machine, crawling, a missing page, a post's location)
    # is news, not a notice: paragraphs too long for a notice, and sentences that report rather than instruct.
    content = (
        "Archivists race to save deleted government pages\n\n"
        "When the ministry's climate page vanished last week, visitors were shown a message saying the page "
        "could not be found, and researchers turned to copies kept by the Internet Archive to see what it had "
        "said before the change.\n\n"
        "The Wayback Machine, which the non-profit has run since 2001, crawls billions of pages a year, but "
        "archivists say smaller sites are often missed because nobody adds them to the lists the crawlers start "
        "from.\n\n"
        "A spokesperson for the ministry said the page had been withdrawn during a routine update and that a "
        "revised version would be published before the end of the month.\n\n"
        "Several researchers also noted that a minister's post about the visit had shown her location before it "
        "was removed, a detail that critics said raised questions about how officials use social media."
    )
    article = clean_document(doc(content), config)
    assert "Wayback Machine, which the non-profit has run since 2001" in article.text
    assert "message saying the page could not be found" in article.text
    assert "had shown her location before it was removed" in article.text
    assert not any(r.reason in ("crawl-notice", "error-page", "social-media-notice") for r in article.removed)


def test_a_short_article_under_a_notice_is_reported_as_too_short(config: Config) -> None:
    # what is left reads as an article and outweighs the notice: the usual "too short" reason, not "not an article"
    content = (
        "Please enable JavaScript.\n\n"
        "The harbour master said on Monday that the northern pier would reopen to fishing boats next week."
    )
    reason = skip_reason(content, config)
    assert reason.startswith("clean body has") and "min_body_chars" in reason


def test_crawl_notice_needs_an_archive_and_two_kinds_of_crawl_terms() -> None:
    assert _is_crawl_notice("The crawl started from a seed list and its captures are in the Wayback Machine.")
    assert not _is_crawl_notice("The crawl started from a seed list of home pages.")  # no archive named
    assert not _is_crawl_notice("Researchers used the Internet Archive to read the deleted page.")  # no crawl terms
    assert not _is_crawl_notice("The Wayback Machine crawls many pages; crawling takes time.")  # one kind only


def test_sentences_that_sound_like_notices_but_report_or_advise_are_kept(config: Config) -> None:
    content = (
        "Town hall to host ferry timetable meeting\n\n"
        + ARTICLE
        + "\n\nPlease register for the meeting by Friday at the library or on the council's website.\n\n"
        "The photo app now lets people hide the location of their posts after they are published.\n\n"
        "Before you continue planning a trip, check the winter timetable, the ferry company advised."
    )
    article = clean_document(doc(content), config)
    for kept in ("Please register for the meeting by Friday", "hide the location of their posts",
                 "Before you continue planning a trip"):  # fmt: skip
        assert kept in article.text, kept


def test_a_log_in_prompt_inside_an_article_is_removed(config: Config) -> None:
    content = ARTICLE + "\n\nYou must be logged in to post a comment.\n\nPlease log in."
    article = clean_document(doc(content), config)
    assert article.text == ARTICLE
    assert {r.reason for r in article.removed} == {"access-notice"}
