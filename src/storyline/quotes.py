"""Direct quotes, their speakers, and the same quote merged across articles.

1. **Find** quoted passages line by line with a small state machine over straight and
   typographic quote marks (``"…"``, ``“…”``, ``„…“``, ``«…»``). Scraped text often has
   broken marks (``“ a variety of issues , ”said``, a straight opener with a curly
   closer, a stray closer); a closer with nothing open is skipped, an opener left open
   at the end of a line is dropped.
2. **Join** a quote split around its attribution (``"A," she said, "B."``) when the
   words between the two halves are a short attribution and the second half has no
   attribution of its own.
3. **Attribute** each quote: the attribution right after it (``"…," X said``, ``"…,"
   said X``, ``"…," according to X``, or a name cut off by the end of a truncated text:
   ``"…," Treasury Secretary X...``, also with an appositive the cut ends: ``"…," X, a mechanic who
   was at the...``), right before it (``X said: "…"``, ``X added that
   "…"``), or elsewhere in its sentence for longer quotes. Inside the attribution the
   speaker is the person mention nearest the verb (not a name used as a modifier, "a Trump
   appointee", nor one inside a quote, which is spoken of); a pronoun goes to the first person
   named in the closest preceding sentence that names one, "they said" to the first of two names
   joined by "and" ("X and its partner Y will …, they said"), else to the plural subject of a
   speech verb just before ("U.S. officials said …. "…," they said"), else to nobody; a surname goes to its entity
   through `entities.resolve_name`; an organisation ("the State Department", "the
   Gazette reported", "the board ruled") or a generic phrase ("a senior administration
   official", "harbour engineers": a role or a generic source, singular or plural, the latter
   only when it is all the attribution holds) is kept as written, without a day or a verb after
   it ("X on Wednesday said", "X announced Monday that …") or a conjunction before it ("As the
   Courier reported"), and so is a document that is the subject ("the suit in federal court
   alleges", "the executive order states": "suit", "executive order"; "alleges" is a speech verb,
   "the alleged plot" is not); "the group" is the first person or organisation the
   sentence before names (not a body inside a title: "House Speaker X"), "it said" the
   organisation named last, "the senator" (or "the US president") the person last named
   with that title (in their roles or written right before the name: "Spokesperson X met
   …"); "X, which said" is X's; "a statement from X said" and
   "according to a readout by X" are X's. "Asked"
   is a speech verb except in the passive ("she was asked"); a question word ("Who
   said …") is never a speaker; "said Sen. X" does not stop at "Sen.". The subject
   is sought in the clause of the verb ("X met Y, and the White House said"), a title
   abbreviation ("Mr. X, 23, said") does not end it, a person after a preposition and
   a title ("a critic of President X") is not it, nor is a number ("Fifty-nine percent of
   respondents said"); a participle ("saying", "speaking", "answering", …) speaks for the subject
   of the last finite speech verb before it ("X announced on Monday, saying that "…"") or the person it
   hangs on ("X rejected it, saying he is "…""; "Asked about Y, X snapped, answering: "…""), and a
   participle after a quote is no attribution of it ("stands "firmly behind" his plan, speaking
   from …" is not "plan"'s); "X's call for a "…"" is X's; "the agency" (department, company, board, …)
   is the organisation named before, like "it". "Revealed", "vowed", "demanded", verbs of praise and blame ("hailed",
   "slammed", "condemned", …; not inside "in which X praised …") and "called" ("X called the
   plan a "…"", "X calls for "…""; not "so-called", "was called" or "X's calls for") are speech verbs,
   "is told" is not. A "he"
   after a sentence in which someone spoke a quote is that speaker. A quote that is a whole sentence with no
   attribution continues the previous quote's speaker; one opening a paragraph
   goes to the person named just before, or, when the sentences before name nobody, to a group
   that spoke just before ("Harbour officials said …"), else to the article's last speaker. Quotes of one or two words
   ("red lines") are kept only with an attribution right next to them or, for two
   words, inside the reported speech of a speech verb with a speaker ("X said the
   agency acted for "political reasons"") or in a sentence that an "according to X" after it credits
   ("… engage in "patient talks" with Y, according to an official"); quotes of three words only with a speaker.
4. **Merge** occurrences across articles when their texts are close (rapidfuzz ratio,
   or partial ratio when one is much shorter — a translation or an edit that cut it)
   and their speakers do not contradict; the longest text is kept. The speaker is the one most
   occurrences name (a person before anything else), without a role noun a recogniser took into
   the name ("Rapper Kato Velmir" is "Kato Velmir").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from .entities import TITLE_WORDS, resolve_name
from .records import Article, Entity, Quote, Sentence

__all__ = ["extract_quotes"]

_CLOSERS: Mapping[str, str] = {"“": "”\"“", '"': "\"”“", "„": "“”\"", "«": "»", "‹": "›"}
_MARKS = re.compile(r"[\"“”„«»‹›]")
_SPEECH_VERBS = (
    r"said|says|say|(?<!is )(?<!was )(?<!were )(?<!are )(?<!been )(?<!being )told"  # not "X is told"
    r"|tells|added|adds|adding|stated|states|wrote|writes|noted|notes|explained|stressed|insisted"
    r"|(?<!was )(?<!were )(?<!been )(?<!being )(?<!is )(?<!are )(?<!be )demanded"  # not "as was demanded"
    # "X hailed the truce as "…"", "X slammed the ruling as "…"" (not in the passive)
    r"|(?<!was )(?<!were )(?<!been )(?<!being )(?<!is )(?<!are )(?<!be )"
    r"(?:hailed|praised|slammed|blasted|criticized|criticised|condemned|decried|denounced)"
    # "X called the plan a "…"", "X calls for a "…"" (not "so-called", "was called", "Biden's calls for")
    r"|(?<!-)(?<!was )(?<!were )(?<!been )(?<!being )(?<!is )(?<!are )(?<!be )called"
    r"|(?<!['’]s )(?<!the )(?<!his )(?<!her )(?<!its )(?<!their )(?<!phone )calls|calling"
    r"|warned|announced|declared|continued|argued|asserted|claimed|replied|responded|remarked|commented"
    r"|acknowledged|admitted|confirmed|emphasi[sz]ed|urged|tweeted|posted|recalled|predicted|promised|pledged"
    r"|saying|telling|arguing|noting|spoke|spoken|speaking|reported|reports|ruled|alleges|alleging"
    # present tense ("the report emphasizes"; not forms that are also plural nouns: "claims", "remarks") and
    # participles ("…, declaring that")
    r"|warns|argues|insists|asserts|explains|emphasi[sz]es|acknowledges|admits|confirms|declares|announces"
    r"|responds|writes|revealed|reveals|vowed|vows"
    r"|declaring|insisting|explaining|stressing|emphasi[sz]ing|acknowledging|admitting|responding|replying|answering"
    r"|(?<!the )(?<!an )(?<!a )(?<!his )(?<!her )(?<!its )(?<!their )(?<!was )(?<!were )(?<!is )(?<!are )alleged"
    r"|(?<!was )(?<!were )(?<!been )(?<!being )(?<!is )(?<!are )(?<!be )asked|asks"  # not "he was asked"
    r"|sagte|sagt|erklärte|betonte|dijo|afirmó|explicó|declaró|señaló|a déclaré|a dit|déclare|ha detto|disse"
)
_VERB = re.compile(rf"\b(?:{_SPEECH_VERBS})\b|\baccording to\b", re.IGNORECASE)
_VERB_AT_START = re.compile(rf"^\s*[,;]?\s*(?:[-–—]+\s*)?(?P<verb>{_SPEECH_VERBS})\b", re.IGNORECASE)
_SUBJECT_OF_SPEECH = re.compile(rf"(?:\s+(?:has|had|have|also|then|later))?\s+(?:{_SPEECH_VERBS})\b", re.IGNORECASE)
_ACCORDING_AT_START = re.compile(r"^\s*[,;]?\s*(?:[-–—]+\s*)?according to\b", re.IGNORECASE)
_PRONOUNS = frozenset({"he", "she", "er", "sie", "él", "ella", "il", "elle", "lui", "lei"})
_GENERIC_HEADS = frozenset(
    """
    official officials spokesman spokeswoman spokesperson spokespeople source sources aide aides diplomat diplomats
    officer officers statement company government ministry office authority department agency police administration
    spokesmen analyst analysts expert experts residents resident witness witnesses readout report
    """.split()
)
_STOP_AFTER_NAME = re.compile(
    r"\s+(?:in|on|at|after|before|during|to|who|which|when|while|as|because|that|from|for|via|adding)\b|[,.;:!?()\n]"
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_ATTRIBUTION_LINKS = frozenset({"with", "to", "by", "from", "of", "about", "against", "for", "at", "on"})
#: words that open an attribution phrase without being its speaker: conjunctions and question words
_LEADING_NON_SPEAKERS = frozenset(
    "and but also then later further yet who whom whose what which why when where how whoever whatever as while "
    "although though because if once".split()
)
#: days that end an attribution phrase ("X on Wednesday said")
_TIME_WORDS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday today yesterday Today Yesterday tonight".split()
)
#: a speech verb whose subject is the main clause's ("X rejected the plan, saying "…"")
_PARTICIPLES = frozenset(
    "saying adding arguing noting telling declaring insisting explaining stressing emphasizing "
    "emphasising acknowledging admitting alleging speaking responding replying answering".split()
)
#: "the agency said": an organisation named before, like "it said"
_ORGANISATION_HEADS = frozenset(
    "agency department company ministry firm bureau commission committee board council organization organisation "
    "authority".split()
)
#: title abbreviations whose period does not end a sentence ("Mr. Vale, 40, said")
_TITLE_ABBREVIATIONS = frozenset(
    "mr mrs ms dr sen rep gov gen lt col sgt capt cmdr adm prof st jr sr rev pres supt insp det atty".split()
)
_TITLE_OF_ABBREVIATION = {
    "sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "lt": "lieutenant",
    "col": "colonel", "sgt": "sergeant", "capt": "captain", "adm": "admiral", "prof": "professor",
    "det": "detective", "atty": "attorney", "pres": "president", "insp": "inspector",
}  # fmt: skip
#: "Biden's call for a "…"": nouns of speech whose owner is the speaker
_SPEECH_NOUN_BEFORE = re.compile(
    r"(?P<owner>(?:[A-Z][\w.’'-]*\s+){0,4}[A-Z][\w.-]*)['’]s\s+(?:[a-z]+\s+)?"
    r"(?:calls?|assurances?|promises?|pledges?|warnings?|claims?|demands?|requests?|vows?|words|statements?|appeals?"
    r"|pleas?|insistence|threats?|descriptions?|remarks?|comments?|accusations?|charges?|boasts?)"
    r"(?:\s+(?:of|for|to|that|about|on))?(?:\s+(?:a|an|the))?\s*[,:]?$"
)
def _is_role_head(word: str) -> bool:
    """Whether a lower-case word heads a speaker phrase as written: a role or a generic source, singular or
    plural ("the official", "harbour engineers", "federal prosecutors")."""
    return word in _ROLE_HEADS or (word.endswith("s") and word[:-1] in _ROLE_HEADS)


#: occupations written before a name ("Rapper X", "Singer X") that a recogniser may take into the name
_ROLE_NOUNS = frozenset(
    """
    rapper singer songwriter actor actress comedian musician artist host anchor author writer novelist poet producer
    activist athlete model photographer filmmaker dancer chef drummer guitarist pastor priest rabbi imam doctor nurse
    teacher student businessman businesswoman billionaire entrepreneur influencer star
    """.split()
)
#: title words and their abbreviations; with occupations and generic sources, the heads of a speaker phrase
_TITLE_TOKENS = TITLE_WORDS | _TITLE_ABBREVIATIONS
_ROLE_HEADS = _GENERIC_HEADS | TITLE_WORDS | _ROLE_NOUNS
#: "The suit alleges", "the executive order states": a document speaks (at most two modifiers before its noun)
_DOCUMENT_SUBJECT = re.compile(
    r"(?i:the|a|an|this|that|its|his|her|their)\s+(?P<doc>(?:[a-z][\w-]*\s+){0,2}?"
    r"(?:order|suit|lawsuit|complaint|filing|indictment|letter|memo|memorandum|ruling|decision|opinion|bill|motion"
    r"|petition|affidavit|warrant|document|communique|communiqué|proclamation|resolution|proposal|guidance|notice"
    r"|study|survey|email|tweet|ad|advert|advertisement|policy|contract|agreement|law)s?)\b"
)
#: "a statement from the board said", "according to a readout by the ministry": the words are the issuer's
_ISSUED_BY = re.compile(
    r"\s*(?:a|an|the)\s+(?:(?:joint|written|brief|new|separate|official|[A-Z][a-z]+day(?:['’]s)?)\s+){0,2}"
    r"(?:statement|readout|release|press release"
    r"|report|letter|memo|filing|post|tweet|notice|announcement|message)\s+(?:from|by|of|issued by|released by)\s+",
    re.IGNORECASE,
)
#: "the group said": a collective named in the sentence before
_COLLECTIVE_HEADS = frozenset("group coalition leaders lawmakers members alliance caucus delegation".split())
#: a number written out or in digits ("Fifty-nine", "twenty", "12")
_NUMBER_WORD = re.compile(
    r"(?:\d[\d,.]*|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)"
    r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?)"
)
#: what joins two names into one plural subject: "X and Y", "X and its partner Y"
_COORDINATION = re.compile(r",?\s+(?:and|&)\s+(?:(?:its|his|her|their)\s+)?(?:[a-z][\w-]*\s+){0,2}")
#: an appositive after a name with no sentence end in it (", a ferry mechanic who was at the pier")
_APPOSITIVE = re.compile(r",\s+(?:a|an|the)\s+[^.!?\n]*$", re.IGNORECASE)
#: a relative clause after a preposition ("in which", "of whom"): its verb is not the sentence's attribution
#: (unlike "X, which said", whose relative pronoun is the speaker)
_IN_RELATIVE = re.compile(r"^\s*(?:in|of|by|for|with|at|on|during)\s+(?:which|whom)\b", re.IGNORECASE)
#: a verb right after "and" shares the subject of the verb before it ("X said …, and vowed to")
_AND_BEFORE = re.compile(r"\band\s+(?:also\s+|then\s+|later\s+)?$", re.IGNORECASE)
_CLAUSE_JOIN = re.compile(r",\s+(?:and|but|while|whereas|as|so)\s+|;")
#: a clause opening with a subject: a name, a pronoun or a determiner
_OWN_SUBJECT = re.compile(r"\b(?:[A-Z][\w’'-]*|he|she|it|they|we|i|the|a|an|his|her|its|their|this|that)\b")


#: "has spoken “to ...”", "talked “with ...”": the quote says whom someone spoke to, not what they said
_SPOKE_TO = re.compile(r"\b(?:spoke|spoken|speaks|speaking|talked|talks|talking)\s*$", re.IGNORECASE)
_TO_WHOM = re.compile(r"\s*(?:to|with)\b", re.IGNORECASE)


@dataclass
class _Occurrence:
    """One quote in one article."""

    article_id: str
    start: int  # the quoted words (marks excluded)
    end: int
    open_mark: int
    close_mark: int
    text: str
    speaker: str | None = None
    person: bool = False
    adjacent: bool = False  # the attribution stands right next to the quote
    after: bool = False  # ... and it follows the quote
    reported: bool = False  # a short quote inside the reported speech of a speech verb before it


# --------------------------------------------------------------------------- finding


def _sentence_ends(text: str) -> list[re.Match[str]]:
    """The sentence ends inside ``text``: ``.``, ``!`` or ``?`` before a space, except after a title
    abbreviation ("Mr.", "Sen.") or an initial ("U.S.", "J.")."""
    out = []
    for m in re.finditer(r"[.!?]\s", text):
        if m.group()[0] == ".":
            token = text[: m.start()].rsplit(None, 1)[-1] if text[: m.start()].strip() else ""
            if token.lower() in _TITLE_ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Z]", token):
                continue
        out.append(m)
    return out


def _attribution_stop(text: str) -> re.Match[str] | None:
    """Where an attribution after its verb ends ("said Sen. X, who …" ends before "who"; the period of
    "Sen." does not end it)."""
    for m in re.finditer(r"[.;!?\n]|\s+(?:who|which)\b", text):
        if m.group() != "." or _sentence_ends(text[: m.end()] + " "):
            return m
    return None


def _ends_sentence(text: str) -> bool:
    return bool(_sentence_ends(text))


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _continues(text: str, opened: int, hi: int) -> bool:
    """Whether a quote left open at the end of its line is a real one that runs on.

    News style leaves a quote open when it continues into the next paragraph, which then
    opens with a quote mark again; a truncated article ends inside its last quote. A quote
    mark at the start of a word that runs to such a line end is kept (three words or more);
    any other opener left open is a scraping accident and dropped.
    """
    if opened + 1 >= hi or not text[opened + 1].isalnum():
        return False
    if opened > 0 and not (text[opened - 1].isspace() or text[opened - 1] in "(:—–-"):
        return False
    if len(_words(text[opened + 1 : hi])) < 3:
        return False
    rest = text[hi:].lstrip()
    return not rest or rest[0] in "“\"„«"


def _find_spans(text: str) -> list[tuple[int, int]]:
    """(opening mark, closing mark) positions of every quoted passage.

    A quote that `_continues` past its line has the line end as its closing position.
    """
    spans: list[tuple[int, int]] = []
    for lo, hi in _lines(text):
        opened: int | None = None
        opener = ""
        for m in _MARKS.finditer(text, lo, hi):
            pos, ch = m.start(), m.group()
            if opened is None:
                if ch in "”»›":
                    continue  # a closer with nothing open
                opened, opener = pos, ch
                continue
            if ch in _CLOSERS[opener]:
                looks_open = (pos == lo or text[pos - 1].isspace()) and pos + 1 < hi and text[pos + 1].isalnum()
                if ch in "“„" and opener != "„" and looks_open:
                    opened, opener = pos, ch  # the previous quote was never closed
                    continue
                spans.append((opened, pos))
                opened = None
            elif ch in "„«“":
                opened, opener = pos, ch
        if opened is not None and _continues(text, opened, hi):
            spans.append((opened, hi))
    return spans


def _tidy(text: str) -> str:
    """Quote text for display: single spaces, no space before punctuation, no trailing comma."""
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:!?…])", r"\1", text)
    return text.strip(" ,;:-–—")


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.findall(r"\w+", folded)


# --------------------------------------------------------------------------- attribution


class _Attributor:
    """Finds speakers inside one article."""

    def __init__(self, article: Article, sentences: Sequence[Sentence], entities: Sequence[Entity]) -> None:
        self.article = article
        self.text = article.text
        self.entities = entities
        sents = sorted(sentences, key=lambda s: s.start)
        self.bounds = [(s.start, s.end) for s in sents] or _lines(article.text)
        self.mentions: list[tuple[int, int, Entity]] = sorted(
            (m.start, m.end, e) for e in entities for m in e.mentions if m.article_id == article.id
        )
        self.quoted = _find_spans(article.text)
        self.previous: list[_Occurrence] = []
        self._quote_at = 0  # the opening mark of the quote being attributed

    # ---- geometry
    def _in_quote(self, pos: int) -> bool:
        """Whether ``pos`` lies inside one of the article's quoted passages."""
        return any(o < pos < c for o, c in self.quoted)

    def sentence_of(self, pos: int) -> int:
        for i, (s, e) in enumerate(self.bounds):
            if s <= pos < e or (pos == e and i == len(self.bounds) - 1):
                return i
        starts = [s for s, _ in self.bounds]
        return max([i for i, s in enumerate(starts) if s <= pos], default=0)

    def persons_in(self, lo: int, hi: int) -> list[tuple[int, int, Entity]]:
        out = []
        for s, e, ent in self.mentions:
            if ent.type != "person" or s < lo or e > hi:
                continue
            if self.text[e : e + 2] in ("'s", "’s"):
                continue  # "Putin's request": an owner, not a speaker
            if re.search(r"\b(?:a|an|the)\s+$", self.text[max(0, s - 5) : s], re.IGNORECASE):
                continue  # "a Trump appointee", "the Biden plan": a modifier, not a speaker
            if self._in_quote(s):
                continue  # named inside a quote: spoken of, not speaking
            out.append((s, e, ent))
        return out

    def entity_covering(self, phrase: str) -> Entity | None:
        return resolve_name(phrase, self.entities) if phrase else None

    # ---- speakers
    def speaker_in(self, lo: int, hi: int, *, near: str, before: int) -> tuple[str | None, bool]:
        """The speaker named in ``text[lo:hi]``; ``near`` says which end the verb is at."""
        region = self.text[lo:hi]
        if not region.strip():
            return None, False
        relative = re.search(r",\s*(?:which|who)\s*$", region) if near == "end" else None
        if relative:  # "the X Company, which said …": the name right before the relative pronoun
            comma = lo + relative.start()
            named = [m for m in self.mentions if m[1] == comma and m[2].type in ("person", "organization")]
            if named:
                return named[-1][2].name, named[-1][2].type == "person"
            return self.speaker_in(lo, lo + relative.start(), near="end", before=before)
        issued = _ISSUED_BY.match(region)
        if issued:
            found = self.speaker_in(lo + issued.end(), hi, near="start", before=before)
            if found[0] is not None:
                return found
        people = self.persons_in(lo, hi)
        if near == "end":
            document = _DOCUMENT_SUBJECT.match(region.strip())
            named = [m for m in self.mentions if lo <= m[0] < hi and m[2].type in ("person", "organization")]
            if document and not named:  # "The suit in federal court alleges": the document, not the place
                return document.group("doc").lower(), False
        if near == "end":  # "X said": skip people after a preposition ("with Mayor Oss")
            people = [p for p in people if not self._after_link(p[0])] or people
        else:  # "said X" / "according to X": X is in the first clause, or right after a short title clause
            comma = region.find(",")
            if comma >= 0:
                first = [p for p in people if p[0] < lo + comma]
                head_words = len(region[:comma].split())
                second = [p for p in people if p[0] > lo + comma and not self.text[lo + comma + 1 : p[0]].strip()]
                people = first or (second if head_words <= 4 else [])
        if people:
            chosen = people[-1] if near == "end" else people[0]
            return chosen[2].name, True
        words = region.split()
        head = words[-1] if near == "end" else words[0]
        if len(words) <= 2 and head.lower().strip(",") in _PRONOUNS:
            return self.resolve_pronoun(before)
        phrase = self._phrase(region, near)
        if phrase is None:
            return None, False
        titled = self._titled_person(phrase)
        if titled is not None:
            return titled, True
        entity = self.entity_covering(phrase)
        if entity is not None and (entity.type != "person" or len(phrase.split()) <= 3):
            last = phrase.split()[-1].lower()
            if entity.type == "person" or last not in _GENERIC_HEADS or last in entity.name.lower():
                return entity.name, entity.type == "person"
        return self._generic(phrase), False

    def _after_link(self, pos: int) -> bool:
        """Whether the mention at ``pos`` follows a preposition ("with Mayor Oss", "a critic of President X",
        "director of the X")."""
        before = self.text[max(0, pos - 60) : pos].split()
        while before and before[-1].lower().strip(".") in _TITLE_TOKENS | {"the", "a", "an"}:
            before.pop()  # "director of the X": a title or a determiner between the preposition and the name
        return bool(before) and before[-1].lower() in _ATTRIBUTION_LINKS

    def _phrase(self, region: str, near: str) -> str | None:
        """The noun phrase of an attribution next to its verb (at most seven words)."""
        if near == "end":
            parts = [p for p in re.split(r"[,;:()\"“”]|\s[-–—]\s", region) if p.strip()]
            last = parts[-1].split() if parts else []
            phrase = self._phrase_words(last[-7:], bare=len(last) <= 3) if parts else None
            if phrase is None and len(parts) > 1:  # "X, spokeswoman for Y, which runs the dam, told"
                phrase = self._phrase_words(parts[0].split()[-7:])
            return phrase
        return self._phrase_words(_STOP_AFTER_NAME.split(region, maxsplit=1)[0].split()[:7])

    @staticmethod
    def _phrase_words(words: list[str], *, bare: bool = False) -> str | None:
        # drop leading conjunctions ("and Biden" → "Biden") and question words ("What the mayor said": the mayor;
        # "Who said": nobody named), and trailing verbs ("Washington has already")
        while words and words[0].lower().strip(",") in _LEADING_NON_SPEAKERS:
            words = words[1:]
        while words:
            if words[-1].strip(",") in _TIME_WORDS:  # "Harbourline on Wednesday", "X announced Monday"
                words = words[:-1]
                while words and words[-1].lower() in ("on", "last", "this", "early", "late", "earlier", "later"):
                    words = words[:-1]
            elif words[-1].islower() and not _is_role_head(words[-1]) and words[-1] not in _COLLECTIVE_HEADS:
                words = words[:-1]
            else:
                break
        phrase = " ".join(words).strip(" ,.;:'\"“”")
        if not phrase or not any(c.isalpha() for c in phrase):
            return None
        if all(_NUMBER_WORD.fullmatch(w) for w in phrase.lower().split()):
            return None  # "Fifty-nine percent of respondents said": a number speaks for nobody
        low = phrase.lower().split()
        # "federal prosecutors said": a bare plural, when it is all the attribution holds
        bare_plural = bare and len(low) <= 3 and low[-1].endswith("s") and _is_role_head(low[-1])
        if not (phrase[0].isupper() or low[0] in ("a", "an", "the", "its", "his", "her", "their") or bare_plural):
            return None
        return phrase

    def _generic(self, phrase: str) -> str | None:
        words = phrase.split()
        while words and words[0].lower() in ("a", "an", "the", "its", "his", "her", "their", "one"):
            words = words[1:]
        if not words:
            return None
        head = words[-1].lower()
        if len(words) == 1 and head in _COLLECTIVE_HEADS and phrase.split()[0].lower() == "the":
            return self._collective_antecedent()
        if len(words) == 1 and head in _ORGANISATION_HEADS and phrase.split()[0].lower() == "the":
            named, _ = self.resolve_it(self._quote_at)  # "The agency said": the organisation named before
            if named is not None:
                return named
        if _is_role_head(head):
            if len(words) == 1:  # "the official said": the official named earlier in the article
                for prev in reversed(self.previous):
                    if prev.speaker and not prev.person and prev.speaker.lower().endswith(head):
                        return prev.speaker
            return " ".join(words)
        if words[0][0].isupper():
            return " ".join(words)
        return None

    def _titled_person(self, phrase: str) -> str | None:
        """Who "the senator" is: the person with that title named last before the quote in the article."""
        words = phrase.lower().split()
        if len(words) not in (2, 3) or words[0] != "the" or words[-1] not in TITLE_WORDS:
            return None  # "the senator", "the US president"
        words = [words[0], words[-1]]
        best: tuple[int, str] | None = None
        for s, _, ent in self.mentions:
            if s >= self._quote_at or ent.type != "person":
                continue
            # its roles, and the title words written right before this mention ("Spokesperson X met ...")
            written: list[str] = []
            for w in reversed(self.text[max(0, s - 60) : s].split()):
                if w.lower().strip(".,") not in _TITLE_TOKENS:
                    break
                written.append(w.lower().strip(".,"))
            titles = {
                _TITLE_OF_ABBREVIATION.get(w, w)
                for w in [w for role in ent.roles for w in re.findall(r"[a-z]+", role.lower())] + written
            }
            if words[1] in titles and (best is None or s > best[0]):
                best = (s, ent.name)
        return best[1] if best else None

    def _collective_antecedent(self) -> str | None:
        """Who "the group" is: the first person or organisation the sentence before the quote names.

        An organisation written as part of a person's title ("House Speaker Nancy Pelosi") is skipped.
        """
        idx = self.sentence_of(self._quote_at) - 1
        if idx < 0:
            return None
        lo, hi = self.bounds[idx]
        for s, e, ent in self.mentions:
            if s < lo or e > hi or ent.type not in ("person", "organization") or self._after_link(s):
                continue
            if ent.type == "organization" and self._title_of_next_person(e):
                continue
            return ent.name
        return None

    def _title_of_next_person(self, end: int) -> bool:
        """Whether ``text[end:]`` goes on with title words and then a person ("House| Speaker Nancy Pelosi")."""
        person_starts = {s for s, _, ent in self.mentions if ent.type == "person"}
        for m in re.finditer(r"\s+([A-Za-z.-]+)", self.text[end : end + 60]):
            word = m.group(1).lower().strip(".")
            if word not in _TITLE_TOKENS | {"speaker", "whip", "majority", "minority"}:
                return False
            if end + m.end() + 1 in person_starts:
                return True
        return False

    def resolve_pronoun(self, pos: int) -> tuple[str | None, bool]:
        """The person a he/she refers to: the first one named in the nearest preceding sentence naming anyone."""
        idx = self.sentence_of(pos)
        lo = self.bounds[idx][0]
        same = [p for p in self.persons_in(lo, pos) if not self._after_link(p[0])]
        if same:
            return self._salient(same)[2].name, True
        for k in range(idx - 1, max(-1, idx - 4), -1):
            s, e = self.bounds[k]
            people = [p for p in self.persons_in(s, e) if not self._after_link(p[0])]
            if people:
                # the one who spoke a quote in that sentence ("…, X snapped: "…". "…?" he asked")
                spoke = {o.speaker for o in self.previous if o.person and s <= o.open_mark < e}
                chosen = next((p for p in people if p[2].name in spoke), None) or self._salient(people)
                return chosen[2].name, True
        return None, False

    def resolve_it(self, pos: int) -> tuple[str | None, bool]:
        """The organisation an "it said" refers to: the one named in the nearest preceding sentence naming one
        (one a speech verb follows first, else the first), within three sentences."""
        idx = self.sentence_of(pos)
        for k in range(idx, max(-1, idx - 4), -1):
            lo, hi = self.bounds[k]
            orgs = [
                (s, e, ent) for s, e, ent in self.mentions
                if ent.type == "organization" and lo <= s and e <= min(hi, pos) and not self._after_link(s)
                and not self._title_of_next_person(e)
            ]
            if orgs:
                return self._salient(orgs)[2].name, False
        return None, False

    def resolve_they(self, pos: int) -> tuple[str | None, bool]:
        """Who a "they said" is: of two names joined by "and" ("Merck and its partner X will …"), the first,
        in the quote's sentence or the nearest of the two before it; else nobody (a plural is not one person)."""
        idx = self.sentence_of(pos)
        for k in range(idx, max(-1, idx - 3), -1):
            lo, hi = self.bounds[k]
            named = [
                (s, e, ent) for s, e, ent in self.mentions
                if ent.type in ("person", "organization") and lo <= s and e <= min(hi, pos) and not self._after_link(s)
            ]
            for (_, e1, first), (s2, _, second) in zip(named, named[1:], strict=False):
                if first is not second and _COORDINATION.fullmatch(self.text[e1:s2]):
                    return first.name, first.type == "person"
        return self.speaking_group(pos)

    def speaking_group(self, pos: int) -> tuple[str | None, bool]:
        """The plural subject ("U.S. officials", "the senators") of the last speech verb in the quote's sentence
        before it or in the sentence before that, when it is not a named person; else nobody."""
        idx = self.sentence_of(pos)
        for k in range(idx, max(-1, idx - 2), -1):
            lo, hi = self.bounds[k]
            hi = min(hi, pos)
            for verb in reversed([m for m in _VERB.finditer(self.text, lo, hi) if m.group().lower() != "according to"]):
                if self._in_quote(verb.start()):
                    continue
                subject_lo = self._clause_start(lo, verb.start())
                found = self.speaker_in(subject_lo, verb.start(), near="end", before=pos)
                if found[0] and not found[1] and found[0].split()[-1].lower().endswith("s"):
                    return found
        return None, False

    def main_subject(self, participle_at: int, open_mark: int) -> tuple[str | None, bool]:
        """Who speaks through a participle ("…, saying", "…, speaking"): the subject of the last finite speech verb
        before it in its sentence ("X announced on Monday, saying"), else the person a pronoun would be."""
        lo = self.bounds[self.sentence_of(participle_at)][0]
        verbs = [
            m for m in _VERB.finditer(self.text, lo, participle_at)
            if m.group().lower() not in _PARTICIPLES and m.group().lower() != "according to"
            and not self._in_quote(m.start())
        ]
        for verb in reversed(verbs):
            # the subject starts after a quote before the verb ("“…,” he said, adding: “…”": he)
            closed = [c + 1 for o, c in self.quoted if lo <= c < verb.start()]
            subject_lo = max([self._clause_start(lo, verb.start()), *closed])
            found = self.speaker_in(subject_lo, verb.start(), near="end", before=open_mark)
            if found[0] is not None:
                return found
        # no speech verb: the person the participle hangs on ("Asked about X, Y snapped, answering: "…"")
        people = [p for p in self.persons_in(lo, participle_at) if not self._after_link(p[0])]
        if people:
            return people[-1][2].name, True
        return self.resolve_pronoun(open_mark)

    def _salient(self, people: Sequence[tuple[int, int, Entity]]) -> tuple[int, int, Entity]:
        """The person a pronoun most likely continues: one a speech verb follows ("Biden said"), else the first."""
        for person in people:
            if _SUBJECT_OF_SPEECH.match(self.text, person[1]):
                return person
        return people[0]

    # ---- the attribution of one quote
    def attribute(self, occ: _Occurrence) -> None:
        text = self.text
        self._quote_at = occ.open_mark
        s_idx = self.sentence_of(occ.open_mark)
        e_idx = self.sentence_of(occ.close_mark)
        sent_lo = self.bounds[s_idx][0]
        sent_hi = max(self.bounds[e_idx][1], occ.close_mark + 1)
        after_lo = occ.close_mark + 1
        next_mark = _MARKS.search(text, after_lo, sent_hi)
        after_hi = next_mark.start() if next_mark else sent_hi
        if after_hi < sent_hi and after_hi - after_lo < 3:
            after_hi = sent_hi
        after = text[after_lo:after_hi]
        prev_mark = max((m.start() for m in _MARKS.finditer(text, sent_lo, occ.open_mark)), default=None)
        before_lo = prev_mark + 1 if prev_mark is not None else sent_lo
        before = text[before_lo : occ.open_mark]
        if _SPOKE_TO.search(before) and _TO_WHOM.match(occ.text):
            return  # "Varga has spoken “to leaders from every district”": whom she spoke to, not her words

        found = self._after_adjacent(after, after_lo, occ.open_mark)
        if found is not None and found[0] is not None:
            occ.speaker, occ.person = found
            occ.adjacent = occ.after = True
            return
        found = self._before_adjacent(before, before_lo, occ.open_mark)
        if found is not None and found[0] is not None:
            occ.speaker, occ.person = found
            occ.adjacent = True
            return
        if len(occ.text.split()) >= 3:
            found = self._in_sentence(after, after_lo, before, before_lo, occ.open_mark)
            if found is not None and found[0] is not None:
                occ.speaker, occ.person = found
                return
            prev = self.previous[-1] if self.previous else None
            if (
                prev is not None and prev.speaker and self.sentence_of(prev.close_mark) == s_idx
                and not _VERB.search(text, prev.close_mark, occ.open_mark)
                and not self.persons_in(prev.close_mark, occ.open_mark)
            ):  # "X vowed to "save the pier" from the "reckless plan"": the same speaker
                occ.speaker, occ.person = prev.speaker, prev.person
                return
            if self._whole_sentence(before, after) and self.previous:
                prev = self.previous[-1]
                if prev.speaker and self.sentence_of(prev.close_mark) >= s_idx - 2:
                    occ.speaker, occ.person = prev.speaker, prev.person
                    return
            if self._opens_paragraph(occ.open_mark) and not self._quoted_since_paragraph_before(occ.open_mark):
                # "Sen. X criticized the plan.\n\n“While I share …”": the quote is X's
                occ.speaker, occ.person = self.resolve_pronoun(occ.open_mark)
                if occ.speaker is None:  # "Harbour officials said …\n\n"Our group …"": the group that spoke
                    occ.speaker, occ.person = self.speaking_group(occ.open_mark)
                if occ.speaker is None:  # no one named just before: the article's last speaker goes on
                    last = next((p for p in reversed(self.previous) if p.speaker), None)
                    if last is not None:
                        occ.speaker, occ.person = last.speaker, last.person
        elif len(occ.text.split()) == 2:
            # "X said the agency watched him for "political reasons"": a partial quote inside reported speech
            # (not when the words are credited to someone after them: "..., according to an official")
            verbs = [m for m in _VERB.finditer(before) if m.group().lower() != "according to"]
            according = re.search(r"\baccording to\b", after, re.IGNORECASE)
            found = None
            if verbs and verbs[-1].group().lower() not in _PARTICIPLES and not according:
                found = self._in_sentence("", after_lo, before, before_lo, occ.open_mark)
            elif according and not _ends_sentence(after[: according.start()]):
                # "… to engage in "principled diplomacy" with X, according to an official": the sentence is theirs
                lo = after_lo + according.end()
                stop = _attribution_stop(self.text[lo:after_hi])
                found = self.speaker_in(lo, lo + stop.start() if stop else after_hi, near="start", before=occ.open_mark)
            if found is not None and found[0] is not None:
                occ.speaker, occ.person = found
                occ.reported = True

    def _opens_paragraph(self, pos: int) -> bool:
        return pos == 0 or not self.text[max(0, pos - 200) : pos].split("\n")[-1].strip()

    def _quoted_since_paragraph_before(self, pos: int) -> bool:
        """Whether the paragraph before ``pos`` holds a quote (then its speaker, not its subject, would be meant)."""
        head = self.text[:pos].rstrip()
        start = head.rfind("\n") + 1
        return any(start <= p.open_mark < pos for p in self.previous)

    @staticmethod
    def _whole_sentence(before: str, after: str) -> bool:
        return len(before.split()) <= 1 and len(re.sub(r"[\W_]", "", after)) <= 2

    def _after_adjacent(self, after: str, lo: int, open_mark: int) -> tuple[str | None, bool] | None:
        m = _VERB_AT_START.match(after)
        if m:  # "…," said National Security Council spokeswoman Emily Horne in a statement
            rest_lo = lo + m.end()
            stop = _attribution_stop(self.text[rest_lo : lo + len(after)])
            hi = rest_lo + (stop.start() if stop else len(after) - m.end())
            if not re.search(r"\w", self.text[rest_lo:hi]):  # "«…», afirmó.": no subject written
                return self.resolve_pronoun(open_mark)
            return self.speaker_in(rest_lo, hi, near="start", before=open_mark)
        m = _ACCORDING_AT_START.match(after)
        if m:
            rest_lo = lo + m.end()
            stop = _attribution_stop(self.text[rest_lo : lo + len(after)])
            hi = rest_lo + (stop.start() if stop else len(after) - m.end())
            return self.speaker_in(rest_lo, hi, near="start", before=open_mark)
        verb = _VERB.search(after)
        if verb is None:
            cut = self._cut_attribution(lo, lo + len(after))
            if cut is not None:
                return cut
        if verb is None or verb.group().lower() == "according to":
            return None
        gap = after[: verb.start()]
        if _ends_sentence(gap) or len(gap.split()) > 25:
            return None
        if verb.group().lower() in _PARTICIPLES and gap.rstrip().endswith(","):
            # "X said he stands "firmly behind" his plan, speaking from …": no attribution after the quote (the
            # participle's subject is the main clause's, found before it), not "his plan"
            return None
        if re.search(r"\b(?:he|she|they|it)\b", gap, re.IGNORECASE) and len(gap.split()) <= 3:
            if re.search(r"\bit\b", gap, re.IGNORECASE):  # "…," it said: an organisation speaks
                return self.resolve_it(open_mark)
            if re.search(r"\bthey\b", gap, re.IGNORECASE):
                return self.resolve_they(open_mark)
            return self.resolve_pronoun(open_mark)
        return self.speaker_in(lo, lo + verb.start(), near="end", before=open_mark)

    def _cut_attribution(self, lo: int, hi: int) -> tuple[str | None, bool] | None:
        """"…," Treasury Secretary X... at the end of a truncated text: the person named right after the quote,
        with only titles before the name and nothing but the truncation mark after it."""
        people = self.persons_in(lo, hi)
        if not people:
            return None
        start, end, ent = people[0]
        lead = [w.lower().strip(".,") for w in self.text[lo:start].split()]
        if not all(w in _TITLE_TOKENS or not w or self.text[lo:start].split()[i][:1].isupper()
                   for i, w in enumerate(lead)):
            return None
        rest = self.text[end:].rstrip(" .…\n\t")
        # nothing after the name but the cut, or an appositive the cut ends (", a mechanic who was at the fir...")
        if rest and not (_APPOSITIVE.match(rest) and self.text[end:].rstrip().endswith(("...", "…"))):
            return None
        return ent.name, True

    def _before_adjacent(self, before: str, lo: int, open_mark: int) -> tuple[str | None, bool] | None:
        tail = before.rstrip()
        m = re.search(
            rf"\b(?P<verb>{_SPEECH_VERBS})\b(?P<rest>(?:\s+[^\s,.;:\"“”]+){{0,6}}?)(?:\s+that)?\s*[,:]?$",
            tail,
            re.IGNORECASE,
        )
        if m:
            verb_at = lo + m.start()
            subject_lo = self._clause_start(lo, verb_at)
            if re.search(r"\b(?:he|she)\s*$", self.text[subject_lo:verb_at], re.IGNORECASE):
                return self.resolve_pronoun(open_mark)
            if re.search(r"\bit\s+(?:also\s+|then\s+|later\s+)?$", self.text[subject_lo:verb_at], re.IGNORECASE):
                return self.resolve_it(open_mark)  # "it said", "as it also calls on "…""
            if m.group("verb").lower() in _PARTICIPLES:  # "X rejected the call, saying he is "…"": X spoke
                return self.main_subject(verb_at, open_mark)
            found = self.speaker_in(subject_lo, verb_at, near="end", before=open_mark)
            if found[0] is None and re.match(r"\s+(?:he|she)\b", m.group("rest"), re.IGNORECASE):
                return self.resolve_pronoun(open_mark)  # "…, said he was "…"": the one the sentence is about
            if found[0] is None and _AND_BEFORE.search(self.text, subject_lo, verb_at):
                return self.main_subject(verb_at, open_mark)  # "X said …, and vowed to "…"": X, the verb's subject
            return found
        m = re.search(r"\baccording to\s+(?P<who>[^\"“”,;]{1,80}?)\s*,?\s*$", tail, re.IGNORECASE)
        if m:
            return self.speaker_in(lo + m.start("who"), lo + m.end("who"), near="start", before=open_mark)
        m = _SPEECH_NOUN_BEFORE.search(tail)
        if m:  # "the Taliban's assurance of a "…"": the owner of the words
            entity = self.entity_covering(m.group("owner"))
            if entity is not None and entity.type in ("person", "organization"):
                return entity.name, entity.type == "person"
        return None

    def _clause_start(self, lo: int, verb_at: int) -> int:
        """Where the subject of a speech verb may begin: after the last sentence end, semicolon or quote mark,
        or a clause joined by ", and" / ", but" that has a subject of its own ("Biden met X, and the White House
        said"; not "X made clear ..., but emphasized that ...", whose subject is X)."""
        region = self.text[lo:verb_at]
        joins = [m.end() for m in _CLAUSE_JOIN.finditer(region) if _OWN_SUBJECT.search(region[m.end() :])]
        cut = max([m.end() for m in _sentence_ends(region)] + joins + [0])
        return lo + cut

    def _in_sentence(
        self, after: str, after_lo: int, before: str, before_lo: int, open_mark: int
    ) -> tuple[str | None, bool] | None:
        """A speech verb elsewhere in the sentence: ", the White House said." / "X said in a statement that …"."""
        for m in reversed(list(_VERB.finditer(after))):
            if m.group().lower() == "according to":
                return self.speaker_in(after_lo + m.end(), after_lo + len(after), near="start", before=open_mark)
            verb_at = after_lo + m.start()
            subject_lo = max(after_lo, after_lo + max(after.rfind(",", 0, m.start()), after.rfind(";", 0, m.start())))
            found = self.speaker_in(subject_lo, verb_at, near="end", before=open_mark)
            if found[0] is not None:
                return found
        for m in reversed(list(_VERB.finditer(before))):
            if m.group().lower() == "according to":
                stop = re.search(r"[,;]", before[m.end() :])
                hi = before_lo + m.end() + (stop.start() if stop else len(before) - m.end())
                return self.speaker_in(before_lo + m.end(), hi, near="start", before=open_mark)
            verb_at = before_lo + m.start()
            if "," in self.text[verb_at:open_mark] and _IN_RELATIVE.search(
                self.text[max(before_lo, self.text.rfind(",", before_lo, verb_at) + 1) : verb_at]
            ):
                continue  # "the speech, in which X praised the plan, was "…"": the clause is closed, not X's words
            if m.group().lower() in _PARTICIPLES:  # "X said …, while admitting that the fall "…"": X's
                found = self.main_subject(verb_at, open_mark)
                if found[0] is not None:
                    return found
            subject_lo = self._clause_start(before_lo, verb_at)
            pron = re.search(r"\b(he|she)\s+(?:\w+\s+)?$", self.text[subject_lo:verb_at], re.IGNORECASE)
            if pron:
                return self.resolve_pronoun(open_mark)
            found = self.speaker_in(subject_lo, verb_at, near="end", before=open_mark)
            if found[0] is None and _AND_BEFORE.search(self.text, subject_lo, verb_at):
                found = self.main_subject(verb_at, open_mark)
            if found[0] is not None:
                return found
        return None


