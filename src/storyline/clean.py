"""Clean: raw documents → clean articles with title, date, site, author and what was removed.

Plain text (the common case: scraped pages saved as text) goes through a line
classifier in the spirit of jusText. Every non-empty line gets features (length,
sentence punctuation, stopword density in the body's language, position, cue words,
URL and date patterns, language, recurrence in the batch) and a first class:

* ``bad`` with a reason, when a cue says what it is (menu, subscribe box, related-posts
  heading, feed footer, image credit, byline, credits, disclaimer, foreign teaser ...);
* ``good`` for long sentence-like prose, ``neargood`` for medium prose, ``short`` else.

Then structure: an end-of-article marker (credits, disclaimer, feed footer, a
"Related Posts"/"Latest news"/comments heading) after the body cuts everything that
follows; a short run of name-like lines right after the body is a byline block; and
``short``/``neargood`` lines take the class of their neighbours (short lines between junk
are junk, between good paragraphs they are kept). A sentence inside the body is never
dropped for being short. Every removed line is kept as a `Removal` with its reason.

HTML goes through trafilatura with ``favor_precision`` (main text and metadata; the date
from trafilatura's htmldate call, or htmldate itself, both without "extensive search",
which guesses dates from anywhere on the page). Its text is then checked against the page's
visible lines, each tagged with the page region it sits in (navigation, footer, comments,
share tools, related lists ..., from element names, classes, ids and roles):

* words trafilatura cut out of a sentence (link texts) are given back (`_restore_cut_words`);
* body paragraphs it dropped are given back when they read as prose on their own: one or
  two inside the article, a run of two or more right after its last line, and the lead
  paragraph just above its first line (`_recover_dropped_paragraphs`);
* lines from related lists, footers, share bars, comments, ads and cookie boxes are dropped,
  unless that region holds most of the text (`_drop_boilerplate_regions`).

The result gets a lighter line pass: lines with an explicit cue (share buttons, paywall
notices, credits, comment forms, "Related" headings ...) are removed, but the choice of
blocks is otherwise trusted. What was left out of the page is recorded as ``html-*``
removals named after its region. If trafilatura finds nothing, the page's visible text is
cleaned as plain text. Measured in ``benchmarks/extraction.py``.

Metadata comes from the container first (JSONL fields, feed entries), then from the page:

* title: the first headline-like line of the text (not a menu word, not a sentence
  with a full stop unless the page repeats it), or trafilatura's title for HTML; a
  `` - CNN``-style suffix goes to ``site``;
* date (``date_source``): ``metadata``; ``text:date-marker`` (``date 2021-12-29``);
  ``text:dateline`` (a date line under the headline, ``Published: ...``, or an agency
  dateline ``TARNSK, 24 December 2025 (RVI) –``); ``text:feed-line`` (the feed
  timestamp ``December 30, 2021 at 12:19AM`` next to a feed footer); ``html``. Dates in
  lists of other articles and scrape stamps after the body are never used: no
  trustworthy date gives None;
* site: metadata, URL host, trafilatura's site name, title suffix, agency of the dateline;
* author: metadata, ``By ...`` lines, a name under the headline next to its date, or a
  name block right after the body.

Pages that are not articles: a platform's interface text (a post's location setting, embed boxes,
log-in prompts), a web archive's description of its crawl, an error page, a bot check, e-mail
verification, log-in or consent wall, a request for JavaScript are notices (removal reasons
``social-media-notice``, ``crawl-notice``, ``error-page``, ``access-notice``, ``browser-notice``).
Inside an article they are removed like other boilerplate. When nothing else is left, or less
than ``clean.min_body_chars`` and less than the notices, the page is skipped as ``not an article:
<what it is>`` (`_not_an_article`). A crawl description is often one long paragraph: it is
recognised by naming the archive together with two kinds of crawl terms.

`clean_batch` first counts the lines of all its documents: a line found in
``clean.batch_repeat_min`` documents is boilerplate (``batch-repeat``) unless it is a
sentence of an article body.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from .config import Config
from .errors import InputError
from .ingest import parse_date
from .language import UNDETERMINED, detect_language, line_language
from .records import Article, RawDocument, Removal, Skipped

__all__ = [
    "CleanContext",
    "build_context",
    "clean_batch",
    "clean_document",
    "content_hash",
    "split_site_suffix",
]

GOOD, NEARGOOD, SHORT, BAD = "good", "neargood", "short", "bad"

# --------------------------------------------------------------------------- thresholds
#: a line with at least this many characters, sentence punctuation and stopwords is body text.
GOOD_MIN_CHARS = 70
#: stopword density (share of words in the body language's stoplist) of body prose.
GOOD_MIN_STOPWORDS = 0.22
NEARGOOD_MIN_CHARS = 35
NEARGOOD_MIN_STOPWORDS = 0.15
#: a line must have this many letters before its own language is trusted.
FOREIGN_MIN_LETTERS = 30
FOREIGN_MIN_SCORE = 0.85
#: a line is a title candidate only when it is at most this long.
TITLE_MAX_CHARS = 150
#: ... and has at most this many words.
TITLE_MAX_WORDS = 25
#: the body language of scraped text is voted by at most this many of its longest lines.
LANGUAGE_VOTE_LINES = 40
#: end-of-article markers cut the tail only after this much body text.
CUT_MIN_BODY_CHARS = 150

# --------------------------------------------------------------------------- cues
_SPACE_RE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Zero-width space, word joiner, BOM and soft hyphen (not ZWJ/ZWNJ: they matter in Indic and Persian script).
_INVISIBLE_RE = re.compile("[\u200b\u2060\ufeff\u00ad]")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_TERMINAL_RE = re.compile(r"[.!?…。！？;][\"'”’»)\]]*\s*$|[\"”»]\s*$")
_FULL_STOP_RE = re.compile(r"[.!?…。！？][\"'”’»)\]]*\s*$")
_CJK_RE = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_ALNUM_RE = re.compile(r"[^\W_]")  # a letter or a digit of any script (what `str.isalnum` accepts)
_BULLET_RE = re.compile(r"^[\s•·●▪■◦*>|–—-]+")

#: words that make up menus; a short line made only of them is navigation.
_MENU_WORDS = frozenset(
    """
    search menu home skip to main content accessibility links link back top previous next prev breaking news
    sections section navigation nav close open toggle more all site sites logo login log in out sign up register
    account my edition language languages select watch live tv video videos podcast podcasts newsletter newsletters
    xs sm md lg xl print email e-mail share tweet facebook twitter x linkedin whatsapp telegram reddit pinterest
    instagram youtube rss feed copy comments comment follow us subscribe donate contact about privacy policy terms
    cookies cookie settings accept view show hide expand collapse gallery photos photo image images page pages
    go english français deutsch español русский العربية 中文 the and of a menü suche startseite buscar inicio
    recherche accueil cerca newsletter mail world local sport sports business opinion culture weather
    play google plus embed autoplay whatsapp messenger pocket flipboard
    """.split()
)
_LINE_CUES: list[tuple[str, re.Pattern[str]]] = [
    (
        "credits",
        re.compile(
            r"^\(?(?:with )?(?:additional )?(?:reporting|writing|editing|contributing)\s+(?:by|from)\b.{0,150}$|"
            r"^(?:compiled|edited|written|produced|reported|translated) by\b.{0,120}$|"
            r"\bcontributed (?:to this|reporting)\b.{0,60}$|^(?:mit material von|avec l'afp|con información de)\b|"
            # the sign-off of a wire story: editors' initials and the agency ("aja/PAP", "(dpa/jam)", "red/APA")
            r"^(?!(?:and/or|und/oder|et/ou|y/o|e/o|i/lub)$)\(?(?:[^\W\d_]{2,4}\s*/\s*)+[^\W\d_]{2,8}\)?\.?$",
            re.I,
        ),
    ),
    (
        "disclaimer",
        re.compile(
            r"^note:\s*this (?:article|story|post)|\bhas been indexed to\b|\bwe do not claim\b|"
            r"^(?:this (?:article|story|post) (?:was|has been|is) (?:originally |first )?"
            r"(?:published|posted|republished|syndicated))|^(?:the )?views expressed\b|^disclaimer\b|"
            r"\boriginally (?:appeared|published) (?:on|in|at)\b.{0,80}$|^our standards\b",
            re.I,
        ),
    ),
    (
        "navigation",
        re.compile(
            r"^(?:skip to (?:main )?(?:content|navigation)|accessibility links|back to top|previous\s*next|"
            r"site logo(?: site logo)*|toggle navigation|main menu|jump to|you are here:?|breadcrumb)\b",
            re.I,
        ),
    ),
    (
        "call-to-action",
        re.compile(
            r"^(?:subscribe|sign up|sign in|log in|register|join|get|download)\b.{0,80}"
            r"\b(?:newsletter|updates|alerts|inbox|app|free|now|today|here)\b|"
            r"^(?:share|share this|share on|share via|tweet|email this|print this|follow us|follow me|like us)\b"
            r".{0,60}$|\bclick (?:the |on )?(?:here|image|photo|picture|to)\b|\btap here\b|\bsign up for\b|"
            r"\bsubscribe (?:to|now|for|today)\b|"
            r"^(?:subscribe|donate|support us|become a (?:member|subscriber))\b.{0,40}$|"
            r"\bplease (?:consider )?(?:a donation|donating|donate|supporting us|support us|subscribing)\b|"
            r"\breader-funded\b|\bsupport (?:our|independent|local|quality) journalism\b|^(?:poll|quiz|survey)\s*:|"
            r"^(?:compartir|teilen|artikel teilen|partager|condividi|delen|udostępnij)\b.{0,40}$|"
            r"^sign up to (?:get|receive)\b|\bsign up here\b|^get\b.{0,80}\bby e-?mail\b|"
            r"\bsubmit (?:a|your) letter to the editor\b|^(?:\S+ ){0,3}newsletter\s*:?$|"
            # "Become a member and ...", in other languages too
            r"^(?:hazte|hágase|become|werde|werden sie|devenez|diventa|word|zostań)\s+(?:an? |un[ae]? )?"
            r"(?:miembro|socio|member|mitglied|membre|lid|członkiem)\b.{0,80}$|"
            # "Join our Telegram channel": an imperative, or the site's own channel
            r"(?:^|[.!?¿¡]\s*)(?:únete|join|tritt|folge|folgt|abonniere|suscríbete|rejoignez|iscriviti|dołącz)\b"
            r".{0,80}\b(?:telegram|whatsapp)\b|"
            r"\b(?:our|we have an?|unser(?:en|em)?|nuestro|tenemos|notre|nostro)\s+(?:(?:telegram|whatsapp)[- ]?"
            r"(?:channel|kanal|group|gruppe)|(?:canal|channel|kanal|chaîne|canale)\s+(?:de |on |auf |sur |su |en )?"
            r"(?:telegram|whatsapp))\b|\bcanal de (?:telegram|whatsapp)\b",
            re.I,
        ),
    ),
    (
        "paywall",
        re.compile(
            r"\b(?:subscribe|sign in|log in|register) to (?:continue|keep) reading\b|"
            r"\bthis (?:article|story|content) is (?:only )?(?:for|available to|reserved for) "
            r"(?:subscribers|members)\b|"
            r"^already a (?:subscriber|member)\b|\bsubscription options\b|\bcontinue reading with\b",
            re.I,
        ),
    ),
    (
        "advertisement",
        re.compile(
            r"^(?:advertisement|advertising|sponsored(?: content| links?| stories)?|ad|ads|paid (?:content|post)|"
            r"promoted(?: content)?|anzeige|publicité|publicidad|pubblicità|реклама)\s*:?$|\badblock\b",
            re.I,
        ),
    ),
    (
        "ad-disclosure",
        re.compile(
            r"^\W*(?:werbung|anzeige|advertorial|sponsored|publicidad|publicité)\s*[.,:|–-]\s*\S|"
            r"\b(?:enthält|beinhaltet) (?:\w+ )?(?:werbung|affiliate[- ]links?)\b|"
            r"\bcontains (?:\w+ )?(?:affiliate links?|references to products)\b",
            re.I,
        ),
    ),
    ("cookie-banner", re.compile(r"^(?:we|this (?:site|website)|our (?:site|website)) uses? cookies\b", re.I)),
    (
        "cookie-notice",
        re.compile(
            r"\bcookies?\b.{0,80}\b(?:accept|consent|use|policy|settings|agree)\b|"
            # the placeholder of an embedded post or video that loads only after consent
            r"\b(?:ohne (?:dein|ihr|euer)e?s? (?:einverständnis|einwilligung|zustimmung)|"
            r"without your (?:consent|permission)|sans votre consentement|sin (?:su|tu) consentimiento|"
            r"senza il (?:tuo|suo) consenso)\b.{0,80}"
            r"\b(?:verbindung|verbunden|geladen|laden|angezeigt|connect\w*|load\w*|display\w*|conne\w+|carga\w*|"
            r"caric\w+)\b",
            re.I,
        ),
    ),
    (
        # "© Getty Images", "©iStock": a photo credit (no year, no rights reserved), not the site's copyright
        # notice, so it does not end the article
        "image-credit",
        re.compile(
            r"^(?:©|\(c\))\s*(?!.*\b(?:rights|reserved|rechte|droits|derechos|diritti|direitos|prawa)\b)"
            r"[^\W\d_][^\d©]{0,40}$",
            re.I,
        ),
    ),
    (
        "copyright",
        re.compile(
            r"\ball rights reserved\b|^(?:copyright|©|\(c\))\s*(?:©\s*)?\d{4}|^©|\bcopyright ©|^copyright\b.{0,60}$",
            re.I,
        ),
    ),
    ("tags", re.compile(r"^(?:tags?|topics?|categories|category|filed under|keywords|schlagwörter)\s*:", re.I)),
    (
        "comments",
        re.compile(
            r"^\d+\s+(?:comments?|responses?|replies|reactions)\b|^(?:leave|post|add|write|show|view|load)\s+"
            r"(?:a |the |all )?(?:comments?|reply|replies)\b|^comments?\s*(?:\(\d+\))?:?$|"
            r"^\d+\s+responses?\s+to\b|^(?:join|start) the (?:conversation|discussion)\b|"
            r"\byour email address will not be published\b|\brequired fields are marked\b|"
            r"^notify me of (?:new|follow-up)|\bthis site uses akismet\b|^be the first to comment\b|"
            r"^no comments yet\b|(?:deine|ihre) e-mail-adresse wird nicht veröffentlicht|"
            r"^erforderliche felder sind mit\b|^benachrichtige mich\b|\bdiese website verwendet akismet\b|"
            r"^es gibt noch keine kommentare\b|votre adresse (?:e-mail|de messagerie|email) ne sera pas publiée|"
            r"tu (?:dirección de )?correo electrónico no será publicad[oa]|"
            r"il tuo indirizzo email non sarà pubblicato|^i campi obbligatori sono contrassegnati",
            re.I,
        ),
    ),
    (
        "feed-footer",
        re.compile(
            r"-\s*google news\s*$|^https?://(?:ift\.tt|feedproxy\.google\.com|news\.google\.com)/|"
            r"^powered by \w+\.?$|^bagikan berita ini$|^(?:index of news|source link|original source|via)\s*:?$|"
            r"^(?:this (?:post|entry) was posted in|posted in|posted by)\b.{0,80}$|"
            r"^the post .{3,200} appeared first on .{2,80}$",
            re.I,
        ),
    ),
    (
        # "JavaScript is disabled", "switch to a supported browser": the page asks for another browser
        "browser-notice",
        re.compile(
            r"\b(?:enable|turn on|activate|allow) javascript\b|\byour browser (?:does not|doesn't|doesn’t) support\b|"
            r"\bjavascript (?:is |has been |seems to be |appears to be )?(?:disabled|turned off|switched off|"
            r"not (?:enabled|available|supported)|required|must be enabled)\b|\b(?:requires?|needs?) javascript\b|"
            r"\bplease (?:enable|turn on|allow) cookies\b|\bcookies (?:are|have been) (?:disabled|blocked)\b|"
            r"\b(?:switch|upgrade|update) to a (?:newer|modern|supported|different) (?:web )?browser\b|"
            r"\b(?:your )?browser (?:version )?is (?:no longer supported|not supported|outdated|out of date)\b|"
            r"\b(?:aktivieren sie|aktiviere) javascript\b|\bjavascript (?:ist )?deaktiviert\b|"
            r"\bactive[zr]? (?:le )?javascript\b|\bjavascript est désactivé\b|"
            r"\b(?:habilita|activa) (?:el )?javascript\b|"
            r"\bjavascript está desactivado\b|\b(?:abilita|attiva) javascript\b|\bjavascript è disabilitato\b",
            re.I,
        ),
    ),
    (
        "video-embed",
        re.compile(r"^(?:just watched|must watch)\b|\bautoplay\b|\bcopy this code to your\b|^embed\b.{0,120}$", re.I),
    ),
    (
        "related-link",
        re.compile(
            r"^(?:related|see also|also read|read also|also see|more|watch|listen|recommended|"
            r"lea(?: también| además| más)?|lee también|mira|ver también|leia também|veja também|"
            r"lesen sie (?:auch|mehr|hier)|auch lesen|lies auch|siehe auch|lire aussi|"
            r"à lire aussi|voir aussi|leggi anche|vedi anche|zobacz (?:też|także)|czytaj (?:też|także|więcej)|"
            r"lees ook)\s*:\s*\S.{0,150}$",
            re.I,
        ),
    ),
    (
        "read-more",
        re.compile(
            r"^(?:read|see|view|watch) (?:more|also|next|the full (?:story|article))\b.{0,80}$|"
            r"^(?:continue reading|read full (?:story|article)|more\s*»|weiterlesen|lire la suite|leer más|"
            r"leggi (?:anche|tutto))\b.{0,80}$",
            re.I,
        ),
    ),
    (
        "image-caption",
        re.compile(
            r"\((?:left|right|centre|center|top|bottom|front|back|l|r|c|l-r|file|file photo|combo photo|photo|"
            r"pictured|archive|archive photo|illustration|screenshot|screengrab)\)|"
            r"^(?:image|photo|picture|foto|bild|illustration|video|media)\s*(?:caption|credit|copyright|source)?\s*:|"
            r"^(?:crédits? photos?|photo credits?|credits?|beitragsbild|titelbild|bildquelle)\s*:|"
            r"^\((?:photo )?credits?:[^)]{1,100}\)$|"
            r"^(?:image|media) (?:caption|copyright|source)\b|[/|(]\s*(?:getty images|shutterstock|istock|"
            r"ap photo|afp|reuters|epa|xinhua|anadolu|sipa)\b[^.]{0,40}$|\b\d{1,2}x\d{1,2}\s+image\b|"
            r"\bthumbnail\s*$|\b(?:photograph|photo|picture): |"
            r"\b(?:ap|afp|reuters|epa|getty|xinhua) (?:photo|images)\b|/getty\b|\bfile photo\b|^file\s*[-–—]|"
            # a numbered figure caption: "Figure 4: ...", "Abb. 2 – ...", "Rysunek 3. ..."
            r"^(?:figure|fig\.|abbildung|abb\.|grafik|figura|rysunek|rys\.|afbeelding|kuva)\s*\d{1,3}[a-z]?\s*[:.–—-]\s",
            re.I,
        ),
    ),
    # The notices below are what a page says when it is not an article: a social platform's interface, a web
    # archive's crawl description, an error page, a login, verification or consent wall. On their own they make a
    # page "not an article" (`_not_an_article`); inside an article they are boilerplate.
    (
        "social-media-notice",
        re.compile(
            # the location setting of a post: "Tweet with a location", "add location information to your Tweets"
            r"^(?:tweet|post) with (?:a|your) location\b|\blocation\b.{0,60}\byour tweets?\b|"
            r"\byour tweets?\b.{0,60}\blocation\b|\btweet location history\b|"
            r"\b(?:standort\w*|localisation|ubicación|localizzazione|posizione)\b.{0,60}"
            r"\b(?:deine[nm]?|ihre[nm]?|vos|tus|sus|i tuoi) tweets?\b|"
            r"\b(?:deine[nm]?|ihre[nm]?|vos|tus|sus|i tuoi) tweets?\b.{0,60}"
            r"\b(?:standort\w*|localisation|ubicación|localizzazione|posizione)\b|"
            # the embed box and the log-in prompts of a platform
            r"\b(?:add|embed) this (?:tweet|post|video|photo|status)\b.{0,60}\b(?:website|site|blog|code)\b|"
            r"\bby copying the code below\b|"
            r"^see more (?:of|from) .{1,80} on (?:facebook|instagram|twitter|x|tiktok|linkedin)\.?$|"
            r"^(?:log in|sign in|sign up|create an account|join)\b.{0,40}"
            r"\b(?:facebook|instagram|twitter|tiktok|linkedin|pinterest|reddit)\b.{0,80}$|"
            r"^(?:new to (?:twitter|x)\b|don(?:'|’)t miss what(?:'|’)s happening|never miss a (?:tweet|post|moment)|"
            r"people on (?:twitter|x) are the first to know)|"
            r"\bthis account(?:'|’)s (?:tweets|posts) are protected\b|\bonly (?:approved|confirmed) followers\b|"
            r"\b(?:twitter|x|instagram|facebook) (?:is|may be) "
            r"(?:over capacity|experiencing a (?:momentary )?hiccup)\b|"
            r"^(?:this|the) (?:tweet|post|account|profile|video|content|page) (?:is unavailable|"
            r"(?:is not|isn(?:'|’)t) available(?: right now| at the moment| in your country)?)\b",
            re.I,
        ),
    ),
    (
        "crawl-notice",
        re.compile(
            # a web archive describing its own crawl ("this crawl", "the seed for ...", its WARC files); news
            # that reports on an archive ("the Internet Archive's crawlers ...") speaks of it, not as it
            r"\b(?:this|these) (?:crawls?|web captures?|web collections?)\b|"
            r"^the seed(?: list)? (?:for|of)\b.{0,60}\b(?:was|is|were|are)\b|\bwarc (?:files?|records?)\b",
            re.I,
        ),
    ),
    (
        "error-page",
        re.compile(
            r"^(?:(?:error|fehler|erreur|errore|erro|http)\s*[:#-]?\s*)?(?:400|401|403|404|410|500|502|503|504)\s*"
            r"[:.–—-]?\s*(?:page )?(?:not found|forbidden|unauthori[sz]ed|gone|internal server error|bad gateway|"
            r"service (?:temporarily )?unavailable|gateway time-?out|error|nicht gefunden|introuvable|"
            r"no encontrad[ao]|non trovat[ao]|não encontrad[ao])\b|"
            r"^(?:error|fehler|erreur|errore|erro)\s*[:#-]?\s*(?:400|401|403|404|410|500|502|503|504)\b|"
            r"^(?:(?:we(?:'|’)re |we are )?sorry|oops|whoops|uh-oh|hmm)?[\s,.!:…-]*(?:but )?(?:this|the|that) "
            r"(?:page|url|link|article|story|video|content|item|resource) (?:you (?:were |are )?(?:looking for|"
            r"requested|tried to (?:reach|access|open|visit)) )?(?:could not|cannot|can(?:'|’)t|couldn(?:'|’)t|"
            r"was not|wasn(?:'|’)t|is not|isn(?:'|’)t|does not|doesn(?:'|’)t|no longer) (?:be )?(?:found|exists?|"
            r"available|be displayed)\b|"
            r"^(?:page|seite|página|pagina|pagina web) (?:not found|nicht gefunden|no encontrada|non trovata|"
            r"introuvable|niet gevonden|não encontrada)\b|"
            r"^something went wrong\W*(?:$|(?:please )?(?:try|reload|refresh|let(?:'|’)s))|"
            r"^(?:an (?:unexpected |unknown )?error (?:has )?occurred|there (?:was|has been) an error|"
            r"es ist ein fehler aufgetreten|une erreur (?:s(?:'|’)est produite|est survenue)|"
            r"se ha producido un error|ha ocurrido un error|si è verificato un errore)\b|"
            r"\b(?:please )?try again (?:later|in a (?:few|little) (?:minutes?|moments?|while))\b|"
            r"\bthis feature is (?:not (?:currently )?available|(?:currently |temporarily )?unavailable)\b|"
            r"\bthe requested url\b.{0,100}\bwas not found on this server\b|"
            r"\byou don(?:'|’)t have permission to access\b|"
            r"^(?:internal server error|bad gateway|service (?:temporarily )?unavailable|gateway time-?out|"
            r"access denied|forbidden)\W*$",
            re.I,
        ),
    ),
    (
        "access-notice",
        re.compile(
            # bot checks, e-mail verification, log-in walls and consent walls
            r"\b(?:verify|confirm|prove) (?:that )?you(?:(?:'|’)re| are) (?:a )?(?:human|not a (?:robot|bot))\b|"
            r"^are you a (?:robot|human)\??$|^(?:please )?(?:complete|solve|pass) the (?:security check|captcha)\b|"
            r"\bchecking (?:if the site connection is secure|your browser before accessing)\b|"
            r"\bunusual traffic from your (?:computer )?network\b|"
            r"\bwe(?:(?:'|’)ve| have)? sent (?:you )?(?:a|an) (?:verification|confirmation|activation) "
            r"(?:e-?mail|link|code|message)\b|"
            r"\bclick (?:on )?the link\b.{0,40}\bto (?:activate|verify|confirm) your (?:account|profile|e-?mail|"
            r"registration|subscription)\b|\bcheck your (?:spam|junk)(?: or (?:spam|junk))? (?:folder|mail)\b|"
            r"^(?:you must|you need to|please) (?:be )?(?:log(?:ged)? ?in|sign(?:ed)? ?in|register(?:ed)?)(?: first)?"
            r"(?: (?:to|in order to) (?:continue|comment|view|read|see|access|post|vote|download|use)\b.{0,80})?\W*$|"
            r"^(?:log ?in|sign ?in) (?:to|for) (?:continue|view|see|read|comment|access|your account)\b|"
            r"^(?:we value your privacy|we care about your privacy|your privacy (?:choices|settings|matters)|"
            r"manage (?:your )?(?:cookie |privacy |consent )?(?:preferences|settings|choices))\b|"
            r"^before you continue(?: to [^.]{1,40})?\W*$|"
            r"\bwe and our (?:\d+ )?(?:partners|vendors)\b.{0,120}\b(?:store|access|use|process|cookies|data)\b|"
            r"\b(?:wir und unsere|nous et nos|nosotros y nuestros|noi e i nostri) (?:\d+ )?"
            r"(?:partner|partenaires|socios)\b",
            re.I,
        ),
    ),
]
#: cues that are only trusted after the body (author boxes look like prose).
_AUTHOR_BOX_RE = re.compile(
    r"\b(?:journalists|reporters|correspondents) (?:report|cover|work)\b|^about the (?:author|writer)\b|"
    r"\bis an? (?:senior |staff |freelance |contributing |chief |former |political |foreign )?"
    r"(?:reporter|correspondent|journalist|writer|editor|contributor|columnist)\b|"
    r"\bfollow (?:him|her|them|me) on\b|\bfolgt? mir\b",
    re.I,
)
#: standalone headings that open a list of other articles, comments or links.
_SECTION_HEADING_RE = re.compile(
    r"^(?:related(?: posts?| stories| articles?| content| coverage| news| links| reading| topics)?|"
    r"similar (?:posts?|stories|articles?)|(?:you )?(?:may|might) (?:also )?(?:like|enjoy|be interested(?: in)?)|"
    r"recommended(?: for you| stories| articles| reading)?|more (?:stories|news|articles|from|on|in|to read|"
    r"like this|headlines)\b.{0,40}|latest(?: news| stories| posts| articles| headlines| updates)?|"
    r"(?:most )?(?:popular|read|viewed|shared|commented)(?: stories| articles| now| today| this week)?|"
    r"most (?:popular|read|viewed|shared)\b.{0,20}|trending(?: now| stories| topics)?|top stories|"
    r"editor'?s picks|what to read next|read next|also read|see also|further reading|around the web|"
    r"from (?:our|the) (?:partners|web)|(?:leave a |post a |add a )?(?:comments?|reply)|"
    r"index of news|don'?t miss|(?:preview of the )?(?:next|previous) (?:article|post|story)|"
    r"(?:vorschau auf den )?(?:nächsten?|vorherigen?) (?:artikel|beitrag)|(?:article|billet) (?:suivant|précédent)|"
    r"(?:artículo|entrada) (?:siguiente|anterior)|articolo (?:successivo|precedente)|"
    r"(?:następny|poprzedni) (?:artykuł|wpis)|(?:volgend|vorig) (?:artikel|bericht)|weitere artikel|"
    r"mehr zum thema(?: (?:auf|bei) .{1,40})?|lesen sie auch|à lire aussi|"
    r"sur le même sujet|te puede interesar|noticias relacionadas|potrebbe interessarti|noch mehr news|"
    r"(?:beliebte|ähnliche|verwandte|weitere) (?:beiträge|artikel|themen)(?: zum thema)?|"
    r"das(?: thema)? könnte (?:dich|sie|euch) auch interessieren|schon gelesen\?|beiträge aus dem forum|"
    r"top-themen(?: (?:bei|auf|von) .{1,40})?|meist(?:-| )?(?:gelesen|diskutiert|kommentiert|geklickt)|"
    r"articles? similaires|articles? liés|artículos relacionados|"
    r"articoli correlati|podobne artykuły|gerelateerde artikelen|vos réactions|"
    r"(?:hinterlasse|hinterlassen sie|schreibe|schreiben sie) (?:einen kommentar|eine antwort)|"
    r"laisser un commentaire|laisser une réponse|deja un comentario|deja una respuesta|lascia un commento|"
    r"lascia una risposta|\d+ (?:antworten|kommentare|commentaires|comentarios|commenti|reacties|komentarz[ey]?)"
    r"(?: zu| to| sur| en| a| op)?\b.{0,80})\s*:?$",
    re.I,
)
#: a heading glued to the first item of its list ("Latest newsSerbia's ...").
_INNER_SENTENCE_RE = re.compile(r"[a-z0-9][.][\"'”’]?\s+[A-Z]")  # "?" inside headlines is common
#: the line above a reader's comment: "jane42 says:", "Jane Doe on September 12, 2018 at 4:47 pm said:".
_COMMENTER_RE = re.compile(
    r"^\S.{0,80}?\s(?:says|said|wrote|schreibt|sagt|meint|dice|dit|écrit|scrive|schreef|napisał)\s*:\s*$", re.I
)
#: cues that only count on lines up to this long; longer lines are prose that mentions the cue word.
_CUE_MAX_CHARS = {"call-to-action": 200, "paywall": 200, "image-caption": 300, "cookie-notice": 300, "read-more": 120,
                  "image-credit": 45, "related-link": 200, "credits": 250, "video-embed": 400, "cookie-banner": 800,
                  "ad-disclosure": 300, "browser-notice": 300, "social-media-notice": 300, "crawl-notice": 300,
                  "error-page": 200, "access-notice": 300}  # fmt: skip
_TEASER_END_RE = re.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*$")
_GLUED_HEADING_RE = re.compile(r"^(?:latest news|related posts|related stories|similar posts|most read)(?=[A-Z0-9])")
_SECTION_REASONS = (
    (re.compile(r"latest|top stories|index of news|headlines|trending|popular|most", re.I), "latest-news-list"),
    (
        re.compile(
            r"comment|reply|discussion|kommentar|antwort|réponse|réaction|comentario|respuesta|commento|"
            r"risposta|komentarz|reacties",
            re.I,
        ),
        "comments",
    ),  # fmt: skip
)
_BYLINE_RE = re.compile(
    r"^(?:by|written by|words by|story by|text by|von|par|por|di|door|av|af|autor(?:in)?:|author:)\s+"
    r"(?P<name>[^\W\d_][\w.'’-]*(?:\s+(?:[^\W\d_][\w.'’-]*|and|&|und|et|y|e))*?)"
    r"(?P<rest>\s*(?:[,|•·—–]|\s-\s|\s+(?:updated|published|posted)\b).*)?$",
    re.I,
)
_FEED_LINE_RE = re.compile(
    r"^(?P<date>(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2},\s+\d{4})\s+at\s+\d{1,2}:\d{2}\s*[AP]M$",
    re.I,
)
_DATE_MARKER_RE = re.compile(r"^\W*date\s*[:=]?\s*(\d{4}-\d{1,2}-\d{1,2})\b", re.I)
_DATE_PREFIX_RE = re.compile(
    r"^(?:published|updated|posted|last updated|date|created|publié|mis à jour|veröffentlicht|aktualisiert|"
    r"publicado|actualizado|pubblicato)(?:\s+(?:on|at|am|le|el|il))?\s*[:\-–]?\s*",
    re.I,
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = [
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(rf"\b(?P<mon>{_MONTH_ALT})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[\s.\-/]+(?P<mon>{_MONTH_ALT})\.?[\s.\-/,]+(?P<y>\d{{4}})\b", re.I),
    re.compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})\b"),
]
_DATE_NOISE_RE = re.compile(
    rf"(?:{_MONTH_ALT})\.?|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b(?:at|on|am|pm|a\.m\.|p\.m\.|gmt|utc|"
    r"et|edt|est|cet|cest|bst|pt|pst|updated|published|posted|last|date|time|le|el|il|am|um|uhr)\b|[\d\W_]+",
    re.I,
)
_KNOWN_AGENCIES = r"CNN|AP|AFP|Reuters|Bloomberg|dpa|ANSA|EFE|UPI|Xinhua|TASS|Interfax|IANS|PTI|BBC|NPR|RFE/RL"
_DATELINE_END = r"(?:\s*[.:]?\s*[-—–]+\s*|\s*(?=[A-Z\"“]))"  # "(AP) — ", "(EFE).- ", "(CNN)President"
# "June 10 ", "Dec. 29, 2021 ", "24 December 2025 ", "30 dic. " (any language's month word after a day)
_DATELINE_DATE = r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\.?\s+[^\W\d_]{3,10}\.?(?:,?\s+\d{4})?),?\s+"
_AGENCY_DATELINE_RE = re.compile(
    # "(CNN)", "London (CNN) -- ", "ST. JOSEPH, Mich. (AP) — ", "LAS VEGAS, June 10 (UPI) --"
    rf"^(?:[A-Z][A-Za-z .'’-]{{1,40}}(?:,\s*[A-Z][A-Za-z.'’ -]{{1,25}})?,?\s+(?:{_DATELINE_DATE})?)?"
    rf"\((?:{_KNOWN_AGENCIES})\){_DATELINE_END}"
    # any agency name, but only after an all-capitals place name: "TARNSK, 24 December 2025 (RVI) – "
    rf"|^[A-Z][A-Z .'’-]{{1,40}},?\s+(?:{_DATELINE_DATE})?\([A-Z][A-Za-z]{{1,15}}\){_DATELINE_END}"
    # or glued to the first word, as scraped pages print it: "(LT)Crews on the ferry ..."
    r"|^\([A-Z]{2,6}\)(?=[A-Z][a-z])"
)
_TITLE_SUFFIX_RE = re.compile(r"^(?P<title>.{12,}?)\s+(?P<sep>[-|–—:]{1,2}|::)\s+(?P<site>[^-|–—]{2,40})$")
_TITLE_SUFFIX_NOT_SITE = frozenset(
    "live update updates video videos photos photo analysis opinion report explainer interview review "
    "podcast watch listen transcript timeline".split()
)
_JUSTEXT_LANGUAGES = {
    "af": "Afrikaans", "sq": "Albanian", "ar": "Arabic", "hy": "Armenian", "az": "Azerbaijani", "eu": "Basque",
    "be": "Belarusian", "bn": "Bengali", "bs": "Bosnian", "br": "Breton", "bg": "Bulgarian", "ca": "Catalan",
    "hr": "Croatian", "cs": "Czech", "da": "Danish", "nl": "Dutch", "en": "English", "eo": "Esperanto",
    "et": "Estonian", "fi": "Finnish", "fr": "French", "gl": "Galician", "ka": "Georgian", "de": "German",
    "el": "Greek", "gu": "Gujarati", "ht": "Haitian", "he": "Hebrew", "hi": "Hindi", "hu": "Hungarian",
    "is": "Icelandic", "id": "Indonesian", "ga": "Irish", "it": "Italian", "jv": "Javanese", "kn": "Kannada",
    "kk": "Kazakh", "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz", "la": "Latin", "lv": "Latvian",
    "lt": "Lithuanian", "lb": "Luxembourgish", "mk": "Macedonian", "ms": "Malay", "ml": "Malayalam",
    "mt": "Maltese", "mr": "Marathi", "ne": "Nepali", "nb": "Norwegian_Bokmal", "no": "Norwegian_Bokmal",
    "nn": "Norwegian_Nynorsk", "oc": "Occitan", "fa": "Persian", "pl": "Polish", "pt": "Portuguese",
    "qu": "Quechua", "ro": "Romanian", "ru": "Russian", "sr": "Serbian", "sk": "Slovak", "sl": "Slovenian",
    "es": "Spanish", "su": "Sundanese", "sw": "Swahili", "sv": "Swedish", "tl": "Tagalog", "ta": "Tamil",
    "te": "Telugu", "tr": "Turkish", "tk": "Turkmen", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek",
    "vi": "Vietnamese", "cy": "Welsh", "fy": "West_Frisian", "yo": "Yoruba",
}  # fmt: skip


# --------------------------------------------------------------------------- batch context


@functools.lru_cache(maxsize=64)
def _load_stoplist(language: str) -> frozenset[str] | None:
    """jusText's stoplist of an ISO 639-1 language, lower-cased (memoised: a fixed file of the package)."""
    name = _JUSTEXT_LANGUAGES.get(language)
    if not name:
        return None
    import justext

    try:
        return frozenset(w.lower() for w in justext.get_stoplist(name))
    except (ValueError, OSError):
        return None


