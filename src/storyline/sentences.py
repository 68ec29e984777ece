"""Sentence splitting with exact character offsets into the article's clean text.

Each paragraph (paragraphs are separated by a blank line) is split with pysbd, using the
article's language where pysbd has rules for it and English rules otherwise. pysbd's
pieces are then aligned back onto the text, so that for every sentence ``s``::

    article.text[s.start:s.end] == s.text

Repairs follow pysbd, in this order:

1. a piece that ends with a name's middle initial (``... george w.``) is joined to the next;
2. a sentence that opens a quotation and does not close it is joined with the following pieces
   until the quotation closes (for short quotes only), and a piece that starts in lower case after a
   full stop (``... briefed journalists. on the next call.``) is joined to the one before, unless it
   opens with a quotation mark or a bracket (in lower-cased text those start sentences);
3. a very long "sentence" that pysbd kept whole because it never splits inside quotation marks is
   split at the quotation's own sentence ends;
4. in text split with English rules, a sentence of `MISSED_END_WORDS` words or more is split at
   terminal punctuation that pysbd missed (in lower-cased or tokenised text the capital-letter cue is
   gone), but not after an abbreviation, an initial or an ellipsis.

`split_text` splits a plain text the same way, for callers that have no `Article` record.
"""

from __future__ import annotations

import re
from typing import Any

from .records import Article, Sentence, SourceInfo

__all__ = ["SentenceSplitter", "split_sentences", "split_text", "PYSBD_LANGUAGES"]

#: languages pysbd has rules for (pysbd 0.3).
PYSBD_LANGUAGES = frozenset("en hi mr zh es am ar hy bg ur ru pl fa nl da fr my el it ja de kk sk".split())
#: quotes longer than this are not merged across pysbd's sentence boundaries.
MAX_QUOTE_CHARS = 400
#: a sentence longer than this that holds a quotation is split at the quotation's own sentence ends.
LONG_QUOTE_CHARS = 300
#: at most this many pysbd pieces are merged into one sentence by the quote repair.
MAX_QUOTE_PIECES = 4

_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n\s*")
_END_PUNCT_RE = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
_QUOTE_CHARS_RE = re.compile('["“”«»„]')
_CLOSING_ONLY_RE = re.compile(r"^[\"'”’»)\]\s.,;:!?…]+$")
_OPENING_MARKS = "\"“‘'«„([{"
_FULL_STOP_RE = re.compile(r"[.…。][\"'”’»)\]]*$")


class SentenceSplitter:
    """Splits articles into sentences; holds one pysbd Segmenter per language.

    Create one per batch of articles (or per worker) and call `split` for each article;
    the segmenters are reused across calls.
    """

    def __init__(self) -> None:
        self._segmenters: dict[str, Any] = {}

    def segmenter(self, language: str) -> Any:
        """The pysbd Segmenter for ``language`` (English rules when pysbd lacks the language)."""
        code = language if language in PYSBD_LANGUAGES else "en"
        found = self._segmenters.get(code)
        if found is None:
            import pysbd  # lazy: only needed when splitting

            found = pysbd.Segmenter(language=code, clean=False)
            self._segmenters[code] = found
        return found

    def split(self, article: Article) -> list[Sentence]:
        """Split one article's clean text into sentences.

        Args:
            article: a cleaned article; ``article.language`` picks pysbd's rules.

        Returns:
            The sentences in text order, numbered from 0, with exact offsets into
            ``article.text`` and the index of their paragraph.
        """
        segmenter = self.segmenter(article.language)
        # the missed-end repair knows English abbreviations only ("am 3. Mai" is one German sentence)
        english = article.language not in PYSBD_LANGUAGES or article.language == "en"
        sentences: list[Sentence] = []
        for paragraph_index, (p_start, p_end) in enumerate(_paragraph_spans(article.text)):
            paragraph = article.text[p_start:p_end]
            spans = _split_paragraph(paragraph, segmenter, english)
            for start, end in spans:
                sentences.append(
                    Sentence(
                        article_id=article.id,
                        index=len(sentences),
                        text=article.text[p_start + start : p_start + end],
                        start=p_start + start,
                        end=p_start + end,
                        paragraph=paragraph_index,
                    )
                )
        return sentences


