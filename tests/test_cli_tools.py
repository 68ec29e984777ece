"""`storyline extract`, `summarize` and `config`: thin commands over the library."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conftest import SAMPLES
from storyline.cli import main


def test_extract_prints_one_json_object_per_article():
    src = SAMPLES / "dam-01-tarnsk-courier.txt"
    result = CliRunner().invoke(main, ["extract", str(src)])
    assert result.exit_code == 0, result.output
    (obj,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert obj["id"] == "dam-01-tarnsk-courier"
    assert set(obj) >= {"id", "title", "text", "published", "language", "site", "author", "removed"}
    assert obj["removed"] and all(r["reason"] for r in obj["removed"])
    assert obj["language"] == "en"


def test_extract_reports_skips_on_stderr(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "empty.txt")])
    assert result.exit_code == 1 and "empty.txt" in result.stderr and result.stdout == ""


def test_summarize_clusters_and_skip_broken_lines(tmp_path):
    lines = [
        {"id": "c1", "documents": [
            "The Orlen dam opened on Monday after six years of work. Officials said it would power 40,000 homes.",
            {"id": "x", "text": "After six years of construction the Orlen dam opened on Monday. "
                                "It will supply electricity to 40,000 homes, officials said."}]},
    ]
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(lines[0]) + "\n{broken\n")
    result = CliRunner().invoke(main, ["summarize", "--clusters", str(path), "--max-words", "40"])
    assert result.exit_code == 1
    assert "c.jsonl:2" in result.stderr
    (out,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert out["id"] == "c1" and out["summary"]
    assert all(s["verified"] and s["sources"] for s in out["summary"])
    assert sum(len(s["text"].split()) for s in out["summary"]) <= 40
    assert any(set(s["sources"]) == {"0", "x"} for s in out["summary"])


def test_config_shows_overrides_and_rejects_bad_keys():
    runner = CliRunner()
    shown = runner.invoke(main, ["--set", "cluster.threshold=0.61", "config"])
    assert shown.exit_code == 0 and "threshold = 0.61" in shown.output
    bad = runner.invoke(main, ["--set", "cluster.nope=1", "config"])
    assert bad.exit_code == 2 and "unknown key cluster.nope" in bad.output


def test_reading_commands_refuse_a_missing_database_instead_of_creating_it(tmp_path):
    missing = tmp_path / "typo.db"
    runner = CliRunner()
    for args in (["stories"], ["show", "st-1"], ["skipped"], ["export", "--format", "json", "--out", str(tmp_path)],
                 ["serve", "--port", "1"]):
        result = runner.invoke(main, [*args, "--db", str(missing)])
        assert result.exit_code == 2, (args, result.output)
        assert "no database" in result.output and "storyline run" in result.output, args
        assert not missing.exists(), args
    assert not (tmp_path / "stories.json").exists()


def test_show_and_markdown_count_one_article_in_the_singular(tmp_path):
    from conftest import one_article_db
    from storyline.export import build_document, render_markdown
    from storyline.store import Store

    db = one_article_db(tmp_path / "one.db")
    with Store(db) as store:
        markdown = render_markdown(build_document(store))
    shown = CliRunner().invoke(main, ["show", "st-9", "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    assert "1 article · 1 independent source · undated" in shown.output
    assert "*1 article, 1 independent source, undated*" in markdown


def test_summarize_reports_each_bad_line_and_keeps_going(tmp_path):
    good = {"id": "c1", "documents": [
        "The Orlen dam opened on Monday after six years of work. Officials said it would power 40,000 homes."]}
    no_ids = {"id": "c2", "documents": [{"text": "The Orlen dam opened on Monday after six years of work."},
                                        {"text": "After six years of work the Orlen dam opened on Monday."}]}
    path = tmp_path / "c.jsonl"
    path.write_bytes(
        json.dumps(good).encode() + b"\n"
        + '{"id": "c9", "documents": ["Caf\u00e9 ferm\u00e9 depuis lundi."]}\n'.encode("latin-1")  # not UTF-8
        + json.dumps({"id": "c3", "documents": "one text, not a list"}).encode() + b"\n"
        + json.dumps(no_ids).encode() + b"\n"
    )
    result = CliRunner().invoke(main, ["summarize", "--clusters", str(path), "--max-words", "40"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "c.jsonl:2: " in result.stderr and "UTF-8" in result.stderr
    assert "c.jsonl:3: " in result.stderr and "list" in result.stderr
    out = {o["id"]: o for o in map(json.loads, result.stdout.splitlines())}
    assert set(out) == {"c1", "c2"}
    assert {src for s in out["c2"]["summary"] for src in s["sources"]} <= {"0", "1"} and out["c2"]["summary"]


def test_summarize_refuses_a_word_budget_below_one(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": "c1", "documents": ["The dam opened on Monday."]}) + "\n")
    result = CliRunner().invoke(main, ["summarize", "--clusters", str(path), "--max-words", "0"])
    assert result.exit_code == 2 and "--max-words" in result.output


def test_show_options_that_do_not_apply_are_errors_not_ignored(tmp_path):
    from storyline.store import Store

    with Store(tmp_path / "s.db"):
        pass
    runner = CliRunner()
    removed = runner.invoke(main, ["show", "st-1", "--removed", "--db", str(tmp_path / "s.db")])
    assert removed.exit_code == 2 and "--removed" in removed.output and "--article" in removed.output
    history = runner.invoke(main, ["show", "--article", "a1", "--history", "--db", str(tmp_path / "s.db")])
    assert history.exit_code == 2 and "--history" in history.output


def test_export_to_a_folder_that_cannot_be_made_is_a_clean_error(tmp_path):
    from storyline.store import Store

    with Store(tmp_path / "s.db"):
        pass
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, ["export", "--format", "json", "--out", str(blocker / "out"),
                                       "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "[E008]" in result.output and "--out" in result.output


def test_stories_json_lines_are_the_api_story_index(tmp_path):
    import numpy as np

    from storyline.records import Article, SourceInfo, Story
    from storyline.store import Store

    db = tmp_path / "s.db"
    with Store(db) as store:
        for n, sid in enumerate(("st-1", "st-2")):
            for k in range(n + 1):
                aid = f"{sid}-a{k}"
                art = Article(id=aid, source=SourceInfo(f"{aid}.txt", "txt"), title=f"Ferry {aid}",
                              text="The ferry returned on Monday.", published=None, language="en", content_hash=aid)
                store.put_article(art, story_id=sid, copy=None, semantic=np.ones(4), lexical=np.ones(4),
                                  sentence_vectors=np.ones((1, 4)), run_id=1)
            store.put_story(Story(id=sid, title=f"Ferry story {n}", articles=tuple(f"{sid}-a{k}" for k in range(n + 1)),
                                  independent_sources=n + 1), run_id=1)
        index = store.story_index("", 100, 0)
    result = CliRunner().invoke(main, ["stories", "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert [json.loads(line) for line in result.output.splitlines()] == index
    assert index[0]["id"] == "st-2" and set(index[0]) == {"id", "title", "articles", "independent_sources",
                                                           "first_date", "last_date"}
    table = CliRunner().invoke(main, ["stories", "--db", str(db)]).output.splitlines()
    assert table[1].startswith("st-2") and table[2].startswith("st-1")  # largest first, as on the web page


def test_a_bad_config_file_from_the_environment_is_named_as_such(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(main, ["config"], env={"STORYLINE_CONFIG": str(tmp_path / "nope.toml")})
    assert missing.exit_code == 2 and "$STORYLINE_CONFIG" in missing.output and "--config" not in missing.output
    folder = runner.invoke(main, ["config"], env={"STORYLINE_CONFIG": str(tmp_path)})
    assert folder.exit_code == 2 and "[E001]" in folder.output, folder.output
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'[extract]\nspacy_model = "caf\xe9"\n')
    undecodable = runner.invoke(main, ["--config", str(latin), "config"])
    assert undecodable.exit_code == 2 and "[E001]" in undecodable.output and "UTF-8" in undecodable.output
