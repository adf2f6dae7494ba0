"""Turn raw input records into articles: pure functions, no Beam.

An article is a plain dict: ``id``, ``text``, ``published`` (an aware UTC
datetime), ``source``, ``url``, ``title``, ``origin``, ``time_note`` (why
``published`` is not the article's own date, when it is not) and ``raw`` (the
input bytes exactly as read, so a later failure can still dead-letter them
losslessly). Anything that cannot become an article raises ``ArticleError``
with the reason; the Beam layer turns that into a dead letter. An article that
is well formed but holds nothing to extract gets a reason from ``skip_reason``.

What is repaired rather than refused, each reported through the optional
``count`` callback (the Beam layer turns the names into counters):

* ``decoded_windows_1256``: bytes that are not UTF-8 but read as Arabic in
  windows-1256, the code page of many older Arabic archives;
* ``repaired_lone_surrogates``: JSON ``\\ud800``-style escapes that name half
  of a surrogate pair; each becomes U+FFFD, so offsets do not move;
* ``converted_html``: tags and entities in the text become plain text (block
  tags become line breaks, script and style bodies and comments go).
"""
from __future__ import annotations

import html
import json
import os
import re
from datetime import datetime, timezone, timedelta
from typing import Any, Callable, Dict, Optional, Tuple

import pyarabic.araby as araby

Article = Dict[str, Any]
Counter = Callable[[str], None]

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
FUTURE_TOLERANCE = timedelta(days=1)
# A record (JSON line or .txt file) longer than this is dead-lettered whole,
# never decoded or parsed: one 50 MB line must not stall or sink the run.
MAX_ARTICLE_BYTES = 8 * 1024 * 1024
MAX_ID_CHARS = 1000

SKIP_EMPTY, SKIP_NOT_ARABIC = "empty", "not_arabic"

# Characters that carry no content: diacritics, Quranic marks, tatweel, bidi
# controls, zero-width characters, BOM and soft hyphen (and any whitespace).
_INVISIBLE = (set(araby.DIACRITICS) | set(araby.SMALL) | {araby.TATWEEL}
              | set("\u200b\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
                    "\u2066\u2067\u2068\u2069\ufeff\u00ad"))
_VISIBLE = re.compile("[^\\s" + "".join(re.escape(c) for c in sorted(_INVISIBLE)) + "]")
_ARABIC_LETTER = re.compile("[\u0621-\u063a\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5"
                            "\u06ee\u06ef\u06fa-\u06fc\u06ff\u0750-\u077f\u08a0-\u08c9"
                            "\ufb50-\ufdfb\ufe70-\ufefc]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_CONTINUATION = bytes(range(0x80)) + bytes(range(0xC0, 0x100))

# Markup: bounded patterns, so that a text full of stray '<' stays linear.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,15})(?:[\s/][^<>]{0,4000})?>|<!--")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th title tr ul".split())
_DROP_BODY = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}


class ArticleError(ValueError):
    """Input that cannot become an article; the message says why."""


def _no_count(_: str) -> None:
    pass


def decode_bytes(raw: bytes, count: Counter = _no_count) -> str:
    """UTF-8 (an optional BOM is dropped), else windows-1256 when the bytes read
    as Arabic in it; NUL bytes are refused."""
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise ArticleError(f"NUL byte at byte {nul}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _looks_like_windows_1256(raw):
            count("decoded_windows_1256")
            return raw.decode("cp1256")
        raise ArticleError(f"neither UTF-8 nor windows-1256 Arabic; not UTF-8 at byte {exc.start}: "
                           f"{exc.reason}") from None
    # The BOM dropped by hand: the utf-8-sig codec decodes through a Python
    # function, which costs nearly as much again as the decoding itself.
    return text[1:] if text.startswith("\ufeff") else text



def _looks_like_windows_1256(raw: bytes) -> bool:
    """In UTF-8 Arabic about half the non-ASCII bytes are continuation bytes
    (0x80–0xBF); in windows-1256 Arabic letters sit at 0xC1–0xFE and few bytes
    fall there. Bytes that are mostly UTF-8 with a corrupt spot are not
    reinterpreted."""
    high = len(raw.translate(None, bytes(range(0x80))))
    if not high:
        return False
    continuation = len(raw.translate(None, _NOT_CONTINUATION))
    if continuation > high // 4:
        return False
    return _ARABIC_LETTER.search(raw.decode("cp1256")) is not None


def parse_timestamp(value: Any) -> datetime:
    """Parse an ISO 8601 time to aware UTC; a naive time is taken as UTC."""
    if not isinstance(value, str) or not value.strip():
        raise ArticleError(f"published is not an ISO 8601 string: {value!r:.80}")
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=timezone.utc)
        return parsed.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise ArticleError(f"published is not ISO 8601: {value!r:.80}") from None


def resolve_published(value: Any, fallback: datetime, now: Optional[datetime] = None) -> Tuple[datetime, Optional[str]]:
    """The article's time, or ``fallback`` (the file or fetch time) with the
    reason the article's own was not used. A time without a timezone is not
    guessed at: the note quotes it, so nothing is lost."""
    now = now or datetime.now(timezone.utc)
    if value is None:
        return fallback, "published missing; file or fetch time used"
    try:
        parsed = parse_timestamp(value)
    except ArticleError as exc:
        return fallback, f"{exc}; file or fetch time used"
    if _is_naive(value):
        return fallback, f"published has no timezone ({value.strip()[:40]}); file or fetch time used"
    if parsed < EPOCH:
        return fallback, f"published before 1970 ({value.strip()[:40]}); file or fetch time used"
    if parsed > now + FUTURE_TOLERANCE:
        return fallback, f"published in the future ({value.strip()[:40]}); file or fetch time used"
    return parsed, None


