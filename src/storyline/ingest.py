"""Ingest: turn files, folders and globs into `RawDocument` records.

Readers, chosen by extension (after an optional ``.gz``):

=====================  =============================================================
``.txt`` ``.text``     one scraped plain-text article per file (``kind="text"``)
``.html`` ``.htm``     one HTML page per file (``kind="html"``)
``.jsonl`` ``.json``   one article per line: ``id``, ``text`` or ``html``, optional
                       ``title``, ``url``, ``published``, ``source``/``site``, ``author``
``.warc``              HTML ``response`` records, read with warcio (gzipped or not)
``.rss`` ``.atom``     one article per feed item, read with feedparser;
``.xml``               ``.xml`` files are read only when they parse as a feed
=====================  =============================================================

Every problem with one input (missing path, unknown extension, empty, binary or
undecodable file, a file over ``ingest.max_bytes``, a broken JSONL line, an unreadable
file or folder, a cut-off ``.gz`` or WARC record, a feed item that is not valid XML ...)
becomes a `Skipped` record with a human reason; the other inputs, and the good parts of a
damaged container (whole WARC records and JSONL lines before a cut, the other feed items),
are still read, and a damaged part is never passed on half-read. The caller's
``ingest.error_policy`` decides what happens to those records: ``catch`` yields them,
``suppress`` drops them, ``raise`` raises `InputError` at the first one.

``ingest.max_bytes`` limits what is held in memory at once: a whole ``.txt``/``.html``/feed
file (after decompression), one JSONL line, or one WARC record. JSONL and WARC files are
streamed, so they may be larger than the limit as a whole.

Article ids are the JSONL ``id`` field, the file name without its extensions
(``000_ab12.txt.gz`` → ``000_ab12``), the last URL path segment for WARC and feed items,
or ``<file id>#n`` for the n-th item of a container without better names. When two
inputs of one batch would get the same id, the later ones get ``#2``, ``#3`` ... appended.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import glob
import gzip
import io
import json
import os
import re
import xml.sax
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .config import Config
from .errors import InputError, UnsupportedInput
from .records import DocKind, RawDocument, Skipped, SourceInfo

__all__ = ["iter_inputs", "parse_date", "decode_bytes", "article_id_from_name", "FORMATS"]

#: extension (without ``.gz``) → reader format name (`SourceInfo.format`).
FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".warc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
_KNOWN_SUFFIXES = set(FORMATS) | {".gz"}
_GLOB_CHARS = re.compile(r"[*?\[]")
_MARKUP_RE = re.compile(r"<\s*(?:[a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?/?\s*>")
_CANONICAL_RE = re.compile(
    r"<link\b[^>]*\brel\s*=\s*[\"']?canonical[\"']?[^>]*>|<meta\b[^>]*\bproperty\s*=\s*[\"']og:url[\"'][^>]*>",
    re.IGNORECASE,
)
_HREF_RE = re.compile(r"\b(?:href|content)\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
_META_CHARSET_RE = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Characters that should not appear in text: C0/C1 controls except tab, newline, carriage
# return and form feed, plus the replacement character.
_BAD_CHARS_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
_MAX_BAD_CHAR_RATIO = 0.01
_HTML_CONTENT_TYPES = ("text/html", "application/xhtml+xml")


# --------------------------------------------------------------------------- public API


def iter_inputs(paths: Sequence[str], config: Config) -> Iterator[RawDocument | Skipped]:
    """Read every article of the given inputs, in a stable order.

    Args:
        paths: files, folders (read recursively, sorted, hidden entries ignored) or glob
            patterns (``news/**/*.txt``). ``.gz`` files of every format are read too.
        config: the validated configuration; uses ``ingest.max_bytes`` and
            ``ingest.error_policy``.

    Yields:
        A `RawDocument` per article, and a `Skipped` record (name and reason) per input
        that could not be read, unless ``ingest.error_policy`` is ``suppress``.

    Raises:
        InputError: only with ``ingest.error_policy = "raise"``, at the first input that
            cannot be read (`UnsupportedInput` for an unknown extension or format).
    """
    policy = config.ingest.error_policy
    max_bytes = int(config.ingest.max_bytes)
    ids = _IdAllocator()
    for item in _iter_all(paths, max_bytes, ids):
        if isinstance(item, Skipped):
            if policy == "suppress":
                continue
            if policy == "raise":
                error_class = UnsupportedInput if isinstance(item, _UnsupportedSkip) else InputError
                raise error_class(
                    item.name, item.reason, hint="fix or remove this input, or set ingest.error_policy=catch"
                )
            yield Skipped(item.name, item.reason)
        else:
            yield item


def article_id_from_name(name: str) -> str:
    """The article id of a file: its name without the known extensions.

    ``000_2a97ce4ee3f3bb17.txt.gz`` → ``000_2a97ce4ee3f3bb17``; dots that are not a known
    extension stay (``report.v2.txt`` → ``report.v2``).
    """
    base = os.path.basename(name.rstrip("/\\")) or name
    while True:
        stem, ext = os.path.splitext(base)
        if ext.lower() in _KNOWN_SUFFIXES and stem:
            base = stem
        else:
            return base


def _printable(message: str, limit: int = 120) -> str:
    """A library's error message made safe for a one-line report: no control or binary characters, bounded."""
    junk = len(re.findall(r"\\x[0-9a-fA-F]{2}", message)) + sum(not ch.isprintable() for ch in message)
    if junk > 3:  # the library quoted the file's binary bytes
        head = message.split(":", 1)[0] if ":" in message else "unreadable content"
        return f"{head}: binary data"
    clean = "".join(ch if ch.isprintable() else " " for ch in message)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def parse_date(value: Any) -> dt.date | None:
    """Normalise a metadata date given in any common format to a `datetime.date`.

    Accepts `date`/`datetime` objects, ISO 8601 strings (``2021-12-29``,
    ``2021-12-29T10:00:00Z``), RFC 2822 strings (``Wed, 29 Dec 2021 10:00:00 GMT``),
    Unix timestamps (seconds or milliseconds), `time.struct_time`, and free-form strings
    that dateparser understands (``29 December 2021``, ``Dec. 29, 2021``).

    Returns:
        The date, or None when the value is empty, not a recognisable date, or not a plausible
        publication date (`plausible_date`: CMS placeholders such as 0001-01-01 or the Unix epoch,
        years far in the future).
    """
    found = _parse_date(value)
    return found if found is not None and plausible_date(found) else None


