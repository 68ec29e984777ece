"""Optional abstractive mode: an LLM rewrites the extractive evidence, and every sentence is re-verified.

The model never gets the last word. `abstractive_summary` numbers the evidence
sentences ``[1]..[n]`` (with their article ids), asks an OpenAI-compatible chat
endpoint for a neutral summary whose sentences end with numbered citations,
parses those citations and runs every generated sentence through the same
verifier as the extractive summary (`verify.verify_sentences`, i.e.
`verify.check_citation` for each cited article). A sentence no cited article
supports (a made-up number, a wrong name) is replaced by the extractive evidence
sentence it cited, or dropped when that evidence is already covered.
`LLMReport` counts what happened.

Transport: the client speaks HTTP with the standard library (`urllib`), so the
mode needs no extra dependency. A different transport (a test fake, a proxy-aware
client) can be passed as a callable ``(url, headers, body, timeout) -> (status, body)``.
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .config import Config
from .errors import LLMError
from .records import Article, Sentence, SummarySentence
from .verify import verify_sentences

Transport = Callable[[str, Mapping[str, str], bytes, float], tuple[int, bytes]]
"""``(url, headers, body, timeout) -> (HTTP status, response body)``; raises `LLMError` when unreachable."""

_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def urllib_transport(url: str, headers: Mapping[str, str], body: bytes, timeout: float) -> tuple[int, bytes]:
    """POST ``body`` to ``url`` with the standard library (proxies from the environment, none for loopback).

    Args:
        url: the endpoint.
        headers: request headers.
        body: the request body.
        timeout: seconds before giving up.

    Returns:
        (status, body) of the answer, also for HTTP error statuses.

    Raises:
        LLMError: the server cannot be reached, or does not answer within ``timeout``.
    """
    request = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")
    host = urllib.parse.urlsplit(url).hostname or ""
    handlers = [urllib.request.ProxyHandler({})] if _is_loopback(host) else []
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(request, timeout=timeout) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read() or b""
    except TimeoutError as exc:
        raise LLMError(
            f"the LLM endpoint {url} did not answer within {timeout:g} s ({exc})",
            hint="raise llm.timeout, or check that the server is not overloaded",
        ) from None
    except (urllib.error.URLError, ConnectionError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise LLMError(
                f"the LLM endpoint {url} did not answer within {timeout:g} s",
                hint="raise llm.timeout, or check that the server is not overloaded",
            ) from None
        raise LLMError(
            f"cannot reach the LLM endpoint {url}: {reason}",
            hint="check llm.url and that the server is running",
        ) from None


class LLMClient:
    """A minimal client of the OpenAI-compatible ``/chat/completions`` API.

    Args:
        url: the API base (``http://localhost:8000/v1``) or the full ``.../chat/completions`` URL.
        model: the model name the server expects.
        api_key: sent as ``Authorization: Bearer ...`` when given.
        timeout: seconds to wait for an answer.
        transport: how to send requests (default `urllib_transport`).

    Raises:
        LLMError: the URL is not http(s), the model name is empty, or the timeout is not positive.
    """

    def __init__(
        self,
        url: str,
        model: str,
        api_key: str | None = None,
        timeout: float = 60.0,
        transport: Transport | None = None,
    ) -> None:
        parts = urllib.parse.urlsplit(url or "")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise LLMError(
                f"llm.url={url!r} is not an http(s) URL",
                hint="set llm.url to an OpenAI-compatible endpoint, e.g. http://localhost:8000/v1",
            )
        if not model:
            raise LLMError("llm.model is empty", hint="set llm.model to a model name the server knows")
        if timeout <= 0:
            raise LLMError(f"llm.timeout={timeout} must be positive", hint="give seconds, e.g. 60")
        base = url.rstrip("/")
        self.endpoint = base if base.endswith("/chat/completions") else base + "/chat/completions"
        self.model = model
        self.api_key = api_key or None
        self.timeout = float(timeout)
        self.transport: Transport = transport or urllib_transport

    @classmethod
    def from_config(cls, config: Config, environ: Mapping[str, str] | None = None) -> LLMClient:
        """Build a client from ``[llm]`` (the API key is read from the variable named by ``llm.api_key_env``).

        Args:
            config: the configuration.
            environ: the environment (default ``os.environ``).

        Returns:
            The client.

        Raises:
            LLMError: ``llm.url`` or ``llm.model`` is not set or invalid.
        """
        env = os.environ if environ is None else environ
        cfg = config.llm
        if not cfg.url:
            raise LLMError("no LLM endpoint is configured", hint="set llm.url (and llm.model) to use the LLM mode")
        key = env.get(cfg.api_key_env) if cfg.api_key_env else None
        return cls(cfg.url, cfg.model, key, float(cfg.timeout))

    def chat(self, messages: Sequence[Mapping[str, str]], *, temperature: float = 0.0, max_tokens: int = 0) -> str:
        """Send a chat and return the text of the first choice.

        Args:
            messages: ``{"role": ..., "content": ...}`` dicts.
            temperature: sampling temperature.
            max_tokens: answer length limit (0: the server's default).

        Returns:
            The answer's text.

        Raises:
            LLMError: the endpoint is unreachable or slow, answers an HTTP error, or answers
                something that is not a chat completion.
        """
        payload: dict[str, Any] = {"model": self.model, "messages": list(messages), "temperature": temperature}
        if max_tokens > 0:
            payload["max_tokens"] = max_tokens
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        status, body = self.transport(self.endpoint, headers, json.dumps(payload).encode("utf-8"), self.timeout)
        if status != 200:
            raise LLMError(
                f"the LLM endpoint {self.endpoint} answered HTTP {status}: {_snippet(body)}", hint=_status_hint(status)
            )
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise LLMError(
                f"the LLM endpoint {self.endpoint} answered something that is not JSON: {_snippet(body)}",
                hint="check that llm.url points at an OpenAI-compatible API (usually ending in /v1)",
            ) from None
        try:
            content = data["choices"][0]["message"]["content"]
        except (KeyError, IndexError, TypeError):
            raise LLMError(
                f"the LLM endpoint {self.endpoint} answered JSON without choices[0].message.content: {_snippet(body)}",
                hint="check that llm.url points at a chat completions API",
            ) from None
        if not isinstance(content, str):
            raise LLMError(
                f"the LLM endpoint {self.endpoint} answered a non-text message content",
                hint="use a text chat model",
            )
        return content


def _snippet(body: bytes, limit: int = 200) -> str:
    text = body.decode("utf-8", "replace").strip().replace("\n", " ")
    return text if len(text) <= limit else text[:limit] + "…"


def _status_hint(status: int) -> str:
    if status in (401, 403):
        return "check the API key (the variable named by llm.api_key_env)"
    if status == 404:
        return "check llm.url (usually ending in /v1) and llm.model"
    if status == 429:
        return "the endpoint is rate limiting; retry later or lower the request rate"
    if status >= 500:
        return "the LLM server failed; check its logs"
    return "check llm.url, llm.model and the server's documentation"


# --------------------------------------------------------------------------- abstractive summary


@dataclass(frozen=True)
class LLMReport:
    """What happened to the model's sentences.

    Attributes:
        generated: sentences the model wrote.
        verified: generated sentences kept because at least one cited article supports them.
        replaced: unsupported sentences replaced by the extractive evidence sentence they cited.
        dropped: unsupported sentences removed (nothing left to replace them with).
        uncited: generated sentences that carried no usable citation (counted in replaced/dropped too).
        error: why the model's rewrite was not used (the extractive summary was kept), else empty.
    """

    generated: int = 0
    verified: int = 0
    replaced: int = 0
    dropped: int = 0
    uncited: int = 0
    error: str = ""


@dataclass(frozen=True)
class GeneratedSentence:
    """A sentence of the model's answer with the evidence numbers it cites (1-based)."""

    text: str
    refs: tuple[int, ...]


_CITATIONS = re.compile(r"(?:\s*\[\s*\d+(?:\s*(?:[,;]|[-–])\s*\d+)*\s*\])+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"“‘(]?[A-Z0-9])")
_LEADING_LABEL = re.compile(r"^\s*(?:\*\*)?(?:summary|answer)(?:\*\*)?\s*:\s*", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+", re.MULTILINE)


def _refs(group: str) -> list[int]:
    refs: list[int] = []
    for inner in re.findall(r"\[([^\]]*)\]", group):
        for part in re.split(r"[,;]", inner):
            part = part.strip()
            span = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", part)
            if span:
                lo, hi = int(span.group(1)), int(span.group(2))
                if 0 < hi - lo < 20:
                    refs.extend(range(lo, hi + 1))
            elif part.isdigit():
                refs.append(int(part))
    return list(dict.fromkeys(refs))


def parse_cited_sentences(answer: str) -> list[GeneratedSentence]:
    """Split a model answer into sentences with the evidence numbers each cites.

    A citation group (``[1]``, ``[2][3]``, ``[1, 4]``, ``[2-3]``) applies to the text since the previous
    group; when that text holds several sentences, each gets the group's citations (every one is
    verified on its own anyway). Text after the last group is returned with no citations.

    Args:
        answer: the model's text.

    Returns:
        The sentences, citation markers removed, in answer order.
    """
    text = _BULLET.sub("", _LEADING_LABEL.sub("", answer.strip()))
    text = re.sub(r"\s+", " ", text).strip()
    out: list[GeneratedSentence] = []
    cursor = 0

    def emit(segment: str, refs: tuple[int, ...]) -> None:
        for piece in _SENTENCE_END.split(segment.strip()):
            piece = piece.strip()
            if len(piece) > 1 and re.search(r"\w", piece):
                if not re.search(r"[.!?][\"'”’)]?$", piece):
                    piece += "."
                out.append(GeneratedSentence(piece, refs))

    for match in _CITATIONS.finditer(text):
        segment = text[cursor : match.start()]
        cursor = match.end()
        trailing = re.match(r"\s*([.!?])", text[cursor:])
        if trailing:
            segment = segment.rstrip() + ("" if re.search(r"[.!?]$", segment.rstrip()) else trailing.group(1))
            cursor += trailing.end()
        emit(segment, tuple(_refs(match.group(0))))
    emit(text[cursor:], ())
    return out


def _prompt(evidence: Sequence[SummarySentence], max_words: int, max_sentences: int) -> list[dict[str, str]]:
    lines = [f"[{k}] ({', '.join(item.sources)}) {item.text}" for k, item in enumerate(evidence, start=1)]
    system = (
        "You are a careful, neutral news editor. Summarise the story using ONLY the numbered evidence "
        "sentences. End every sentence you write with the numbers of the evidence sentences it is based on, "
        "in square brackets, like [1] or [2][3]. Do not add any fact, name, number or date that is not in the "
        "evidence you cite. No opinions, no loaded words, no speculation. "
        f"Write at most {max_sentences} sentences and {max_words} words. Answer with the summary only."
    )
    user = "Evidence (article ids in parentheses):\n" + "\n".join(lines)
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def abstractive_summary(
    evidence: Sequence[SummarySentence],
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    vectors: Mapping[tuple[str, int], np.ndarray],
    embed: Any,
    client: LLMClient,
    config: Config,
) -> tuple[list[SummarySentence], LLMReport]:
    """Have the LLM rewrite the evidence into a summary, and keep only what the articles support.

    Args:
        evidence: the extractive summary sentences (verified or not) with their sources.
        articles: the story's articles.
        sentences: sentences by article id.
        vectors: sentence vectors by (article id, sentence index).
        embed: callable texts → L2-normalised vectors (or an `Embedder`).
        client: the LLM client.
        config: the configuration (``[llm]`` temperature and max_tokens, ``[summarize]`` budgets,
            ``[verify]`` thresholds).

    Returns:
        The summary (verified sentences with evidence, in the model's order, unsupported ones replaced
        by their extractive evidence or dropped) and the report.

    Raises:
        LLMError: the endpoint fails, or the answer holds no sentence.
        StorylineError: ``embed`` is not usable.
    """
    if not evidence:
        return [], LLMReport()
    checked_evidence = verify_sentences(
        [e for e in evidence if not e.verified], articles, sentences, vectors, embed, config
    )
    pending = iter(checked_evidence)
    usable: list[SummarySentence | None] = [e if e.verified else next(pending) for e in evidence]
    answer = client.chat(
        _prompt(evidence, int(config.summarize.max_words), int(config.summarize.max_sentences)),
        temperature=float(config.llm.temperature),
        max_tokens=int(config.llm.max_tokens),
    )
    generated = parse_cited_sentences(answer)
    if not generated:
        raise LLMError(
            f"the model's answer holds no sentence: {answer[:200]!r}",
            hint="check llm.model; a chat/instruct model is needed",
        )
    proposals = []
    for sentence in generated:
        refs = [r for r in sentence.refs if 1 <= r <= len(evidence)]
        cited = sorted({aid for r in refs for aid in evidence[r - 1].sources})
        proposals.append(SummarySentence(text=sentence.text, sources=tuple(cited)))
    checked = verify_sentences(proposals, articles, sentences, vectors, embed, config)
    covered: set[int] = set()
    for sentence, result in zip(generated, checked, strict=True):
        if result is not None:
            covered.update(sentence.refs)
    out: list[SummarySentence] = []
    verified = replaced = dropped = uncited = 0
    for sentence, result in zip(generated, checked, strict=True):
        if result is not None:
            out.append(result)
            verified += 1
            continue
        refs = [r for r in sentence.refs if 1 <= r <= len(evidence)]
        if not refs:
            uncited += 1
        substitute = next((r for r in refs if r not in covered and usable[r - 1] is not None), None)
        if substitute is None:
            dropped += 1
            continue
        covered.add(substitute)
        out.append(usable[substitute - 1])  # type: ignore[arg-type]
        replaced += 1
    report = LLMReport(generated=len(generated), verified=verified, replaced=replaced, dropped=dropped, uncited=uncited)
    return out, report


def make_client(config: Config) -> LLMClient | None:
    """The configured client, or None when ``llm.url`` is empty (the extractive mode).

    Raises:
        LLMError: ``llm.url`` is set but it or ``llm.model`` is invalid.
    """
    return LLMClient.from_config(config) if config.llm.url else None


def rewrite_or_keep(
    evidence: Sequence[SummarySentence],
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    vectors: Mapping[tuple[str, int], np.ndarray],
    embed: Any,
    client: LLMClient,
    config: Config,
) -> tuple[list[SummarySentence], LLMReport]:
    """`abstractive_summary`, or the extractive ``evidence`` unchanged when the model fails (the report's
    ``error`` says why): one failing endpoint never costs a story its summary."""
    try:
        return abstractive_summary(evidence, articles, sentences, vectors, embed, client, config)
    except LLMError as exc:
        return list(evidence), LLMReport(error=str(exc))


def abstractive_documents(
    docs: Sequence[tuple[str, str]],
    embed: Any,
    client: LLMClient,
    config: Config,
    max_words: int | None = None,
    *,
    language: str = "en",
) -> tuple[list[SummarySentence], LLMReport]:
    """`summarize.summarize_documents`, then the model's rewrite of it, re-verified (``storyline summarize``).

    Returns:
        The summary and what happened to the model's sentences. When the endpoint fails or its answer
        is unusable, the verified extractive summary is returned and the report's ``error`` says why.

    Raises:
        ValueError: two documents share an id.
    """
    from .summarize import prepare_documents, summarize_prepared

    prepared = prepare_documents(docs, embed, language=language)
    if max_words is not None:
        config = config.with_overrides({"summarize.max_words": max_words})
    evidence = summarize_prepared(prepared, config, max_words)
    return rewrite_or_keep(evidence, prepared.articles, prepared.sentences, prepared.vectors, prepared.embed, client,
                           config)
