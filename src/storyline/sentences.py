"""Sentence splitting with exact character offsets into the article's clean text.

Each paragraph (paragraphs are separated by a blank line) is split with pysbd, using the
article's language where pysbd has rules for it and English rules otherwise. pysbd's
pieces are then aligned back onto the text, so that for every sentence ``s``::

    article.text[s.start:s.end] == s.text

Repairs follow pysbd: a sentence that opens a quotation and does not close it is joined
with the following pieces until the quotation closes (for short quotes only); a piece that
starts in lower case (``... briefed journalists. on the next call.``) is joined to the one
before; and a very long "sentence" that pysbd kept whole because it never splits inside
quotation marks is split at the quotation's own sentence ends.
"""

from __future__ import annotations

import re
from typing import Any

from .records import Article, Sentence

__all__ = ["SentenceSplitter", "split_sentences", "PYSBD_LANGUAGES"]

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
_QUOTE_MARKS = "\"“”«»„‘’'"
_QUOTE_CHARS_RE = re.compile('["“”«»„]')
_CLOSING_ONLY_RE = re.compile(r"^[\"'”’»)\]\s.,;:!?…]+$")


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
        sentences: list[Sentence] = []
        for paragraph_index, (p_start, p_end) in enumerate(_paragraph_spans(article.text)):
            paragraph = article.text[p_start:p_end]
            spans = _split_paragraph(paragraph, segmenter)
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


def _split_paragraph(paragraph: str, segmenter: Any) -> list[tuple[int, int]]:
    try:
        pieces = [str(p) for p in segmenter.segment(paragraph)]
    except Exception:  # pysbd has rare regex failures on odd input; keep the paragraph whole
        pieces = [paragraph]
    spans = _align(paragraph, pieces)
    spans = _repair(paragraph, spans)
    return [piece for span in spans for piece in _split_long_quote(paragraph, span, segmenter)]


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
    inner = _align(masked, pieces)
    if len(inner) <= 1:
        return [span]
    # Re-attach opening/closing quote marks that the masking turned into spaces at the edges.
    result = [(start + a, start + b) for a, b in inner]
    result[0] = (start, result[0][1])
    result[-1] = (result[-1][0], end)
    fixed: list[tuple[int, int]] = []
    for i, (a, b) in enumerate(result):
        nxt = result[i + 1][0] if i + 1 < len(result) else end
        while b < nxt and text[b] in _QUOTE_MARKS:
            b += 1
        while fixed and a > fixed[-1][1] and text[a - 1] in _QUOTE_MARKS:
            a -= 1
        fixed.append((a, b))
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


def _quote_balance(text: str) -> int:
    """Positive when ``text`` opens more quotations than it closes."""
    curly = text.count("“") - text.count("”") + text.count("«") - text.count("»") + text.count("„")
    if curly < 0:
        curly = 0
    straight = text.count('"') % 2
    return curly + straight


def _starts_lowercase(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
    return False


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
            if _CLOSING_ONLY_RE.match(nxt) or (
                _starts_lowercase(nxt) and _END_PUNCT_RE.search(text[start:end]) and not nxt[:1].isspace()
            ):
                end = spans[j][1]
                j += 1
            else:
                break
        result.append((start, end))
        i = j
    return result