#: dates that content systems write for "no date"
_PLACEHOLDER_DATES = frozenset({dt.date(1970, 1, 1), dt.date(1900, 1, 1)})


def plausible_date(day: dt.date, today: dt.date | None = None) -> bool:
    """Whether ``day`` can be a publication date: from 1800 to the end of next year (clocks and time
    zones drift, nothing is published years ahead), and not a "no date" placeholder."""
    this_year = (today or dt.date.today()).year
    return 1800 <= day.year <= this_year + 1 and day not in _PLACEHOLDER_DATES


def _parse_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        seconds = float(value) / 1000.0 if abs(value) > 1e11 else float(value)
        try:
            return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    if hasattr(value, "tm_year"):  # time.struct_time from feedparser
        try:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
        except ValueError:
            return None
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{9,13}(?:\.\d+)?", text):
        return _parse_date(float(text))
    iso = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])", text)
    if iso:
        try:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return None
    try:
        parsed = email.utils.parsedate_to_datetime(text)
        if parsed is not None:
            return parsed.date()
    except (TypeError, ValueError, IndexError):
        pass
    if not re.search(r"\d", text):
        return None
    import dateparser  # lazy: slow to import, only needed for unusual formats

    result = dateparser.parse(
        text, settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": True}
    )
    return result.date() if result else None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str | None, str]:
    """Decode raw bytes to text: BOM, declared charset, UTF-8, then charset detection.

    Args:
        data: the raw bytes.
        declared: a charset named by the container (HTTP header, HTML ``<meta>``), tried
            after UTF-8.

    Returns:
        ``(text, encoding)`` on success, or ``(None, reason)`` when the bytes are binary
        (NUL bytes) or do not decode to sensible text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    head = data[:8192]
    if b"\x00" in head:
        return None, "binary file (contains NUL bytes), not text"
    candidates: list[str] = ["utf-8"]
    if declared:
        candidates.append(declared)
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_like_text(text):
            return text, encoding
    try:
        import charset_normalizer  # installed with trafilatura
    except ImportError:  # pragma: no cover - trafilatura always brings it
        charset_normalizer = None  # type: ignore[assignment]
    if charset_normalizer is not None:
        best = charset_normalizer.from_bytes(data).best()
        if best is not None and best.encoding:
            text = str(best)
            if _looks_like_text(text):
                return text, best.encoding
    return None, "cannot decode the bytes as text (not UTF-8 and no sensible charset found); is it a binary file?"


# --------------------------------------------------------------------------- internals


class _UnsupportedSkip(Skipped):
    """A `Skipped` whose cause is an unknown extension or format (mapped to `UnsupportedInput`)."""


class _IdAllocator:
    """Hands out unique article ids within one batch (``x``, ``x#2``, ``x#3`` ...)."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def take(self, wanted: str) -> str:
        wanted = wanted.strip() or "article"
        candidate, n = wanted, 1
        while candidate in self._taken:
            n += 1
            candidate = f"{wanted}#{n}"
        self._taken.add(candidate)
        return candidate


def _looks_like_text(text: str) -> bool:
    if not text.strip():
        return True
    bad = len(_BAD_CHARS_RE.findall(text))
    return bad <= max(1, int(len(text) * _MAX_BAD_CHAR_RATIO))


def _expand(paths: Sequence[str]) -> Iterator[tuple[str, Skipped | None]]:
    """Yield ``(file path, None)`` for every file to read, or ``(name, Skipped)`` for bad paths."""
    seen: set[str] = set()

    def emit(path: str) -> Iterator[tuple[str, Skipped | None]]:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            yield path, None

    for raw in paths:
        path = os.fspath(raw)
        if os.path.isdir(path):
            found = False
            for file in _walk(path):
                found = True
                if isinstance(file, Skipped):
                    yield file.name, file
                else:
                    yield from emit(file)
            if not found:
                yield path, Skipped(path, "folder contains no files")
        elif os.path.isfile(path):
            yield from emit(path)
        elif _GLOB_CHARS.search(path):
            matches = sorted(glob.glob(path, recursive=True))
            files: list[str | Skipped] = []
            for match in matches:
                if os.path.isdir(match):
                    files.extend(_walk(match))
                elif os.path.isfile(match):
                    files.append(match)
            if not files:
                yield path, Skipped(path, "no file matches this pattern; check the path and quote the pattern")
            for file in files:
                if isinstance(file, Skipped):
                    yield file.name, file
                else:
                    yield from emit(file)
        elif os.path.lexists(path):
            yield path, Skipped(path, "not a regular file or folder (broken link, device or socket?)")
        else:
            yield path, Skipped(path, "does not exist; check the path")


def _walk(folder: str) -> Iterator[str | Skipped]:
    """Files under ``folder``, recursively, in sorted order, without hidden entries; a `Skipped` for every
    folder that cannot be listed (os.walk alone would drop it silently)."""
    unreadable: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=unreadable.append):
        while unreadable:
            yield _unreadable_folder(unreadable.pop(0), folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield os.path.join(root, name)
    while unreadable:
        yield _unreadable_folder(unreadable.pop(0), folder)


def _unreadable_folder(error: OSError, folder: str) -> Skipped:
    name = str(error.filename or folder)
    if isinstance(error, PermissionError):
        return Skipped(name, "cannot list this folder: permission denied (give the user running Storyline "
                             f"read and execute access, e.g. chmod a+rx {name})")
    return Skipped(name, f"cannot list this folder: {error.strerror or error}")


def _format_of(path: str) -> tuple[str | None, bool]:
    """``(format, gzipped)`` from the extension; format None when unknown."""
    name = os.path.basename(path).lower()
    gzipped = name.endswith(".gz")
    if gzipped:
        name = name[:-3]
    return FORMATS.get(os.path.splitext(name)[1]), gzipped


def _iter_all(paths: Sequence[str], max_bytes: int, ids: _IdAllocator) -> Iterator[RawDocument | Skipped]:
    for path, problem in _expand(paths):
        if problem is not None:
            yield problem
            continue
        fmt, gzipped = _format_of(path)
        if fmt is None:
            suffix = "".join(Path(path).suffixes) or "(none)"
            yield _UnsupportedSkip(
                path,
                f"unknown extension {suffix}; Storyline reads "
                + ", ".join(sorted({*FORMATS, ".warc.gz"}))
                + " and .gz of these",
            )
            continue
        try:
            if fmt == "warc":
                yield from _read_warc(path, max_bytes, ids)
            elif fmt == "jsonl":
                yield from _read_jsonl(path, gzipped, max_bytes, ids)
            else:
                yield from _read_single_or_feed(path, fmt, gzipped, max_bytes, ids)
        except (OSError, EOFError, zlib.error) as exc:
            yield Skipped(path, _read_problem(path, exc))
        except Exception as exc:  # noqa: BLE001 - one unreadable file must never stop the others
            yield Skipped(
                path,
                f"cannot read the file: the {fmt} reader failed ({type(exc).__name__}: {_printable(str(exc))}); "
                "the other inputs were read. Please report this file's problem.",
            )


def _read_problem(path: str, exc: BaseException) -> str:
    """A reason for an input that the operating system or gzip refused, with how to fix it."""
    if isinstance(exc, PermissionError):
        return ("cannot read the file: permission denied (give the user running Storyline read access, "
                f"e.g. chmod a+r {path})")
    if isinstance(exc, EOFError):
        return ("the .gz file is cut off: its compressed data ends early (an interrupted download or copy?); "
                "re-download or re-compress it")
    if isinstance(exc, gzip.BadGzipFile):
        return "the file is named .gz but is not gzip-compressed; rename it without the .gz"
    if isinstance(exc, zlib.error):
        return f"the .gz file is corrupt ({_printable(str(exc))}); re-download or re-compress it"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file"
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot read the file: {exc.strerror}"
    return f"cannot read the file: {_printable(str(exc))}"


def _size_problem(size: int, max_bytes: int, what: str = "file") -> str | None:
    if size > max_bytes:
        return (
            f"{what} is {size:,} bytes, over the limit of {max_bytes:,} bytes "
            f"(raise ingest.max_bytes, e.g. --set ingest.max_bytes={max(size + 1, max_bytes * 2)})"
        )
    return None


def _read_limited(path: str, gzipped: bool, max_bytes: int) -> tuple[bytes | None, str | None]:
    """Read a whole (possibly gzipped) file, refusing more than ``max_bytes`` of content."""
    if not gzipped:
        problem = _size_problem(os.path.getsize(path), max_bytes)
        if problem:
            return None, problem
        with open(path, "rb") as handle:
            return handle.read(), None
    with gzip.open(path, "rb") as handle:
        data = handle.read(max_bytes + 1)
        if len(data) <= max_bytes:
            handle.read(1)  # reaching the end checks the gzip trailer: a cut-off file raises EOFError here
    if len(data) > max_bytes:
        return None, (
            f"decompressed content is over the limit of {max_bytes:,} bytes "
            f"(raise ingest.max_bytes to read it, e.g. --set ingest.max_bytes={max_bytes * 2})"
        )
    return data, None


def _read_single_or_feed(
    path: str, fmt: str, gzipped: bool, max_bytes: int, ids: _IdAllocator
) -> Iterator[RawDocument | Skipped]:
    data, problem = _read_limited(path, gzipped, max_bytes)
    if data is None:
        yield Skipped(path, problem or "cannot read")
        return
    if not data.strip():
        yield Skipped(path, "empty file")
        return
    if fmt == "feed":
        yield from _read_feed(path, data, ids)
        return
    declared = None
    if fmt == "html":
        match = _META_CHARSET_RE.search(data[:4096])
        declared = match.group(1).decode("ascii", "ignore") if match else None
    text, detail = decode_bytes(data, declared)
    if text is None:
        yield Skipped(path, detail)
        return
    if not text.strip():
        yield Skipped(path, "empty file (only whitespace)")
        return
    kind: DocKind = "html" if fmt == "html" or _is_html_page(text) else "text"
    if kind == "html":
        ending = _cut_off_html(text)
        if ending is not None:
            yield Skipped(path, f"the HTML page is cut off: it ends inside its text (…{ending}) with no </body> or "
                                "</html> (an interrupted download or save?); re-download or re-save the page")
            return
    url = _canonical_url(text) if kind == "html" else None
    yield RawDocument(
        id=ids.take(article_id_from_name(path)),
        source=SourceInfo(path=path, format=fmt, url=url),
        kind=kind,
        content=text,
    )


_HTML_PAGE_START_RE = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>])", re.IGNORECASE | re.DOTALL
)


