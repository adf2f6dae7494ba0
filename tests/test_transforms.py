"""Each composite transform on a real Beam pipeline (FnApiRunner, in process)."""
import gzip
import os
import subprocess
import sys
import json
from datetime import datetime, timezone

import apache_beam as beam
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to, equal_to_per_window
from apache_beam.pipeline import PipelineVisitor
from apache_beam.transforms.window import FixedWindows, GlobalWindow, IntervalWindow, TimestampedValue

from transforms.count import CountEvents
from transforms.extract import (EVENTS, BatchByBucketFn, ExtractEvents, GlobalBatchByBucketFn, first_copies,
                                id_bucket)
from transforms.read import (ARTICLES, DEAD_LETTERS, PlanRangesFn, ReadArticles, ReadRawRecordsFn,
                             redistributes)

UTC = timezone.utc


def article(aid, text, published="2024-01-10T08:00:00+00:00", source="s1"):
    return {"id": aid, "text": text, "published": datetime.fromisoformat(published), "source": source,
            "url": None, "title": None, "origin": f"test:{aid}", "time_note": None}


def test_read_articles_parses_lines_and_dead_letters_bad_ones(tmp_path):
    good = {"id": "a1", "text": "أطلقت روسيا صواريخ على أوكرانيا.", "published": "2024-01-10T08:00:00Z"}
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join([
        json.dumps(good, ensure_ascii=False).encode(),
        b'{"id": "a2", "text": ',                      # malformed
        json.dumps({"id": "a3"}).encode(),              # no text
        json.dumps(good, ensure_ascii=False).encode(),  # same id again: resolved after extraction
    ]) + b"\n")
    with TestPipeline(runner="FnApiRunner") as p:
        out = p | ReadArticles([str(path)])
        assert_that(out[ARTICLES] | beam.Map(lambda a: (a["id"], a["origin"])),
                    equal_to([("a1", f"{path}:1"), ("a1", f"{path}:4")]), label="articles")
        assert_that(out[DEAD_LETTERS] | beam.Map(lambda d: (d["origin"], d["stage"], d["raw"][:9])),
                    equal_to([(f"{path}:2", "parse", b'{"id": "a'), (f"{path}:3", "parse", b'{"id": "a')]),
                    label="dead")


def test_gzipped_records_are_redistributed_and_none_is_lost_or_repeated(tmp_path):
    """With the reshuffle after the read, exactly the articles read come out, once each."""
    lines = [json.dumps({"id": f"g{i}", "text": "أطلقت روسيا صواريخ على أوكرانيا. " * (i % 5 + 1)},
                        ensure_ascii=False).encode() for i in range(1, 1201)]
    lines[99] = b'{"id": "broken'
    path = tmp_path / "archive.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b"\n".join(lines) + b"\n")
    assert redistributes([str(path)])
    expected = [(f"g{i}", f"{path}:{i}") for i in range(1, 1201) if i != 100]
    two_workers = PipelineOptions(["--direct_num_workers", "2"])
    with TestPipeline(runner="FnApiRunner", options=two_workers) as p:
        out = p | ReadArticles([str(path)])
        labels = {t.unique_name for t in p.to_runner_api().components.transforms.values()}
        assert "ReadArticles/SpreadRecords" in labels
        assert_that(out[ARTICLES] | beam.Map(lambda a: (a["id"], a["origin"])), equal_to(expected), label="ids")
        assert_that(out[ARTICLES] | "Count" >> beam.combiners.Count.Globally(), equal_to([1199]), label="count")
        assert_that(out[DEAD_LETTERS] | beam.Map(lambda d: d["origin"]), equal_to([f"{path}:100"]), label="dead")


def test_one_local_worker_reads_without_redistributing(tmp_path):
    path = tmp_path / "archive.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b'{"id": "a", "text": "\xd9\x86\xd8\xb5"}\n')
    with TestPipeline(runner="FnApiRunner") as p:
        out = p | ReadArticles([str(path)])
        labels = {t.unique_name for t in p.to_runner_api().components.transforms.values()}
        assert "ReadArticles/SpreadRecords" not in labels
        assert_that(out[ARTICLES] | beam.Map(lambda a: a["id"]), equal_to(["a"]))


def test_only_unsplittable_inputs_are_redistributed():
    assert redistributes(["archive/*.jsonl.gz", "notes/*.TXT"])
    assert not redistributes(["archive/*.jsonl.gz", "big.jsonl"])
    assert not redistributes(["archive/*"])
    assert not redistributes([])