class _Stoplists:
    """jusText's stoplists, loaded on demand (`_load_stoplist`)."""

    def get(self, language: str) -> frozenset[str] | None:
        return _load_stoplist(language)


@dataclass
class CleanContext:
    """What `clean_batch` knows about the whole batch while it cleans one document.

    Attributes:
        line_docs: normalised line → number of documents of the batch that contain it.
        repeat_min: a line in at least this many documents is boilerplate
            (``clean.batch_repeat_min``).
    """

    line_docs: Mapping[str, int] = field(default_factory=dict)
    repeat_min: int = 3
    stoplists: _Stoplists = field(default_factory=_Stoplists, repr=False)
    #: visible lines of the batch's HTML pages, keyed by page content, so each page is parsed once.
    visible: dict[str, list[tuple[str, str]]] = field(default_factory=dict, repr=False)

    def visible_lines(self, html: str) -> list[tuple[str, str]]:
        """The page's visible lines with their regions (`_visible_lines`), computed once per page."""
        lines = self.visible.get(html)
        if lines is None:
            lines = self.visible[html] = _visible_lines(html)
        return lines

    def recurs(self, line: str) -> bool:
        """True when ``line`` appears in at least `repeat_min` documents of the batch."""
        return self.repeat_min > 1 and self.line_docs.get(_line_key(line), 0) >= self.repeat_min


