"""Schema evolution with fastavro's resolution rules, and the checks every
record passes before it reaches a sink."""
from __future__ import annotations

import copy
import io
from datetime import date, datetime, timedelta, timezone

import fastavro
import pytest

from schemas import CURRENT_VERSION, EVENT, load_schema, load_schema_version
from transforms.records import RecordInvalid, check_record

V1 = load_schema_version(EVENT, 1)
V2 = load_schema_version(EVENT, 2)


def v2_record(**changes):
    record = {
        "event_id": "e1", "article_id": "a1", "source": "dev", "url": None,
        "published": datetime(2024, 1, 10, 8, tzinfo=timezone.utc),
        "event_type": "LAUNCH", "modality": "ASSERTED", "actor_code": "PRK", "actor_text": "كوريا الشمالية",
        "target_code": None, "target_text": None, "projectile": "BALLISTIC_MISSILE",
        "trigger": "أطلقت", "trigger_start": 0, "trigger_end": 5, "sentence": "أطلقت كوريا الشمالية صاروخا.",
        "sentence_index": 0, "event_date": date(2024, 1, 10), "cameo_code": "195", "plover": "ASSAULT",
        "mentions": 3, "time_note": "published has no timezone (2024-01-10T08:00:00); file or fetch time used",
        "extractor_version": "1.0.0",
    }
    record.update(changes)
    return record


def roundtrip(writer_schema, reader_schema, records):
    buf = io.BytesIO()
    fastavro.writer(buf, fastavro.parse_schema(copy.deepcopy(writer_schema)), records)
    buf.seek(0)
    return list(fastavro.reader(buf, reader_schema=fastavro.parse_schema(copy.deepcopy(reader_schema))))


def test_the_current_event_schema_is_version_2_and_the_previous_is_kept():
    assert CURRENT_VERSION[EVENT] == 2 and V2 == load_schema(EVENT)
    assert "Schema version 2" in V2["doc"] and "Schema version 1" in V1["doc"]
    names = lambda s: [f["name"] for f in s["fields"]]  # noqa: E731
    assert set(names(V2)) - set(names(V1)) == {"mentions", "time_note"}


def test_written_with_the_current_schema_read_with_the_previous():
    (old,) = roundtrip(V2, V1, [v2_record()])
    assert "mentions" not in old and "time_note" not in old
    assert old["modality"] == "ASSERTED" and old["actor_code"] == "PRK"


def test_written_with_the_previous_schema_read_with_the_current_gets_the_defaults():
    v1_record = {k: v for k, v in v2_record().items() if k not in ("mentions", "time_note")}
    (new,) = roundtrip(V1, V2, [v1_record])
    assert new["mentions"] == 1 and new["time_note"] is None
    assert new["published"] == v1_record["published"]


def test_the_new_symbol_other_is_unknown_to_a_version_1_reader():
    with pytest.raises(fastavro.read.SchemaResolutionError):
        roundtrip(V2, V1, [v2_record(modality="OTHER")])


def test_a_later_symbol_and_field_read_with_the_current_schema_as_the_enum_default():
    later = copy.deepcopy(V2)
    for field in later["fields"]:
        if field["name"] == "modality":
            field["type"]["symbols"].append("RUMOURED")
        if field["name"] == "projectile":
            field["type"][1]["symbols"].append("HYPERSONIC_GLIDE_VEHICLE")
    later["fields"].append({"name": "confidence", "type": ["null", "float"], "default": None})
    (read,) = roundtrip(later, V2, [v2_record(modality="RUMOURED", projectile="HYPERSONIC_GLIDE_VEHICLE",
                                              confidence=0.5)])
    assert read["modality"] == "OTHER" and read["projectile"] == "OTHER" and "confidence" not in read


def test_records_are_validated_before_the_sink():
    assert check_record(EVENT, v2_record()) is not None
    for bad in (v2_record(trigger_start=2 ** 31), v2_record(mentions=-2 ** 31 - 1),
                v2_record(modality="SPECULATED"), v2_record(event_type="CONDEMN"),
                v2_record(published=datetime(2024, 1, 10, 8)),
                v2_record(published=datetime(2024, 1, 10, 8, tzinfo=timezone(timedelta(hours=3)))),
                v2_record(trigger=None)):
        with pytest.raises(RecordInvalid):
            check_record(EVENT, bad)