def test_a_large_file_is_read_in_ranges_with_exact_line_numbers(tmp_path):
    lines = [json.dumps({"id": f"n{i}", "text": "نص " * (i % 7 + 1)}, ensure_ascii=False).encode()
             for i in range(1, 301)]
    path = tmp_path / "big.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    from apache_beam.io.filesystems import FileSystems
    [metadata] = FileSystems.match([str(path)])[0].metadata_list
    ranges = list(PlanRangesFn(range_bytes=500).process(metadata))
    assert len(ranges) > 10
    assert ranges[0][2] == 0 and ranges[-1][3] is None
    assert all(a[3] == b[2] for a, b in zip(ranges, ranges[1:]))  # contiguous
    records = [r for rng in ranges for r in ReadRawRecordsFn().process(rng)]
    assert [r[1] for r in records] == [f"{path}:{i}" for i in range(1, 301)]
    assert [r[2] for r in records] == lines


def test_extract_events_processes_each_id_once_the_first_by_origin():
    first = dict(article("dup", "أدانت قطر الهجوم."), origin="f.jsonl:2")
    later = dict(article("dup", "أطلقت روسيا صواريخ على أوكرانيا."), origin="f.jsonl:10")
    with TestPipeline(runner="FnApiRunner") as p:
        out = p | beam.Create([later, first]) | ExtractEvents()
        assert_that(out[EVENTS] | beam.Map(lambda e: (e["article_id"], e["event_type"], e["actor_code"])),
                    equal_to([("dup", "CONDEMNATION", "QAT")]))


def test_first_copies_keeps_the_first_outcome_of_each_id_by_file_then_line():
    batches = [[("a", ("f.jsonl:10", "events", ["later"])), ("b", ("f.jsonl:3", "events", []))],
               [("a", ("f.jsonl:9", "events", ["first"])), ("a", ("g.jsonl:1", "events", ["other file"]))],
               []]
    outcomes, copies = first_copies(batches)
    assert sorted(outcomes) == [("f.jsonl:3", "events", []), ("f.jsonl:9", "events", ["first"])]
    assert copies == 2
    assert first_copies([]) == ([], 0)


def test_copies_of_an_id_meet_across_batches_and_every_article_is_counted_once():
    # Batches of three outcomes: the copies of an id are handed on in
    # different batches and still meet in the grouping.
    arts = [dict(article(f"n{i}", "خبر عادي عن الطقس."), origin=f"f.jsonl:{i}") for i in range(20)]
    arts += [dict(article("n7", "أدانت قطر الهجوم.", source="g"), origin="g.jsonl:1"),
             dict(article("n3", "أدانت قطر الهجوم.", source="a"), origin="a.jsonl:5")]
    p = TestPipeline(runner="FnApiRunner")
    out = p | beam.Create(arts) | ExtractEvents(outcome_batch=3)
    # n3's first copy is a.jsonl:5 (file a before f); n7's is f.jsonl:7.
    assert_that(out[EVENTS] | beam.Map(lambda e: (e["article_id"], e["source"])), equal_to([("n3", "a")]))
    result = p.run()
    result.wait_until_finish()
    counters = {c.key.metric.name: c.committed for c in result.metrics().query()["counters"]}
    assert counters["articles_processed"] == 20
    assert counters["skipped_duplicate_id"] == 2


def test_batches_of_outcomes_keep_their_windows():
    fn = BatchByBucketFn(max_held=2)
    fn.start_bundle()
    one, two = IntervalWindow(0, 10), IntervalWindow(10, 20)
    assert list(fn.process(("a", ("o:1", "events", [])), window=one)) == []
    handed = list(fn.process(("b", ("o:2", "events", [])), window=two))
    assert sorted((v.windows, v.value[1]) for v in handed) == [
        ([one], [("a", ("o:1", "events", []))]), ([two], [("b", ("o:2", "events", []))])]
    assert all(v.value[0] == id_bucket(v.value[1][0][0]) and v.timestamp == v.windows[0].max_timestamp()
               for v in handed)
    assert list(fn.process(("c", ("o:3", "events", [])), window=one)) == []
    assert [(v.windows, v.value[1]) for v in fn.finish_bundle()] == [([one], [("c", ("o:3", "events", []))])]
    assert list(fn.finish_bundle()) == []