def build_context(docs: Sequence[RawDocument], config: Config) -> CleanContext:
    """Count, for every line, how many documents of the batch contain it.

    Args:
        docs: the raw documents of the batch.
        config: uses ``clean.batch_repeat_min``.

    Returns:
        The context to pass to `clean_document` for each document.
    """
    counts: Counter[str] = Counter()
    visible: dict[str, list[tuple[str, str]]] = {}
    for doc in docs:
        if doc.kind == "html":
            page = visible[doc.content] = _visible_lines(doc.content)
            lines: Iterable[str] = (text for text, _ in page)
        else:
            lines = doc.content.splitlines()
        keys = {_line_key(line) for line in lines}
        keys.discard("")
        counts.update(keys)
    repeated = {key: n for key, n in counts.items() if n > 1}
    return CleanContext(line_docs=repeated, repeat_min=int(config.clean.batch_repeat_min), visible=visible)


# --------------------------------------------------------------------------- public API


def content_hash(doc: RawDocument) -> str:
    """SHA-256 of the raw content, as hex: the key that makes re-runs incremental."""
    return hashlib.sha256(doc.content.encode("utf-8", "surrogatepass")).hexdigest()


def clean_batch(
    docs: Sequence[RawDocument], config: Config, context: CleanContext | None = None
) -> list[Article | Skipped]:
    """Clean a batch of raw documents, using what recurs across the batch.

    Args:
        docs: raw documents from `storyline.ingest.iter_inputs`.
        config: uses the ``[clean]`` and ``[language]`` sections and ``ingest.error_policy``.
        context: what recurs across a larger batch (`build_context`); by default built from ``docs``.

    Returns:
        One `Article` per document, in order, or a `Skipped` (id and reason) for a document
        that is too short after cleaning, is not an article (only a platform, archive, error,
        consent or paywall notice) or could not be cleaned. With
        ``ingest.error_policy = "suppress"`` those are left out.

    Raises:
        InputError: with ``ingest.error_policy = "raise"``, for the first document that
            cannot be cleaned.
    """
    policy = config.ingest.error_policy
    context = context or build_context(docs, config)
    results: list[Article | Skipped] = []
    for doc in docs:
        try:
            results.append(clean_document(doc, config, context))
        except InputError as exc:
            if policy == "raise":
                raise
            if policy == "catch":
                results.append(Skipped(doc.id, exc.reason))
        except Exception as exc:  # a library failing on one odd page must not stop the batch
            if policy == "raise":
                raise InputError(doc.id, f"cleaning failed: {exc!r}", hint="report this input as a bug") from exc
            if policy == "catch":
                results.append(Skipped(doc.id, f"cleaning failed: {type(exc).__name__}: {exc}"))
    return results


def clean_document(doc: RawDocument, config: Config, context: CleanContext | None = None) -> Article:
    """Clean one raw document.

    Args:
        doc: the raw document (plain text or HTML).
        config: uses ``clean.min_body_chars`` and ``language.min_chars``.
        context: batch knowledge from `build_context` (lines that recur across the batch);
            None cleans the document on its own.

    Returns:
        The clean article: title, body paragraphs joined by blank lines, publication date
        and where it came from, site, author, language, and every removal with its reason.

    Raises:
        InputError: the clean body is shorter than ``clean.min_body_chars`` (lower that
            setting to keep very short articles), or the page is not an article: its text is
            only a platform, web archive, error, consent or paywall notice.
    """
    context = context or CleanContext(repeat_min=int(config.clean.batch_repeat_min))
    original = doc
    content, repair = repair_encoding(doc.content)
    if repair is not None:
        doc = replace(doc, content=content)
    if doc.kind == "html":
        result = _clean_html(doc, config, context)
    else:
        result = _clean_text(doc.content, doc, config, context)
    if repair is not None:
        result.removed.insert(0, repair)
    text = "\n\n".join(result.paragraphs)
    minimum = int(config.clean.min_body_chars)
    notice = _not_an_article(result.paragraphs, result.removed, minimum)
    if notice is not None:
        raise InputError(
            doc.id,
            f"not an article: {notice}",
            hint="the page holds no article text; save the article itself (not a platform, archive or error page)",
        )
    if len(text) < minimum:
        raise InputError(
            doc.id,
            f"clean body has {len(text)} characters, fewer than clean.min_body_chars={minimum}",
            hint="lower clean.min_body_chars to keep very short articles",
        )
    site = result.site
    title = result.title or _fallback_title(text)
    return Article(
        id=doc.id,
        source=doc.source,
        title=title,
        text=text,
        published=result.published,
        date_source=result.date_source if result.published else None,
        language=detect_language(text, config),
        site=site,
        author=result.author,
        removed=tuple(result.removed),
        content_hash=content_hash(original),
    )


