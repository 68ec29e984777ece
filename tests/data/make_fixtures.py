"""Rebuild the binary test fixtures in ``tests/data/inputs/`` (the text ones are written by hand).

Run from anywhere::

    python tests/data/make_fixtures.py

It writes, deterministically (fixed timestamps and record ids):

* ``archive.warc.gz``  - a small WARC: two HTML responses, a 404 response, an image
  response and a request record (only the two HTML responses are articles);
* ``gz_story.txt.gz``  - a gzipped scraped plain-text article;
* ``bad/binary.txt``   - PNG-like bytes with NUL bytes (must be skipped as binary);
* ``bad/undecodable.txt`` - control bytes that are no text in any charset.

All articles are fictional.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

INPUTS = Path(__file__).resolve().parent / "inputs"

_WARC_DATE = "2023-08-01T10:00:00Z"

_QUARRY_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Quarry lake opens for swimming - Stonebridge Echo</title>
<meta property="article:published_time" content="2023-07-30"></head>
<body>
<nav><a href="/">Home</a> <a href="/local">Local</a> <a href="/weather">Weather</a></nav>
<article>
<h1>Quarry lake opens for swimming</h1>
<p>The flooded quarry north of Stonebridge opened to swimmers on Saturday for the first time, after the county
fitted ladders, marked a safe zone with buoys and hired three lifeguards for the summer.</p>
<p>Swimming in the lake had been banned for thirty years because of its steep, hidden ledges, but people swam
there anyway on hot days, and the county decided that a supervised area was safer than a ban nobody obeyed.</p>
<p>"It was full by eleven o'clock," said lifeguard Oren Vasko. "Families came with picnics, and everyone
stayed inside the buoys."</p>
</article>
<footer>Stonebridge Echo, all rights reserved.</footer>
</body></html>
"""

_MARKET_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Night market returns to the old tram depot</title></head>
<body>
<div class="menu">Menu Search Subscribe</div>
<div class="content">
<h1>Night market returns to the old tram depot</h1>
<p>The night market that used to fill the old tram depot in Stonebridge every Friday will return next month,
the town's events office said, five years after it closed because of a dispute over rent.</p>
<p>Forty stalls have signed up so far, selling street food, second-hand books and local crafts, and the
office said it hoped to reach sixty by the opening night on the first Friday of September.</p>
<p>The depot's new owners, a housing cooperative, will charge the stall holders no rent in the first year.</p>
</div>
<div class="share">Share this story</div>
</body></html>
"""

_GZ_STORY = """Menu

Library bus to visit outlying villages every week - The Fenmoor Post

The county library will send a mobile library bus to eleven outlying villages every week from October, after
the last branch library outside the county town closed in the spring.

The bus will carry about 3,000 books and offer free internet access, and it will stop for two hours in each
village, the county's culture office said on Monday.

"For many older people the library was the only place to meet others in the week," said librarian Wilma
Strand, who will drive the bus herself on Tuesdays.

Share this article
Related Posts
"""


def _http_response(body: bytes, status: str = "200 OK", content_type: str = "text/html; charset=utf-8") -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode("ascii") + body


def build_warc(path: Path) -> None:
    """Write a small gzipped WARC with articles and records that are not articles."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    records = [
        ("response", "https://echo.example/local/2023/07/quarry-lake-swimming.html", _QUARRY_PAGE.encode(), "200 OK",
         "text/html; charset=utf-8", "<urn:uuid:00000000-0000-4000-8000-000000000001>"),
        ("request", "https://echo.example/local/2023/07/quarry-lake-swimming.html", b"", None, None,
         "<urn:uuid:00000000-0000-4000-8000-000000000002>"),
        ("response", "https://echo.example/", _MARKET_PAGE.encode(), "200 OK", "text/html",
         "<urn:uuid:00000000-0000-4000-8000-000000000003>"),
        ("response", "https://echo.example/images/quarry.png", b"\x89PNG\r\n\x1a\n\x00\x00", "200 OK", "image/png",
         "<urn:uuid:00000000-0000-4000-8000-000000000004>"),
        ("response", "https://echo.example/missing-page", b"<html><body>Not found</body></html>", "404 Not Found",
         "text/html", "<urn:uuid:00000000-0000-4000-8000-000000000005>"),
    ]  # fmt: skip
    for kind, uri, body, status, content_type, record_id in records:
        warc_headers = {"WARC-Record-ID": record_id, "WARC-Date": _WARC_DATE}
        if kind == "request":
            http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "echo.example")], is_http_request=True)
            record = writer.create_warc_record(
                uri, "request", payload=io.BytesIO(b""), http_headers=http, warc_headers_dict=warc_headers
            )
        else:
            assert status is not None and content_type is not None
            http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=warc_headers
            )
        writer.write_record(record)
    path.write_bytes(buffer.getvalue())


def build_gzip(path: Path, text: str) -> None:
    """Gzip ``text`` with a fixed timestamp, so that the file is byte-identical on every run."""
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as handle:
        handle.write(text.encode("utf-8"))


def main() -> None:
    """Write every generated fixture."""
    (INPUTS / "bad").mkdir(parents=True, exist_ok=True)
    build_warc(INPUTS / "archive.warc.gz")
    build_gzip(INPUTS / "gz_story.txt.gz", _GZ_STORY)
    (INPUTS / "bad" / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" * 8)
    (INPUTS / "bad" / "undecodable.txt").write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19]) * 16)
    print(f"fixtures written to {INPUTS}")


if __name__ == "__main__":
    main()