def _is_naive(value: str) -> bool:
    text = value.strip()
    if text.endswith(("Z", "z")):
        return False
    try:
        return datetime.fromisoformat(text).tzinfo is None
    except ValueError:
        return False


def _optional_str(record: Dict[str, Any], key: str, count: Counter,
                  repair: Callable[[str, Counter], str]) -> Optional[str]:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ArticleError(f"{key} is not a string: {type(value).__name__}")
    return repair(value, count)


# Decoded bytes never hold a lone surrogate (UTF-8 refuses them; windows-1256
# has none): only a JSON escape in \ud800-\udfff brings one in. A line with no
# such escape skips the check, which encodes every string field (6 to 9 µs an
# article, against 2 to 3 µs for this search).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _unchanged(text: str, count: Counter = _no_count) -> str:
    return text


def article_from_json_line(raw: bytes, origin: str, fallback_time: datetime,
                           count: Counter = _no_count) -> Article:
    """One JSON Lines record → article. Unknown fields (gold ``events``) are ignored."""
    text = decode_bytes(raw, count)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArticleError(f"malformed JSON: {exc.msg} at column {exc.colno}") from None
    except RecursionError:
        raise ArticleError("malformed JSON: nested too deeply") from None
    if not isinstance(record, dict):
        raise ArticleError(f"JSON value is a {type(record).__name__}, not an object")
    article_id = record.get("id")
    if not isinstance(article_id, str):
        raise ArticleError(f"id is missing or not a string: {article_id!r:.80}")
    repair = repair_surrogates if _SURROGATE_ESCAPE.search(raw) else _unchanged
    article_id = repair(article_id.strip(), count)
    if not article_id:
        raise ArticleError("id is empty")
    if len(article_id) > MAX_ID_CHARS:
        raise ArticleError(f"id is longer than {MAX_ID_CHARS} characters")
    body = record.get("text")
    if not isinstance(body, str):
        raise ArticleError(f"text is missing or not a string: {type(body).__name__}")
    published, note = resolve_published(record.get("published"), fallback_time)
    return make_article(article_id, body, published, origin,
                        source=_optional_str(record, "source", count, repair),
                        url=_optional_str(record, "url", count, repair),
                        title=_optional_str(record, "title", count, repair),
                        time_note=note, raw=raw, count=count, repair=repair)


def article_from_text_file(raw: bytes, path: str, published: datetime, time_note: Optional[str],
                           count: Counter = _no_count) -> Article:
    """A whole .txt file is one article; its id is the file name without extension."""
    text = decode_bytes(raw, count)
    name = os.path.basename(path)
    article_id = name[:-4] if name.endswith(".txt") else name
    return make_article(article_id, text, published, path, time_note=time_note, raw=raw, count=count)


def repair_surrogates(text: str, count: Counter = _no_count) -> str:
    """Lone surrogate code points (which UTF-8 and Avro cannot carry) → U+FFFD."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        count("repaired_lone_surrogates")
        return _SURROGATE.sub("\ufffd", text)


def make_article(article_id: str, text: str, published: datetime, origin: str, *,
                 source: Optional[str] = None, url: Optional[str] = None,
                 title: Optional[str] = None, time_note: Optional[str] = None,
                 raw: Optional[bytes] = None, count: Counter = _no_count,
                 repair: Callable[[str, Counter], str] = repair_surrogates) -> Article:
    """The article dict; the text is repaired (surrogates, by ``repair``) and freed of markup."""
    if "\x00" in text:
        raise ArticleError("NUL character in text")
    text = html_to_text(repair(text, count), count)
    article = {"id": article_id, "text": text, "published": published, "source": source,
               "url": url, "title": title, "origin": origin, "time_note": time_note}
    if raw is not None:
        article["raw"] = raw
    return article


def html_to_text(text: str, count: Counter = _no_count) -> str:
    """Tags and entities → plain text, in one linear pass.

    Block tags (p, br, div, li, h1…) become a line break so that sentences do
    not run together; the bodies of script and style and comments are dropped.
    Text without markup is returned as it is.
    """
    has_tag = "<" in text and _TAG.search(text) is not None
    if not has_tag:
        if "&" in text and _ENTITY.search(text):
            count("converted_html")
            return html.unescape(text)
        return text
    count("converted_html")
    parts = []
    pos = 0
    while True:
        m = _TAG.search(text, pos)
        if m is None:
            break
        parts.append(text[pos:m.start()])
        pos = m.end()
        if m.group(0) == "<!--":
            end = text.find("-->", pos)
            pos = len(text) if end < 0 else end + 3
            continue
        name = m.group(2).lower()
        if name in _DROP_BODY and not m.group(1):
            close = _DROP_BODY[name].search(text, pos)
            pos = len(text) if close is None else close.end()
            continue
        if name in _BLOCK_TAGS:
            parts.append("\n")
    parts.append(text[pos:])
    return html.unescape("".join(parts))


def skip_reason(text: str) -> Optional[str]:
    """Why an article holds nothing to extract, or None.

    ``empty``: nothing but whitespace, diacritics, tatweel and invisible
    controls; ``not_arabic``: visible text without a single Arabic letter.
    """
    if _VISIBLE.search(text) is None:
        return SKIP_EMPTY
    if _ARABIC_LETTER.search(text) is None:
        return SKIP_NOT_ARABIC
    return None