def _is_html_page(text: str) -> bool:
    """Whether a "text" file is really a saved HTML page (scrapers often name them .txt): it opens like one."""
    return bool(_HTML_PAGE_START_RE.match(text[:4096]))


_PAGE_OPEN_RE = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)
_PAGE_CLOSE_RE = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)


def _cut_off_html(text: str) -> str | None:
    """The last words of a whole page that stops inside its text or inside a tag; None when it looks whole.

    A page may omit ``</body></html>``, so only one that also ends in the middle of text or of a tag counts
    (none of the 772 real pages of the extraction benchmarks does).
    """
    end = text.rstrip()
    if not end or end.endswith(">") or not _PAGE_OPEN_RE.search(text[:20_000]) or _PAGE_CLOSE_RE.search(text[-4096:]):
        return None
    return _printable(" ".join(end[-40:].split()), 40)


def _canonical_url(html: str) -> str | None:
    for tag in _CANONICAL_RE.findall(html[:200_000]):
        href = _HREF_RE.search(tag)
        if href and href.group(1).startswith(("http://", "https://")):
            return href.group(1).strip()
    return None


# --------------------------------------------------------------------------- JSONL


# Field names of common scrapers' and datasets' JSON output (news-please: maintext, date_publish,
# source_domain; Fundus: plaintext, publishing_date) besides our own.
_TEXT_FIELDS = (
    "text", "content", "body", "maintext", "plaintext", "plain_text", "full_text", "article_text", "article"
)  # fmt: skip
_HTML_FIELDS = ("html", "raw_html", "content_html")
_TITLE_FIELDS = ("title", "headline")
_URL_FIELDS = ("url", "link", "source_url")
_SITE_FIELDS = ("source", "site", "sitename", "site_name", "outlet", "publisher", "source_domain", "domain")
_DATE_FIELDS = (
    "published",
    "date",
    "published_at",
    "publish_date",
    "date_publish",
    "publishing_date",
    "publication_date",
    "published_date",
    "pubdate",
    "pub_date",
    "datetime",
)
_AUTHOR_FIELDS = ("author", "authors", "byline")