# UTF-8 text read as cp1252 or Latin-1 somewhere upstream ("â€œ" for “, "Ã©" for é, "Â " for a no-break space):
# a lead byte's character followed by a continuation byte's. A cheap test before ftfy is asked to repair it.
_MOJIBAKE_RE = re.compile(
    "[\u00c2-\u00c5\u00d0\u00d1\u00e2]"
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
    "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]+"
)


def repair_encoding(text: str) -> tuple[str, Removal | None]:
    """Repair text that was decoded with the wrong character set before it reached us (mojibake).

    Scraped pages are often saved after a UTF-8 page was read as cp1252: ``â€œ`` stands for ``“`` and
    ``Ã©`` for ``é``; quotes, names and dashes then go unrecognised downstream. `ftfy` undoes such
    mis-decodings and leaves correct text alone; it is only asked when the telltale pairs occur.

    Args:
        text: raw text or HTML.

    Returns:
        The repaired text, and a record of the repair for the article's removals (reason
        ``encoding-repaired``: how many mis-decoded sequences, with an example), or None when nothing changed.
    """
    found = _MOJIBAKE_RE.findall(text)
    if not found:
        return text, None
    import ftfy  # only for the rare page that needs it

    fixed = ftfy.fix_encoding(text)
    if fixed == text:
        return text, None
    example = found[0]
    note = f"{len(found)} mis-decoded character sequences repaired, e.g. {example!r} -> {ftfy.fix_encoding(example)!r}"
    return fixed, Removal(note, "encoding-repaired")


#: what a page is when its text is nothing but notices of one of these removal reasons.
_NOTICE_PAGES = {
    "social-media-notice": "social-media interface text",
    "crawl-notice": "web archive crawl notice",
    "error-page": "error page",
    "access-notice": "login, verification or consent page",
    "cookie-banner": "login, verification or consent page",
    "cookie-notice": "login, verification or consent page",
    "browser-notice": "browser notice (JavaScript, cookies or a supported browser required)",
    "paywall": "paywall notice",
}
# A web archive describes a crawl in long prose that the line cues leave alone (a paragraph that merely
# mentions the Wayback Machine is prose); such a paragraph names the archive and several crawl terms.
_ARCHIVE_NAME_RE = re.compile(r"\b(?:wayback machine|internet archive|archive-it|common crawl|heritrix|warc)\b", re.I)
_CRAWL_TERMS_RE = re.compile(
    r"\b(?:(?P<crawl>crawl(?:s|ed|ing|er|ers)?)|(?P<seed>seeds?|seed list|seed urls?)|"
    r"(?P<web>web (?:captures?|collections?|archives?|archiving))|(?P<archived>archived? (?:pages|copies|versions))|"
    r"(?P<embargo>embargo(?: period)?)|(?P<broken>broken links?)|(?P<harvest>harvest(?:ed|ing)?))\b",
    re.I,
)


_NOTICE_CUES = [(reason, pattern) for reason, pattern in _LINE_CUES if reason in _NOTICE_PAGES]


def _notice_label(line: str) -> str | None:
    """What a removed line is a notice of, when an earlier cue removed it for another reason.

    ("See more of Jane Doe on Facebook" goes as a "read-more" line; it is still a platform notice.)
    """
    for reason, pattern in _NOTICE_CUES:
        if len(line) <= _CUE_MAX_CHARS.get(reason, 10_000) and pattern.search(line):
            return _NOTICE_PAGES[reason]
    return None


def _is_crawl_notice(paragraph: str) -> bool:
    """A web archive's description of its crawl: names the archive and uses two kinds of crawl terms."""
    if not _ARCHIVE_NAME_RE.search(paragraph):
        return False
    kinds = {m.lastgroup for m in _CRAWL_TERMS_RE.finditer(paragraph)}
    return len(kinds) >= 2


def _not_an_article(paragraphs: Sequence[str], removed: Sequence[Removal], minimum: int) -> str | None:
    """What the page is, when its text is only a platform, archive, error or consent notice; else None.

    Notices are the removed lines that a `_NOTICE_PAGES` cue matches and the kept paragraphs that
    read as a crawl notice. The page is not an article when the rest of its text is empty, or
    shorter than ``minimum`` and no longer than the notices; a short text beside a shorter notice
    is left to the length check ("clean body has N characters").
    """
    notices: Counter[str] = Counter()
    for removal in removed:
        label = _NOTICE_PAGES.get(removal.reason) or _notice_label(removal.text)
        if label is not None:
            notices[label] += len(removal.text)
    rest = 0
    for paragraph in paragraphs:
        if _is_crawl_notice(paragraph):
            notices[_NOTICE_PAGES["crawl-notice"]] += len(paragraph)
        else:
            rest += len(paragraph)
    if not notices or (rest and rest >= minimum) or sum(notices.values()) < rest:
        return None
    return notices.most_common(1)[0][0]


def split_site_suffix(title: str, known_sites: Iterable[str] = ()) -> tuple[str, str | None]:
    """Split a ``"Headline - Site"`` title into the headline and the site name.

    The suffix is taken as a site only when it clearly is one: it matches a known site
    name or host, or it follows `` | ``, or it is a short capitalised name (``CNN``,
    ``The Daily Planet``) after `` - ``/`` – ``/`` — ``.

    Returns:
        ``(headline, site)``, with ``site`` None when there is no clear suffix.
    """
    title = _SPACE_RE.sub(" ", title).strip()
    match = _TITLE_SUFFIX_RE.match(title)
    if not match:
        return title, None
    head, sep, site = match.group("title").strip(), match.group("sep"), match.group("site").strip()
    site_key = re.sub(r"[^a-z0-9]", "", site.lower())
    for known in known_sites:
        known_key = re.sub(r"[^a-z0-9]", "", (known or "").lower().removeprefix("www."))
        if site_key and known_key and (known_key.startswith(site_key) or site_key in known_key):
            return head, site
    if sep == ":" or site.endswith((".", "?", "!")):
        return title, None
    words = site.split()
    if len(words) > 4 or any(w.lower().strip(".") in _TITLE_SUFFIX_NOT_SITE for w in words):
        return title, None
    if sep in ("|", "||", "::"):
        return head, site
    looks_like_name = all(
        w[:1].isupper() or w[:1].isdigit() or "." in w or w.lower() in ("the", "of", "de") for w in words
    )
    if looks_like_name and len(words) <= 3 and len(head.split()) >= 3:
        return head, site
    return title, None


# --------------------------------------------------------------------------- shared helpers


def _normalise_line(line: str) -> str:
    line = _INVISIBLE_RE.sub("", line)
    return _SPACE_RE.sub(" ", line).strip()


@functools.lru_cache(maxsize=65536)
def _line_key(line: str) -> str:
    """Key for comparing lines: case-folded, letters and digits only (memoised: a pure function of the line)."""
    if _INVISIBLE_RE.search(line):
        line = _INVISIBLE_RE.sub("", line)
    return " ".join(_KEY_WORD_RE.findall(line.casefold()))


_KEY_WORD_RE = re.compile(r"\w+")


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    for prefix in ("www.", "m.", "amp.", "mobile."):
        host = host.removeprefix(prefix)
    return host or None


def _fallback_title(text: str) -> str:
    first = text.split("\n", 1)[0]
    match = re.match(r"(.{20,150}?[a-z0-9)\"'”’][.!?])(?:\s|$)", first)
    title = match.group(1) if match else first[:150]
    return title.strip()


def _letter_count(text: str) -> int:
    """Number of alphabetic characters in ``text`` (as `storyline.language.letter_count`, counted in C)."""
    return sum(map(str.isalpha, text))


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


