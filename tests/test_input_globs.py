"""--input globs that match no file, on a local or a remote file system: a
warning when others match, an error naming them when none does, checked
before the pipeline is built."""
from __future__ import annotations

import io
import json
import logging
from typing import Dict

import pytest
from apache_beam.io.filesystem import FileMetadata, FileSystem

from pipeline.run import run
from avro_helpers import read_avro

ARTICLE = json.dumps({"id": "a1", "text": "أطلقت روسيا صواريخ على أوكرانيا.", "published": "2024-01-10T08:00:00Z"},
                     ensure_ascii=False) + "\n"


def warnings_naming(stderr: str, text: str):
    return [line for line in stderr.splitlines() if line.startswith("WARNING") and text in line]


def test_globs_that_all_match_nothing_stop_the_run_and_are_named(tmp_path, pipeline_runner):
    archive, notes = tmp_path / "archive" / "*.jsonl.gz", tmp_path / "notes" / "*.txt"
    result = pipeline_runner("--input", archive, "--input", notes, "--output", tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == f"pipeline.run: no file matches --input '{archive}', '{notes}'"
    assert not (tmp_path / "out").exists()  # stopped before the pipeline was built


def test_a_glob_that_matches_nothing_among_others_is_a_warning_and_the_run_goes_on(tmp_path, pipeline_runner):
    (tmp_path / "in.jsonl").write_text(ARTICLE, encoding="utf-8")
    missing = tmp_path / "missing" / "*.jsonl"
    result = pipeline_runner("--runner", "FnApiRunner", "--no-progress", "--input", tmp_path / "in.jsonl",
                             "--input", missing, "--output", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert warnings_naming(result.stderr, "no file matches") == [
        f"WARNING:pipeline.sources:no file matches --input '{missing}'; reading the other inputs"]
    assert "articles read:        1" in result.stderr
    assert [e["actor_code"] for e in read_avro(str(tmp_path / "out" / "events-*.avro"))] == ["RUS"]


def test_the_default_input_matching_nothing_says_so(tmp_path, pipeline_runner):
    result = pipeline_runner("--output", tmp_path / "out", cwd=tmp_path)  # no seeds/ here
    assert result.returncode == 1
    assert "no file matches --input 'seeds/*' (the default; give --input GLOB)" in result.stderr


class MemoryFileSystem(FileSystem):
    """Files under ``mem://`` kept in a dict: a remote file system (like gs://
    or s3://, no directories) that needs no network."""

    files: Dict[str, bytes] = {}

    @classmethod
    def scheme(cls):
        return "mem"

    def has_dirs(self):
        return False

    def _list(self, prefix):
        for path, data in sorted(self.files.items()):
            if path.startswith(prefix):
                yield FileMetadata(path, len(data), 1704873600.0)

    def exists(self, path):
        return path in self.files

    def metadata(self, path):
        return FileMetadata(path, len(self.files[path]), 1704873600.0)

    def size(self, path):
        return len(self.files[path])

    def last_updated(self, path):
        return 1704873600.0

    def open(self, path, mime_type="application/octet-stream", compression_type=None):
        return io.BytesIO(self.files[path])

    def join(self, basepath, *paths):
        return "/".join([basepath.rstrip("/"), *paths])

    def split(self, path):
        head, _, tail = path.rpartition("/")
        return head, tail

    def mkdirs(self, path):
        raise NotImplementedError

    def create(self, path, mime_type="application/octet-stream", compression_type=None):
        raise NotImplementedError

    def copy(self, source_file_names, destination_file_names):
        raise NotImplementedError

    def rename(self, source_file_names, destination_file_names):
        raise NotImplementedError

    def delete(self, paths):
        raise NotImplementedError


def test_globs_on_a_remote_file_system_are_matched_through_beam(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(MemoryFileSystem, "files", {"mem://bucket/archive/day1.jsonl": ARTICLE.encode()})
    args = ["--runner", "FnApiRunner", "--no-progress", "--output", str(tmp_path / "out")]

    with caplog.at_level(logging.WARNING, logger="pipeline.sources"):
        totals = run([*args, "--input", "mem://bucket/archive/*.jsonl", "--input", "mem://bucket/notes/*.txt"])
    assert totals["articles_read"] == totals["articles_processed"] == 1
    assert [r.getMessage() for r in caplog.records if r.name == "pipeline.sources"] == [
        "no file matches --input 'mem://bucket/notes/*.txt'; reading the other inputs"]

    with pytest.raises(SystemExit, match=r"no file matches --input 'mem://bucket/elsewhere/\*\.jsonl'$"):
        run([*args, "--input", "mem://bucket/elsewhere/*.jsonl"])
    with pytest.raises(SystemExit, match=r"cannot list --input 'nofs://bucket/\*': Unable to get filesystem"):
        run([*args, "--input", "nofs://bucket/*"])


# ------------------------------------------------ which readers the globs need

def test_a_glob_whose_suffix_names_its_kind_is_not_listed(monkeypatch):
    from pipeline import sources

    def no_listing(*_):
        raise AssertionError("listed")

    monkeypatch.setattr(sources.FileSystems, "match", no_listing)
    assert sources.file_readers(["/data/*.jsonl.gz", "/data/*.TXT"]) == {sources.ARTICLE_FILES}
    assert sources.file_readers(["/feeds/*.rss"]) == {sources.FEED_FILES}


def test_other_globs_are_listed_for_the_kinds_of_their_files(tmp_path):
    from pipeline.sources import ARTICLE_FILES, FEED_FILES, file_readers

    (tmp_path / "a.jsonl").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x\n", encoding="utf-8")
    feeds = tmp_path / "feeds"
    feeds.mkdir()
    (feeds / "f.atom").write_text("<feed/>", encoding="utf-8")
    assert file_readers([str(tmp_path / "*.jsonl")]) == {ARTICLE_FILES}
    # A file of no known type stays with ReadArticles, which counts it as skipped.
    assert file_readers([str(tmp_path / "*")]) == {ARTICLE_FILES}
    assert file_readers([str(feeds / "*")]) == {FEED_FILES}
    assert file_readers([str(tmp_path / "*"), str(feeds / "*")]) == {ARTICLE_FILES, FEED_FILES}
    # A glob that matches nothing yet keeps a reader, which matches it again when it runs.
    assert file_readers([str(tmp_path / "later" / "*")]) == {ARTICLE_FILES}


def _step_names(tmp_path, *patterns):
    import apache_beam as beam

    from pipeline.options import EventPipelineOptions
    from pipeline.run import build

    argv = [arg for pattern in patterns for arg in ("--input", str(pattern))] + ["--output", str(tmp_path / "out")]
    opts = EventPipelineOptions(argv)
    p = beam.Pipeline(options=opts)
    build(p, opts.view_as(EventPipelineOptions))
    return {t.unique_name.split("/")[0] for t in p.to_runner_api().components.transforms.values()}


def test_the_pipeline_builds_only_the_readers_its_inputs_need(tmp_path):
    (tmp_path / "a.jsonl").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "f.xml").write_text("<rss/>", encoding="utf-8")
    jsonl_only = _step_names(tmp_path, tmp_path / "*.jsonl")
    assert "ReadArticles" in jsonl_only and "ReadFeedFiles" not in jsonl_only
    assert "AllReadDeadLetters" not in jsonl_only  # one source: no merge of the two
    feeds_only = _step_names(tmp_path, tmp_path / "*.xml")
    assert "ReadFeedFiles" in feeds_only and "ReadArticles" not in feeds_only
    both = _step_names(tmp_path, tmp_path / "*")
    assert {"ReadArticles", "ReadFeedFiles", "AllReadDeadLetters"} <= both
