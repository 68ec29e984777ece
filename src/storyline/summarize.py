"""Extractive multi-document summary in which every sentence cites all the articles that support it.

Each candidate sentence gets a score from four signals:

- **support**: how many *independent* sources say the same thing (its claim's articles plus any
  article with a very similar sentence carrying the same facts; a copy counts once, with its original);
- **centrality**: cosine with the story centroid (the mean of per-article centroids, so that long
  articles and copies do not pull it);
- **position**: lead sentences of an article carry its main facts;
- **informativeness**: names and numbers, and a length near that of a plain news sentence;

minus penalties for loaded or opinionated wording, sentences that open with an unresolved
antecedent ("He added", "This", "But") or whose quotation marks do not pair up, and sentences that
are mostly quotation. Boilerplate, questions, fragments and very short sentences are never chosen;
sentences longer than ``max_sentence_words`` only fill words that nothing else can use. Selection
is maximal marginal relevance (``config.summarize.mmr_lambda``) under a word and a sentence budget,
one sentence per claim; the chosen sentences are put in reading order (lead facts first).

`summarize_documents` runs split → embed → consolidate → summarize → verify on plain
``(id, text)`` pairs, for the CLI and for benchmarks; the split is the pipeline's own
(`sentences.split_sentences`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .config import Config
from .consolidate import consolidate
from .dates import story_date
from .records import Article, Claim, Sentence, SourceInfo, SummarySentence
from .sentences import QUOTE_MARKS, SentenceSplitter, count_quote_marks, quotation_balance, split_sentences
from .verify import as_embed_fn, content_words, extract_names, extract_numbers, missing_facts, verify_summary

# --------------------------------------------------------------------------- sentence quality cues

_BOILERPLATE = re.compile(
    r"sign up|subscribe|newsletter|click here|read more|read the full|follow us|all rights reserved|copyright|©|"
    r"cookie|advertis|share this|share on|related (?:articles?|stories|content)|^related:|^(?:posted|updated|published)"
    r"\b|^(?:photo|image|video|watch|listen|file photo|caption)\s*:|getty images|\(ap photo|\(reuters|"
    r"toggle caption|enlarge this image|tweet with a location|download (?:the|our) app|terms of (?:service|use)|"
    r"privacy policy|log in|sign in|comments? (?:are|have been) closed|our journalism|support us|"
    r"https?://|www\.|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/\S|\S+@\S+\.\w+|"
    r"this (?:article|story|report) (?:was|has been|is|first)|"
    r"you (?:can|may) (?:also|now)|javascript|your browser|page not found|wayback machine|^\W*$",
    re.IGNORECASE,
)
_ANTECEDENT_STARTERS = frozenset(
    """he she it they this that these those his her its their him them but however also and or so yet still
    meanwhile moreover furthermore besides instead nevertheless nonetheless then such both thus therefore hence
    there here another others latter former additionally likewise similarly otherwise anyway plus""".split()
)
# "The two leaders ...", "The official said ...", "The move ...": a definite phrase that names no one and
# points back to a person or event introduced earlier
_BACK_NOUNS = frozenset(
    """two three pair couple official officials spokesman spokeswoman spokesperson source sources man woman
    move latter former""".split()
)
_INTRO_PRONOUN = re.compile(
    r"^\W*[^,;:\"“]{1,40},\s+(?:he|she|they|it|his|her|their|its|this|these|those)\b", re.IGNORECASE
)
_ANONYMITY = re.compile(r"\b(?:on|under) (?:the )?condition of anonymity\b", re.IGNORECASE)
_OPINION_CUES = frozenset(
    """shocking shockingly disgraceful disgrace outrageous outrage incompetent incompetence horrific horrifying
    appalling scandalous shameful shamefully absurd ridiculous stunning stunningly brutal heroic heroically
    so-called slammed blasted clearly obviously undoubtedly sadly unfortunately fortunately alarming alarmingly
    reckless recklessly corrupt radical extremist thug thugs astonishing incredible incredibly amazing terrible
    terribly awful disastrous catastrophic pathetic despicable vile evil glorious brilliant disgusting insane
    crazy laughable egregious unconscionable unacceptable infamous notorious disastrously fiasco debacle chaos
    chaotic blatant blatantly""".split()
)
_QUOTED = re.compile(r"[\"“”«»„]([^\"“”«»„]*)[\"“”«»„]")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_SELF_ATTRIBUTION = re.compile(
    r"[,—–-]\s*(?:[\w'’.-]+\s+){0,4}(?:correspondents?|reporters?|newsroom|news desk|bureau|staff writer)\s+"
    r"(?:reports?|reported|says|said|writes|wrote|learned|learnt)\W*$",
    re.IGNORECASE,
)
# "Price said The two discussed ...": a reporting verb followed by a capitalised function word means the
# quotation marks (or a colon) were lost when the page was scraped, so the sentence misreads.
_BROKEN_SPEECH = re.compile(
    r"\b(?:said|says|added|adds|told|stated|wrote|writes|noted|explained|announced|declared|insisted)"
    r"(?:\s+(?:reporters|journalists|[A-Z][\w.-]+))?,?\s+"
    r"(?:The|A|An|This|These|Those|They|We|It|Our|Its|Their|There|That|He|She|I|You|In|On|At|For)\s+[a-z]"
)


def is_boilerplate(text: str) -> bool:
    """Whether a sentence looks like page furniture (subscription prompts, credits, links ...).

    Args:
        text: one sentence.

    Returns:
        True for boilerplate.
    """
    text = text.strip()
    if _ANONYMITY.search(text) and len(text.split()) < 15:
        return True  # "The official spoke on condition of anonymity." says nothing on its own
    return _BOILERPLATE.search(text) is not None


def starts_with_antecedent(text: str) -> bool:
    """Whether a sentence opens with words that point back to an earlier sentence ("He added", "But",
    "The two leaders").

    Args:
        text: one sentence.

    Returns:
        True when its first word is a pronoun or a connective, or it opens with "the two", "the pair" ...
    """
    words = [w.lower() for w in _WORD.findall(text.lstrip("\"“'‘( "))[:2]]
    if not words:
        return False
    if _INTRO_PRONOUN.match(text):
        return True  # "In return, they discussed ...", "On Monday, he said ..."
    return words[0] in _ANTECEDENT_STARTERS or (words[0] == "the" and len(words) > 1 and words[1] in _BACK_NOUNS)


def self_attribution(text: str) -> bool:
    """Whether a sentence credits the publishing outlet's own staff ("..., our Washington correspondent reports").

    Such a sentence speaks for one outlet; another outlet saying the same thing reads neutrally.

    Args:
        text: one sentence.

    Returns:
        True when it ends with a correspondent/reporter/newsroom attribution.
    """
    return _SELF_ATTRIBUTION.search(text) is not None


def quote_fraction(text: str) -> float:
    """The share of a sentence's characters inside quotation marks.

    Args:
        text: one sentence.

    Returns:
        A number in 0..1.
    """
    if not text:
        return 0.0
    inside = sum(len(m.group(1)) for m in _QUOTED.finditer(text))
    return min(1.0, inside / len(text))


def unbalanced_quotes(text: str) -> bool:
    """Whether a sentence's quotation marks do not pair up (a quotation runs on from or into another sentence).

    ``Horne added that "the administration continues ...`` opens a quotation that only closes in the next
    sentence; read alone it is cut off, like a sentence that opens with "He added".

    Args:
        text: one sentence.

    Returns:
        True when the sentence leaves a quotation open or closes one it did not open (straight, curly,
        German or angle marks; see `sentences.quotation_balance`).
    """
    return any(quotation_balance(count_quote_marks(text)))


_QUOTE_REACH = 600  # characters: a quotation the paragraph never closes is taken to run this far at most
_PARAGRAPH_BREAK = re.compile(r"\n\n")


def inside_quotation(text: str, start: int) -> bool:
    """Whether a sentence starting at ``start`` of ``text`` begins inside a quotation opened earlier in its paragraph.

    The middle sentence of a quoted statement (``Horne said "... . President Biden has spoken with leaders
    across Europe. ..."``) has no quotation marks of its own: taken alone, someone's words would read as
    the summary's own statement of fact. See `quoted_starts`, which answers for many sentences at once.
    """
    return start in quoted_starts(text, [start])


def quoted_starts(text: str, starts: Sequence[int]) -> set[int]:
    """The sentence starts (offsets into ``text``) that lie inside a quotation opened earlier in their paragraph.

    A quotation is open when the paragraph before the start has an odd number of straight double quotes,
    or more opening than closing curly or angle marks (``„`` opens and ``“`` closes in German typography).
    When the paragraph as a whole does not pair its marks (a stray inch mark, or a quotation that runs on
    into the next paragraph), only a mark within ``_QUOTE_REACH`` characters before the start counts as open.
    One pass over each paragraph: the marks are counted from one start to the next.
    """
    begins = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]
    out: set[int] = set()
    begin = -1
    counts: dict[str, int] = {}
    pos = last_mark = 0
    paragraph_open = False
    for start in sorted(starts):
        here = begins[bisect.bisect_right(begins, start) - 1]
        if here != begin:  # a new paragraph: its own marks, counted afresh
            begin, pos, last_mark = here, here, -1
            end = text.find("\n\n", start)
            paragraph_open = _open_marks(count_quote_marks(text[begin : len(text) if end < 0 else end]))
            counts = dict.fromkeys(QUOTE_MARKS, 0)
        segment = text[pos:start]
        for mark, n in count_quote_marks(segment).items():
            counts[mark] += n
        found = max(segment.rfind(mark) for mark in QUOTE_MARKS)
        if found >= 0:
            last_mark = pos + found
        pos = start
        if _open_marks(counts) and (not paragraph_open or start - last_mark <= _QUOTE_REACH):
            out.add(start)  # (a paragraph that closes what it opens: the start lies inside)
    return out


def _open_marks(counts: dict[str, int]) -> bool:
    """Whether marks counted over a stretch of text leave a double quotation open (see `quoted_starts`)."""
    return quotation_balance(counts)[0] > 0


def opinion_cues(text: str) -> int:
    """How many loaded or opinion words a sentence has ("shocking", "incompetent", "clearly" ...).

    Args:
        text: one sentence.

    Returns:
        The count.
    """
    return sum(1 for w in _WORD.findall(text) if w.lower() in _OPINION_CUES)


def broken_speech_join(text: str) -> bool:
    """Whether reported speech lost its quotation marks ("Price said The two discussed ...").

    Args:
        text: one sentence.

    Returns:
        True when a reporting verb (and optionally its addressee) is followed by a capitalised function
        word that can only open a quotation.
    """
    return _BROKEN_SPEECH.search(text) is not None


def is_question(text: str) -> bool:
    """Whether a sentence is a question.

    Args:
        text: one sentence.

    Returns:
        True when it ends with a question mark (possibly before closing quotes).
    """
    return text.rstrip().rstrip("\"'”’)").endswith("?")


def eligible(text: str, min_words: int, max_words: int) -> bool:
    """Whether a sentence may appear in a summary at all.

    Args:
        text: one sentence.
        min_words: fewer words: a fragment.
        max_words: more words: an unreadable run-on (or a splitting failure).

    Returns:
        False for boilerplate, questions, fragments, too short or too long sentences, opinionated
        sentences (two or more loaded words) and reported speech that
        lost its quotation marks.
    """
    words = len(text.split())
    if words < min_words or words > max_words or is_boilerplate(text) or is_question(text):
        return False
    if broken_speech_join(text):
        return False
    if opinion_cues(text) >= 2:
        return False
    return _TERMINAL.search(text) is not None or words >= 12  # else a heading or a cut-off line


# --------------------------------------------------------------------------- scoring


@dataclass
class _Candidate:
    key: tuple[str, int]
    text: str
    vector: np.ndarray
    sources: set[str]
    independent: int
    score: float
    claim: int | None
    order: tuple[float, dt.date, int, int]
    long: bool = False  # longer than max_sentence_words: only a last resort to fill the budget


def _root(article_id: str, copies: Mapping[str, str]) -> str:
    seen = {article_id}
    while article_id in copies and copies[article_id] not in seen:
        article_id = copies[article_id]
        seen.add(article_id)
    return article_id


def _info_score(text: str, words: int) -> float:
    facts = len(extract_names(text)) + len([n for n in extract_numbers(text) if not n.is_year])
    length = math.exp(-(((words - 24) / 14) ** 2))  # plain news sentences run 15-35 words
    return 0.5 * min(1.0, facts / 4) + 0.5 * length


def _penalty(text: str) -> float:
    penalty = 0.15 * opinion_cues(text)
    if starts_with_antecedent(text) or unbalanced_quotes(text):
        penalty += 0.3  # it leans on (or runs into) another sentence
    if self_attribution(text):
        penalty += 0.3
    if quote_fraction(text) > 0.3:
        penalty += 0.2
    return penalty


def summarize(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    vectors: Mapping[tuple[str, int], np.ndarray],
    claims: Sequence[Claim],
    config: Config,
    *,
    copies: Mapping[str, str] | None = None,
    max_words: int | None = None,
    max_sentences: int | None = None,
) -> list[SummarySentence]:
    """Select whole sentences into a neutral, non-redundant summary with all supporting articles cited.

    Args:
        articles: the story's articles.
        sentences: sentences by article id.
        vectors: L2-normalised sentence vectors by (article id, sentence index); sentences without a
            vector are not candidates.
        claims: the story's claims (from `consolidate`).
        config: the configuration (``[summarize]`` section; ``language`` picks the summary's language,
            by default the story's most common one: sentences in other languages are not selected, but
            articles in other languages still cite the sentences they carry).
        copies: article id → id of the article it copies; a copy cites but does not add independent support.
        max_words: word budget (default ``config.summarize.max_words``); sentences that do not fit are skipped.
        max_sentences: sentence budget; by default ``config.summarize.max_sentences``, scaled up in
            proportion when ``max_words`` exceeds ``config.summarize.max_words`` (a longer summary has room
            for more sentences).

    Returns:
        Summary sentences in reading order, each with ``sources`` = every article proposed as support
        (its own article, the articles where a sentence of its claim or a highly similar sentence carries
        all its facts, copies of those, and every other article with a passage close enough in meaning
        for the verifier to check), sorted. Not yet verified: run `verify.verify_summary`, which keeps
        only the citations it can back with a passage.

    Raises:
        AttributeError: ``config`` lacks a ``[summarize]`` key (an outdated configuration).
    """
    cfg = config.summarize
    budget = int(cfg.max_words if max_words is None else max_words)
    if max_sentences is None:
        base = int(cfg.max_sentences)
        max_sentences = max(base, math.ceil(base * budget / max(1, int(cfg.max_words))))
    copies = dict(copies or {})
    by_id = {a.id: a for a in articles}
    story_day = story_date(articles)  # undated articles' "Thursday" is read against it
    keys = [
        (a.id, s.index)
        for a in articles
        for s in sorted(sentences.get(a.id, ()), key=lambda s: s.index)
        if (a.id, s.index) in vectors
    ]
    if not keys or budget <= 0 or max_sentences <= 0:
        return []
    text_of = {(s.article_id, s.index): s.text for aid in by_id for s in sentences.get(aid, ())}
    matrix = np.vstack([np.asarray(vectors[k], dtype=np.float32) for k in keys])
    row_of = {k: i for i, k in enumerate(keys)}
    count_of = {aid: max(1, len(sentences.get(aid, ()))) for aid in by_id}
    roots = {aid: _root(aid, copies) for aid in by_id}
    tfidf_share = float(cfg.centrality_tfidf_share)
    semantic = matrix @ _story_centroid(keys, matrix, roots)
    lexical = _tfidf_centrality(keys, [text_of[k] for k in keys], roots) if tfidf_share > 0 else semantic
    claim_of: dict[tuple[str, int], int] = {}
    for c, claim in enumerate(claims):
        for member in claim.sentences:
            claim_of[member] = c
    all_roots = len(set(roots.values()))
    min_words, max_sentence = int(cfg.min_sentence_words), int(cfg.max_sentence_words)
    neighbours = _neighbours(matrix, float(cfg.support_similarity))
    language = _summary_language(articles, str(cfg.language))
    # someone's words without their quotation marks are never the summary's own statements
    quoted = set()
    for aid, article in by_id.items():
        inside = quoted_starts(article.text, [s.start for s in sentences.get(aid, ())])
        quoted |= {(aid, s.index) for s in sentences.get(aid, ()) if s.start in inside}
    keys_free = [k for k in keys if k not in quoted]
    eligible_keys = [k for k in keys_free if eligible(text_of[k], min_words, max_sentence)]
    if budget > max_sentence:
        # a story with few plain sentences: long ones may fill the words left once nothing else fits
        long_keys = {k for k in keys_free if k not in set(eligible_keys) and eligible(text_of[k], min_words, budget)}
        eligible_keys = [k for k in keys_free if k in long_keys or k in set(eligible_keys)]
    else:
        long_keys = set()
    # one language per summary (articles in other languages still cite); all languages if that leaves nothing
    in_language = [k for k in eligible_keys if by_id[k[0]].language in (language, "", "und")]
    candidates: list[_Candidate] = []
    for key in in_language if language and in_language else eligible_keys:
        text = text_of[key]
        row = row_of[key]
        claim_index = claim_of.get(key)
        members = set(claims[claim_index].sentences) if claim_index is not None else {key}
        members |= {keys[other] for other in neighbours[row]}
        # support: the other articles where a sentence of the claim (or a very similar one) carries all
        # of this sentence's facts; the version that most sources can back wins within a claim
        supporting = {key[0]}
        for other_key in sorted(members):
            if other_key[0] in supporting or other_key not in text_of:
                continue
            lang = by_id[other_key[0]].language
            other_language = lang if lang not in ("", "und") else "en"
            context = by_id[other_key[0]].text
            other_date = by_id[other_key[0]].published or story_day
            if not missing_facts(
                text,
                text_of[other_key],
                passage_language=other_language,
                context=context,
                claim_date=by_id[key[0]].published or story_day,
                passage_date=other_date,
            ):
                supporting.add(other_key[0])
        families = {roots[s] for s in supporting}
        sources = {aid for aid in by_id if roots[aid] in families}  # copies (and originals) cite too
        independent = len(families)
        support = (independent - 1) / max(1, all_roots - 1)
        centrality = max(0.0, (1 - tfidf_share) * float(semantic[row]) + tfidf_share * float(lexical[row]))
        position = 1.0 / (1.0 + key[1] / 3.0)
        info = _info_score(text, len(text.split()))
        score = (
            float(cfg.weight_support) * support
            + float(cfg.weight_centrality) * centrality
            + float(cfg.weight_position) * position
            + float(cfg.weight_info) * info
            - _penalty(text)
        )
        in_articles = [m for m in members if m[0] in count_of]
        rel_position = min(m[1] / count_of[m[0]] for m in in_articles) if in_articles else 1.0
        published = by_id[key[0]].published or dt.date.max
        order = (round(rel_position, 2), published, row, key[1])
        candidates.append(
            _Candidate(key, text, matrix[row], sources, independent, score, claim_index, order, key in long_keys)
        )
    chosen = _select(
        candidates,
        budget,
        max_sentences,
        float(cfg.mmr_lambda),
        float(cfg.redundancy),
        float(cfg.fill_tolerance),
    )
    chosen = _reading_order(chosen)
    # citation expansion: every article with a passage close in meaning is proposed; the verifier decides
    floor = float(config.verify.min_similarity) - _PROPOSAL_MARGIN
    article_rows: dict[str, list[int]] = {}
    for i, (aid, _) in enumerate(keys):
        article_rows.setdefault(aid, []).append(i)
    out = []
    for picked in chosen:
        sims = matrix @ picked.vector
        proposed = {aid for aid, rows in article_rows.items() if float(sims[rows].max()) >= floor}
        out.append(SummarySentence(text=picked.text, sources=tuple(sorted(picked.sources | proposed))))
    return out


_PROPOSAL_MARGIN = 0.15  # articles this far below the verifier's similarity floor are not worth checking


def _tfidf_centrality(
    keys: Sequence[tuple[str, int]], texts: Sequence[str], roots: Mapping[str, str]
) -> np.ndarray:
    """Cosine of each sentence's TF-IDF vector (stemmed content words) with the story's TF-IDF centroid.

    The centroid is the mean of per-article centroids over original articles, like the semantic one.
    """
    bags = [content_words(t) for t in texts]
    vocabulary: dict[str, int] = {}
    for bag in bags:
        for word in bag:
            vocabulary.setdefault(word, len(vocabulary))
    if not vocabulary:
        return np.zeros(len(texts), dtype=np.float32)
    counts = np.zeros((len(texts), len(vocabulary)), dtype=np.float32)
    for row, bag in enumerate(bags):
        counts[row, [vocabulary[w] for w in bag]] = 1.0
    df = counts.sum(axis=0)
    idf = np.log((1 + len(texts)) / (1 + df)) + 1.0
    weighted = counts * idf
    norms = np.linalg.norm(weighted, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    weighted /= norms
    centroid = _story_centroid(keys, weighted, roots)
    return weighted @ centroid


def _summary_language(articles: Sequence[Article], configured: str) -> str:
    """The summary's language: the configured one, else the most common known language of the story."""
    if configured:
        return configured
    counts: dict[str, int] = {}
    for article in articles:
        if article.language not in ("", "und"):
            counts[article.language] = counts.get(article.language, 0) + 1
    if not counts:
        return ""
    return max(sorted(counts), key=lambda code: (counts[code], code == "en"))


def _neighbours(matrix: np.ndarray, threshold: float, block: int = 512) -> list[list[int]]:
    """For every row, the other rows with cosine ≥ ``threshold`` (computed in blocks to bound memory)."""
    out: list[list[int]] = []
    for start in range(0, matrix.shape[0], block):
        sims = matrix[start : start + block] @ matrix.T
        for r in range(sims.shape[0]):
            out.append([j for j in np.nonzero(sims[r] >= threshold)[0].tolist() if j != start + r])
    return out


def _story_centroid(keys: Sequence[tuple[str, int]], matrix: np.ndarray, roots: Mapping[str, str]) -> np.ndarray:
    """Mean of per-article centroids over original articles (copies left out)."""
    per_article: dict[str, list[int]] = {}
    for i, (aid, _) in enumerate(keys):
        if roots.get(aid, aid) == aid:
            per_article.setdefault(aid, []).append(i)
    if not per_article:
        per_article = {"all": list(range(len(keys)))}
    centres = [matrix[rows].mean(axis=0) for rows in per_article.values()]
    centroid = np.mean(centres, axis=0)
    norm = float(np.linalg.norm(centroid))
    return centroid / norm if norm > 0 else centroid


def _reading_order(chosen: Sequence[_Candidate]) -> list[_Candidate]:
    """Lead facts first; a sentence that leans on the one before it in its article follows it directly."""
    keys = {c.key for c in chosen}
    follows = {c.key: c for c in chosen if starts_with_antecedent(c.text) and (c.key[0], c.key[1] - 1) in keys}
    out: list[_Candidate] = []
    for c in sorted((c for c in chosen if c.key not in follows), key=lambda c: c.order):
        out.append(c)
        nxt = (c.key[0], c.key[1] + 1)
        while nxt in follows:
            out.append(follows[nxt])
            nxt = (nxt[0], nxt[1] + 1)
    return out


def _preference(candidate: _Candidate) -> tuple[bool, int, float]:
    """Within a claim: a self-contained member first, then the one most sources back, then the best score."""
    return (not starts_with_antecedent(candidate.text), candidate.independent, candidate.score)


def _select(
    candidates: list[_Candidate],
    budget: int,
    max_sentences: int,
    mmr_lambda: float,
    redundancy: float,
    fill_tolerance: float = -1.0,
) -> list[_Candidate]:
    """Maximal marginal relevance under a word and a sentence budget, one sentence per claim.

    Sentences that open with an antecedent ("He added", "But") are used only when no self-contained
    sentence fits any more, and then only right after the sentence they lean on (the one before them in
    their article), once that one is chosen; or when no self-contained sentence is eligible at all.
    Words left over are then used by swapping in longer sentences (`_fill`, ``fill_tolerance`` as a
    share of the score range; negative: no swaps). Long candidates (``long``) come last: only when
    nothing else fits, and only self-contained ones.
    """
    best_of_claim: dict[int, _Candidate] = {}
    pool: list[_Candidate] = []
    last_resort = [c for c in candidates if c.long and not starts_with_antecedent(c.text)]
    candidates = [c for c in candidates if not c.long]
    for c in candidates:
        if c.claim is None:
            pool.append(c)
        elif c.claim not in best_of_claim or _preference(c) > _preference(best_of_claim[c.claim]):
            best_of_claim[c.claim] = c
    pool += list(best_of_claim.values())
    # A sentence opening with "He", "They", "But" ... is only a fallback when nothing self-contained is left.
    dependent = [c for c in pool if starts_with_antecedent(c.text)]
    pool = [c for c in pool if not starts_with_antecedent(c.text)]
    if not pool:
        pool, dependent = dependent, []
    if not pool:
        pool, last_resort = last_resort, []
    if not pool:
        return []
    top = max(c.score for c in pool + dependent + last_resort)
    low = min(c.score for c in pool + dependent + last_resort)
    spread = (top - low) or 1.0
    chosen: list[_Candidate] = []
    words_left = budget
    long_stage = False
    self_contained = list(pool)  # the loop below empties ``pool`` once nothing self-contained fits
    while len(chosen) < max_sentences:
        keys = {c.key for c in chosen}
        # self-contained sentences first; then those whose antecedent is already in the summary
        options = pool or [c for c in dependent if (c.key[0], c.key[1] - 1) in keys]
        if long_stage:
            options = last_resort
        best, best_value = None, -math.inf
        for c in options:
            words = len(c.text.split())
            if words > words_left:
                continue
            overlap = max((float(c.vector @ s.vector) for s in chosen), default=0.0)
            if overlap >= redundancy:
                continue
            value = mmr_lambda * (c.score - low) / spread - (1 - mmr_lambda) * overlap
            if value > best_value:
                best, best_value = c, value
        if best is None:
            if pool:  # nothing self-contained fits: go on with the dependent sentences
                pool = []
                continue
            if not long_stage and last_resort:  # then with the long ones
                long_stage = True
                continue
            break
        chosen.append(best)
        words_left -= len(best.text.split())
        (last_resort if long_stage else pool if best in pool else dependent).remove(best)
    keys = {c.key for c in chosen}
    unused = [c for c in self_contained if c.key not in keys]
    rest = unused + [c for c in dependent if (c.key[0], c.key[1] - 1) in keys]
    return _fill(chosen, rest, words_left, redundancy, fill_tolerance * spread)


def _fill(
    chosen: list[_Candidate], rest: list[_Candidate], words_left: int, redundancy: float, tolerance: float
) -> list[_Candidate]:
    """Use the words greedy selection left over: swap a chosen sentence for a longer one that fits.

    A swap is made only when the longer sentence scores at most ``tolerance`` below the one it replaces,
    is backed by at least as many independent sources, is not redundant with the others, has no loaded or
    opinion word (a swap must not make the summary less neutral), and keeps every dependent sentence next
    to its antecedent. The first (best) pick is never swapped out: with a short budget it carries most of
    the summary.
    """
    if tolerance < 0 or not chosen:
        return chosen
    first = chosen[0]
    while words_left > 0:
        keys = {c.key for c in chosen}
        best: tuple[int, int, _Candidate] | None = None
        for i, c in enumerate(chosen):
            if (c.key[0], c.key[1] + 1) in keys:
                continue  # a chosen sentence leans on it
            if c is first:
                continue  # the best sentence stays
            words = len(c.text.split())
            others = [o for j, o in enumerate(chosen) if j != i]
            for u in rest:
                gain = len(u.text.split()) - words
                if gain <= 0 or gain > words_left or u.score < c.score - tolerance or opinion_cues(u.text):
                    continue
                if u.independent < c.independent:
                    continue  # filling words must not cost support: fewer sources back the longer one
                if starts_with_antecedent(u.text) and (u.key[0], u.key[1] - 1) not in keys - {c.key}:
                    continue
                if any(float(u.vector @ o.vector) >= redundancy for o in others):
                    continue
                if best is None or gain > best[0]:
                    best = (gain, i, u)
        if best is None:
            break
        gain, i, u = best
        rest.remove(u)
        rest.append(chosen[i])
        chosen[i] = u
        words_left -= gain
    return chosen


# --------------------------------------------------------------------------- plain documents


@dataclass(frozen=True)
class DocumentSet:
    """Plain texts made ready for summarising: articles, their sentences and sentence vectors."""

    articles: list[Article]
    sentences: dict[str, list[Sentence]]
    vectors: dict[tuple[str, int], np.ndarray]
    embed: Callable[[Sequence[str]], np.ndarray]


def prepare_documents(docs: Sequence[tuple[str, str]], embed: Any, *, language: str = "en") -> DocumentSet:
    """Split and embed ``(id, text)`` pairs (what `summarize_documents` and the LLM mode start from).

    Raises:
        StorylineError: ``embed`` is not usable.
        ValueError: two documents share an id.
    """
    ids = [doc_id for doc_id, _ in docs]
    if len(set(ids)) != len(ids):
        raise ValueError("summarize_documents: document ids must be unique")
    fn = as_embed_fn(embed)
    articles = [
        Article(id=doc_id, source=SourceInfo(path=doc_id, format="text"), title="", text=text, language=language)
        for doc_id, text in docs
    ]
    splitter = SentenceSplitter()  # one pysbd segmenter for the set
    sentences = {a.id: split_sentences(a, splitter) for a in articles}
    flat = [s for a in articles for s in sentences[a.id]]
    matrix = fn([s.text for s in flat]) if flat else np.zeros((0, 1), dtype=np.float32)
    vectors = {(s.article_id, s.index): matrix[i] for i, s in enumerate(flat)}
    return DocumentSet(articles, sentences, vectors, fn)


def summarize_prepared(docs: DocumentSet, config: Config, max_words: int | None = None) -> list[SummarySentence]:
    """Consolidate, summarise and verify a prepared `DocumentSet`."""
    if not docs.vectors:
        return []
    claims = consolidate(docs.articles, docs.sentences, docs.vectors, config)
    summary = summarize(docs.articles, docs.sentences, docs.vectors, claims, config, max_words=max_words)
    return verify_summary(summary, docs.articles, docs.sentences, docs.vectors, docs.embed, config)


def summarize_documents(
    docs: Sequence[tuple[str, str]],
    embed: Any,
    config: Config,
    max_words: int | None = None,
    *,
    language: str = "en",
) -> list[SummarySentence]:
    """Summarise a cluster of plain texts: split, embed, consolidate, summarise and verify.

    Args:
        docs: ``(id, text)`` pairs (ids must be unique).
        embed: callable texts → L2-normalised vectors (or an `Embedder`).
        config: the configuration.
        max_words: word budget (default ``config.summarize.max_words``).
        language: language of the texts, for sentence splitting and number parsing.

    Returns:
        The verified summary (see `summarize` and `verify.verify_summary`).

    Raises:
        StorylineError: ``embed`` is not usable.
        ValueError: two documents share an id.
    """
    return summarize_prepared(prepare_documents(docs, embed, language=language), config, max_words)


def cite_sentence_in_documents(
    text: str,
    own_id: str,
    docs: Sequence[tuple[str, str]],
    embed: Any,
    config: Config,
    *,
    language: str = "en",
) -> list[str]:
    """The documents a sentence would cite in a summary: every document the verifier finds it in.

    Args:
        text: the sentence.
        own_id: id of the document it was taken from (always proposed).
        docs: ``(id, text)`` pairs of the cluster.
        embed: callable texts → L2-normalised vectors (or an `Embedder`).
        config: the configuration.
        language: language of the texts.

    Returns:
        The sorted ids of the verified sources (empty when none verifies).

    Raises:
        StorylineError: ``embed`` is not usable.
    """
    prepared = prepare_documents(docs, embed, language=language)
    proposal = SummarySentence(text=text, sources=tuple(sorted({own_id} | {a.id for a in prepared.articles})))
    checked = verify_summary(
        [proposal], prepared.articles, prepared.sentences, prepared.vectors, prepared.embed, config
    )
    return sorted(checked[0].sources) if checked else []