def _word_count(text: str) -> int:
    cjk = len(_CJK_RE.findall(text))
    return len(_words(text)) + (cjk // 2 if cjk else 0)


def _has_lowercase_word(text: str) -> bool:
    """True when some word starts in lower case, or the script has no case at all."""
    words = _words(text)
    if any(w[0].islower() for w in words):
        return True
    return not any(w[0].isupper() for w in words) and bool(words)


def _ends_with_full_stop(text: str) -> bool:
    """Ends like a sentence; a headline may end with a bare closing quote (``Keszler: “Trains pass once”``)."""
    if _FULL_STOP_RE.search(text):
        return True
    headline_quote = re.search(r":\s*[\"“„«‘'][^\"“”„«»]{2,}[\"”»’']\s*$", text)
    return bool(re.search(r"[\"”»’']\s*$", text)) and not headline_quote


def _is_terminal(text: str) -> bool:
    return bool(_TERMINAL_RE.search(text))


def _parse_text_date(text: str) -> dt.date | None:
    """A date written in ``text`` (ISO, English month names, ``D.M.YYYY``), or None."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        parts = match.groupdict()
        try:
            year = int(parts["y"])
            month = _MONTHS[parts["mon"].lower()] if parts.get("mon") else int(parts["m"])
            day = int(parts["d"])
            value = dt.date(year, month, day)
        except (KeyError, ValueError, TypeError):
            continue
        if _plausible(value):
            return value
    return None


def _plausible(value: dt.date) -> bool:
    return dt.date(1990, 1, 1) <= value <= dt.date.today() + dt.timedelta(days=2)


_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")  # fmt: skip
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: small words that join the parts of a written date in many languages ("5 de marzo de 2024", "1. maja 2024 r.").
_DATE_JOINERS = frozenset("de del di le el il la à às a o om um am at on the of r g г года roku den der".split())
_NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_DATE_TOKEN_RE = re.compile(r"\d+|[^\W\d_]+")


@functools.lru_cache(maxsize=1)
def _date_words() -> tuple[Mapping[str, int], frozenset[str]]:
    """Month names (any language, 3+ letters) → month number, and weekday names, from dateparser's locale tables.

    Reading the tables takes a fraction of a second once; asking dateparser itself to parse a
    line in an unknown language compiles its patterns for every locale (tens of seconds).
    """
    months: dict[str, int] = {name: number for name, number in _MONTHS.items()}
    weekdays: set[str] = set()
    try:
        import importlib
        import pkgutil

        import dateparser.data.date_translation_data as tables
    except ImportError:  # pragma: no cover - dateparser is a core dependency
        return months, frozenset()
    for module in pkgutil.iter_modules(tables.__path__):
        try:
            info = importlib.import_module(f"{tables.__name__}.{module.name}").info
        except (ImportError, AttributeError):
            continue
        for number, key in enumerate(_MONTH_KEYS, start=1):
            for word in info.get(key, []):
                word = word.lower().strip(".")
                if len(word) >= 3 and word.isalpha():
                    months.setdefault(word, number)
        for key in _WEEKDAY_KEYS:
            weekdays.update(w.lower().strip(".") for w in info.get(key, []) if len(w.strip(".")) >= 2)
    return months, frozenset(weekdays)


def _words_date(text: str, *, only: bool = False) -> dt.date | None:
    """A day, a month name in any language and a year (``30 dic. 2025``, ``1. maja 2024``), or None.

    With ``only=True`` the text must hold nothing else (weekday names, times and joining
    words aside): the test for a line that is just a date.
    """
    months, weekdays = _date_words()
    day = month = year = None
    numeric = _NUMERIC_DATE_RE.search(text)
    if numeric:
        first, second = int(numeric.group(1)), int(numeric.group(2))
        # day first unless that cannot be (most of the world writes 14/09/2024; the US writes 09/14/2024)
        day, month = (second, first) if second > 12 >= first else (first, second)
        year = int(numeric.group(3))
        text = text[: numeric.start()] + " " + text[numeric.end() :]
    for token in _DATE_TOKEN_RE.findall(text.casefold()):
        if token.isdigit():
            number = int(token)
            if len(token) == 4 and 1900 <= number <= 2100 and year is None:
                year = number
            elif 1 <= number <= 31 and day is None and len(token) <= 2:
                day = number
            elif only and not (len(token) <= 2 and number <= 59):  # a time "12:19"
                return None
        elif month is None and token in months:
            month = months[token]
        elif only and token not in weekdays and token not in _DATE_JOINERS and not _DATE_NOISE_RE.fullmatch(token):
            return None
    if day is None or month is None or year is None:
        return None
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    return value if _plausible(value) else None


def _is_date_only(text: str) -> bool:
    """True for a line that is only a date (and time), like ``21.Oct.2025`` or ``Updated 3:12 PM, Dec 29, 2021``."""
    if len(text) > 60:
        return False
    if _parse_text_date(text) is None:
        if not (re.search(r"\d{4}", text) and len(text) <= 40):
            return False
        other = _words_date(_DATE_PREFIX_RE.sub("", text), only=True)
        if other is None:
            return False
        return len(_words(text)) <= 4
    rest = _DATE_NOISE_RE.sub(" ", _DATE_PREFIX_RE.sub("", text))
    return not rest.strip()


def _top_level_branches(pattern: str) -> list[str]:
    """The alternatives of ``pattern`` at its top level (``a|(b|c)|d`` → ``a``, ``(b|c)``, ``d``)."""
    branches: list[str] = []
    current: list[str] = []
    depth, in_class, escaped = 0, False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            branches.append("".join(current))
            current = []
            continue
        current.append(ch)
    branches.append("".join(current))
    return branches


def _split_cue(pattern: re.Pattern[str]) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """A cue as (its ``^``-anchored alternatives, to match at the start; the others, to search for).

    Together they match exactly the lines the cue matches, but a long paragraph is no longer
    scanned position by position for alternatives that can only match at its start.
    """
    branches = _top_level_branches(pattern.pattern)
    anchored = [branch[1:] for branch in branches if branch.startswith("^")]
    floating = [branch for branch in branches if not branch.startswith("^")]
    return (
        re.compile("(?:" + "|".join(anchored) + ")", pattern.flags) if anchored else None,
        re.compile("|".join(floating), pattern.flags) if floating else None,
    )


_SPLIT_LINE_CUES = [(reason, *_split_cue(pattern)) for reason, pattern in _LINE_CUES]


def _cue_reason(text: str) -> str | None:
    """The first line cue (`_LINE_CUES`, in order) that ``text`` matches, or None."""
    for reason, at_start, anywhere in _SPLIT_LINE_CUES:
        if (at_start is not None and at_start.match(text)) or (anywhere is not None and anywhere.search(text)):
            return reason
    return None


#: for each cue of `_SPLIT_LINE_CUES`, the longest line that it or a later cue may still remove.
_CUE_TAIL_MAX_CHARS = [
    max(_CUE_MAX_CHARS.get(reason, 10_000) for reason, _, _ in _SPLIT_LINE_CUES[i:])
    for i in range(len(_SPLIT_LINE_CUES))
]
#: `_removing_cue`: the cues left untried could not remove the line anyway (it is too long for each).
_UNTRIED = "?"


def _removing_cue(text: str) -> str | None:
    """`_cue_reason` for a line classifier that keeps long paragraphs which merely mention a cue.

    Returns:
        The reason of the first cue that matches, when the line is no longer than that cue
        allows (`_CUE_MAX_CHARS`); ``""`` when the first cue that matches does not allow a
        line that long; None when no cue matches; `_UNTRIED` when none of the cues tried
        matches and the others, which only remove shorter lines, were not tried (the long
        paragraphs are most of the text to scan).
    """
    length = len(text)
    for (reason, at_start, anywhere), tail_max in zip(_SPLIT_LINE_CUES, _CUE_TAIL_MAX_CHARS, strict=True):
        if length > tail_max:
            return _UNTRIED
        if (at_start is not None and at_start.match(text)) or (anywhere is not None and anywhere.search(text)):
            return reason if length <= _CUE_MAX_CHARS.get(reason, 10_000) else ""
    return None


def _is_menu_line(text: str, separators: bool = True) -> bool:
    """Menu words only (``Home News Sport``), or a row of short items between separators (``A | B | C | D``).

    ``separators=False`` skips the second test (extracted HTML tables look like rows of items).
    """
    items = [item.strip() for item in re.split(r"\s[|•·»›]\s|\s{3,}", text) if item.strip()]
    if (
        separators
        and len(text) <= 400
        and len(items) >= 4
        and sorted(len(item) for item in items)[len(items) // 2] <= 25
    ):
        return True
    if (
        len(items) >= 2
        and len(text) <= 60
        and re.search(r"\s[·›»]\s", text)
        and all(item[:1].isupper() and len(item) <= 25 for item in items)
    ):
        return True  # a breadcrumb trail: "World · Europe", "Home › Sport › Football"
    words = re.findall(r"[\w'’-]+", text.casefold())
    if not words or len(words) > 8 or len(text) > 80:
        return False
    if _is_terminal(text) and len(words) > 2:
        return False
    return all(w in _MENU_WORDS for w in words) and any(w not in ("the", "and", "of", "a", "all") for w in words)


def _section_heading(text: str) -> str | None:
    """The removal reason when ``text`` is a heading that opens a list of other content."""
    if len(text) > 80 and not _GLUED_HEADING_RE.match(text):
        return None
    stripped = _BULLET_RE.sub("", text).strip()
    if not (_SECTION_HEADING_RE.match(stripped) or _GLUED_HEADING_RE.match(stripped)):
        return None
    for pattern, reason in _SECTION_REASONS:
        if pattern.search(stripped[:30]):
            return reason
    return "related-posts"


def _is_name_like(text: str) -> bool:
    """A person's name: 2-4 capitalised words, initials allowed, nothing else."""
    words = text.split()
    if not 2 <= len(words) <= 4:
        return False
    for word in words:
        if re.fullmatch(r"[A-Z]\.", word):
            continue
        if not re.fullmatch(r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*", word) or not word[0].isupper():
            return False
        if word.lower() in _MENU_WORDS or word.lower() in ("latest", "related", "index", "posts", "read"):
            return False
    return True


# --------------------------------------------------------------------------- the line classifier


@dataclass
class _Line:
    index: int
    text: str
    blank_before: bool
    chars: int = 0
    words: int = 0
    stopwords: float = 0.0
    terminal: bool = False
    cls: str = SHORT
    reason: str | None = None
    final: str = SHORT

    @property
    def sentence_like(self) -> bool:
        """Ends like a sentence and reads like one (some lower-case words, not only names)."""
        ends = self.terminal or (self.text.endswith(":") and self.chars >= 60)  # "..., it said in a statement:"
        return ends and len(self.text.split()) >= 3 and _has_lowercase_word(self.text)


@dataclass
class _TextResult:
    paragraphs: list[str]
    removed: list[Removal]
    title: str | None
    published: dt.date | None
    date_source: str | None
    site: str | None
    author: str | None


class _LineClassifier:
    """Classifies the lines of one document; see the module docstring for the method."""

    def __init__(
        self,
        raw_lines: Sequence[str],
        context: CleanContext,
        *,
        title: str | None,
        from_extractor: bool,
    ) -> None:
        self.context = context
        self.lines = [
            _Line(index=i, text=text, blank_before=blank) for i, (text, blank) in enumerate(_unwrap(raw_lines))
        ]
        self.title = title
        # Text that trafilatura already extracted from HTML: its choice of blocks is trusted, so
        # inside the body only lines with an explicit cue are removed (no title search, no
        # context smoothing, no removal of repeated lines, which are legitimate in lists and
        # tables). Measured on the article-extraction benchmark, judging even the short lines
        # before the body again costs more body text (recipe lists, standfirsts) than it saves.
        self.from_extractor = from_extractor
        self.detect_title = not from_extractor
        self.title_index: int | None = None
        self.author: str | None = None
        self.language = UNDETERMINED
        self.stoplist: frozenset[str] | None = None
        self.cut_at: int | None = None

    # ---------------------------------------------------------------- steps

    def run(self) -> None:
        self._detect_body_language()
        for line in self.lines:
            self._features(line)
            self._first_class(line)
        self._find_title()
        self._mark_foreign_lines()
        self._mark_sections_and_cut()
        self._mark_bylines()
        self._mark_duplicates()
        self._mark_batch_repeats()
        self._smooth()

    def _detect_body_language(self) -> None:
        long_lines = [line.text for line in self.lines if len(line.text) >= 60 and not _URL_RE.search(line.text)]
        if self.from_extractor or len(long_lines) < 3:
            sample = " ".join(long_lines)[:5000] or " ".join(line.text for line in self.lines)[:5000]
            if _letter_count(sample) >= 20:
                code, score = line_language(sample)
                self.language = code if score >= 0.3 else UNDETERMINED
        else:
            # A scraped page: menus, cookie banners and teasers in another language can outweigh the start of
            # the article in a joined sample, so the long lines vote, each with its length.
            votes: Counter[str] = Counter()
            for text in sorted(long_lines, key=len, reverse=True)[:LANGUAGE_VOTE_LINES]:
                code, score = line_language(text)
                if code != UNDETERMINED and score >= 0.3:
                    votes[code] += len(text)
            self.language = votes.most_common(1)[0][0] if votes else UNDETERMINED
        self.stoplist = self.context.stoplists.get(self.language) if self.language != UNDETERMINED else None

    def _features(self, line: _Line) -> None:
        text = line.text
        line.chars = len(text)
        words = _words(text)
        line.words = _word_count(text)
        if self.stoplist is not None and words:
            line.stopwords = sum(1 for w in words if w.lower() in self.stoplist) / len(words)
        else:
            line.stopwords = 0.3  # no stoplist (CJK, rare languages): do not let stopwords decide
        line.terminal = _is_terminal(text)

    def _first_class(self, line: _Line) -> None:
        text = line.text
        reason = "date-marker" if line.index < 3 and _DATE_MARKER_RE.match(text) else _removing_cue(text)
        # "" : a long paragraph that merely mentions a photo or a sign-up is prose
        if reason is None or reason == _UNTRIED:
            untried = reason == _UNTRIED
            reason = self._shape_reason(text)
            if untried and reason is not None and _cue_reason(text) is not None:
                reason = None  # as above: a cue too short for the line matches it
        if reason and line.chars > _CUE_MAX_CHARS.get(reason, 10_000):
            reason = None
        if reason:
            line.cls, line.reason = BAD, reason
            return
        if line.chars >= GOOD_MIN_CHARS and line.terminal and line.stopwords >= GOOD_MIN_STOPWORDS:
            line.cls = GOOD
        elif line.chars >= 200 and line.stopwords >= GOOD_MIN_STOPWORDS + 0.05:
            line.cls = GOOD
        elif line.chars >= NEARGOOD_MIN_CHARS and (
            (line.terminal and line.stopwords >= NEARGOOD_MIN_STOPWORDS) or line.stopwords >= 0.3
        ):
            line.cls = NEARGOOD
        else:
            line.cls = SHORT

    def _shape_reason(self, text: str) -> str | None:
        """Why a line with no cue is boilerplate by its shape (menu row, bare URL, date, symbols), or None."""
        if _is_menu_line(text, separators=not self.from_extractor):
            return "navigation"
        if _URL_RE.fullmatch(text):
            return "url"
        if _is_date_only(text):
            return "date-line"
        if not any(ch.isalpha() for ch in text):
            return "symbols"
        return None

    def _find_title(self) -> None:
        if not self.detect_title or self.title:
            return
        first_good = next((ln.index for ln in self.lines if ln.cls == GOOD), len(self.lines))
        best: tuple[int, int] | None = None
        for line in self.lines[: first_good + 1]:
            if line.cls == BAD or line.chars > TITLE_MAX_CHARS or line.words > TITLE_MAX_WORDS:
                continue
            if line.text.endswith(":") or _INNER_SENTENCE_RE.search(line.text):
                continue  # introduces something, or holds several sentences: body text, not a headline
            if line.cls == GOOD and line.index != first_good:
                continue
            if _ends_with_full_stop(line.text) and not self._sentence_is_title(line):
                continue
            score = self._title_score(line)
            if score >= 3:
                best = (score, line.index)
                break
            if best is None or score > best[0]:
                best = (score, line.index)
        if best is None or best[0] < 1:
            return
        line = self.lines[best[1]]
        self.title_index = line.index
        self.title = line.text
        line.cls, line.reason = BAD, "title"

    def _sentence_is_title(self, line: _Line) -> bool:
        """A first line that ends like a sentence is the headline only when the text repeats it.

        Scraped pages without a headline start with the first sentence of the body, which
        must not be taken away; a headline ending in a full stop is only recognised when the
        page repeats it (as many re-publishing sites do).
        """
        key = _line_key(line.text)
        return any(_line_key(other.text) == key for other in self.lines[line.index + 1 :])

    def _title_score(self, line: _Line) -> int:
        score = 0
        if line.words >= 4:
            score += 2
        elif line.words == 3:
            score += 1
        if line.chars >= 25:
            score += 1
        neighbours = self.lines[line.index + 1 : line.index + 3]
        if any(n.cls == GOOD for n in neighbours):
            score += 1
        before = self.lines[line.index - 1] if line.index > 0 else None
        after = self.lines[line.index + 1] if line.index + 1 < len(self.lines) else None
        if before is not None and after is not None and before.cls == BAD and after.cls == BAD:
            score -= 2
        if line.words < 3:
            score -= 2
        return score

    def _mark_foreign_lines(self) -> None:
        if self.language == UNDETERMINED:
            return
        body_script = _script(" ".join(ln.text for ln in self.lines if ln.cls == GOOD)[:3000])
        extracted_script = _script(" ".join(ln.text for ln in self.lines)[:3000]) if self.from_extractor else ""
        for line in self.lines:
            if line.cls == BAD or len(line.text) < FOREIGN_MIN_LETTERS:
                continue
            if self.from_extractor and _script(line.text) == extracted_script:
                continue  # inside extracted HTML, only another alphabet is trusted (mixed-language pages)
            if _letter_count(line.text) < FOREIGN_MIN_LETTERS:
                continue
            if not self._is_foreign(line, body_script):
                continue
            if self._inside_body(line) and re.search('["“”«»„]', line.text):
                continue  # a quotation in its original language, inside the article
            line.cls, line.reason = BAD, "foreign-language"

    def _is_foreign(self, line: _Line, body_script: str) -> bool:
        """Another language than the body's, by script or by language model plus stopwords.

        fastText's lite model is unreliable on short title-case lines (``Aug. 19: ...`` looks
        German to it), so a same-script line is foreign only when its stopwords agree.
        """
        counts = _script_counts(line.text)
        total = sum(counts.values())
        if body_script != "other" and total and counts[body_script] < 0.1 * total:
            return True  # written in another alphabet, with (almost) no letter of the body's
        code, score = line_language(_BULLET_RE.sub("", line.text))
        if (
            code in (UNDETERMINED, self.language)
            or score < FOREIGN_MIN_SCORE
            or _related_languages(code, self.language)
        ):
            return False
        if line.stopwords >= 0.12:
            return False  # plenty of the body language's function words
        foreign_stoplist = self.context.stoplists.get(code)
        if foreign_stoplist is None:
            return score >= 0.95 and _letter_count(line.text) >= 60
        words = _words(line.text)
        density = sum(1 for w in words if w.lower() in foreign_stoplist) / max(1, len(words))
        return density >= max(0.2, line.stopwords + 0.15)

    def _inside_body(self, line: _Line) -> bool:
        before = [ln for ln in self.lines[: line.index] if ln.cls in (GOOD, BAD)]
        after = [ln for ln in self.lines[line.index + 1 :] if ln.cls in (GOOD, BAD)]
        return bool(before and after and before[-1].cls == GOOD and after[0].cls == GOOD)

    def _good_chars_before(self, index: int) -> int:
        return sum(ln.chars for ln in self.lines[:index] if ln.cls == GOOD)

    def _mark_sections_and_cut(self) -> None:
        """Headings of related/latest/comment lists and end-of-article markers cut the tail.

        A comment section (its heading, ``34 responses to ...``, or two or more ``NAME says:``
        lines) cuts even when prose follows: comments read like body paragraphs.
        """
        cut_markers = {"credits", "disclaimer", "feed-footer", "comments", "copyright"}
        if not self.from_extractor:
            # In scraped text "© Name" alone is the site's notice at the foot of the page; in text extracted from
            # HTML the page's footer is already gone, and such a line is the credit of an image inside the article.
            cut_markers.add("image-credit")
        commenters = [ln for ln in self.lines if ln.cls != GOOD and _COMMENTER_RE.match(ln.text)]
        if len(commenters) >= 2:
            for line in commenters:
                line.cls, line.reason = BAD, "comments"
        for line in self.lines:
            heading = _section_heading(line.text)
            if heading:
                line.cls, line.reason = BAD, heading
            elif line.reason == "advertisement" and "adblock" in line.text.lower():
                heading = "feed-footer"
            elif line.cls == BAD and line.reason in cut_markers:
                heading = {"credits": "end-matter", "image-credit": "copyright"}.get(line.reason, line.reason)
            if not heading:
                continue
            if self._good_chars_before(line.index) < CUT_MIN_BODY_CHARS:
                continue
            strong = heading == "comments" and not re.fullmatch(r"\W*comments?\W*", line.text, re.I)  # not a button
            if not strong and self._body_resumes(line.index):
                continue  # a heading inside the article ("More from Game 3"): only the heading goes
            self.cut_at = line.index
            block_reason = heading
            for later in self.lines[line.index + 1 :]:
                if later.index == self.title_index:
                    continue
                later_heading = _section_heading(later.text)
                if later_heading:
                    block_reason = later_heading
                own = later.reason if later.cls == BAD and later.reason != "title" else None
                if own is None and _AUTHOR_BOX_RE.search(later.text):
                    own = "author-box"
                later.cls, later.reason = BAD, later_heading or own or block_reason
            return

    def _body_resumes(self, index: int) -> bool:
        """True when two adjacent body paragraphs (not teasers) follow line ``index``."""
        later = self.lines[index + 1 :]
        for first, second in zip(later, later[1:], strict=False):
            if first.cls == GOOD and second.cls == GOOD and second.index == first.index + 1:
                if not any(_TEASER_END_RE.search(ln.text) for ln in (first, second)):
                    return True
        return False

    def _mark_bylines(self) -> None:
        zone_end = self.cut_at if self.cut_at is not None else len(self.lines)
        good = [ln.index for ln in self.lines[:zone_end] if ln.cls == GOOD]
        first_good = good[0] if good else zone_end
        last_good = good[-1] if good else -1
        for line in self.lines:
            match = _BYLINE_RE.match(line.text)
            if not match or line.chars > 120 or (first_good < line.index < last_good):
                continue
            name = match.group("name").strip()
            if not name or not any(_is_name_like(part.strip()) for part in re.split(r"\s+(?:and|&|und|et|y)\s+", name)):
                continue
            line.cls, line.reason = BAD, "byline"
            self.author = self.author or name
        # A name alone under the headline, next to the date line ("Jane Doe" / "Published: ...").
        if self.title_index is not None:
            for line in self.lines[self.title_index + 1 : min(first_good, self.title_index + 4)]:
                if line.cls == BAD or not _is_name_like(line.text):
                    continue
                around = [self.lines[i] for i in (line.index - 1, line.index + 1) if 0 <= i < len(self.lines)]
                if any(n.reason in ("date-line", "date-marker") for n in around):
                    line.cls, line.reason = BAD, "byline"
                    self.author = self.author or line.text
                    break
        # A block of name-like lines right after the body ("Jane Doe" / "Washington D.C.").
        if last_good < 0:
            return
        block: list[_Line] = []
        for line in self.lines[last_good + 1 : last_good + 4]:
            if line.cls in (GOOD, BAD) or line.words > 5 or line.chars > 50 or _has_lowercase_word(line.text):
                break
            if _cue_reason(line.text) or _section_heading(line.text):
                break
            block.append(line)
        following = self.lines[last_good + 1 + len(block)] if last_good + 1 + len(block) < len(self.lines) else None
        if block and _is_name_like(block[0].text) and (following is None or following.cls == BAD):
            for line in block:
                line.cls, line.reason = BAD, "byline"
            self.author = self.author or block[0].text
        # Author boxes after the body.
        for line in self.lines[last_good + 1 :]:
            if line.cls != BAD and _AUTHOR_BOX_RE.search(line.text):
                line.cls, line.reason = BAD, "author-box"

    def _mark_duplicates(self) -> None:
        title_keys = set()
        if self.title:
            title_keys.add(_line_key(self.title))
            title_keys.add(_line_key(split_site_suffix(self.title)[0]))
        seen: set[str] = set()
        for line in self.lines:
            key = _line_key(line.text)
            if line.index == self.title_index:
                continue
            if key in title_keys and line.cls != BAD:
                line.cls, line.reason = BAD, "duplicate-title"
                continue
            if line.cls == BAD or self.from_extractor:
                continue
            if key in seen and len(key) >= 12:
                line.cls, line.reason = BAD, "repeated-line"
            seen.add(key)

    def _mark_batch_repeats(self) -> None:
        if not self.context.line_docs:
            return
        recurring = [ln for ln in self.lines if ln.cls != BAD and self.context.recurs(ln.text)]
        if not recurring:
            return
        good = [ln for ln in self.lines if ln.cls == GOOD]
        own_good = [ln for ln in good if ln not in recurring]
        # A copy of another article of the batch: its body recurs; judge the body by its own lines.
        anchor = own_good if sum(ln.chars for ln in own_good) >= 0.3 * sum(ln.chars for ln in good) else good
        first = anchor[0].index if anchor else len(self.lines)
        last = anchor[-1].index if anchor else -1
        for line in recurring:
            inside = first <= line.index <= last
            if inside and (line.sentence_like or line.cls == GOOD):
                continue
            line.cls, line.reason = BAD, "batch-repeat"

    def _smooth(self) -> None:
        """Short and near-good lines take the class of their neighbours (jusText's context step)."""
        good = [ln.index for ln in self.lines if ln.cls == GOOD]
        first_good = good[0] if good else len(self.lines)
        last_good = good[-1] if good else -1
        for line in self.lines:
            line.final = line.cls
        for line in self.lines:
            if line.cls not in (SHORT, NEARGOOD):
                continue
            inside = first_good < line.index < last_good
            if self.from_extractor:
                line.final = GOOD  # trafilatura chose these lines
                continue
            prev = self._neighbour(line.index, -1)
            nxt = self._neighbour(line.index, +1)
            if prev == GOOD and nxt == GOOD:
                keep = True
            elif inside:
                # Never drop a sentence of the body because ads or menus surround it.
                keep = line.sentence_like or (line.cls == NEARGOOD and GOOD in (prev, nxt))
            else:
                # Before or after the body, only a sentence right next to it is body text;
                # headings, teasers and calls to action there are not.
                keep = line.sentence_like and GOOD in (prev, nxt) and self._adjacent_to_good(line)
            if keep:
                line.final = GOOD
            else:
                line.final = BAD
                if line.index < first_good:
                    line.reason = "header-boilerplate"
                elif line.index > last_good:
                    line.reason = "footer-boilerplate"
                else:
                    line.reason = "boilerplate"

    def _neighbour(self, index: int, step: int) -> str:
        position = index + step
        while 0 <= position < len(self.lines):
            cls = self.lines[position].cls
            if cls in (GOOD, BAD):
                return cls
            position += step
        return BAD

    def _adjacent_to_good(self, line: _Line) -> bool:
        for step in (-1, 1):
            position = line.index + step
            while 0 <= position < len(self.lines) and self.lines[position].cls in (SHORT, NEARGOOD):
                position += step
            if 0 <= position < len(self.lines) and self.lines[position].cls == GOOD and abs(position - line.index) <= 2:
                return True
        return False

    # ---------------------------------------------------------------- results

    def kept(self) -> list[_Line]:
        return [ln for ln in self.lines if ln.final == GOOD]

    def removals(self) -> list[Removal]:
        return [Removal(ln.text, ln.reason or "boilerplate") for ln in self.lines if ln.final != GOOD]

    def head_lines(self) -> list[_Line]:
        """Lines before the first kept line (plus the one after the title), where head dates live."""
        kept = [ln.index for ln in self.lines if ln.final == GOOD]
        end = kept[0] if kept else len(self.lines)
        return self.lines[:end]


def _script_counts(text: str) -> Counter[str]:
    """Letters of ``text`` per writing system (``latin``, ``cyrillic``, ``cjk`` ...)."""
    head = text[:2000]
    letters = sum(map(str.isalpha, head))
    counts: Counter[str] = Counter()
    if not letters:
        return counts
    # Letters below U+0250 are latin; only the few characters above it (in a latin text: quotes and
    # dashes) are looked up one by one.
    beyond = 0
    for ch in _BEYOND_BASIC_LATIN_RE.findall(head):
        if ch.isalpha():
            counts[_char_script(ch)] += 1
            beyond += 1
    if letters > beyond:
        counts["latin"] += letters - beyond
    counts.pop("", None)
    return counts


_BEYOND_BASIC_LATIN_RE = re.compile("[^\x00-\u024f]")


@functools.lru_cache(maxsize=4096)
def _char_script(ch: str) -> str:
    if ch < "\u0250":
        return "latin"
    try:
        first = unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return ""
    return "cjk" if first in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL") else first.lower()


def _script(text: str) -> str:
    """The dominant writing system of ``text``, or ``other`` when none has 60 percent of the letters."""
    counts = _script_counts(text)
    if not counts:
        return "other"
    script, n = counts.most_common(1)[0]
    return script if n >= 0.6 * sum(counts.values()) else "other"


def _unwrap(raw_lines: Sequence[str]) -> list[tuple[str, bool]]:
    """Normalised non-empty lines with a flag "blank line before", hard-wrapped paragraphs re-joined.

    Text saved with a fixed line width (e-mail, some scrapers) breaks paragraphs into
    lines of nearly equal length. When most lines inside blank-line-separated blocks end
    near the widest line, the wrapped lines are joined again. In any text, a line that
    does not end a sentence is joined with the next when that one starts in lower case.
    """
    entries: list[tuple[str, bool]] = []
    blank = False
    for raw in raw_lines:
        text = _normalise_line(raw)
        if not text:
            blank = True
            continue
        entries.append((text, blank))
        blank = False
    if len(entries) < 2:
        return entries
    width = max(len(text) for text, _ in entries)
    inner = [
        entries[i][0] for i in range(len(entries) - 1) if not entries[i + 1][1]
    ]  # lines followed by another line of the same block
    wrapped = (
        40 <= width <= 200
        and len(inner) >= 3
        and sum(1 for text in inner if len(text) >= 0.7 * width) >= 0.6 * len(inner)
    )
    merged: list[tuple[str, bool]] = []
    for text, blank_before in entries:
        if merged and not blank_before:
            previous = merged[-1][0]
            ends_sentence = _is_terminal(previous) or previous.endswith(":")
            full_width = wrapped and len(previous) >= 0.7 * width
            if full_width or (not ends_sentence and len(previous) >= 40 and text[:1].islower()):
                merged[-1] = (previous + " " + text, merged[-1][1])
                continue
        merged.append((text, blank_before))
    return merged


def _related_languages(a: str, b: str) -> bool:
    """Languages that the lite model confuses on short lines; a switch between them is no evidence."""
    groups = ({"id", "ms"}, {"sr", "hr", "bs"}, {"no", "nb", "nn", "da"}, {"cs", "sk"}, {"gl", "pt", "es"})
    return any(a in group and b in group for group in groups)


def _paragraphs(lines: list[_Line]) -> list[str]:
    """Kept lines become the paragraphs (wrapped lines were joined before classification)."""
    return [line.text for line in lines]


def _find_text_date(classifier: _LineClassifier) -> tuple[dt.date | None, str | None]:
    """The publication date written in a plain-text article, if one can be trusted."""
    lines = classifier.lines
    for line in lines[:3]:
        match = _DATE_MARKER_RE.match(line.text)
        if match:
            value = _parse_text_date(match.group(1))
            if value:
                return value, "text:date-marker"
    head = classifier.head_lines()
    extra = []
    if classifier.title_index is not None and classifier.title_index + 1 < len(lines):
        extra = lines[classifier.title_index + 1 : classifier.title_index + 3]
    candidates = [ln for ln in head + extra if classifier.cut_at is None or ln.index < classifier.cut_at]
    date_lines = [ln for ln in candidates if ln.reason == "date-line" or _DATE_PREFIX_RE.match(ln.text)]
    for line in date_lines:
        window = lines[max(0, line.index - 2) : line.index + 3]
        if any(ln is not line and _is_date_only(ln.text) for ln in window):
            continue  # part of a list of dates ("Latest news" with a date under every headline)
        value = _parse_text_date(line.text) or _words_date(_DATE_PREFIX_RE.sub("", line.text))
        if value and _plausible(value):
            return value, "text:dateline"
    for line in candidates:
        if line.reason == "byline":
            value = _parse_text_date(line.text)
            if value:
                return value, "text:dateline"
    kept = classifier.kept()
    if kept:
        match = re.match(
            rf"^(?:[A-Z][A-Za-z .'-]{{1,30}},\s*)?((?:{_MONTH_ALT})\.? \d{{1,2}},? \d{{4}})\s*[-—–]", kept[0].text, re.I
        )
        if match:
            value = _parse_text_date(match.group(1))
            if value:
                return value, "text:dateline"
    for line in lines:
        match = _FEED_LINE_RE.match(line.text)
        if not match:
            continue
        near = lines[max(0, line.index - 2) : line.index + 3]
        if any(ln.reason in ("url", "feed-footer") for ln in near if ln is not line):
            value = _parse_text_date(match.group("date"))
            if value:
                return value, "text:feed-line"
    return None, None


def _dateline_date(dateline: str) -> dt.date | None:
    """A full date (with year) in a dateline in any language: ``SIERRANUEVA, 30 dic. 2025 (Marcador) –``."""
    match = re.search(r"\d{1,2}\.?\s+[^\W\d_]{3,10}\.?,?\s+\d{4}|[^\W\d_]{3,10}\.?\s+\d{1,2},?\s+\d{4}", dateline)
    return _words_date(match.group(0)) if match else None


def _strip_agency_dateline(paragraphs: list[str], removed: list[Removal], position: int) -> str | None:
    """Remove a leading ``(CNN)``/``WASHINGTON (AP) —`` from the first paragraph.

    The removal is recorded at ``position`` in ``removed`` (after the lines removed before
    the first paragraph), so that removals stay in input order.

    Returns:
        The removed dateline, or None when the first paragraph has none.
    """
    if not paragraphs:
        return None
    match = _AGENCY_DATELINE_RE.match(paragraphs[0])
    if not match or len(paragraphs[0]) - match.end() < 40:
        return None
    dateline = match.group(0).strip()
    removed.insert(min(position, len(removed)), Removal(dateline, "dateline"))
    paragraphs[0] = paragraphs[0][match.end() :].lstrip()
    return dateline


def _clean_text(
    content: str, doc: RawDocument, config: Config, context: CleanContext, *, from_html: bool = False
) -> _TextResult:
    classifier = _LineClassifier(
        content.splitlines(),
        context,
        title=doc.title,
        from_extractor=from_html,
    )
    classifier.run()
    paragraphs = _paragraphs(classifier.kept())
    removed = classifier.removals()
    dateline = _strip_agency_dateline(paragraphs, removed, position=len(classifier.head_lines()))
    agency_match = re.search(r"\(([^)]+)\)", dateline or "")
    agency = agency_match.group(1) if agency_match else None
    published, date_source = (doc.published, "metadata") if doc.published else (None, None)
    if published is None and not from_html:
        published, date_source = _find_text_date(classifier)
    if published is None and not from_html and dateline:
        published = _parse_text_date(dateline) or _dateline_date(dateline)
        date_source = "text:dateline" if published else None
    raw_title = doc.title or classifier.title
    title, suffix_site = (None, None)
    host = _host(doc.source.url)
    if raw_title:
        title, suffix_site = split_site_suffix(raw_title, [s for s in (doc.site, host) if s])
    site = doc.site or host or suffix_site or agency
    return _TextResult(
        paragraphs=paragraphs,
        removed=removed,
        title=title,
        published=published,
        date_source=date_source,
        site=site,
        author=doc.author or classifier.author,
    )


# --------------------------------------------------------------------------- HTML

_SKIP_TAGS = frozenset(
    "script style noscript template svg head iframe object embed canvas math video audio source track".split()
)
_BLOCK_TAGS = frozenset(
    """address article aside blockquote body br caption dd details dialog div dl dt fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table tbody td
    tfoot th thead tr ul button option select label title""".split()
)
_REGION_TAGS = {
    "nav": "html-navigation",
    "header": "html-header",
    "footer": "html-footer",
    "aside": "html-aside",
    "form": "html-form",
    "button": "html-form",
    "select": "html-form",
    "figcaption": "html-image-caption",
    "figure": "html-image-caption",
}
_REGION_CLASSES = [
    (re.compile(r"comment|disqus|respond|discussion"), "html-comments"),
    (re.compile(r"share|social|sharing|sns"), "html-share"),
    (re.compile(r"related|recommend|read-?next|more-?stories|popular|trending|teaser|outbrain|taboola"),
     "html-related-posts"),
    (re.compile(r"cookie|consent|gdpr"), "html-cookie-notice"),
    (re.compile(r"newsletter|subscribe|signup|paywall"), "html-call-to-action"),
    (re.compile(r"(?:^|[-_ ])(?:ad|ads|advert\w*|sponsor\w*|promo\w*|dfp)(?:$|[-_ ])"), "html-advertisement"),
    (re.compile(r"breadcrumb|nav|menu"), "html-navigation"),
    (re.compile(r"footer|copyright"), "html-footer"),
    (re.compile(r"header|masthead|topbar"), "html-header"),
    (re.compile(r"sidebar|widget|rail"), "html-aside"),
    (re.compile(r"byline|author"), "html-byline"),
    (re.compile(r"caption|credit"), "html-image-caption"),
]  # fmt: skip


_ANY_REGION_CLASS = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _REGION_CLASSES))