# --------------------------------------------------------------------------- per article


def _article_quotes(article: Article, sentences: Sequence[Sentence], entities: Sequence[Entity]) -> list[_Occurrence]:
    text = article.text
    raw: list[_Occurrence] = []
    for open_mark, close_mark in _find_spans(text):
        inner_lo, inner_hi = open_mark + 1, close_mark
        while inner_lo < inner_hi and text[inner_lo].isspace():
            inner_lo += 1
        while inner_hi > inner_lo and text[inner_hi - 1].isspace():
            inner_hi -= 1
        if close_mark >= len(text) or text[close_mark] == "\n":  # left open: drop a truncation mark
            while inner_hi > inner_lo and text[inner_hi - 1] in ".…":
                inner_hi -= 1
        body = _tidy(text[inner_lo:inner_hi])
        if not re.search(r"\w", body):
            continue
        raw.append(_Occurrence(article.id, inner_lo, inner_hi, open_mark, close_mark, body))
    attributor = _Attributor(article, sentences, entities)
    for occ in raw:
        attributor.attribute(occ)
        attributor.previous.append(occ)
    joined = _join_split(text, raw)
    return [o for o in joined if _worth_keeping(o)]


def _worth_keeping(occ: _Occurrence) -> bool:
    """Scare quotes ("red lines", "a paper wall") are not quotes unless someone is named as saying them
    (next to the quote, or as the subject of the speech verb whose reported clause holds it)."""
    words = len(occ.text.split())
    return words > 3 or occ.adjacent or (words == 3 and occ.speaker is not None) or occ.reported


