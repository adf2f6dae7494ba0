"""Feed bytes → articles, without Beam or a network."""
from __future__ import annotations

import time
import tracemalloc
from datetime import datetime, timezone

import pytest

from feed_server import entity_bomb, fixture, rss
from transforms.feed_entries import (FeedRefused, entry_id, html_to_text, parse_feed, refuse_entities,
                                     repair_windows_1256, strip_doctype)

FETCHED = datetime(2024, 3, 13, 12, 0, tzinfo=timezone.utc)
UTF8 = {"Content-Type": "application/rss+xml; charset=utf-8"}
JAZAN = "أدانت المملكة العربية السعودية بشدة الهجوم الصاروخي الذي شنته ميليشيا الحوثي على مدينة جازان."


def test_rss_entries_become_articles():
    feed = parse_feed(fixture("news.rss"), UTF8, "https://news.example.org/rss", FETCHED)
    assert feed.title == "وكالة الأنباء التجريبية" and feed.bozo_reason is None and feed.rejected == []
    jazan, ukraine, undated = feed.articles
    assert jazan["id"] == "news-example-2024-0310-001"  # guid
    assert jazan["text"] == JAZAN + "\n\nوقالت وزارة الخارجية إن الهجوم يمثل تصعيدا خطيرا & انتهاكا للقانون الدولي."
    assert "track" not in jazan["text"] and "color" not in jazan["text"]  # script and style dropped
    assert jazan["published"] == datetime(2024, 3, 10, 6, 30, tzinfo=timezone.utc) and jazan["time_note"] is None
    assert jazan["source"] == "وكالة الأنباء التجريبية" and jazan["title"] == "السعودية تدين الهجوم الحوثي على جازان"
    assert jazan["origin"] == "https://news.example.org/rss#news-example-2024-0310-001"
    assert ukraine["text"].startswith("أطلقت روسيا 35 صاروخا على أوكرانيا.\n\n")  # content over summary
    assert undated["id"] == "https://news.example.org/undated"  # no guid: the link
    assert undated["published"] == FETCHED and undated["time_note"] == "published missing; fetch time used"


def test_atom_entries_and_source_from_the_feeds_file():
    feed = parse_feed(fixture("news.atom"), {"Content-Type": "application/atom+xml"}, "https://atom.example.org/",
                      FETCHED, source="شبكة مسماة")
    first, second = feed.articles
    assert first["id"] == "tag:atom.example.org,2024:entry-7"
    assert first["published"] == datetime(2024, 3, 12, 5, 0, tzinfo=timezone.utc)  # published over updated
    assert first["text"] == "أطلقت جماعة الحوثي صواريخ باليستية على مدينة إيلات.\n\nودانت الأمم المتحدة التصعيد."
    assert second["published"] == datetime(2024, 3, 12, 9, 30, tzinfo=timezone.utc)  # updated when no published
    assert {a["source"] for a in feed.articles} == {"شبكة مسماة"}


def test_id_falls_back_to_a_content_hash():
    body = (b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
            + "<item><description>أطلقت روسيا 35 صاروخا على أوكرانيا.</description></item>".encode()
            + b"<item><title>empty</title><guid>g-empty</guid></item></channel></rss>")
    feed = parse_feed(body, UTF8, "http://f/", FETCHED)
    (article,) = feed.articles
    assert article["id"].startswith("sha256:") and len(article["id"]) == 39
    assert article["id"] == parse_feed(body, UTF8, "http://f/", FETCHED).articles[0]["id"]  # stable
    assert feed.rejected[0][0] == "http://f/#g-empty" and "no content" in feed.rejected[0][1]


def test_entity_declarations_are_refused_quickly_and_in_little_memory():
    bomb = entity_bomb()
    assert 100_000 < len(bomb) < 120_000
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(FeedRefused, match="ENTITY"):
        parse_feed(bomb, UTF8, "http://f/", FETCHED)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert time.monotonic() - started < 1.0 and peak < 5 * 1024 * 1024
    with pytest.raises(FeedRefused):
        refuse_entities('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'.encode("utf-16"))


def test_doctype_is_stripped():
    body = b'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape//DTD RSS 0.91//EN" "http://x/rss.dtd">\n<rss/>'
    assert b"DOCTYPE" not in strip_doctype(body)
    assert strip_doctype(b"<!DOCTYPE rss [ <!ELEMENT rss ANY> ]><rss/>") == b"<rss/>"


def test_windows_1256_mislabelled_as_utf8_is_re_decoded():
    original = fixture("news.rss")
    mislabelled = original.decode("utf-8").encode("cp1256")
    feed = parse_feed(mislabelled, UTF8, "http://f/", FETCHED)
    assert feed.encoding_note == "re-decoded as windows-1256 (labelled utf-8)"
    assert feed.articles[0]["text"].startswith(JAZAN)
    assert feed.title == "وكالة الأنباء التجريبية"
    no_header = parse_feed(mislabelled, {}, "http://f/", FETCHED)
    assert no_header.articles[0]["text"].startswith(JAZAN)
    # Valid UTF-8 and honest labels are left alone.
    assert repair_windows_1256(original, dict(UTF8))[2] is None
    honest = mislabelled.replace(b'encoding="UTF-8"', b'encoding="windows-1256"')
    assert repair_windows_1256(honest, {"content-type": "application/xml"})[2] is None
    assert parse_feed(honest, {"content-type": "application/xml"}, "http://f/", FETCHED).articles[0]["text"].startswith(JAZAN)


def test_malformed_feed_keeps_parseable_entries_and_the_reason():
    body = rss([("g1", "Sun, 10 Mar 2024 09:30:00 GMT", JAZAN),
                ("g2", "Mon, 11 Mar 2024 06:15:00 GMT", "أطلقت روسيا 35 صاروخا على أوكرانيا.")])
    broken = body.replace(b"</item><item>", b"</item><item><unclosed>", 1).replace(b"</channel></rss>", b"")
    feed = parse_feed(broken, UTF8, "http://f/", FETCHED)
    assert feed.bozo_reason and "SAXParseException" in feed.bozo_reason
    assert [a["id"] for a in feed.articles][:1] == ["g1"] and len(feed.articles) >= 1


def test_not_a_feed_is_refused():
    with pytest.raises(FeedRefused, match="not a feed"):
        parse_feed(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), {}, "http://f/", FETCHED)


def test_html_to_text():
    assert html_to_text("<p>a &amp; b</p><script>x()</script><style>p{}</style><p>c<br>d</p>") == "a & b\n\nc\n\nd"
    assert html_to_text("<div>  كلمة\n  أخرى </div>") == "كلمة أخرى"
    assert entry_id({"id": "", "link": "http://l"}, "t") == "http://l"