@functools.lru_cache(maxsize=8192)
def _region_of(tag: str, classes: str | None, ident: str | None, role: str | None) -> str | None:
    """The page region an element opens (`_REGION_CLASSES`, `_REGION_TAGS`, ARIA roles), or None.

    From the element's name, classes, id and role (memoised: pages repeat them).
    """
    names = f"{classes or ''} {ident or ''}".lower()
    if names.strip() and _ANY_REGION_CLASS.search(names):
        for pattern, reason in _REGION_CLASSES:
            if pattern.search(names):
                return reason  # class names are more specific than the element ("aside.related")
    if tag in _REGION_TAGS:
        return _REGION_TAGS[tag]
    role = (role or "").lower()
    if role in ("navigation", "banner", "contentinfo", "complementary", "search"):
        return {"navigation": "html-navigation", "banner": "html-header", "contentinfo": "html-footer"}.get(
            role, "html-aside"
        )
    return None


def _hidden(attrib: Any) -> bool:
    """True when an element's attributes hide it (``hidden``, ``aria-hidden``, ``display: none`` ...)."""
    style = (attrib.get("style") or "").replace(" ", "").lower()
    return (
        attrib.get("hidden") is not None
        or attrib.get("aria-hidden") == "true"
        or "display:none" in style
        or "visibility:hidden" in style
    )