def split_sentences(article: Article, splitter: SentenceSplitter | None = None) -> list[Sentence]:
    """Split an article into sentences with character offsets into ``article.text``.

    Args:
        article: a cleaned article.
        splitter: a `SentenceSplitter` to reuse across articles (faster for batches);
            a fresh one is made when None.

    Returns:
        The sentences, in order; ``article.text[s.start:s.end] == s.text`` for each.
    """
    return (splitter or SentenceSplitter()).split(article)


def split_text(
    article_id: str, text: str, language: str = "en", splitter: SentenceSplitter | None = None
) -> list[Sentence]:
    """Split a plain text (one with no `Article` record yet) exactly as `split_sentences` splits an article.

    Args:
        article_id: id stored in each `Sentence`.
        text: the clean text; offsets index into it.
        language: ISO 639-1 code; languages pysbd has no rules for use English rules.
        splitter: a `SentenceSplitter` to reuse across texts; a fresh one is made when None.

    Returns:
        The sentences, in order; ``text[s.start:s.end] == s.text`` for each.
    """
    article = Article(
        id=article_id, source=SourceInfo(path=article_id, format="text"), title="", text=text, language=language
    )
    return split_sentences(article, splitter)


# --------------------------------------------------------------------------- internals


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-blank paragraph, stripped of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    position = 0
    for match in _PARAGRAPH_BREAK_RE.finditer(text):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(text)))
    result = []
    for start, end in spans:
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            result.append((start + lead, start + lead + len(stripped)))
    return result


#: a paragraph longer than this is split in windows of about WINDOW_CHARS first: pysbd's time grows with the
#: square of what it is given (a 100,000-character one-paragraph text took 11 s, and a 1 MB one many minutes)
HUGE_PARAGRAPH_CHARS = 20_000
WINDOW_CHARS = 8_000
#: where a window may end: a sentence end followed by a capital letter (or an opening quote and one)
_WINDOW_END_RE = re.compile(r"[.!?][\"'”’)]?\s+(?=[\"“‘(]?[A-Z])")


def _windows(paragraph: str) -> list[tuple[int, int]]:
    """Cut a huge paragraph at sentence ends outside quotations, about every `WINDOW_CHARS` characters."""
    if len(paragraph) <= HUGE_PARAGRAPH_CHARS:
        return [(0, len(paragraph))]
    cuts = [0]
    for match in _WINDOW_END_RE.finditer(paragraph, WINDOW_CHARS):
        if match.end() - cuts[-1] < WINDOW_CHARS:
            continue
        if _quote_balance(paragraph[cuts[-1] : match.end()]) != 0 and match.end() - cuts[-1] < 4 * WINDOW_CHARS:
            continue  # inside a quotation (pysbd keeps those whole), unless a stray mark never closes
        cuts.append(match.end())
    if len(paragraph) - cuts[-1] < WINDOW_CHARS // 4 and len(cuts) > 1:
        cuts.pop()  # no short last window
    return [(a, b) for a, b in zip(cuts, [*cuts[1:], len(paragraph)], strict=True)]


def _split_paragraph(paragraph: str, segmenter: Any, english: bool) -> list[tuple[int, int]]:
    windows = _windows(paragraph)
    if len(windows) > 1:
        return [
            (a + start, a + end)
            for a, b in windows
            for start, end in _split_paragraph(paragraph[a:b], segmenter, english)
        ]
    try:
        pieces = [str(p) for p in segmenter.segment(paragraph)]
    except Exception:  # pysbd has rare regex failures on odd input; keep the paragraph whole
        pieces = [paragraph]
    spans = _align(paragraph, pieces)
    spans = _join_after_initials(paragraph, spans)
    spans = _repair(paragraph, spans)
    spans = [piece for span in spans for piece in _split_long_quote(paragraph, span, segmenter)]
    spans = [piece for span in spans for piece in _split_post_signature(paragraph, span)]
    if not english:
        return spans
    return [piece for span in spans for piece in _split_missed_ends(paragraph, span)]


