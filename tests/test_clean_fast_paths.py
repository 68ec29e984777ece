"""The cleaner's fast paths give the same answers as the plain definitions they replace.

`_script_counts` counts latin letters in C and looks up only the rarer characters; the page's
visible lines are read with a plain lxml parser and normalised a block at a time; a title's
site suffix is split once per page. All texts and pages are written for these tests.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.clean import (
    _AUTHOR_ATTRIBUTES,
    _AUTHOR_HINT_RE,
    _CUE_MAX_CHARS,
    _LINE_CUES,
    _SPLIT_LINE_CUES,
    _UNTRIED,
    Removal,
    _char_script,
    _cue_reason,
    _html_removals,
    _letter_count,
    _may_name_an_author,
    _page_metadata,
    _parse_html,
    _removing_cue,
    _script,
    _script_counts,
    _top_level_branches,
    _visible_lines,
)
from storyline.language import letter_count

HARBOUR_PAGE = Path(__file__).parent / "data" / "inputs" / "harbor_gazette_bridge.html"


def _reference_script_counts(text: str) -> Counter[str]:
    """The definition: every letter of the first 2,000 characters, by the script of its Unicode name."""
    counts = Counter(_char_script(ch) for ch in text[:2000] if ch.isalpha())
    counts.pop("", None)
    return counts


_MIXED = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=32, max_codepoint=0x24F),
        st.characters(min_codepoint=0x250, max_codepoint=0x33FF),
        st.sampled_from("“”’—–…«»ḀḁǅŁжяαβ日本語한국어"),
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(_MIXED)
def test_script_counts_match_the_definition(text: str) -> None:
    assert _script_counts(text) == _reference_script_counts(text)


@settings(max_examples=200, deadline=None)
@given(_MIXED)
def test_letter_count_matches_the_language_module(text: str) -> None:
    assert _letter_count(text) == letter_count(text)


def test_script_of_mixed_texts() -> None:
    assert _script("The “quick” brown fox — jumps") == "latin"
    assert _script("Быстрая лиса прыгает через забор") == "cyrillic"
    assert _script("東京で会議が開かれた") == "cjk"
    assert _script("Half latin половина") == "other"
    assert _script("12 34 — !!") == "other"
    # Latin Extended Additional is latin by its Unicode name, not by the U+0250 shortcut.
    assert unicodedata.name("ḁ").startswith("LATIN")
    assert _script_counts("Ḁḁ ab") == Counter({"latin": 4})
    # Only the first 2,000 characters count.
    assert _script_counts("a" * 2000 + "я" * 10) == Counter({"latin": 2000})


def test_visible_lines_normalise_spaces_and_invisible_characters_per_line() -> None:
    html = (
        "<html><head><title>T</title><style>p{}</style></head><body>"
        "<nav><a href='/'>Home</a></nav>"
        "<div class='story'><p>First\u00a0\u00a0line\u200b of\tthe story.<br>Second  line\u00ad here.</p>"
        "<p>  \u200b  </p><p style='display:none'>Hidden text</p>"
        "<span>Tail</span> of the block.</div>"
        "<footer>All rights reserved</footer></body></html>"
    )
    assert _visible_lines(html) == [
        ("Home", "html-navigation"),
        ("First line of the story.", "html-boilerplate"),
        ("Second line here.", "html-boilerplate"),
        ("Tail of the block.", "html-boilerplate"),
        ("All rights reserved", "html-footer"),
    ]


def test_parse_html_accepts_a_declared_encoding_and_rejects_an_empty_page() -> None:
    root = _parse_html('<?xml version="1.0" encoding="utf-8"?><html><body><p>Grüße</p></body></html>')
    assert root is not None and root.findtext(".//p") == "Grüße"
    assert _parse_html("") is None


def test_html_removals_label_the_headline_with_and_without_its_site_suffix() -> None:
    visible = [
        ("Storm closes the harbour - Daily Planet", "html-header"),
        ("Storm closes the harbour", "html-boilerplate"),
        ("The harbour was closed on Monday after the storm.", "html-boilerplate"),
        ("Share this story", "html-share"),
    ]
    removed = _html_removals(
        visible, "The harbour was closed on Monday after the storm.", [], "Storm closes the harbour - Daily Planet"
    )
    assert removed == [
        Removal("Storm closes the harbour - Daily Planet", "title"),
        Removal("Storm closes the harbour", "title"),
        Removal("Share this story", "html-share"),
    ]


_CUE_LINES = [
    "Reporting by Jane Roe; Editing by John Doe",
    "This story was originally published on Example Times.",
    "Skip to main content",
    "Sign up for our daily newsletter to get the news in your inbox",
    "Subscribe to continue reading this article and many more.",
    "Advertisement",
    "We use cookies to improve your experience. By continuing you accept our policy.",
    "Copyright 2024 Example Media. All rights reserved.",
    "Tags: storms, harbour, weather",
    "12 comments",
    "Your email address will not be published. Required fields are marked *",
    "The post Storm closes the harbour appeared first on Example News.",
    "Please enable JavaScript to view the comments.",
    "Read also: Harbour reopens after the storm",
    "Continue reading",
    "The mayor (left) speaks to reporters. Photo: Example Agency / Reuters",
    "The harbour was closed on Monday after the storm, and the ferries stayed in port until Wednesday.",
    "He said the city would subscribe to a new warning service, which was free for the first year.",
]


def test_split_cues_match_exactly_what_the_cues_match() -> None:
    lines = [*_CUE_LINES, *(line.upper() for line in _CUE_LINES), *(f"Long text before. {line}" for line in _CUE_LINES)]
    for line in lines:
        for (reason, pattern), (split_reason, at_start, anywhere) in zip(_LINE_CUES, _SPLIT_LINE_CUES, strict=True):
            assert reason == split_reason
            split = bool(
                (at_start is not None and at_start.match(line)) or (anywhere is not None and anywhere.search(line))
            )
            assert split == bool(pattern.search(line)), (reason, line)
    assert _cue_reason("Skip to main content") == "navigation"
    assert _cue_reason("Reporting by Jane Roe; Editing by John Doe") == "credits"
    assert _cue_reason("The harbour was closed on Monday after the storm, and the ferries stayed in port.") is None


def test_top_level_branches_respect_groups_classes_and_escapes() -> None:
    assert _top_level_branches(r"^a\|b|(c|d)|[|)]x|e") == [r"^a\|b", "(c|d)", "[|)]x", "e"]
    assert _top_level_branches("single") == ["single"]


def _reference_removing_cue(line: str) -> str | None:
    """The definition: the first cue that matches, unless the line is too long for that cue."""
    reason = _cue_reason(line)
    return reason if reason is not None and len(line) <= _CUE_MAX_CHARS.get(reason, 10_000) else None


def test_removing_cue_skips_only_cues_that_could_not_remove_the_line() -> None:
    prose = " The harbour was closed on Monday after the storm, and the ferries stayed in port until Wednesday."
    lines = [*_CUE_LINES, *(line + prose * n for line in _CUE_LINES for n in (1, 2, 3, 5, 120))]
    lines += [prose * n + " Photo: Example Agency / Reuters" for n in (1, 2, 3, 4, 5)]
    for line in lines:
        found = _removing_cue(line)
        expected = _reference_removing_cue(line)
        if found == _UNTRIED:  # no cue tried matched; an untried one may, but could not remove the line
            assert expected is None, line
        else:
            assert (found or None) == expected, line
            assert (found is None) == (_cue_reason(line) is None), line
    caption = "The mayor (left) speaks to reporters on the pier." + prose * 3
    assert len(caption) > _CUE_MAX_CHARS["image-caption"] and _cue_reason(caption) == "image-caption"
    assert _removing_cue(caption) == _UNTRIED  # too long for an image caption: prose


def test_page_metadata_reads_what_trafilatura_reads() -> None:
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    tree = load_html(HARBOUR_PAGE.read_text(encoding="utf-8"))
    options = {"extensive_search": False, "original_date": True}
    ours = _page_metadata(tree, "https://example.org/bridge")
    theirs = extract_metadata(tree, "https://example.org/bridge", options, False)
    for name in ("title", "author", "url", "date", "sitename"):
        assert getattr(ours, name) == getattr(theirs, name), name
    assert ours.title and ours.date


def test_author_hint_covers_every_attribute_and_word_of_trafilaturas_author_search() -> None:
    import re

    from trafilatura.xpaths import AUTHOR_XPATHS

    for expression in AUTHOR_XPATHS:
        assert set(re.findall(r"@([\w-]+)", expression.path)) <= set(_AUTHOR_ATTRIBUTES)
        for literal in re.findall(r"'([^']*)'", expression.path):
            for alternative in literal.split("|"):
                word = re.sub(r"\[(\w)\w\]", r"\1", alternative).replace("?", "").lstrip("^").lower()
                assert word == "me" or _AUTHOR_HINT_RE.search(word), alternative  # rel='me': a <rel> element


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["class", "id", "itemprop", "rel", "title", "data-role"]),
    st.sampled_from(["byline", "post-author", "AuthorName", "writer-box", "entry-meta", "headline", "author"]),
)
def test_author_search_is_skipped_only_when_it_finds_nothing(attribute: str, value: str) -> None:
    from trafilatura.metadata import extract_author
    from trafilatura.utils import load_html

    html = (
        "<html><head><title>Ferry news</title></head><body><article><h1>The ferry runs twice a day</h1>"
        f"<p {attribute}='{value}'>Jane Roe</p><p>The ferry to the islands will run twice a day from next week."
        "</p></article></body></html>"
    )
    tree = load_html(html)
    if not _may_name_an_author(tree):
        assert extract_author(tree) is None
