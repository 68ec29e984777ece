"""Tests for the ingest stage: every reader, every bad input, ids, limits and error policies."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.config import Config, load_config
from storyline.errors import InputError, UnsupportedInput
from storyline.ingest import article_id_from_name, decode_bytes, iter_inputs, parse_date
from storyline.records import RawDocument, Skipped

INPUTS = Path(__file__).resolve().parent / "data" / "inputs"


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(environ={})


def read(paths: list[str | Path], config: Config) -> tuple[list[RawDocument], list[Skipped]]:
    docs: list[RawDocument] = []
    skipped: list[Skipped] = []
    for item in iter_inputs([str(p) for p in paths], config):
        (skipped if isinstance(item, Skipped) else docs).append(item)  # type: ignore[arg-type]
    return docs, skipped


def by_id(docs: list[RawDocument]) -> dict[str, RawDocument]:
    return {d.id: d for d in docs}


# --------------------------------------------------------------------------- folders, globs, names


def test_folder_reads_every_format_and_reports_every_bad_input(config: Config) -> None:
    docs, skipped = read([INPUTS], config)
    ids = {d.id for d in docs}
    assert {
        "harbor_gazette_bridge",
        "lakeside_feed_repost",
        "northwind_radio_menu",
        "gz_story",
        "wire-001",
        "wire-001#2",
        "wire-002",
        "quarry-lake-swimming",
        "lighthouse-cottage-museum",
        "fog-warning",
        "record-cherry-harvest",
    } <= ids
    reasons = {Path(s.name.split(":")[0]).name + (":" + s.name.split(":")[-1] if ".jsonl:" in s.name else ""): s.reason
               for s in skipped}  # fmt: skip
    assert "binary" in reasons["binary.txt"]
    assert reasons["empty.txt"] == "empty file"
    assert "unknown extension .docx" in reasons["notes.docx"]
    assert "not an RSS or Atom feed" in reasons["not_a_feed.xml"]
    assert "cannot decode" in reasons["undecodable.txt"]
    assert "broken JSON line" in reasons["wire.jsonl:3"]
    assert "has no article text: none of the fields text, content" in reasons["wire.jsonl:4"]
    assert "not an object" in reasons["wire.jsonl:5"]
    assert any("HTTP status 404" in s.reason for s in skipped)


def test_folder_order_is_stable_and_sorted(config: Config) -> None:
    first = [d.id for d in read([INPUTS], config)[0]]
    second = [d.id for d in read([INPUTS], config)[0]]
    assert first == second
    singles = [d.source.path for d in read([INPUTS], config)[0] if d.source.format in ("txt", "html")]
    assert singles == sorted(singles)


def test_glob_and_missing_paths(config: Config) -> None:
    docs, skipped = read([INPUTS / "*.txt", INPUTS / "does-not-exist.txt", INPUTS / "nothing-*.txt"], config)
    assert [d.id for d in docs] == [
        "lakeside_feed_repost",
        "meridian_related",
        "northwind_radio_menu",
        "pradera_deportes_es",
        "river_repeat_similar",
        "tidewater_latest",
        "valmora_wire_dateline",
    ]
    reasons = sorted(s.reason for s in skipped)
    assert any("does not exist" in r for r in reasons)
    assert any("no file matches" in r for r in reasons)


def test_same_file_given_twice_is_read_once(config: Config) -> None:
    docs, _ = read([INPUTS / "tidewater_latest.txt", INPUTS / "tidewater_latest.txt"], config)
    assert [d.id for d in docs] == ["tidewater_latest"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("000_2a97ce4ee3f3bb17.txt.gz", "000_2a97ce4ee3f3bb17"),
        ("folder/story.html", "story"),
        ("report.v2.txt", "report.v2"),
        ("archive.warc.gz", "archive"),
        ("noext", "noext"),
    ],
)
def test_article_id_from_name(name: str, expected: str) -> None:
    assert article_id_from_name(name) == expected


# --------------------------------------------------------------------------- readers


def test_plain_text_and_gzip(config: Config) -> None:
    docs = by_id(read([INPUTS / "tidewater_latest.txt", INPUTS / "gz_story.txt.gz"], config)[0])
    text = docs["tidewater_latest"]
    assert text.kind == "text" and text.source.format == "txt" and text.source.record is None
    assert text.content.startswith("Harbour authority approves")
    gz = docs["gz_story"]
    assert gz.kind == "text" and "mobile library bus" in gz.content


def test_html_reader_keeps_markup_and_canonical_url(config: Config) -> None:
    (doc,) = read([INPUTS / "harbor_gazette_bridge.html"], config)[0]
    assert doc.kind == "html"
    assert doc.source.url == "https://www.harborgazette.example/news/2023/05/port-calloway-swing-bridge-reopens.html"
    assert "<nav" in doc.content


def test_jsonl_fields_dates_and_duplicate_ids(config: Config) -> None:
    docs, skipped = read([INPUTS / "wire.jsonl"], config)
    found = by_id(docs)
    first = found["wire-001"]
    assert first.kind == "text"
    assert first.title == "Glassworks in Brenhaven to close after 140 years"
    assert first.published == dt.date(2023, 3, 14)  # "14 March 2023"
    assert first.site == "Northern Wire" and first.author == "Tobias Rend"
    assert first.source.url == "https://wire.example/business/brenhaven-glassworks-closure"
    assert first.source.record == "1"
    second = found["wire-002"]
    assert second.kind == "html" and second.published == dt.date(2023, 3, 15) and second.site == "Northern Wire"
    clash = found["wire-001#2"]
    assert clash.title == "Second story with a clashing id"
    assert clash.published == dt.date(2023, 3, 15)  # RFC 2822
    assert sorted(s.name.rsplit(":", 1)[1] for s in skipped) == ["3", "4", "5"]


def test_json_array_file(tmp_path: Path, config: Config) -> None:
    items = [
        {"id": "a", "text": "First article text."},
        {"url": "https://x.example/news/second-story/", "html": "<p>Second</p>", "published": 1678838400},
    ]
    path = tmp_path / "batch.json"
    path.write_text(json.dumps(items), "utf-8")
    docs = by_id(read([path], config)[0])
    assert set(docs) == {"a", "second-story"}
    assert docs["second-story"].kind == "html"
    assert docs["second-story"].published == dt.date(2023, 3, 15)


def test_jsonl_gz(tmp_path: Path, config: Config) -> None:
    path = tmp_path / "lines.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "z1", "text": "Zed."}) + "\n\n" + "{oops\n")
    docs, skipped = read([path], config)
    assert [d.id for d in docs] == ["z1"]
    assert [s.name for s in skipped] == [f"{path}:3"]


def test_warc_reader(config: Config) -> None:
    docs, skipped = read([INPUTS / "archive.warc.gz"], config)
    assert [d.id for d in docs] == ["quarry-lake-swimming", "00000000-0000-4000-8000-000000000003"]
    quarry = docs[0]
    assert quarry.kind == "html" and quarry.source.format == "warc"
    assert quarry.source.url == "https://echo.example/local/2023/07/quarry-lake-swimming.html"
    assert quarry.source.record == "<urn:uuid:00000000-0000-4000-8000-000000000001>"
    assert "flooded quarry" in quarry.content
    assert len(skipped) == 1 and "404" in skipped[0].reason


def test_broken_warc_is_skipped(tmp_path: Path, config: Config) -> None:
    path = tmp_path / "broken.warc"
    path.write_bytes(b"this is not a warc file at all\r\n\r\n")
    docs, skipped = read([path], config)
    assert docs == [] and skipped and "WARC" in skipped[0].reason


def test_a_warc_record_without_its_target_uri_is_skipped_and_the_next_file_read(tmp_path: Path, config: Config) -> None:
    bad = tmp_path / "a_bad.warc"
    bad.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 9999\r\n\r\nshort")
    good = tmp_path / "b_good.txt"
    good.write_text("Fog\n\nThe fog stayed over the harbour of Lorne for a third day.", encoding="utf-8")
    docs, skipped = read([bad, good], config)
    assert [d.id for d in docs] == ["b_good"]
    assert len(skipped) == 1 and "malformed record" in skipped[0].reason and "WARC-Target-URI" in skipped[0].reason


def test_a_reader_that_fails_unexpectedly_skips_only_its_file(
    tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline import ingest

    real = ingest._read_single_or_feed

    def flaky(path: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if path.endswith("a_first.txt"):
            raise RuntimeError("reader bug")
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest, "_read_single_or_feed", flaky)
    for name in ("a_first.txt", "b_second.txt"):
        (tmp_path / name).write_text("Fog\n\nThe fog stayed over the harbour of Lorne on Monday.", encoding="utf-8")
    docs, skipped = read([tmp_path / "a_first.txt", tmp_path / "b_second.txt"], config)
    assert [d.id for d in docs] == ["b_second"]
    assert len(skipped) == 1 and "RuntimeError: reader bug" in skipped[0].reason


def test_rss_reader(config: Config) -> None:
    docs = read([INPUTS / "harbour_feed.rss"], config)[0]
    museum, fog = docs
    assert museum.id == "lighthouse-cottage-museum" and museum.kind == "html"
    assert museum.title == "Lighthouse keeper's cottage to become a small museum"
    assert museum.published == dt.date(2023, 6, 2)
    assert museum.source == museum.source.__class__(
        path=str(INPUTS / "harbour_feed.rss"),
        format="feed",
        url="https://www.harborgazette.example/news/2023/06/lighthouse-cottage-museum.html",
        record="1",
    )
    assert fog.id == "fog-warning" and fog.kind == "text" and fog.published == dt.date(2023, 6, 3)


def test_atom_reader(config: Config) -> None:
    (entry,) = read([INPUTS / "valley_feed.atom"], config)[0]
    assert entry.id == "record-cherry-harvest"
    assert entry.kind == "html" and "6,000 tonnes" in entry.content
    assert entry.author == "Nadia Ferrow"
    assert entry.published == dt.date(2023, 7, 3)


def test_xml_that_is_not_a_feed_is_unsupported(config: Config) -> None:
    strict = config.with_overrides({"ingest.error_policy": "raise"})
    with pytest.raises(UnsupportedInput, match="not an RSS or Atom feed"):
        list(iter_inputs([str(INPUTS / "bad" / "not_a_feed.xml")], strict))


# --------------------------------------------------------------------------- limits, encodings, policies


def test_max_bytes_names_the_setting(config: Config) -> None:
    small = config.with_overrides({"ingest.max_bytes": 500})
    docs, skipped = read([INPUTS / "harbor_gazette_bridge.html", INPUTS / "gz_story.txt.gz"], small)
    assert docs == []
    assert len(skipped) == 2
    for item in skipped:
        assert "ingest.max_bytes" in item.reason and "500" in item.reason


def test_encodings(tmp_path: Path, config: Config) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Größere Änderungen für die Straßenbahn in Köln.".encode("cp1252"))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("Une nouvelle ligne de tramway à Lyon.".encode("utf-16"))
    meta = tmp_path / "page.html"
    meta.write_bytes('<html><head><meta charset="iso-8859-1"></head><body><p>Café à Genève</p></body></html>'.encode(
        "latin-1"
    ))  # fmt: skip
    docs = by_id(read([latin, utf16, meta], config)[0])
    assert "Straßenbahn" in docs["latin"].content
    assert "tramway à Lyon" in docs["utf16"].content
    assert "Café à Genève" in docs["page"].content


def test_decode_bytes_rejects_binary() -> None:
    assert decode_bytes(b"abc\x00def")[0] is None
    assert decode_bytes(b"plain ascii")[0] == "plain ascii"


def test_error_policy_raise_and_suppress(config: Config) -> None:
    strict = config.with_overrides({"ingest.error_policy": "raise"})
    with pytest.raises(InputError, match="empty file"):
        list(iter_inputs([str(INPUTS / "bad" / "empty.txt")], strict))
    with pytest.raises(UnsupportedInput):
        list(iter_inputs([str(INPUTS / "bad" / "notes.docx")], strict))
    quiet = config.with_overrides({"ingest.error_policy": "suppress"})
    items = list(iter_inputs([str(INPUTS / "bad"), str(INPUTS / "tidewater_latest.txt")], quiet))
    assert [type(i) for i in items] == [RawDocument]


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path, config: Config) -> None:
    (tmp_path / "a.txt").write_text("First good article.", "utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02")
    # unclosed <p>, <b> and <body>: still read (a page that stops inside its text is another matter: cut off)
    (tmp_path / "c.html").write_text("<html><body><p>Unclosed <b>markup <div>still read</div>", "utf-8")
    (tmp_path / ".hidden.txt").write_text("ignored", "utf-8")
    docs, skipped = read([tmp_path], config)
    assert [d.id for d in docs] == ["a", "c"]
    assert [Path(s.name).name for s in skipped] == ["b.txt"]


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-12-29", dt.date(2021, 12, 29)),
        ("2021-12-29T23:10:00+02:00", dt.date(2021, 12, 29)),
        ("Wed, 29 Dec 2021 10:00:00 GMT", dt.date(2021, 12, 29)),
        ("December 29, 2021", dt.date(2021, 12, 29)),
        ("29.12.2021", dt.date(2021, 12, 29)),
        (1640736000, dt.date(2021, 12, 29)),
        ("1640736000000", dt.date(2021, 12, 29)),
        (dt.datetime(2021, 12, 29, 5, 0), dt.date(2021, 12, 29)),
        ("", None),
        ("not a date", None),
        ("2021-13-45", None),
        (None, None),
        ("0001-01-01T00:00:00Z", None),  # placeholders and impossible publication dates
        ("1970-01-01", None),
        (0, None),
        ("2999-01-01", None),
        ("1899-07-04", dt.date(1899, 7, 4)),
    ],
)
def test_parse_date(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


@settings(max_examples=40, deadline=None)
@given(st.dates(min_value=dt.date(1971, 1, 1), max_value=dt.date(dt.date.today().year + 1, 12, 31)))
def test_parse_date_round_trips_iso_and_rfc2822(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == day
    stamp = dt.datetime(day.year, day.month, day.day, 12, 0, tzinfo=dt.UTC)
    assert parse_date(stamp.strftime("%a, %d %b %Y %H:%M:%S GMT")) == day


def test_binary_warc_is_skipped_with_a_readable_reason(tmp_path: Path, config: Config) -> None:
    import gzip

    path = tmp_path / "random.warc.gz"
    path.write_bytes(gzip.compress(bytes(range(256)) * 4))
    docs, skipped = read([path], config)
    assert docs == [] and len(skipped) == 1
    reason = skipped[0].reason
    assert "WARC" in reason and "\\x" not in reason and reason.isprintable() and len(reason) < 200


def test_a_cut_off_json_line_is_reported_as_cut_off(tmp_path: Path, config: Config) -> None:
    path = tmp_path / "cut.jsonl"
    lines = ['{"id": "a", "text": "Whole line with enough words to count."}', '{"id": "b", "text": ',
             '{"id": "c", "text": "x" "y"}', '{"id": "d", "text": "cut off in the mid']  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, skipped = read([path], config)
    reasons = {s.name.rsplit(":", 1)[1]: s.reason for s in skipped}
    assert [d.id for d in docs] == ["a"]
    assert "ends too early" in reasons["2"]
    assert "column 25" in reasons["3"]
    assert "ends too early" in reasons["4"] and "column 21" in reasons["4"]  # cut inside a string


# --------------------------------------------------------------------------- damaged files (a newcomer's audit)

_PAGE = ("<html><head><title>Ferry {n} returns</title></head><body><article><h1>Ferry {n} returns</h1>"
         + "<p>The Pelloria ferry number {n} returned to service on Monday after a month of repairs.</p>" * 12
         + "</article></body></html>")


def _page(n: int) -> str:
    """A page that compresses badly (a serial number per paragraph), so a cut lands inside its text."""
    import random

    rng = random.Random(n)
    return _PAGE.format(n=n).replace("repairs.", "repairs (ref {:x}).").format(
        *(rng.getrandbits(64) for _ in range(12)))


def _warc_bytes(pages: int) -> bytes:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for n in range(pages):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        payload = io.BytesIO(_page(n).encode())
        writer.write_record(writer.create_warc_record(f"https://news.example/ferry-{n}", "response",
                                                      payload=payload, http_headers=headers))
    return out.getvalue()


def test_a_cut_off_warc_keeps_whole_records_and_reports_the_cut_one(tmp_path: Path, config: Config) -> None:
    whole = _warc_bytes(2)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[:-40])  # inside the text of the second record
    docs, skipped = read([cut], config)
    assert [d.id for d in docs] == ["ferry-0"]
    assert _page(0) == docs[0].content  # the whole first page, not a part
    assert len(skipped) == 1 and "ferry-1" in skipped[0].name
    assert "cut off" in skipped[0].reason and "bytes" in skipped[0].reason


def test_a_warc_cut_inside_its_only_record_gives_no_partial_article(tmp_path: Path, config: Config) -> None:
    whole = _warc_bytes(1)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[:-40])
    docs, skipped = read([cut], config)
    assert docs == [] and len(skipped) == 1 and "cut off" in skipped[0].reason


_FEED_ITEM = ("<item><title>{title}</title><link>https://feed.example/{slug}</link>"
              "<pubDate>Mon, 01 Dec 2031 10:00:00 GMT</pubDate><description>{text}</description></item>")


def test_a_broken_feed_item_does_not_swallow_the_items_after_it(tmp_path: Path, config: Config) -> None:
    items = [
        _FEED_ITEM.format(title="Bridge vote", slug="bridge-vote", text="The council of Pelloria voted to rebuild "
                          "the harbour bridge on Monday."),
        # the description is never closed: a lenient parser reads the rest of the feed into it
        _FEED_ITEM.format(title="Broken", slug="broken", text="A <b>bold & unescaped").replace("</description>", ""),
        _FEED_ITEM.format(title="Museum", slug="museum-reopens", text="The Pelloria museum reopened its north "
                          "wing on Tuesday."),
    ]
    path = tmp_path / "news.rss"
    path.write_text('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Pelloria</title>'
                    + "\n".join(items) + "</channel></rss>", encoding="utf-8")
    docs, skipped = read([path], config)
    ids = {d.id for d in docs}
    assert {"bridge-vote", "museum-reopens"} <= ids
    museum = by_id(docs)["museum-reopens"]
    assert "north wing" in museum.content and museum.title == "Museum"
    broken = [s for s in skipped if s.name.endswith("#2")]
    if "broken" not in ids:  # either recovered on its own, or reported with where the XML breaks
        assert broken and "line" in broken[0].reason and "&amp;" in broken[0].reason


def test_a_feed_whose_channel_is_broken_is_still_read_leniently(tmp_path: Path, config: Config) -> None:
    path = tmp_path / "news.rss"
    item = _FEED_ITEM.format(title="Bridge vote", slug="bridge-vote", text="The council voted on Monday.")
    path.write_text('<rss version="2.0"><channel><title>Smith & Sons news</title>' + item + "</channel></rss>",
                    encoding="utf-8")
    docs, _ = read([path], config)
    assert [d.id for d in docs] == ["bridge-vote"]


def test_a_pretty_printed_json_file_with_one_error_is_one_clear_skip(tmp_path: Path, config: Config) -> None:
    articles = [{"id": f"a{i}", "text": "The ferry returned to service on Monday."} for i in range(3)]
    text = json.dumps(articles, indent=2).replace('"a1",', '"a1"', 1)  # a missing comma on line 8
    path = tmp_path / "articles.json"
    path.write_text(text, encoding="utf-8")
    docs, skipped = read([path], config)
    assert docs == [] and len(skipped) == 1
    assert skipped[0].name == str(path)
    assert "line 8" in skipped[0].reason and "delimiter" in skipped[0].reason


def test_a_json_file_holding_json_lines_is_still_read_line_by_line(tmp_path: Path, config: Config) -> None:
    path = tmp_path / "lines.json"
    path.write_text('{"id": "a", "text": "One."}\n{"id": "b", "text": \n{"id": "c", "text": "Three."}\n', "utf-8")
    docs, skipped = read([path], config)
    assert [d.id for d in docs] == ["a", "c"] and [s.name for s in skipped] == [f"{path}:2"]


def test_a_cut_off_gzipped_jsonl_keeps_its_whole_lines(tmp_path: Path, config: Config) -> None:
    import os

    lines = [json.dumps({"id": f"j{i}", "text": os.urandom(300).hex()}) for i in range(40)]  # barely compressible
    data = gzip.compress(("\n".join(lines) + "\n").encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    docs, skipped = read([path], config)
    assert 10 <= len(docs) < 40 and [d.id for d in docs] == [f"j{i}" for i in range(len(docs))]
    assert all(len(d.content) == 600 for d in docs)  # no partial line
    assert len(skipped) == 1 and "cut off" in skipped[0].reason and f"{len(docs)} " in skipped[0].reason


def test_gzip_problems_say_what_is_wrong(tmp_path: Path, config: Config) -> None:
    cut = tmp_path / "cut.html.gz"
    whole = gzip.compress(_PAGE.format(n=1).encode())
    cut.write_bytes(whole[: len(whole) - 6])  # the end of the data and the gzip trailer are missing
    fake = tmp_path / "fake.txt.gz"
    fake.write_bytes(b"plain text, not compressed")
    _, skipped = read([cut, fake], config)
    reasons = {Path(s.name).name: s.reason for s in skipped}
    assert "cut off" in reasons["cut.html.gz"]
    assert "not gzip" in reasons["fake.txt.gz"] and "rename" in reasons["fake.txt.gz"]


def test_unreadable_files_and_folders_are_reported_not_dropped(tmp_path: Path, config: Config,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins
    import os

    import storyline.ingest as ingest

    (tmp_path / "a.txt").write_text("The ferry returned on Monday.", "utf-8")
    (tmp_path / "locked.txt").write_text("secret", "utf-8")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "b.txt").write_text("Hidden.", "utf-8")
    real_open, real_scandir = builtins.open, os.scandir

    def fake_open(file, *args, **kwargs):  # what a file without read permission does
        if str(file).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    def fake_scandir(path="."):
        if str(path).endswith("private"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(ingest, "open", fake_open, raising=False)
    monkeypatch.setattr(os, "scandir", fake_scandir)
    docs, skipped = read([tmp_path], config)
    assert [d.id for d in docs] == ["a"]
    reasons = {Path(s.name).name: s.reason for s in skipped}
    assert "permission" in reasons["locked.txt"].lower() and "chmod" in reasons["locked.txt"]
    assert "permission" in reasons["private"].lower() and "chmod" in reasons["private"]


def test_an_html_page_saved_as_txt_is_read_as_html(tmp_path: Path, config: Config) -> None:
    page = tmp_path / "saved-page.txt"
    page.write_text("\n<!DOCTYPE html>\n" + _PAGE.format(n=3), encoding="utf-8")
    prose = tmp_path / "prose.txt"
    prose.write_text("Ferry 3 returns\n\nThe ferry returned on Monday; the <b> tag is HTML, she wrote.\n", "utf-8")
    docs = by_id(read([page, prose], config)[0])
    assert docs["saved-page"].kind == "html" and docs["saved-page"].source.format == "txt"
    assert docs["prose"].kind == "text"


def test_an_html_page_cut_off_inside_its_text_is_reported_not_read_in_part(tmp_path: Path, config: Config) -> None:
    whole = _PAGE.format(n=4)
    cut = tmp_path / "cut.html"
    cut.write_text(whole[: whole.index("month of repairs") + 9], encoding="utf-8")  # "... a month o"
    minimal = tmp_path / "minimal.html"  # a page may omit </body></html>: it is whole when it ends with a tag
    minimal.write_text(whole.replace("</body></html>", ""), encoding="utf-8")
    docs, skipped = read([cut, minimal], config)
    assert [d.id for d in docs] == ["minimal"]
    assert len(skipped) == 1 and skipped[0].name == str(cut)
    assert "cut off" in skipped[0].reason and "month o" in skipped[0].reason


def test_json_lines_of_common_scrapers_are_read_by_their_field_names(tmp_path: Path, config: Config) -> None:
    body = "The ferry to Eskerby runs twice a day from Monday, the harbour office said. " * 4
    records = [
        # news-please's field names
        {"maintext": body, "title": "Ferry doubles", "date_publish": "2026-03-03 18:04:00",
         "source_domain": "eskerby-post.example", "url": "https://eskerby-post.example/news/ferry-doubles",
         "authors": ["Lena Varga", "Omar Quist"]},
        # Fundus-like names
        {"plaintext": body, "headline": "Second ferry", "publishing_date": "2026-03-04T09:00:00+00:00",
         "publisher": "Harbour Daily", "link": "https://harbour.example/second-ferry", "byline": "Ada Brenn"},
        {"raw_html": f"<html><body><article><p>{body}</p></article></body></html>", "id": "raw"},
    ]
    path = tmp_path / "scraped.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    docs, skipped = read([path], config)
    assert not skipped
    by_id = {d.id: d for d in docs}
    first, second, raw = by_id["ferry-doubles"], by_id["second-ferry"], by_id["raw"]
    assert (first.title, first.published, first.site) == ("Ferry doubles", dt.date(2026, 3, 3), "eskerby-post.example")
    assert first.author == "Lena Varga, Omar Quist" and first.kind == "text" and first.content.startswith("The ferry")
    assert (second.title, second.published, second.site, second.author) == (
        "Second ferry", dt.date(2026, 3, 4), "Harbour Daily", "Ada Brenn"
    )
    assert raw.kind == "html"