def _split_long_quote(text: str, span: tuple[int, int], segmenter: Any) -> list[tuple[int, int]]:
    """Split a long sentence that pysbd kept whole because of a long quotation.

    pysbd never splits inside quotation marks; a quoted statement of several sentences
    then becomes one very long "sentence". Such spans are split again with the quotation
    marks masked (replaced by spaces, so offsets do not move).
    """
    start, end = span
    chunk = text[start:end]
    if end - start <= LONG_QUOTE_CHARS or not _QUOTE_CHARS_RE.search(chunk):
        return [span]
    masked = _QUOTE_CHARS_RE.sub(" ", chunk)
    try:
        pieces = [str(p) for p in segmenter.segment(masked)]
    except Exception:  # see _split_paragraph
        return [span]
    inner = _join_after_initials(masked, _align(masked, pieces))
    if len(inner) <= 1:
        return [span]
    # Re-attach the quotation marks that the masking turned into spaces: a mark between two sentences
    # closes the one before while a quotation is open there (or the mark only closes), else it opens
    # the one after. Marks may stand apart from the words ("... he said. " The next ...").
    result = [(start + a, start + b) for a, b in inner]
    result[0] = (start, result[0][1])
    result[-1] = (result[-1][0], end)
    fixed: list[tuple[int, int]] = [result[0]]
    for a, b in result[1:]:
        before_start, before_end = fixed[-1]
        marks = [i for i in range(before_end, a) if not text[i].isspace()]
        while marks and (_quote_balance(text[start:before_end]) > 0 or text[marks[0]] in "”»"):
            before_end = marks.pop(0) + 1
        fixed[-1] = (before_start, before_end)
        fixed.append((marks[0] if marks else a, b))
    return fixed