def _join_split(text: str, occs: list[_Occurrence]) -> list[_Occurrence]:
    """``"A," she said, "B."`` is one quote: join halves separated by a short attribution only."""
    out: list[_Occurrence] = []
    for occ in occs:
        prev = out[-1] if out else None
        if prev is not None and prev.after and not occ.after:
            gap = text[prev.close_mark + 1 : occ.open_mark]
            raw_prev = text[prev.start : prev.end].rstrip()
            if (
                "\n" not in gap
                and len(gap.split()) <= 10
                and _VERB.search(gap)
                and re.search(r"[,.:]\s*$", gap)
                and (raw_prev[-1:] in (",", ".", "!", "?", "…") or gap.lstrip().startswith(","))
                and occ.speaker in (None, prev.speaker)
            ):
                if occ.text[:1].islower():
                    joined = f"{prev.text}, {occ.text}"
                elif prev.text[-1:] in ".!?…":
                    joined = f"{prev.text} {occ.text}"
                else:
                    joined = f"{prev.text}. {occ.text}"
                prev.text = joined
                prev.end, prev.close_mark = occ.end, occ.close_mark
                continue
        out.append(occ)
    return out


# --------------------------------------------------------------------------- across articles


def extract_quotes(
    articles: Sequence[Article],
    sentences: Mapping[str, Sequence[Sentence]],
    entities: Sequence[Entity],
    *,
    similarity: float = 80.0,
) -> list[Quote]:
    """Find the direct quotes of a story, attribute them, and merge them across articles.

    Args:
        articles: the story's articles.
        sentences: ``{article id: sentences}`` (offsets into each article's text).
        entities: the story's entities from `entities.extract_entities`.
        similarity: rapidfuzz score (0–100) at which two quotes are the same quote.

    Returns:
        One `Quote` per distinct quote, with every source and occurrence span, sorted by
        number of sources (most first), then by first appearance.

    Raises:
        ValueError: ``similarity`` is outside 0..100.
    """
    if not 0 <= similarity <= 100:
        raise ValueError(f"similarity={similarity} must be within 0..100")
    occs: list[_Occurrence] = []
    for article in articles:
        occs.extend(_article_quotes(article, sentences.get(article.id, ()), entities))
    keys = [" ".join(_words(o.text)) for o in occs]
    parent = list(range(len(occs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(occs)):
        for j in range(i + 1, len(occs)):
            if find(i) != find(j) and _same_quote(occs[i], occs[j], keys[i], keys[j], similarity):
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(occs)):
        groups.setdefault(find(i), []).append(i)
    quotes: list[tuple[int, Quote]] = []
    for root, members in groups.items():
        group = [occs[i] for i in members]
        text = max(group, key=lambda o: (len(o.text), o.article_id)).text
        quotes.append(
            (
                root,
                Quote(
                    text=text,
                    speaker=_vote_speaker(group),
                    sources=tuple(sorted({o.article_id for o in group})),
                    spans=tuple(sorted((o.article_id, o.start, o.end) for o in group)),
                ),
            )
        )
    quotes.sort(key=lambda rq: (-len(rq[1].sources), -len(rq[1].spans), rq[0]))
    return [q for _, q in quotes]


def _same_quote(a: _Occurrence, b: _Occurrence, ka: str, kb: str, threshold: float) -> bool:
    if a.person and b.person and a.speaker != b.speaker:
        return False
    if not ka or not kb:
        return False
    shorter = min(len(ka.split()), len(kb.split()))
    if shorter < 3:
        return ka == kb
    score = fuzz.ratio(ka, kb)
    if shorter >= 4:
        score = max(score, fuzz.partial_ratio(ka, kb))
    if score >= threshold:
        return True
    # quotes cut differently by two outlets still share a whole sentence
    pieces_a = [_words(p) for p in _SENTENCE_END.split(a.text)]
    pieces_b = [_words(p) for p in _SENTENCE_END.split(b.text)]
    return any(
        fuzz.partial_ratio(" ".join(pa), " ".join(pb)) >= min(100.0, threshold + 5)
        for pa in pieces_a
        if len(pa) >= 5
        for pb in pieces_b
        if len(pb) >= 5
    )


def _without_role(name: str) -> str:
    """A person's name without the role nouns written before it ("Rapper Kato Velmir" → "Kato Velmir")."""
    words = name.split()
    while len(words) > 2 and words[0].lower().strip(".") in _ROLE_NOUNS | _TITLE_TOKENS:
        words = words[1:]
    return " ".join(words)


def _vote_speaker(group: Sequence[_Occurrence]) -> str | None:
    people = Counter(_without_role(o.speaker) for o in group if o.person and o.speaker)
    if people:
        return people.most_common(1)[0][0]
    others = Counter(o.speaker for o in group if o.speaker)
    return others.most_common(1)[0][0] if others else None
