"""LLM mode against a fake OpenAI-compatible server on loopback; every generated sentence is re-verified."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import split_and_embed
from storyline.config import load_config
from storyline.errors import LLMError
from storyline.llm import LLMClient, LLMReport, abstractive_summary, parse_cited_sentences
from storyline.records import Article, SourceInfo, SummarySentence
from storyline.verify import verify_summary

DATA = Path(__file__).parent / "data" / "story_eskerby.json"
CONFIG = load_config(environ={})

EVACUATED = "More than 100,000 people were evacuated from the Marrow Valley after the Eskerby dam burst on Tuesday."
KILLED = "The flood killed at least 12 people, according to the regional health office."
WATER = "Ilse Karsten, the mayor of Eskerby, said drinking water had been cut off across the town."
ANSWER = (
    "Summary: About 100,000 people were evacuated from the Marrow Valley after the Eskerby dam burst on Tuesday [1]. "
    "Officials said 150,000 people were evacuated from the Marrow Valley [1]. "  # wrong number
    "Mayor Tomas Briel said the town's water supply had been cut off [3]. "  # wrong name
    "The flood killed at least 12 people, the regional health office said [2]. "
    "The government has handled the crisis remarkably well."  # no citation
)


# --------------------------------------------------------------------------- fake server


def _completion(content: str) -> bytes:
    return json.dumps({"id": "x", "object": "chat.completion", "choices": [
        {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
    ]}).encode()  # fmt: skip


@pytest.fixture
def server():
    state = SimpleNamespace(status=200, body=_completion(ANSWER), delay=0.0, requests=[])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            length = int(self.headers.get("Content-Length", 0))
            payload = json.loads(self.rfile.read(length) or b"{}")
            state.requests.append(SimpleNamespace(path=self.path, headers=dict(self.headers), payload=payload))
            if state.delay:
                time.sleep(state.delay)
            try:
                self.send_response(state.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(state.body)))
                self.end_headers()
                self.wfile.write(state.body)
            except OSError:
                pass  # the client gave up (timeout test)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_port}/v1"
    yield state
    httpd.shutdown()
    httpd.server_close()


# --------------------------------------------------------------------------- story


@pytest.fixture(scope="module")
def story(embed):
    raw = json.loads(DATA.read_text("utf-8"))
    articles = [
        Article(
            id=a["id"],
            source=SourceInfo(path=f"{a['id']}.txt", format="txt"),
            title=a["title"],
            text=a["text"],
            published=dt.date.fromisoformat(a["published"]),
            language="en",
        )
        for a in raw["articles"]
    ]
    prepared = split_and_embed(articles, embed)
    sentences, vectors = prepared.sentences, prepared.vectors
    proposed = [
        SummarySentence(EVACUATED, ("coast", "herald", "herald-copy", "northern")),
        SummarySentence(KILLED, ("herald", "herald-copy", "northern")),
        SummarySentence(WATER, ("coast", "herald", "herald-copy")),
    ]
    evidence = verify_summary(proposed, articles, sentences, vectors, embed, CONFIG)
    assert len(evidence) == 3
    return SimpleNamespace(articles=articles, sentences=sentences, vectors=vectors, evidence=evidence)


# --------------------------------------------------------------------------- parsing


def test_parse_cited_sentences_handles_citation_styles():
    answer = (
        "- The dam burst [1][2]. Water rose fast [1, 3].\n"
        "Troops came. Aid followed [2-3]\n"
        "A closing remark."
    )
    parsed = parse_cited_sentences(answer)
    assert [(p.text, p.refs) for p in parsed] == [
        ("The dam burst.", (1, 2)),
        ("Water rose fast.", (1, 3)),
        ("Troops came.", (2, 3)),
        ("Aid followed.", (2, 3)),
        ("A closing remark.", ()),
    ]
    assert [p.refs for p in parse_cited_sentences("It rained. [4]")] == [(4,)]


# --------------------------------------------------------------------------- abstractive summary


@pytest.mark.slow
def test_made_up_facts_are_caught_and_replaced_or_dropped(server, story, embed):
    client = LLMClient(server.url, "fake-model", api_key="sk-test", timeout=5)
    summary, report = abstractive_summary(
        story.evidence, story.articles, story.sentences, story.vectors, embed, client, CONFIG
    )
    assert report == LLMReport(generated=5, verified=2, replaced=1, dropped=2, uncited=1)
    texts = [s.text for s in summary]
    assert texts == [
        "About 100,000 people were evacuated from the Marrow Valley after the Eskerby dam burst on Tuesday.",
        WATER,  # the wrong mayor's sentence is replaced by the evidence it cited
        "The flood killed at least 12 people, the regional health office said.",
    ]
    joined = " ".join(texts)
    assert "150,000" not in joined and "Briel" not in joined and "remarkably" not in joined
    assert all(s.verified and s.evidence for s in summary)
    assert summary[0].sources == ("coast", "herald", "herald-copy", "northern")
    assert summary[2].sources == ("herald", "herald-copy", "northern")
    (request,) = server.requests
    assert request.path == "/v1/chat/completions"
    assert request.headers["Authorization"] == "Bearer sk-test"
    assert request.payload["model"] == "fake-model"
    prompt = request.payload["messages"][-1]["content"]
    assert f"[1] (coast, herald, herald-copy, northern) {EVACUATED}" in prompt
    assert f"[3] (coast, herald, herald-copy) {WATER}" in prompt


@pytest.mark.slow
def test_empty_answer_is_an_error(server, story, embed):
    server.body = _completion("   ")
    client = LLMClient(server.url, "fake-model")
    with pytest.raises(LLMError, match="no sentence"):
        abstractive_summary(story.evidence, story.articles, story.sentences, story.vectors, embed, client, CONFIG)


def test_no_evidence_means_no_request(server):
    client = LLMClient(server.url, "fake-model")
    assert abstractive_summary([], [], {}, {}, lambda texts: None, client, CONFIG) == ([], LLMReport())
    assert server.requests == []


# --------------------------------------------------------------------------- client errors


def test_http_error_status(server):
    server.status, server.body = 500, b'{"error": "model crashed"}'
    with pytest.raises(LLMError) as info:
        LLMClient(server.url, "m").chat([{"role": "user", "content": "hi"}])
    assert "HTTP 500" in str(info.value) and "model crashed" in str(info.value)
    assert "logs" in (info.value.hint or "")


def test_unauthorised_hint_names_the_key(server):
    server.status, server.body = 401, b"{}"
    with pytest.raises(LLMError) as info:
        LLMClient(server.url, "m").chat([{"role": "user", "content": "hi"}])
    assert "api_key_env" in (info.value.hint or "")


@pytest.mark.parametrize(
    ("body", "message"),
    [(b"<html>proxy error</html>", "not JSON"), (b'{"choices": []}', "choices"), (b'{"result": 1}', "choices")],
)
def test_malformed_answers(server, body, message):
    server.body = body
    with pytest.raises(LLMError, match=message):
        LLMClient(server.url, "m").chat([{"role": "user", "content": "hi"}])


def test_timeout(server):
    server.delay = 1.5
    started = time.monotonic()
    with pytest.raises(LLMError, match="did not answer within"):
        LLMClient(server.url, "m", timeout=0.3).chat([{"role": "user", "content": "hi"}])
    assert time.monotonic() - started < 1.4


def test_unreachable_endpoint():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(LLMError, match="cannot reach") as info:
        LLMClient(f"http://127.0.0.1:{port}/v1", "m", timeout=2).chat([{"role": "user", "content": "hi"}])
    assert "llm.url" in (info.value.hint or "")


def test_client_arguments_are_checked_and_config_is_read():
    with pytest.raises(LLMError, match="not an http"):
        LLMClient("localhost:8000", "m")
    with pytest.raises(LLMError, match="model"):
        LLMClient("http://localhost:8000/v1", "")
    with pytest.raises(LLMError, match="no LLM endpoint"):
        LLMClient.from_config(CONFIG, environ={})
    config = CONFIG.with_overrides({"llm.url": "http://127.0.0.1:9/v1/", "llm.model": "tiny", "llm.timeout": 5})
    client = LLMClient.from_config(config, environ={"STORYLINE_LLM_API_KEY": "sk-env"})
    assert (client.endpoint, client.model, client.api_key, client.timeout) == (
        "http://127.0.0.1:9/v1/chat/completions",
        "tiny",
        "sk-env",
        5.0,
    )


def test_in_memory_transport():
    seen = {}

    def transport(url, headers, body, timeout):
        seen.update(url=url, payload=json.loads(body), timeout=timeout)
        return 200, _completion("It works [1].")

    client = LLMClient("https://llm.example/v1/chat/completions", "m", timeout=7, transport=transport)
    assert client.chat([{"role": "user", "content": "hi"}], max_tokens=50) == "It works [1]."
    assert seen["url"] == "https://llm.example/v1/chat/completions"
    assert seen["payload"]["max_tokens"] == 50 and seen["timeout"] == 7.0


# --------------------------------------------------------------------------- the LLM mode in `storyline run`


SAMPLES = Path(__file__).resolve().parents[1] / "samples"
INVENTED = "Officials said 987,654 people were evacuated and the dam was 300 years old"


def _answer_from_prompt(payload: dict) -> str:
    """A fake model: restates evidence [1] with its citation, then invents a number and adds an uncited opinion."""
    user = next(m["content"] for m in payload["messages"] if m["role"] == "user")
    first = next(line for line in user.splitlines() if line.startswith("[1] "))
    text = first.split(") ", 1)[1]
    return f"{text} [1]. {INVENTED} [1]. The government has handled the crisis remarkably well."


@pytest.fixture
def echo_server(server):
    """The fake server, answering each request from its own evidence."""
    state = server
    original_append = state.requests.append

    def record(request):
        original_append(request)
        state.body = _completion(_answer_from_prompt(request.payload))

    state.requests = SimpleNamespace(append=record, items=[])
    return state


def test_run_with_llm_url_verifies_every_generated_sentence(echo_server, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from storyline.cli import main
    from storyline.store import Store

    monkeypatch.setenv("STORYLINE_LLM_API_KEY", "test-key")
    inputs = [str(SAMPLES / name) for name in ("dam-01-tarnsk-courier.txt", "dam-04-radio-velmora.txt")]
    db = tmp_path / "llm.db"
    result = CliRunner().invoke(
        main, ["run", *inputs, "--db", str(db), "--quiet", "--llm-url", echo_server.url, "--llm-model", "fake"]
    )
    assert result.exit_code == 0, result.output
    assert "LLM summaries      3 sentences written, 1 verified" in result.output
    assert "0 stories kept the extractive summary" in result.output
    with Store(str(db)) as store:
        (story,) = store.stories()
    texts = [s.text for s in story.summary]
    assert story.summary and all(s.verified and s.sources for s in story.summary)
    assert not any("987,654" in t or "remarkably" in t for t in texts)


def test_run_keeps_the_extractive_summary_when_the_endpoint_fails(server, tmp_path):
    from storyline.pipeline import run
    from storyline.store import Store

    server.status = 500
    server.body = b'{"error": "overloaded"}'
    config = load_config(environ={}, overrides={"llm.url": server.url, "llm.model": "fake"})
    with Store(str(tmp_path / "fail.db")) as store:
        report = run([str(SAMPLES / "dam-01-tarnsk-courier.txt")], config, store)
        (story,) = store.stories()
    assert report.llm["failed"] == 1 and report.llm["generated"] == 0
    assert "500" in report.llm_errors[0]
    assert story.summary and all(s.verified for s in story.summary)


def test_summarize_clusters_with_llm_url_reports_what_the_verifier_did(echo_server, tmp_path):
    from click.testing import CliRunner

    from storyline.cli import main

    raw = json.loads(DATA.read_text("utf-8"))
    clusters = tmp_path / "clusters.jsonl"
    lines = [
        {"id": "eskerby", "documents": [{"id": a["id"], "text": a["text"]} for a in raw["articles"]]},
        {"id": "twins", "documents": [{"id": "x", "text": "One."}, {"id": "x", "text": "Two."}]},
    ]
    clusters.write_text("\n".join(json.dumps(line) for line in lines), "utf-8")
    result = CliRunner().invoke(
        main, ["summarize", "--clusters", str(clusters), "--llm-url", echo_server.url, "--llm-model", "fake"]
    )
    assert result.exit_code == 1, result.output  # the line with two documents of one id is skipped
    assert "skipped" in result.stderr and "unique" in result.stderr
    (out,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert out["id"] == "eskerby"
    assert out["llm"]["generated"] == 3 and out["llm"]["verified"] == 1 and out["llm"]["error"] == ""
    assert out["summary"] and all(s["verified"] and s["sources"] for s in out["summary"])
    assert not any("987,654" in s["text"] or "remarkably" in s["text"] for s in out["summary"])