def _parse_html(html: str) -> Any:
    """The page's element tree, or None when libxml2 finds no document in it.

    A plain `lxml.etree.HTMLParser` (the parser `lxml.html` uses, without its element
    classes, which cost a lookup per element and are not needed to read text and attributes).
    Comments and processing instructions are left out of the tree, so the text that follows
    one joins the text before it, as a browser shows it (a walk over ``start``/``end`` events
    never sees those nodes, and would lose their ``.tail``).
    """
    from lxml import etree

    def parse(content: str | bytes) -> Any:
        # a new parser each time: lxml parsers are not thread-safe
        # huge_tree: libxml2 otherwise stops at 255 nested elements and drops everything deeper (the input's
        # size is already capped by ingest.max_bytes)
        root = etree.fromstring(content, etree.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True))
        if root is None:
            raise etree.ParserError("Document is empty")
        return root

    try:
        return parse(html)
    except (etree.ParserError, ValueError):
        try:
            # lxml refuses str input with an encoding declaration; give it bytes.
            return parse(html.encode("utf-8", "replace"))
        except (etree.ParserError, ValueError):
            return None


def _visible_lines(html: str) -> list[tuple[str, str]]:
    """The page's visible text, one entry per block-level line, with the page region it sits in."""
    from lxml import etree

    root = _parse_html(html)
    if root is None:
        text = re.sub(r"(?s)<(script|style)\b.*?</\1>|<[^>]+>", "\n", html)
        return [(t, "html-boilerplate") for t in (_normalise_line(x) for x in text.splitlines()) if t]
    lines: list[tuple[str, str]] = []
    buffer: list[str] = []  # the text of the current block
    buffer_reason = ""  # the region of the current block's first text
    #: the region of each open element; None for a skipped one (hidden, script ...), whose text is not shown
    reasons: list[str | None] = ["html-boilerplate"]
    reason = "html-boilerplate"  # the region of the innermost open element that is shown
    shown: list[str] = [reason]

    def flush() -> None:
        block = "".join(buffer)
        buffer.clear()
        if block.isspace():  # most blocks between two tags: nothing to show
            return
        # `_normalise_line` on the whole block at once: neither pattern matches a line break.
        block = _SPACE_RE.sub(" ", _INVISIBLE_RE.sub("", block))
        for part in block.splitlines():
            part = part.strip()
            if part and _ALNUM_RE.search(part):
                lines.append((part, buffer_reason))

    walker = etree.iterwalk(root, events=("start", "end"))
    tag_names: dict[str, str] = {}
    for event, element in walker:
        raw_tag = element.tag
        if not isinstance(raw_tag, str):  # no such nodes with this parser; kept as a guard
            continue
        tag = tag_names.get(raw_tag)
        if tag is None:
            tag = tag_names[raw_tag] = raw_tag.rsplit("}", 1)[-1].lower()
        if event == "start":
            attrib = element.attrib
            if tag in _SKIP_TAGS or (attrib and _hidden(attrib)):
                reasons.append(None)
                walker.skip_subtree()
                continue
            if buffer and tag in _BLOCK_TAGS:
                flush()
            region = (_region_of(tag, attrib.get("class"), attrib.get("id"), attrib.get("role")) if attrib
                      else _REGION_TAGS.get(tag))  # fmt: skip
            if region:
                reason = region
            reasons.append(reason)
            shown.append(reason)
            text = element.text
        else:
            if reasons.pop() is not None:
                shown.pop()
                reason = shown[-1]
                if buffer and tag in _BLOCK_TAGS:
                    flush()
            text = element.tail
        if text:
            if not buffer:
                buffer_reason = reason
            buffer.append(text)
    if buffer:
        flush()
    return lines


#: trafilatura's settings for the HTML path (the page's metadata is read by `_page_metadata`).
_TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False, "include_tables": True, "include_images": False, "include_links": False,
    "favor_precision": True, "deduplicate": False,
}  # fmt: skip
#: htmldate's settings: no "extensive search", which guesses dates from anywhere on the page.
_DATE_OPTIONS: dict[str, Any] = {"extensive_search": False, "original_date": True}


#: the attributes in which trafilatura's author search (``trafilatura.xpaths.AUTHOR_XPATHS``) looks for names
_AUTHOR_ATTRIBUTES = ("class", "id", "itemprop", "rel", "data-testid", "data-component")
#: ... and every word those expressions look for in them, lower-cased
_AUTHOR_HINT_RE = re.compile(
    r"author|byl|bbl|username|screenname|writer|zuozhe|bianji|xiaobian|channel-name|submitted-by|posted-by|"
    r"journalist-name"
)


def _may_name_an_author(tree: Any) -> bool:
    """False when no element of the page could match trafilatura's author search.

    That search copies the whole page and runs regular expressions over the attributes of
    every element (a third of the time of the metadata on pages without an author); one
    look at all the attribute values it reads says whether it can find anything.
    """
    values = tree.xpath("|".join(f"//@{name}" for name in _AUTHOR_ATTRIBUTES), smart_strings=False)
    return (
        _AUTHOR_HINT_RE.search(" ".join(values).lower()) is not None
        or tree.find(".//author") is not None
        or tree.find(".//rel") is not None  # `rel='me'` in one of the expressions reads a <rel> child element
    )


def _page_metadata(tree: Any, url: str | None) -> Any:
    """Title, author, canonical URL, date and site name (or host name) of a parsed page.

    The fields Storyline uses, each read by trafilatura's metadata helpers the way its
    ``extract_metadata`` reads them: meta and OpenGraph tags, then JSON-LD, then the page's
    title, byline and links. Categories, tags and licence, which ``extract_metadata`` also
    looks for and which took a fifth of the time of the whole HTML path, are not read.

    Returns:
        A trafilatura ``Document`` with ``title``, ``author``, ``url``, ``date`` and ``sitename``
        set (each may be None), and ``hostname`` when there is a URL but no site name.
    """
    from courlan import extract_domain
    from htmldate import find_date
    from trafilatura import metadata as meta

    found = meta.examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None  # a single word from a meta tag is rarely a name (a handle, a site)
    try:
        found = meta.extract_meta_json(tree, found)
    except Exception:  # trafilatura's JSON-LD reader fails on some odd scripts; the tags above still count
        pass
    found.title = found.title or meta.extract_title(tree)
    if not found.author and _may_name_an_author(tree):
        found.author = meta.extract_author(tree)
    found.url = found.url or meta.extract_url(tree, url)
    found.date = find_date(tree, url=found.url, **_DATE_OPTIONS)
    found.sitename = found.sitename or meta.extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url:
        host = re.match(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)", found.url)
        found.sitename = host[1] if host else None
    found.clean_and_trim()
    if found.url and not found.sitename:
        # only a fallback for the site name: the domain lookup can load the list of top-level domains
        found.hostname = extract_domain(found.url, fast=True)
    return found


def _trafilatura(doc: RawDocument) -> tuple[str, Any]:
    """trafilatura's main text of an HTML page and the page's metadata (`_page_metadata`).

    The page is parsed once, as trafilatura parses it, for both. The text is ``""`` when trafilatura
    finds none (or fails on very broken markup); the metadata is None only when the page cannot be
    parsed at all: a page whose body is read from its visible text keeps its title, date and site.
    """
    import trafilatura
    from trafilatura.utils import load_html

    try:
        tree = load_html(doc.content)
    except Exception:  # undecodable or hopelessly broken markup: the caller falls back to the visible text
        return "", None
    if tree is None:
        return "", None
    try:
        # trafilatura works on its own copy of a tree it is given: `tree` stays whole for the metadata.
        extracted = trafilatura.bare_extraction(tree, url=doc.source.url, **_TRAFILATURA_OPTIONS)
        body = (getattr(extracted, "text", None) or "") if extracted is not None else ""
    except Exception:  # trafilatura can fail on very broken markup; the caller falls back to the visible text
        body = ""
    try:
        return body, _page_metadata(tree, doc.source.url)
    except Exception:  # a metadata reader failing on odd markup costs the metadata, not the text
        return body, None


def _clean_html(doc: RawDocument, config: Config, context: CleanContext) -> _TextResult:
    body, extracted = _trafilatura(doc)
    visible = context.visible_lines(doc.content)
    meta_title = getattr(extracted, "title", None)
    if not body.strip():
        # trafilatura found nothing: treat the page's visible text as scraped text.
        fallback_doc = RawDocument(
            id=doc.id, source=doc.source, kind="text", content="\n".join(t for t, _ in visible),
            title=doc.title or meta_title, published=doc.published, site=doc.site, author=doc.author,
        )  # fmt: skip
        result = _clean_text(fallback_doc.content, fallback_doc, config, context)
        if doc.published is None:
            published, source = _html_date(doc.content, doc.source.url)
            if published is not None:  # the page's own date metadata beats a date written in the text
                result.published, result.date_source = published, source
        return result
    body = _resplit_glued_lines(body, visible)
    body = _restore_cut_words(body, visible)
    leads: set[str] = set()
    body = _recover_dropped_paragraphs(body, visible, context, leads)
    body = _drop_boilerplate_regions(body, visible, keep=leads)
    title = doc.title or meta_title
    text_doc = RawDocument(
        id=doc.id, source=doc.source, kind="text", content=body, title=title,
        published=doc.published, site=doc.site, author=doc.author,
    )  # fmt: skip
    result = _clean_text(body, text_doc, config, context, from_html=True)
    if result.published is None:
        value = parse_date(getattr(extracted, "date", None))
        if value and _plausible(value):
            result.published, result.date_source = value, "html"
        else:
            result.published, result.date_source = _html_date(doc.content, doc.source.url)
    host = _host(doc.source.url) or _host(getattr(extracted, "url", None))
    sitename = getattr(extracted, "sitename", None) or getattr(extracted, "hostname", None)
    if not doc.site:
        suffix_site = split_site_suffix(title or "", [s for s in (host, sitename) if s])[1]
        result.site = host or sitename or suffix_site
    result.author = doc.author or getattr(extracted, "author", None) or result.author
    result.removed = _html_removals(visible, body, result.removed, title)
    return result