class _Lines:
    """The lines of a (possibly gzipped) file; a cut-off ``.gz`` gives its complete lines and sets `cut_off`.

    ``gzip.open`` raises at the cut, and its read-ahead loses the whole lines just before it.
    """

    def __init__(self, path: str, gzipped: bool) -> None:
        self.path, self.gzipped = path, gzipped
        self.cut_off = False

    def __iter__(self) -> Iterator[bytes]:
        if not self.gzipped:
            with open(self.path, "rb") as handle:
                yield from handle
            return
        pending: list[bytes] = []
        for chunk in self._decompressed():
            *lines, rest = chunk.split(b"\n")
            if lines:
                yield b"".join(pending) + lines[0] + b"\n"
                for line in lines[1:]:
                    yield line + b"\n"
                pending = []
            pending.append(rest)
        last = b"".join(pending)
        if last and not self.cut_off:
            yield last  # the last line, without a newline

    def head(self, size: int = 8192) -> bytes:
        """The first ``size`` bytes or so of the (decompressed) content."""
        data = b""
        for chunk in self._decompressed() if self.gzipped else iter([self._plain_head(size)]):
            data += chunk
            if len(data) >= size:
                break
        return data

    def _plain_head(self, size: int) -> bytes:
        with open(self.path, "rb") as handle:
            return handle.read(size)

    def _decompressed(self) -> Iterator[bytes]:
        inflater = zlib.decompressobj(wbits=31)
        read_any = False
        with open(self.path, "rb") as handle:
            while chunk := handle.read(1 << 16):
                read_any = True
                while chunk:
                    if inflater.eof:  # the previous member ended: the next one of a multi-member file starts
                        inflater = zlib.decompressobj(wbits=31)
                    yield inflater.decompress(chunk)
                    chunk = inflater.unused_data if inflater.eof else b""
        self.cut_off = read_any and not inflater.eof