def test_global_batches_are_handed_on_in_the_global_window():
    fn = GlobalBatchByBucketFn(max_held=2)
    fn.start_bundle()
    assert list(fn.process(("a", ("o:1", "events", [])))) == []
    handed = list(fn.process(("b", ("o:2", "events", []))))
    assert sorted(pair for v in handed for pair in v.value[1]) == [("a", ("o:1", "events", [])),
                                                                    ("b", ("o:2", "events", []))]
    assert all(v.value[0] == id_bucket(v.value[1][0][0]) for v in handed)
    assert all(v.windows == [GlobalWindow()] and v.timestamp == GlobalWindow().max_timestamp() for v in handed)
    assert list(fn.finish_bundle()) == []


def _batch_fn_of(pipeline):
    found = []

    class Visitor(PipelineVisitor):
        def visit_transform(self, node):
            if node.full_label.endswith("BatchById"):
                found.append(type(node.transform.fn))
    pipeline.visit(Visitor())
    return found


def test_extract_events_batches_without_the_window_only_when_every_outcome_is_global():
    arts = [dict(article(f"w{i}", "أدانت قطر الهجوم."), origin=f"f.jsonl:{i}") for i in range(3)]
    with TestPipeline(runner="FnApiRunner") as p:
        out = p | "Global" >> beam.Create(arts) | "ExtractGlobal" >> ExtractEvents()
        assert_that(out[EVENTS] | "GlobalIds" >> beam.Map(lambda e: e["article_id"]),
                    equal_to(["w0", "w1", "w2"]), label="global")
        windowed = (p | "Windowed" >> beam.Create(list(enumerate(arts)))
                    | "Stamp" >> beam.Map(lambda ia: TimestampedValue(ia[1], ia[0] * 100))
                    | "Fixed" >> beam.WindowInto(FixedWindows(100)))
        out = windowed | "ExtractWindowed" >> ExtractEvents()
        assert_that(out[EVENTS] | "WindowedIds" >> beam.Map(
            lambda e, w=beam.DoFn.WindowParam: (e["article_id"], w.start.micros // 10**6)),
            equal_to([("w0", 0), ("w1", 100), ("w2", 200)]), label="windowed")
        assert _batch_fn_of(p) == [GlobalBatchByBucketFn, BatchByBucketFn]


def test_extract_events_yields_valid_records_and_dead_letters_on_failure():
    arts = [article("a1", "أدان البيت الأبيض إطلاق إيران صواريخ باليستية على إسرائيل."),
            dict(article("bad", "نص"), published="not a datetime")]
    with TestPipeline(runner="FnApiRunner") as p:
        out = p | beam.Create(arts) | ExtractEvents()
        assert_that(out[EVENTS] | beam.Map(lambda e: (e["article_id"], e["event_type"], e["actor_code"],
                                                      e["target_code"], e["projectile"])),
                    equal_to([("a1", "CONDEMNATION", "USA", "IRN", None),
                              ("a1", "LAUNCH", "IRN", "ISR", "BALLISTIC_MISSILE")]), label="events")
        assert_that(out[DEAD_LETTERS] | beam.Map(lambda d: (d["article_id"], d["stage"], d["error_class"])),
                    equal_to([("bad", "extract", "AttributeError")]), label="dead")


def _event(aid, etype, actor, target, published, modality="ASSERTED", source="s1"):
    return {"article_id": aid, "event_type": etype, "actor_code": actor, "target_code": target,
            "modality": modality, "source": source, "published": datetime.fromisoformat(published)}


def test_count_events_per_fixed_window_asserted_only():
    events = [
        _event("a1", "LAUNCH", "RUS", "UKR", "2024-01-10T01:00:00+00:00"),
        _event("a2", "LAUNCH", "RUS", "UKR", "2024-01-10T23:00:00+00:00", source="s2"),
        _event("a3", "LAUNCH", "RUS", "UKR", "2024-01-11T02:00:00+00:00"),
        _event("a4", "LAUNCH", "RUS", "UKR", "2024-01-11T03:00:00+00:00", modality="THREATENED"),
        _event("a5", "CONDEMNATION", "FRA", None, "2024-01-11T04:00:00+00:00"),
    ]
    day = 86400
    w1 = IntervalWindow(datetime(2024, 1, 10, tzinfo=UTC).timestamp(), datetime(2024, 1, 11, tzinfo=UTC).timestamp())
    w2 = IntervalWindow(w1.end, w1.end + day)

    def brief(r):
        return (r["event_type"], r["actor_code"], r["target_code"], r["events"], r["articles"], r["sources"],
                r["window_start"], r["is_final"])

    with TestPipeline(runner="FnApiRunner") as p:
        counts = p | beam.Create(events) | CountEvents(day)
        assert_that(counts | beam.Map(brief), equal_to_per_window({
            w1: [("LAUNCH", "RUS", "UKR", 2, 2, 2, datetime(2024, 1, 10, tzinfo=UTC), True)],
            w2: [("LAUNCH", "RUS", "UKR", 1, 1, 1, datetime(2024, 1, 11, tzinfo=UTC), True),
                 ("CONDEMNATION", "FRA", None, 1, 1, 1, datetime(2024, 1, 11, tzinfo=UTC), True)],
        }), reify_windows=True)


def test_count_events_sliding_windows_count_an_event_in_each_window_it_falls_in():
    events = [_event("a1", "LAUNCH", "RUS", "UKR", "2024-01-10T01:30:00+00:00")]
    with TestPipeline(runner="FnApiRunner") as p:
        counts = p | beam.Create(events) | CountEvents(7200, 3600)
        assert_that(counts | beam.Map(lambda r: (r["window_start"].hour, r["events"])),
                    equal_to([(0, 1), (1, 1)]))


def _run_fresh(lines):
    done = subprocess.run([sys.executable, "-c", "\n".join(lines)], capture_output=True, text=True,
                          cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_an_sdk_worker_freezes_its_long_lived_heap_once_its_extractor_is_built():
    # In a fresh interpreter whose main module is the SDK worker's, as when a
    # runner starts one.
    assert _run_fresh([
        "import gc, importlib.util, sys",
        "sys.modules['__main__'].__spec__ = importlib.util.find_spec('apache_beam.runners.worker.sdk_worker_main')",
        "from transforms.extract import ExtractOutcomeFn",
        "assert gc.get_freeze_count() == 0",
        "fn = ExtractOutcomeFn()",
        "fn.setup()",
        "frozen = gc.get_freeze_count()",
        "walked = {id(o) for o in gc.get_objects()}",
        "assert frozen > 10000, frozen",
        "assert id(fn.extractor.lexicons) not in walked and id(fn.extractor.gazetteer) not in walked",
        "full = gc.get_stats()[2]['collections']",
        "ExtractOutcomeFn().setup()",
        "assert gc.get_stats()[2]['collections'] == full, 'collected again'",
        "assert gc.get_freeze_count() == frozen",
        "print('ok')",
    ]) == "ok"


def test_a_pipeline_run_in_a_users_process_leaves_its_heap_alone():
    assert _run_fresh([
        "import gc",
        "from transforms.extract import ExtractOutcomeFn",
        "ExtractOutcomeFn().setup()",
        "print(gc.get_freeze_count())",
    ]) == "0"


def test_an_sdk_worker_builds_its_extractor_as_it_starts_and_setup_takes_that_one():
    assert _run_fresh([
        "import importlib.util, sys, threading",
        "sys.modules['__main__'].__spec__ = importlib.util.find_spec('apache_beam.runners.worker.sdk_worker_main')",
        "import transforms.worker_warm_up",
        "builds = [t for t in threading.enumerate() if t.name == 'build-extractor']",
        "assert len(builds) == 1, builds",
        "from transforms.extract import ExtractOutcomeFn",
        "from transforms.extractor.engine import _build_extractor",
        "fn = ExtractOutcomeFn()",
        "fn.setup()  # waits for the build under way instead of starting another",
        "builds[0].join()",
        "info = _build_extractor.cache_info()",
        "assert (info.misses, info.currsize) == (1, 1), info",
        "assert fn.extractor is _build_extractor(True)",
        "print('ok')",
    ]) == "ok"


def test_a_users_process_that_imports_the_warm_up_builds_nothing():
    assert _run_fresh([
        "import threading",
        "import transforms.worker_warm_up",
        "from transforms.extractor.engine import _build_extractor",
        "print([t.name for t in threading.enumerate() if t.name == 'build-extractor'],"
        " _build_extractor.cache_info().currsize)",
    ]) == "[] 0"


def _gzip_lines(path, lines, cut=0):
    data = gzip.compress(b"\n".join(lines) + b"\n")
    path.write_bytes(data[:len(data) - cut] if cut else data)
    from apache_beam.io.filesystems import FileSystems
    [metadata] = FileSystems.match([str(path)])[0].metadata_list
    return metadata


def test_a_gzipped_file_read_in_shares_yields_each_line_once(tmp_path):
    lines = [json.dumps({"id": f"s{i}", "text": "نص " * (i % 5 + 1)}, ensure_ascii=False).encode()
             for i in range(1, 101)]
    lines[41] = b""  # a blank line belongs to no share's records
    metadata = _gzip_lines(tmp_path / "a.jsonl.gz", lines)
    ranges = list(PlanRangesFn(range_bytes=100, gzip_shares=3).process(metadata))
    assert [(r[2], r[3], r[6], r[7]) for r in ranges] == [(0, None, 0, 3), (0, None, 1, 3), (0, None, 2, 3)]
    by_share = [[r[1] for r in ReadRawRecordsFn().process(rng)] for rng in ranges]
    assert all(30 <= len(share) <= 34 for share in by_share)  # every worker gets a third
    origins = sorted(o for share in by_share for o in share)
    assert origins == sorted(f"{tmp_path / 'a.jsonl.gz'}:{i}" for i in range(1, 101) if i != 42)
    # One share is the whole file.
    [whole] = PlanRangesFn(gzip_shares=1).process(metadata)
    assert sorted(r[1] for r in ReadRawRecordsFn().process(whole)) == origins


def test_a_truncated_gzip_read_in_shares_gives_one_dead_letter(tmp_path):
    lines = [json.dumps({"id": f"t{i}", "text": "نص طويل " * 40}, ensure_ascii=False).encode()
             for i in range(1, 401)]
    metadata = _gzip_lines(tmp_path / "cut.jsonl.gz", lines, cut=200)
    [whole] = PlanRangesFn(gzip_shares=1).process(metadata)
    alone = list(ReadRawRecordsFn().process(whole))
    shares = [list(ReadRawRecordsFn().process(rng)) for rng in PlanRangesFn(gzip_shares=2).process(metadata)]
    dead = [d.value for share in shares for d in share if isinstance(d, beam.pvalue.TaggedOutput)]
    records = sorted(r[1] for share in shares for r in share if not isinstance(r, beam.pvalue.TaggedOutput))
    [dead_alone] = [d.value for d in alone if isinstance(d, beam.pvalue.TaggedOutput)]
    assert len(dead) == 1 and dead[0]["origin"] == dead_alone["origin"] and dead[0]["raw"] == dead_alone["raw"]
    assert records == sorted(r[1] for r in alone if not isinstance(r, beam.pvalue.TaggedOutput))
    assert 0 < len(records) < 400


def test_gzip_shares_follow_the_local_worker_processes():
    from transforms.read import gzip_shares

    def shares(*flags, runner="FnApiRunner"):
        return gzip_shares(beam.Pipeline(runner=runner, options=PipelineOptions(list(flags))))

    assert shares("--direct_num_workers", "2", "--direct_running_mode", "multi_processing") == 2
    assert shares("--direct_num_workers", "0", "--direct_running_mode", "multi_processing") == os.cpu_count()
    assert shares("--direct_num_workers", "2", "--direct_running_mode", "multi_threading") == 1
    assert shares("--direct_num_workers", "2") == 1  # in process
    assert shares() == 1
    assert shares("--direct_num_workers", "4", "--direct_running_mode", "multi_processing",
                  runner="PortableRunner") == 1  # remote: the redistribution after the read


def test_worker_processes_read_gzip_in_shares_instead_of_redistributing(tmp_path):
    opts = PipelineOptions(["--direct_num_workers", "2", "--direct_running_mode", "multi_processing"])
    p = beam.Pipeline(runner="FnApiRunner", options=opts)
    _ = p | ReadArticles([str(tmp_path / "*.jsonl.gz")])
    transforms = p.to_runner_api().components.transforms.values()
    assert not any(t.unique_name.startswith("ReadArticles/SpreadRecords") for t in transforms)
    [plan] = [t for t in p.transforms_stack[0].parts[0].parts if t.full_label == "ReadArticles/PlanRanges"]
    assert plan.transform.fn.gzip_shares == 2