def _align(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Map pysbd's pieces back to offsets in ``text``; the spans cover all non-space text."""
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        wanted = piece.strip()
        if not wanted:
            continue
        index = text.find(wanted, cursor)
        if index >= 0 and text[cursor:index].strip() == "":
            spans.append((index, index + len(wanted)))
            cursor = index + len(wanted)
            continue
        located = _fuzzy_locate(text, wanted, cursor)
        if located is None:
            break  # give the rest of the paragraph to the last sentence below
        spans.append(located)
        cursor = located[1]
    # Whatever pysbd lost or changed goes to the neighbouring sentence, so that no text is dropped.
    rest = text[cursor:]
    if rest.strip():
        lead = len(rest) - len(rest.lstrip())
        if spans:
            spans[-1] = (spans[-1][0], cursor + len(rest.rstrip()))
        else:
            spans.append((cursor + lead, cursor + len(rest.rstrip())))
    filled: list[tuple[int, int]] = []
    for start, end in spans:
        if filled and text[filled[-1][1] : start].strip():
            filled[-1] = (filled[-1][0], end)  # a gap with text: join it to the previous sentence
        else:
            filled.append((start, end))
    if filled and text[: filled[0][0]].strip():
        filled[0] = (len(text) - len(text.lstrip()), filled[0][1])
    return filled


def _fuzzy_locate(text: str, wanted: str, cursor: int) -> tuple[int, int] | None:
    """Find ``wanted`` in ``text`` from ``cursor`` ignoring differences in whitespace."""
    chars = [c for c in wanted if not c.isspace()]
    if not chars:
        return None
    position = cursor
    while position < len(text) and text[position].isspace():
        position += 1
    start = position
    matched = 0
    while position < len(text) and matched < len(chars):
        ch = text[position]
        if ch.isspace():
            position += 1
            continue
        if ch != chars[matched]:
            return None
        matched += 1
        position += 1
    return (start, position) if matched == len(chars) else None


#: the double quotation marks counted: straight, curly, German low-9 and angle
QUOTE_MARKS = ('"', "“", "”", "«", "»", "„")


def count_quote_marks(text: str) -> dict[str, int]:
    """How many of each double quotation mark (`QUOTE_MARKS`) ``text`` has; add counts up to count a longer stretch."""
    return {mark: text.count(mark) for mark in QUOTE_MARKS}


def quotation_balance(counts: dict[str, int]) -> tuple[int, int]:
    """The double quotations a stretch of text leaves open, and those it closes without opening them.

    The one place that reads quotation marks for splitting and for summaries. Straight quotes pair up
    among themselves (an odd count leaves one open). Curly marks: ``“`` opens and ``”`` closes, except in
    German typography, where ``„`` opens and ``“`` (or ``”``) closes: when a stretch has a ``„``, both
    ``“`` and ``”`` count as closing. Angle marks: ``«`` opens and ``»`` closes.

    Args:
        counts: marks counted by `count_quote_marks` (possibly summed over several pieces).

    Returns:
        ``(left_open, closed_unopened)``, both >= 0; ``(0, 0)`` when the marks pair up.
    """
    straight = counts['"'] % 2
    if counts["„"]:
        opened = counts["„"] + counts["«"]
        closed = counts["“"] + counts["”"] + counts["»"]
    else:
        opened = counts["“"] + counts["«"]
        closed = counts["”"] + counts["»"]
    return straight + max(opened - closed, 0), max(closed - opened, 0)


def _quote_balance(text: str) -> int:
    """How many quotations ``text`` leaves open (see `quotation_balance`)."""
    return quotation_balance(count_quote_marks(text))[0]


def _starts_lowercase(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
    return False


def _continues(before: str, piece: str) -> bool:
    """True when ``piece`` continues the sentence ``before`` that pysbd cut at a full stop.

    A piece that starts in lower case after a full stop ("D-Calif. || , the chair ...",
    "briefed journalists. || on the next call.") is a continuation. One that opens with a
    quotation mark or a bracket, or follows a question or exclamation mark, is not: in
    lower-cased text ("... soul-searching. || " i had been praying ...") those start sentences.
    """
    if not _starts_lowercase(piece) or piece[:1] in _OPENING_MARKS:
        return False
    return _END_PUNCT_RE.search(before) is not None and _FULL_STOP_RE.search(before) is not None


def _repair(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join pieces that pysbd split inside a short quotation or before a lower-case continuation."""
    result: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        j = i + 1
        if _quote_balance(text[start:end]) > 0:
            # Look ahead for the piece that closes the quotation, within limits.
            k = j
            while k < len(spans) and k - i < MAX_QUOTE_PIECES and spans[k][1] - start <= MAX_QUOTE_CHARS:
                if _quote_balance(text[start : spans[k][1]]) == 0:
                    end, j = spans[k][1], k + 1
                    break
                k += 1
        while j < len(spans):
            nxt = text[spans[j][0] : spans[j][1]]
            if _CLOSING_ONLY_RE.match(nxt) or _continues(text[start:end], nxt):
                end = spans[j][1]
                j += 1
            else:
                break
        result.append((start, end))
        i = j
    return result


# A piece that ends with a name's middle initial ("former president george w.") was cut inside the name.
_ENDS_WITH_INITIAL_RE = re.compile(r"[^\W\d_]{2,}\s+[^\W\d_]\.$")


def _join_after_initials(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a piece that ends with a middle initial to the piece after it ("george w." + "Bush said ...").

    In lower-cased text pysbd takes the capital after an initial for a sentence start.
    """
    result: list[tuple[int, int]] = []
    for start, end in spans:
        if result and _ENDS_WITH_INITIAL_RE.search(text[result[-1][0] : result[-1][1]]):
            result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
    return result


# A sentence end that pysbd misses: terminal punctuation (and a closing quote), then a word or an opening
# quote. In lower-cased or tokenised text the capital-letter cue is gone; in long runs of quotes and
# parentheses pysbd may keep whole paragraphs together. Abbreviations and initials before the stop are not ends.
_MISSED_END_RE = re.compile(r"(?<=[.!?])(\s*[\"”’])?\s+(?=[\"“]?\s*[^\W\d_])")
_ABBREVIATION_RE = re.compile(
    r"(?:^|\s)(?:[a-z]|(?:[a-z]\.)+[a-z]|mr|mrs|ms|dr|st|jr|sr|gov|sens?|reps?|gen|col|lt|sgt|capt|rev|prof|inc|corp|"
    r"co|ltd|vs|no|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|etc|approx|est|ft|mt|ave|blvd|dept|univ)"
    r"\.$",
    re.IGNORECASE,
)
_ELLIPSIS_RE = re.compile(r"\.\.\.?$|…$")
#: only sentences of at least this many words are searched for sentence ends that pysbd missed.
MISSED_END_WORDS = 40


#: the signature line of an embedded social-media post: "— Display Name (@handle) March 3, 2031"
_POST_SIGNATURE_RE = re.compile(
    r"[—–-]{1,2}\s?[^\s()@][^\n()]{0,60}?\s\(@\w{1,30}\)\s+"
    r"(?:[^\W\d_]{3,}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\.?\s+[^\W\d_]{3,}\.?\s+\d{4})"
)


def _split_post_signature(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """Give the signature of an embedded post its own piece.

    A scraped page keeps an embedded post as its text followed by ``— Name (@handle) Date``; pysbd joins
    that line to the post's last sentence (and whatever follows it to the signature), so a summary or a
    quote could take "Please use the ferry. pic.twitter.com/x — Council (@council) March 3, 2031" as one
    sentence.
    """
    start, end = span
    sentence = text[start:end]
    pieces: list[tuple[int, int]] = []
    cursor = 0
    for match in _POST_SIGNATURE_RE.finditer(sentence):
        if sentence[cursor : match.start()].strip():
            pieces.append((cursor, match.start()))
        pieces.append((match.start(), match.end()))
        cursor = match.end()
    if not pieces:
        return [span]
    if sentence[cursor:].strip():
        pieces.append((cursor, len(sentence)))
    trimmed = []
    for a, b in pieces:
        chunk = sentence[a:b]
        a += len(chunk) - len(chunk.lstrip())
        b -= len(chunk) - len(chunk.rstrip())
        trimmed.append((start + a, start + b))
    return trimmed


def _split_missed_ends(text: str, span: tuple[int, int]) -> list[tuple[int, int]]:
    """Split a long sentence at sentence ends that pysbd missed.

    Lower-cased or tokenised text ("... to do something. " stack says ...") defeats pysbd's
    capital-letter cue, and quotation marks or parentheses it cannot pair make it keep a whole
    paragraph ("... on friday. Dramatic video showed ...") as one sentence. Only sentences of
    `MISSED_END_WORDS` or more are re-split, at terminal punctuation followed by a word (of either
    case) that does not follow an abbreviation, an initial or an ellipsis.
    """
    start, end = span
    sentence = text[start:end]
    if len(sentence.split()) < MISSED_END_WORDS:
        return [span]
    pieces: list[tuple[int, int]] = []
    piece_start = 0
    for match in _MISSED_END_RE.finditer(sentence):
        head = sentence[piece_start : match.start()]
        if _ABBREVIATION_RE.search(head) or _ELLIPSIS_RE.search(head) or len(head.split()) < 4:
            continue
        piece_end, next_start = match.start(), match.end()
        if match.group(1) and (head.count('"') % 2 == 1 or "“" in head):  # the quote closes this sentence
            piece_end = match.end(1)
        elif match.group(1):  # it opens the next one
            next_start = match.start(1) + len(match.group(1)) - len(match.group(1).lstrip())
        pieces.append((piece_start, piece_end))
        piece_start = next_start
    pieces.append((piece_start, len(sentence)))
    return [(start + a, start + b) for a, b in pieces if sentence[a:b].strip()]