def _read_jsonl(path: str, gzipped: bool, max_bytes: int, ids: _IdAllocator) -> Iterator[RawDocument | Skipped]:
    head = _Lines(path, gzipped).head()
    if not head.strip():
        yield Skipped(path, "empty file")
        return
    if b"\x00" in head:
        yield Skipped(path, "binary file (contains NUL bytes), not JSON lines")
        return
    if _format_name(path).endswith(".json"):
        # A .json file may hold one array of articles (or one article object) instead of lines.
        whole = _read_whole_json(path, gzipped, max_bytes, ids)
        if whole is not None:
            yield from whole
            return
    lines = _Lines(path, gzipped)
    complete = 0
    for number, raw_line in enumerate(lines, start=1):
        complete = number
        if not raw_line.strip():
            continue
        name = f"{path}:{number}"
        problem = _size_problem(len(raw_line), max_bytes, what="line")
        if problem:
            yield Skipped(name, problem)
            continue
        try:
            line = raw_line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            yield Skipped(name, "line is not valid UTF-8; JSONL files must be UTF-8")
            continue
        line = line.rstrip("\r\n")
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            if exc.msg.startswith("Unterminated string"):
                what = f"a string opened at column {exc.colno} never closes: the line ends too early (cut off?)"
            elif exc.pos >= len(line.rstrip()):
                what = f"{exc.msg}: the line ends too early (cut off?)"
            else:
                what = f"{exc.msg} at column {exc.colno}"
            yield Skipped(name, f"broken JSON line ({what}); fix or remove the line")
            continue
        yield _jsonl_record(path, number, item, ids, "line")
    if lines.cut_off:
        yield Skipped(path, f"the .gz file is cut off after line {complete} (its compressed data ends early; an "
                            f"interrupted download or copy?): the {complete} complete lines were read, the rest is "
                            "lost; re-download or re-compress it")