#: page regions whose lines are dropped from the extracted text (when they are not most of it).
_BOILERPLATE_REGIONS = frozenset({"html-related-posts", "html-footer",
                                  "html-call-to-action", "html-share", "html-comments", "html-cookie-notice",
                                  "html-advertisement"})  # fmt: skip
#: ... a region holding at least this share of the extracted text is the article's own container.
REGION_MAX_SHARE = 0.5


def _drop_boilerplate_regions(body: str, visible: list[tuple[str, str]], keep: Collection[str] = ()) -> str:
    """Drop extracted lines that sit in a sidebar, menu, footer, share bar, related list or comments on the page.

    The region of a line is found from the page's markup (element names, classes, ids and
    roles, see `_region_of`). Some sites put the whole article inside an element whose
    class looks like one of these (``<div class="article sidebar-layout">``): a region that
    holds at least `REGION_MAX_SHARE` of the extracted characters is kept, and so are the lines
    whose key (`_line_key`) is in ``keep``.
    """
    lines = body.splitlines()
    index_of: dict[str, list[int]] = {}
    for i, (text, _) in enumerate(visible):
        index_of.setdefault(_line_key(text), []).append(i)
    regions: list[str | None] = []
    position = 0
    for line in lines:
        candidates = [i for i in index_of.get(_line_key(line), []) if i >= position]
        if candidates:
            position = candidates[0]
            regions.append(visible[position][1])
        else:
            regions.append(None)
    total = sum(len(line) for line in lines) or 1
    share: Counter[str] = Counter()
    for line, region in zip(lines, regions, strict=True):
        if region:
            share[region] += len(line)
    drop = {r for r in _BOILERPLATE_REGIONS if 0 < share[r] < REGION_MAX_SHARE * total}
    if not drop:
        return body
    # Only from the edges of the text: a paragraph of such a region between two article lines is part of the
    # article (some sites wrap paragraphs in share widgets).
    if keep:
        regions = [None if _line_key(line) in keep else region for line, region in zip(lines, regions, strict=True)]
    inside = [i for i, region in enumerate(regions) if region not in drop]
    if not inside:
        return body
    first, last = inside[0], inside[-1]
    return "\n".join(
        line
        for i, (line, region) in enumerate(zip(lines, regions, strict=True))
        if first <= i <= last or region not in drop
    )


def _restore_cut_words(body: str, visible: list[tuple[str, str]]) -> str:
    """Give back the words trafilatura cut out of a paragraph (link texts inside a sentence).

    An extracted line that is not a line of the page, but whose words all appear, in the
    same order, in one page line that is at most a third longer, is replaced by that page line.
    """
    visible_keys = {_line_key(text) for text, _ in visible}
    by_word: dict[str, list[int]] = {}
    tokens = [_line_key(text).split() for text, _ in visible]
    for i, words in enumerate(tokens):
        for word in set(words):
            by_word.setdefault(word, []).append(i)
    out: list[str] = []
    changed = False
    for line in body.splitlines():
        key = _line_key(line)
        words = key.split()
        if len(words) < 8 or key in visible_keys:
            out.append(line)
            continue
        rarest = min(words, key=lambda w: len(by_word.get(w, ())))
        best = None
        for i in by_word.get(rarest, ()):
            page = tokens[i]
            if len(words) < len(page) <= 1.34 * len(words) and _is_subsequence(words, page):
                best = visible[i][0]
                break
        out.append(best or line)
        changed = changed or best is not None
    return "\n".join(out) if changed else body


def _is_subsequence(short: Sequence[str], long: Sequence[str]) -> bool:
    it = iter(long)
    return all(word in it for word in short)


#: page regions whose prose is never taken back into the body.
_NO_RECOVERY_REGIONS = frozenset({"html-comments", "html-footer", "html-navigation", "html-related-posts",
                                  "html-call-to-action", "html-cookie-notice", "html-form", "html-byline"})  # fmt: skip
#: page regions that end the article: lost paragraphs are not looked for across them.
_GAP_BOUNDARY_REGIONS = frozenset({"html-comments"})
#: in the run of prose right after trafilatura's last line, at most this many short lines (ads, image
#: credits) may sit between two paragraphs.
RECOVERY_MAX_SKIP = 2
RECOVERY_MIN_CHARS = 100
#: ... and a lead paragraph (a standfirst is often one short sentence).
RECOVERY_LEAD_MIN_CHARS = 80
#: ... and at most this many short lines that do not end like a sentence (subheadings, table cells), in the
#: region of trafilatura's last line, over the whole run.
RECOVERY_MAX_HEADINGS = 20
RECOVERY_HEADING_MAX_CHARS = 100
#: lost paragraphs between two extracted lines are put back only in runs of at most this many.
RECOVERY_MAX_GAP = 2
#: paragraphs after trafilatura's last line are put back only in runs of at least this many.
RECOVERY_MIN_TAIL = 2
#: a lead paragraph is looked for this many page lines above the first extracted one.
RECOVERY_LEAD_LINES = 3
#: ... not counting lines of at most this many characters (button labels, credits: "Share", "E-Mail", "AFP"), nor
#: the lines of a share bar.
RECOVERY_LEAD_SKIP_CHARS = 12
#: a line holding only one of these words is the start of a byline ("By" / "Jane Doe" on separate lines).
_BYLINE_WORDS = frozenset({"by", "von", "par", "por", "di", "door", "av", "af"})
#: ... in the region of that line, or in these: the page header, and "teaser" boxes (many sites put the
#: standfirst in an element whose class says "teaser", which reads like a related-posts region).
_LEAD_REGIONS = ("html-header", "html-related-posts")


def _is_heading_like(text: str) -> bool:
    """A short line that does not end like a sentence: a subheading, a table cell, a label."""
    return len(text) <= RECOVERY_HEADING_MAX_CHARS and not _is_terminal(text)


def _recover_dropped_paragraphs(
    body: str, visible: list[tuple[str, str]], context: CleanContext, leads: set[str] | None = None
) -> str:
    """Put back body paragraphs that trafilatura left out, between its lines or right after its last one.

    trafilatura sometimes stops early (an advertisement or a widget between two paragraphs
    looks like the end of the article) or skips one paragraph inside the article. A page
    line is taken back only when it reads as body prose on its own (long, ends like a
    sentence, as many stopwords of the body's language as body paragraphs have, no cue of
    boilerplate, not repeated across the batch) and it sits inside the extracted article or
    in the unbroken run of prose that continues it. Headings of related lists or comment
    sections end the run.

    The key (`_line_key`) of a lead paragraph put back is added to ``leads`` when given:
    `_drop_boilerplate_regions` must not take it away again for sitting in a "teaser" box.
    """
    lines = [line for line in body.splitlines() if line.strip()]
    keys = {_line_key(line) for line in lines}
    # Anchors are the extracted paragraphs (short lines like "Contact" also match menu entries).
    anchors = {key for key in keys if len(key) >= 40}
    matched = [i for i, (text, _) in enumerate(visible) if _line_key(text) in anchors]
    if len(matched) < 2:
        return body
    sample = " ".join(line for line in lines if len(line) >= 60)[:5000]
    code, score = line_language(sample) if _letter_count(sample) >= 20 else (UNDETERMINED, 0.0)
    stoplist = context.stoplists.get(code) if code != UNDETERMINED and score >= 0.3 else None

    kept_flat = " " + " ".join(_line_key(line) for line in lines) + " "

    def prose(text: str, region: str, min_chars: int = RECOVERY_MIN_CHARS) -> bool:
        if f" {_line_key(text)} " in kept_flat:
            return False  # already there, as a part of a longer extracted line
        if region in _NO_RECOVERY_REGIONS or len(text) < min_chars or not _is_terminal(text):
            return False
        if _cue_reason(text) or _AUTHOR_BOX_RE.search(text) or context.recurs(text) or _URL_RE.search(text):
            return False
        words = _words(text)
        if stoplist is None or not words:
            return False
        return sum(1 for w in words if w.lower() in stoplist) / len(words) >= GOOD_MIN_STOPWORDS

    recovered: dict[int, str] = {}
    first, last = matched[0], matched[-1]
    anchor_regions = {visible[i][1] for i in matched}
    extracted = set(keys)
    gap: list[int] = []
    crossed = False  # the page's comment section lies between the two extracted lines
    for i in range(first + 1, last + 1):
        text, region = visible[i]
        key = _line_key(text)
        if key in extracted or i == last:
            # Between two extracted lines, one or two lost paragraphs are trafilatura's slip; a longer
            # run is a box it dropped on purpose (an embedded second story, a promotion). Nor is a gap that
            # spans the comment section: the extracted line after it is a sidebar entry or a link that repeats
            # a line of the article.
            if len(gap) <= RECOVERY_MAX_GAP and not crossed:
                recovered.update((j, visible[j][0]) for j in gap)
            gap, crossed = [], False
        elif region in _GAP_BOUNDARY_REGIONS:
            crossed = True
        elif region in anchor_regions and key not in keys and prose(text, region):
            gap.append(i)
            keys.add(key)  # a page that prints a paragraph twice gets it back once
    # The lead paragraph right above the first extracted paragraph (often in the page's <header>); trafilatura
    # may have kept the headline or a caption above the lead but not the lead itself.
    opening = next((i for i in matched if len(visible[i][0]) >= RECOVERY_MIN_CHARS), first)
    lead, counted = opening - 1, 0
    while lead >= 0 and counted < RECOVERY_LEAD_LINES:
        text, region = visible[lead]
        # share buttons do not count whatever their labels ("Share on Facebook")
        counted += len(text) > RECOVERY_LEAD_SKIP_CHARS and region != "html-share"
        # The first sizeable line above the body may be the article's own date or byline, with the lead above it;
        # a byline or a date further up means the lines above it are the page's header (a standfirst there is a
        # summary of the article, which some sites repeat in the body).
        if counted > 1 and (_is_date_only(text) or _BYLINE_RE.match(text) or text.casefold() in _BYLINE_WORDS):
            break
        in_lead_region = region in (visible[opening][1], *_LEAD_REGIONS)
        if in_lead_region and _line_key(text) not in keys and prose(text, "x", RECOVERY_LEAD_MIN_CHARS):
            recovered[lead] = text
            keys.add(_line_key(text))
            if leads is not None:
                leads.add(_line_key(text))
            break
        lead -= 1
    tail: list[int] = []
    i, skipped, headings = last + 1, 0, 0
    while i < len(visible):
        text, region = visible[i]
        if _section_heading(text) or region == "html-comments":
            break
        if region == visible[last][1] and _line_key(text) not in keys and prose(text, region):
            tail.append(i)
            keys.add(_line_key(text))
            skipped = 0
        elif skipped < RECOVERY_MAX_SKIP and len(text) <= 40:
            skipped += 1
        elif region == visible[last][1] and headings < RECOVERY_MAX_HEADINGS and _is_heading_like(text):
            headings += 1  # a subheading or the cells of a table inside the article's own container
        else:
            break
        i += 1
    if len(tail) >= RECOVERY_MIN_TAIL:  # a lone paragraph after the article is more often a note or a plea
        recovered.update((j, visible[j][0]) for j in tail)
    if not recovered:
        return body
    # Walk the page in order: each extracted line at the page line it matches, recovered lines in between.
    out: list[str] = []
    position = 0
    index_of: dict[str, list[int]] = {}
    for i, (text, _) in enumerate(visible):
        index_of.setdefault(_line_key(text), []).append(i)
    pending = sorted(recovered)
    for line in lines:
        candidates = [i for i in index_of.get(_line_key(line), []) if i >= position]
        if candidates:
            position = candidates[0]
            while pending and pending[0] < position:
                out.append(recovered[pending.pop(0)])
        out.append(line)
    out.extend(recovered[i] for i in pending)
    return "\n".join(out)


def _resplit_glued_lines(body: str, visible: list[tuple[str, str]]) -> str:
    """Split lines of trafilatura's text that glue several blocks of the page together.

    trafilatura's fallback extractors sometimes return a whole ``<article>`` as one line
    (headline, byline, standfirst and paywall notice run together). Such a line is cut
    again at the page's own block boundaries, so that the line pass can judge each block.
    """
    keys = [(_line_key(text), text) for text, _ in visible]
    out: list[str] = []
    for line in body.splitlines():
        key = _line_key(line)
        if len(key) < 80:
            out.append(line)
            continue
        parts: list[str] = []
        position = 0
        for part_key, part_text in keys:
            if position >= len(key):
                break
            if (
                part_key
                and key.startswith(part_key, position)
                and key[position + len(part_key) : position + len(part_key) + 1] in ("", " ")
            ):
                parts.append(part_text)
                position += len(part_key) + 1
        if len(parts) >= 2 and position >= len(key):
            out.extend(parts)
        else:
            out.append(line)
    return "\n".join(out)


def _html_date(html: str, url: str | None) -> tuple[dt.date | None, str | None]:
    try:
        from htmldate import find_date

        found = find_date(html, extensive_search=False, original_date=True, url=url)
    except Exception:  # htmldate raises on some malformed pages; a missing date is not an error
        found = None
    value = parse_date(found)
    return (value, "html") if value and _plausible(value) else (None, None)


def _html_removals(
    visible: list[tuple[str, str]], kept_text: str, text_removals: list[Removal], title: str | None
) -> list[Removal]:
    """Lines of the page that trafilatura left out, in page order, merged with the text pass's removals."""
    kept_flat = " " + " ".join(_line_key(line) for line in kept_text.splitlines()) + " "
    pending: dict[str, list[Removal]] = {}
    for removal in text_removals:
        pending.setdefault(_line_key(removal.text), []).append(removal)
    title_key = _line_key(title or "")
    headline_key = _line_key(split_site_suffix(title or "")[0]) if title_key else ""
    result: list[Removal] = []
    for text, region in visible:
        key = _line_key(text)
        if not key:
            continue
        if key in pending and pending[key]:
            result.append(pending[key].pop(0))
            continue
        if f" {key} " in kept_flat:
            continue
        if title_key and (key == title_key or key == headline_key):
            result.append(Removal(text, "title"))
            continue
        result.append(Removal(text, region))
    for rest in pending.values():
        result.extend(rest)
    return result
