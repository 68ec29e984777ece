"""End to end: the CLI over the bundled sample, re-runs, bad inputs, exports (real models throughout)."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import DATA, SAMPLES
from storyline.cli import main

EXPECT = json.loads((DATA / "sample_expectations.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """Run the pipeline once on the sample; every test reads its outputs."""
    tmp = tmp_path_factory.mktemp("demo")
    runner = CliRunner()
    result = runner.invoke(main, ["run", str(SAMPLES), "--db", str(tmp / "s.db"), "--out", str(tmp / "out"), "-q"])
    # the sample holds one paywall stub that must be skipped with a reason: exit code 1
    assert result.exit_code == (1 if EXPECT["skipped"] else 0), result.output
    doc = json.loads((tmp / "out" / "stories.json").read_text("utf-8"))
    return tmp, result.output, doc


def _story_of(doc: dict, article_id: str) -> dict:
    sid = next(a["story"] for a in doc["articles"] if a["id"] == article_id)
    return next(s for s in doc["stories"] if s["id"] == sid)


def test_report_and_outputs(demo):
    tmp, output, doc = demo
    assert "new articles" in output
    assert f"skipped            {len(EXPECT['skipped'])}" in output
    for name in EXPECT["skipped"]:
        assert f"{name}.html ({name}): " in output  # the file it came from, then its id
    for name in ("stories.json", "stories.md", "index.html"):
        assert (tmp / "out" / name).stat().st_size > 500
    assert doc["version"] == 1
    n_inputs = len({a["id"] for a in doc["articles"]})
    assert n_inputs >= 15


def test_stories_match_the_answer_key(demo):
    _, _, doc = demo
    for expected in EXPECT["stories"]:
        story = _story_of(doc, expected["articles"][0])
        assert sorted(story["articles"]) == sorted(expected["articles"]), expected["name"]


def test_copies_point_at_their_original(demo):
    _, _, doc = demo
    by_id = {a["id"]: a for a in doc["articles"]}
    for copy in EXPECT["copies"]:
        assert by_id[copy["article"]]["duplicate_of"] == copy["of"], copy
        assert by_id[copy["article"]]["copy_kind"] == copy["kind"], copy
    originals = {c["article"] for c in EXPECT["copies"]}
    flagged = {a["id"] for a in doc["articles"] if a["duplicate_of"]}
    assert flagged == originals


def test_every_summary_sentence_is_cited_and_verified(demo):
    _, _, doc = demo
    for story in doc["stories"]:
        assert story["summary"], story["title"]
        for sent in story["summary"]:
            assert sent["sources"] and sent["verified"] is True
            assert set(sent["sources"]) <= set(story["articles"])
            assert {e["article"] for e in sent["evidence"]} == set(sent["sources"])


def test_junk_never_survives_cleaning(demo):
    _, _, doc = demo
    texts = "\n".join(a["text"] for a in doc["articles"])
    for line in EXPECT["junk"]:
        assert line not in texts, line


def test_dates_and_languages(demo):
    _, _, doc = demo
    by_id = {a["id"]: a for a in doc["articles"]}
    for aid, day in EXPECT["dates"].items():
        assert by_id[aid]["published"] == day, aid
    for aid, lang in EXPECT.get("languages", {}).items():
        assert by_id[aid]["language"] == lang, aid
    for aid, junk_dates in EXPECT["not_dates"].items():
        assert by_id[aid]["published"] not in junk_dates, aid
    for keep in EXPECT["keep"]:
        assert keep["text"] in by_id[keep["article"]]["text"], keep


def test_timeline_quotes_entities_disagreements(demo):
    _, _, doc = demo
    name_to_story = {e["name"]: _story_of(doc, e["articles"][0]) for e in EXPECT["stories"]}
    for ev in EXPECT["timeline"]:
        story = name_to_story[ev["story"]]
        hits = [t for t in story["timeline"] if t["date"] == ev["date"]
                and any(k.lower() in t["text"].lower() for k in ev["keywords"])]
        assert hits, (ev, [(t["date"], t["text"]) for t in story["timeline"]])
    for q in EXPECT["quotes"]:
        quotes = name_to_story[q["story"]]["quotes"]
        match = [x for x in quotes if all(k.lower() in x["text"].lower() for k in q["keywords"])]
        assert match, q
        assert match[0]["speaker"] == q["speaker"], (q, match[0])
        assert set(q["sources"]) <= set(match[0]["sources"]), (q, match[0])
    for ent in EXPECT["entities"]:
        entities = name_to_story[ent["story"]]["entities"]
        found = [e for e in entities if e["name"] == ent["name"] or ent["name"] in e["aliases"]]
        assert found, ent
        names = {found[0]["name"], *found[0]["aliases"]}
        assert set(ent["aliases"]) <= names, (ent, names)
    for d in EXPECT["disagreements"]:
        story = name_to_story[d["story"]]
        assert any(x["kind"] == d["kind"] for x in story["disagreements"]), (d, story["disagreements"])


def test_rerun_changes_nothing_and_more_articles_are_added(demo, tmp_path):
    src, _, doc = demo
    db = tmp_path / "s.db"
    shutil.copy(src / "s.db", db)
    runner = CliRunner()
    again = runner.invoke(main, ["run", str(SAMPLES), "--db", str(db), "-q", "--out", str(tmp_path / "o")])
    assert again.exit_code == (1 if EXPECT["skipped"] else 0), again.output
    assert "new articles       0" in again.output
    redo = json.loads((tmp_path / "o" / "stories.json").read_text("utf-8"))
    assert [s["id"] for s in redo["stories"]] == [s["id"] for s in doc["stories"]]
    assert redo["stories"] == doc["stories"]


def test_incremental_run_adds_to_existing_story(tmp_path):
    files = sorted(p for p in SAMPLES.iterdir() if p.suffix == ".txt")
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    for i, p in enumerate(files):
        shutil.copy(p, (first if i % 2 == 0 else second) / p.name)
    runner = CliRunner()
    db = str(tmp_path / "s.db")
    assert runner.invoke(main, ["run", str(first), "--db", db, "-q"]).exit_code == 0
    r = runner.invoke(main, ["run", str(second), "--db", db, "-q", "--out", str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    doc = json.loads((tmp_path / "o" / "stories.json").read_text("utf-8"))
    assert {a["id"] for a in doc["articles"]} == {p.name.split(".")[0] for p in files}
    grew = [s for s in doc["stories"] if any(h["kind"] == "grew" for h in s["history"])]
    assert grew, "no story gained articles in the second run"


def test_bad_inputs_are_reported_and_the_rest_processed(tmp_path):
    bad = tmp_path / "in"
    bad.mkdir()
    good = sorted(p for p in SAMPLES.iterdir() if p.suffix == ".txt")[0]
    shutil.copy(good, bad / good.name)
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 50)
    (bad / "latin.txt").write_bytes(b"\xff\xfe\x00\x00 not text \x00\x81" * 40)
    (bad / "notes.docx").write_bytes(b"PK\x03\x04 whatever")
    (bad / "broken.html").write_text("<html><body><div><p>unclosed " * 3)
    (bad / "lines.jsonl").write_text('{"id": "j1", "text": "' + "Valid article text here. " * 20 + '"}\n{broken\n')
    big = bad / "huge.txt"
    big.write_text("word " * 12_000_000)  # ~60 MB, over the default limit
    runner = CliRunner()
    db = tmp_path / "s.db"
    result = runner.invoke(main, ["run", str(bad), "--db", str(db), "-q"])
    assert result.exit_code == 1, result.output
    for name in ("empty.txt", "binary.txt", "notes.docx", "huge.txt", "lines.jsonl:2"):
        assert name in result.output, (name, result.output)
    stories = runner.invoke(main, ["stories", "--db", str(db), "--json"])
    assert stories.exit_code == 0 and stories.output.strip(), stories.output


def test_relative_days_in_summaries_are_resolved_in_json_markdown_and_html(demo):
    tmp, _, doc = demo
    notes = [(s, n) for story in doc["stories"] for s in story["summary"] for n in s["dates"]]
    assert notes, "the sample's summaries say 'today' or a weekday somewhere"
    for sentence, note in notes:
        assert sentence["text"][note["start"] : note["end"]] == note["text"]
        assert not any(ch.isdigit() for ch in note["text"])
    markdown = (tmp / "out" / "stories.md").read_text("utf-8")
    page = (tmp / "out" / "index.html").read_text("utf-8")
    for _, note in notes:
        assert f"{note['text']} ({note['date']})" in markdown
        assert f'<time class="day" datetime="{note["date"]}"' in page


def test_show_and_export_commands(demo, tmp_path):
    src, _, doc = demo
    runner = CliRunner()
    db = str(src / "s.db")
    sid = doc["stories"][0]["id"]
    shown = runner.invoke(main, ["show", sid, "--db", db, "--history"])
    assert shown.exit_code == 0 and "Summary" in shown.output and "Sources" in shown.output
    assert doc["stories"][0]["title"] in shown.output
    art = next(a for a in doc["articles"] if a["removed"])
    removed = runner.invoke(main, ["show", "--article", art["id"], "--removed", "--db", db])
    assert removed.exit_code == 0 and art["removed"][0]["reason"] in removed.output
    missing = runner.invoke(main, ["show", "st-nope", "--db", db])
    assert missing.exit_code == 2 and "storyline stories" in missing.output
    ex = runner.invoke(main, ["export", "--format", "md", "--format", "json", "--out", str(tmp_path), "--db", db])
    assert ex.exit_code == 0
    assert json.loads((tmp_path / "stories.json").read_text()) == doc
    listing = runner.invoke(main, ["stories", "--db", db])
    assert sid in listing.output


def test_seeds_make_one_story(seeds_dir, tmp_path):
    runner = CliRunner()
    out = tmp_path / "out"
    r = runner.invoke(main, ["run", str(seeds_dir), "--db", str(tmp_path / "s.db"), "--out", str(out), "-q"])
    assert r.exit_code == 0, r.output
    doc = json.loads((out / "stories.json").read_text("utf-8"))
    assert len(doc["stories"]) == 1 and len(doc["stories"][0]["articles"]) == 5
    story = doc["stories"][0]
    dates = {t["date"] for t in story["timeline"]}
    assert {"2021-12-30", "2022-01-10"} <= dates, dates
    assert all(s["sources"] and s["verified"] for s in story["summary"])
    text = "\n".join(a["text"] for a in doc["articles"])
    junk_lines = ("Latest news", "Related Posts", "Powered by Blogger", "Post a Comment", "Similar Posts",
                  "Back to top")
    for junk in junk_lines:
        assert junk not in text
    horne = [q for q in story["quotes"] if q["speaker"] and "Horne" in q["speaker"] and "diplomatic" in q["text"]]
    assert horne and len(horne[0]["sources"]) == 5, story["quotes"]


def test_many_skipped_inputs_keep_the_report_short_and_are_listed_in_full(tmp_path):
    from storyline.cli import REPORT_SKIPPED

    folder = tmp_path / "in"
    folder.mkdir()
    count = REPORT_SKIPPED + 5
    for i in range(count):
        (folder / f"empty-{i:02d}.txt").write_text("", "utf-8")
    db = tmp_path / "s.db"
    runner = CliRunner()
    result = runner.invoke(main, ["run", str(folder), "--db", str(db), "--quiet"])
    assert result.exit_code == 1, result.output
    assert result.output.count("empty file") == REPORT_SKIPPED
    assert "… and 5 more: `storyline skipped --db" in result.output
    listed = runner.invoke(main, ["skipped", "--db", str(db)])
    assert listed.exit_code == 0 and listed.output.count("empty file") == count
    assert listed.output.startswith(f"run 1: {count} skipped")
    missing = runner.invoke(main, ["skipped", "--db", str(db), "--run", "7"])
    assert missing.exit_code == 2 and "no run 7" in missing.output


def test_python_dash_m_runs_the_same_command_line():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "storyline", "--help"], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "Usage: storyline" in done.stdout and "run" in done.stdout