def _format_name(path: str) -> str:
    name = os.path.basename(path).lower()
    return name[:-3] if name.endswith(".gz") else name


def _read_whole_json(path: str, gzipped: bool, max_bytes: int, ids: _IdAllocator) -> list[RawDocument | Skipped] | None:
    """Read a ``.json`` file as one document; None when it is not one JSON value (then read it as lines)."""
    data, problem = _read_limited(path, gzipped, max_bytes)
    if data is None:
        return [Skipped(path, problem or "cannot read")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None  # line by line, each bad line is reported
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if _first_line_is_json(text):
            return None  # JSON lines in a .json file
        return [Skipped(path, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}; fix the file "
                              "(or write one article object per line)")]
    if isinstance(value, dict):
        return [_jsonl_record(path, 1, value, ids, "object")]
    if isinstance(value, list):
        return [_jsonl_record(path, number, item, ids, "item") for number, item in enumerate(value, start=1)]
    return [Skipped(path, "a JSON file must hold an array of article objects or one object per line")]


def _first_line_is_json(text: str) -> bool:
    """Whether the first non-empty line is a JSON value on its own (then the file is JSON lines)."""
    for line in text.splitlines():
        if line.strip():
            try:
                json.loads(line)
            except json.JSONDecodeError:
                return False
            return True
    return False


def _first_str(item: dict[str, Any], keys: Iterable[str]) -> str | None:
    for key in keys:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, dict):  # e.g. {"source": {"name": "..."}}
            inner = value.get("name") or value.get("title")
            if isinstance(inner, str) and inner.strip():
                return inner.strip()
    return None


def _jsonl_record(path: str, number: int, item: Any, ids: _IdAllocator, unit: str) -> RawDocument | Skipped:
    name = f"{path}:{number}"
    if not isinstance(item, dict):
        return Skipped(name, f'{unit} is JSON but not an object ({type(item).__name__}); expected {{"id": ..., ...}}')
    html = _first_str(item, _HTML_FIELDS)
    text = _first_str(item, _TEXT_FIELDS)
    if html is not None:
        kind: DocKind = "html"
        content = html
    elif text:
        kind = "text"
        content = text
    else:
        return Skipped(
            name,
            f"{unit} has no article text: none of the fields {', '.join(_TEXT_FIELDS + _HTML_FIELDS)} has content",
        )
    url = _first_str(item, _URL_FIELDS)
    raw_id = item.get("id")
    if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) and str(raw_id).strip():
        wanted = str(raw_id).strip()
    else:
        wanted = _id_from_url(url) or f"{article_id_from_name(path)}#{number}"
    author = next((item[k] for k in _AUTHOR_FIELDS if item.get(k)), None)
    if isinstance(author, list):
        author = ", ".join(str(a) for a in author if a)
    published = None
    for key in _DATE_FIELDS:
        if item.get(key):
            published = parse_date(item.get(key))
            if published:
                break
    title = _first_str(item, _TITLE_FIELDS)
    return RawDocument(
        id=ids.take(wanted),
        source=SourceInfo(path=path, format="jsonl", url=url, record=str(number)),
        kind=kind,
        content=content,
        title=title,
        published=published,
        site=_first_str(item, _SITE_FIELDS),
        author=author.strip() if isinstance(author, str) and author.strip() else None,
    )


def _id_from_url(url: str | None) -> str | None:
    """The last non-empty path segment of a URL, without a file extension."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    segments = [unquote(s) for s in parts.path.split("/") if s.strip()]
    if not segments:
        return None
    last = segments[-1]
    if last.lower() in ("index.html", "index.htm", "index.php", "amp") and len(segments) > 1:
        last = segments[-2]
    stem, ext = os.path.splitext(last)
    if ext.lower() in (".html", ".htm", ".php", ".asp", ".aspx", ".shtml", ".xhtml") and stem:
        last = stem
    return last.strip() or None


# --------------------------------------------------------------------------- WARC


def _read_warc(path: str, max_bytes: int, ids: _IdAllocator) -> Iterator[RawDocument | Skipped]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    yielded = 0
    with open(path, "rb") as handle:
        if not handle.read(1):
            yield Skipped(path, "empty file")
            return
        handle.seek(0)
        try:
            for record in ArchiveIterator(handle, arc2warc=True):
                item = _warc_record(path, record, max_bytes, ids)
                if item is not None:
                    yielded += 1
                    yield item
        except ArchiveLoadFailed as exc:
            yielded += 1
            yield Skipped(path, f"not a valid WARC file or truncated ({_printable(str(exc))})")
        except (ValueError, zlib.error) as exc:
            yielded += 1
            yield Skipped(path, f"WARC file is corrupt after the last good record ({_printable(str(exc))})")
        except (AttributeError, KeyError, IndexError, TypeError) as exc:  # warcio trips on malformed headers
            yielded += 1
            yield Skipped(
                path,
                f"WARC file has a malformed record after the last good one ({type(exc).__name__}: "
                f"{_printable(str(exc))}); check its WARC headers (WARC-Target-URI, Content-Length)",
            )
    if not yielded:
        yield Skipped(path, "WARC file holds no HTML response records (is it a WARC file?)")


def _warc_record(path: str, record: Any, max_bytes: int, ids: _IdAllocator) -> RawDocument | Skipped | None:
    if record.rec_type not in ("response", "resource"):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    record_id = record.rec_headers.get_header("WARC-Record-ID")
    name = f"{path}:{uri or record_id}"
    content_type = ""
    if record.rec_type == "response":
        if record.http_headers is None:
            return None  # e.g. a DNS or FTP response
        status = record.http_headers.get_statuscode() or ""
        content_type = (record.http_headers.get_header("Content-Type") or "").lower()
        if not status.startswith("2"):
            return Skipped(name, f"HTTP status {status}, not an article page")
    else:
        content_type = (record.rec_headers.get_header("Content-Type") or "").lower()
    if content_type and not content_type.startswith(_HTML_CONTENT_TYPES):
        return None  # images, scripts, style sheets ... are not articles
    stream = record.content_stream()
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        return Skipped(
            name,
            f"record is over the limit of {max_bytes:,} bytes (raise ingest.max_bytes, "
            f"e.g. --set ingest.max_bytes={max_bytes * 2})",
        )
    missing = _missing_bytes(record)
    if missing:
        return Skipped(
            name,
            f"record is cut off: {missing:,} of its {record.length:,} bytes are missing (the WARC file ends early; "
            "an interrupted download or copy?); the records before it were read",
        )
    if not data.strip():
        return Skipped(name, "empty HTML response")
    declared = None
    charset = re.search(r"charset\s*=\s*([A-Za-z0-9_.:-]+)", content_type)
    if charset:
        declared = charset.group(1)
    else:
        match = _META_CHARSET_RE.search(data[:4096])
        declared = match.group(1).decode("ascii", "ignore") if match else None
    text, detail = decode_bytes(data, declared)
    if text is None:
        return Skipped(name, detail)
    wanted = _id_from_url(uri) or _clean_record_id(record_id) or f"{article_id_from_name(path)}#record"
    return RawDocument(
        id=ids.take(wanted),
        source=SourceInfo(path=path, format="warc", url=uri, record=record_id),
        kind="html",
        content=text,
    )


def _missing_bytes(record: Any) -> int:
    """How many bytes of a record's declared Content-Length the file does not hold (0: the record is whole).

    warcio hands out a record that ends early without complaint; its raw stream counts down the declared length.
    """
    raw = record.raw_stream
    while raw.read(65536):
        pass
    remaining = getattr(raw, "limit", 0)
    return remaining if isinstance(remaining, int) and remaining > 0 else 0


def _clean_record_id(record_id: str | None) -> str | None:
    if not record_id:
        return None
    value = record_id.strip().strip("<>")
    return value.removeprefix("urn:uuid:") or None


# --------------------------------------------------------------------------- feeds


def _read_feed(path: str, data: bytes, ids: _IdAllocator) -> Iterator[RawDocument | Skipped]:
    import feedparser

    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        yield Skipped(path, "binary file (contains NUL bytes), not an RSS/Atom feed")
        return
    parsed = feedparser.parse(io.BytesIO(data))
    version = getattr(parsed, "version", "") or ""
    entries = list(getattr(parsed, "entries", []) or [])
    if not version:
        reason = "not an RSS or Atom feed"
        if getattr(parsed, "bozo", False) and getattr(parsed, "bozo_exception", None) is not None:
            reason += f" ({parsed.bozo_exception})"
        yield _UnsupportedSkip(path, reason + "; .xml files are read only when they are feeds")
        return
    file_id = article_id_from_name(path)
    blocks = _item_blocks(data)
    if getattr(parsed, "bozo", False) and blocks and len(entries) < len(blocks[1]):
        # Not well-formed, and the lenient parse lost items: an item left an element open and swallowed
        # the ones after it. Read every item on its own instead, so one broken item costs only itself.
        yield from _read_feed_items_one_by_one(path, file_id, data, blocks, ids)
        return
    if not entries:
        yield Skipped(path, f"feed ({version}) has no items")
        return
    for index, entry in enumerate(entries, start=1):
        yield _feed_item(path, file_id, index, entry, ids)


_ITEM_START_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:item|entry)[\s>/]", re.IGNORECASE)
_CONTAINER_END_RE = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?(?:channel|feed|rss|RDF)\s*>", re.IGNORECASE)


def _item_blocks(data: bytes) -> tuple[bytes, list[tuple[int, bytes]], bytes] | None:
    """Split a feed into ``(head, [(offset, item), ...], closing tags)``; None when it has no items.

    An item runs from its start tag to the next item's start tag (or to the end tags of the feed's
    containers), so an item that never closes one of its elements is still cut off at the next item.
    """
    starts = [m.start() for m in _ITEM_START_RE.finditer(data)]
    if not starts:
        return None
    containers = list(_CONTAINER_END_RE.finditer(data, starts[-1]))
    end = containers[0].start() if containers else len(data)
    bounds = [*starts, end]
    items = [(bounds[i], data[bounds[i]: bounds[i + 1]]) for i in range(len(starts))]
    return data[: starts[0]], items, b"".join(m.group(0) for m in containers)


def _read_feed_items_one_by_one(
    path: str, file_id: str, data: bytes, blocks: tuple[bytes, list[tuple[int, bytes]], bytes], ids: _IdAllocator
) -> Iterator[RawDocument | Skipped]:
    import feedparser

    head, items, closing = blocks
    for index, (offset, item) in enumerate(items, start=1):
        parsed = feedparser.parse(io.BytesIO(head + item + closing))
        entries = list(getattr(parsed, "entries", []) or [])
        if getattr(parsed, "bozo", False) and isinstance(parsed.bozo_exception, xml.sax.SAXException):
            line = data.count(b"\n", 0, offset) + 1
            problem = re.sub(r"^<unknown>:\d+:\d+:\s*", "", str(parsed.bozo_exception))  # positions in our copy
            yield Skipped(
                f"{path}#{index}",
                f"feed item {index} (from line {line}) is not valid XML: {_printable(problem)}; it was left out "
                "because its text may be cut. Close every element it opens and write a bare & as "
                "&amp; (or wrap its HTML in <![CDATA[ ]]>). The other items were read",
            )
        elif not entries:
            yield Skipped(f"{path}#{index}", "feed item could not be read")
        else:
            yield _feed_item(path, file_id, index, entries[0], ids)


def _feed_item(path: str, file_id: str, index: int, entry: Any, ids: _IdAllocator) -> RawDocument | Skipped:
    name = f"{path}#{index}"
    content = ""
    for block in entry.get("content") or []:
        value = block.get("value") if isinstance(block, dict) else None
        if isinstance(value, str) and len(value.strip()) > len(content):
            content = value.strip()
    if not content:
        summary = entry.get("summary") or entry.get("description") or ""
        content = summary.strip() if isinstance(summary, str) else ""
    if not content:
        return Skipped(name, "feed item has neither content nor a summary")
    link = entry.get("link")
    link = link.strip() if isinstance(link, str) and link.strip() else None
    published = None
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        stamp = entry.get(key)
        if stamp:
            published = _struct_to_date(stamp)
            if published:
                break
    if published is None:
        published = parse_date(entry.get("published") or entry.get("updated"))
    title = entry.get("title")
    author = entry.get("author")
    wanted = _id_from_url(link) or _clean_record_id(entry.get("id")) or f"{file_id}#{index}"
    kind: DocKind = "html" if _MARKUP_RE.search(content) else "text"
    return RawDocument(
        id=ids.take(wanted),
        source=SourceInfo(path=path, format="feed", url=link, record=str(index)),
        kind=kind,
        content=content,
        title=title.strip() if isinstance(title, str) and title.strip() else None,
        published=published,
        author=author.strip() if isinstance(author, str) and author.strip() else None,
    )


def _struct_to_date(stamp: Any) -> dt.date | None:
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(stamp), tz=dt.UTC).date()
    except (TypeError, ValueError, OverflowError):
        return None
