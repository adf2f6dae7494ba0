"""The pipeline runs on Beam's FnApiRunner when no runner (or the DirectRunner) is asked for.

Since Beam 2.68 the DirectRunner first tries Prism, a binary it downloads at
run time; the pipeline's counters, worker options and figures are the
FnApiRunner's, so a local run goes there directly.
"""
import logging
import os

from apache_beam.runners.portability.fn_api_runner.fn_runner import FnApiRunner

from pipeline.options import EventPipelineOptions
from pipeline.run import WORKER_WARM_UP, local_runner, run, with_worker_warm_up

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEV = os.path.join(ROOT, "tests", "data", "dev.jsonl")


def test_no_runner_and_the_direct_runner_run_on_the_fn_api_runner():
    assert isinstance(local_runner(EventPipelineOptions([])), FnApiRunner)
    assert isinstance(local_runner(EventPipelineOptions(["--runner", "DirectRunner"])), FnApiRunner)


def test_another_runner_is_left_to_beam():
    assert local_runner(EventPipelineOptions(["--runner", "PortableRunner"])) is None
    assert local_runner(EventPipelineOptions(["--runner", "FnApiRunner"])) is None


def test_workers_receive_the_pipeline_options():
    runner = local_runner(EventPipelineOptions(["--direct_num_workers", "2", "--window", "1h"]))
    fields = runner._provision_info.provision_info.pipeline_options.fields
    assert fields["beam:option:direct_num_workers:v1"].string_value == "2"
    assert fields["beam:option:window:v1"].string_value == "1h"


def test_workers_are_told_to_import_the_warm_up_once():
    opts = with_worker_warm_up(EventPipelineOptions(["--beam_plugins", "my.plugin"]))
    with_worker_warm_up(opts)
    fields = local_runner(opts)._provision_info.provision_info.pipeline_options.fields
    plugins = [v.string_value for v in fields["beam:option:beam_plugins:v1"].list_value.values]
    assert plugins == ["my.plugin", WORKER_WARM_UP]


def test_a_default_run_never_tries_prism(tmp_path, caplog):
    caplog.set_level(logging.INFO)
    totals = run(["--input", DEV, "--output", str(tmp_path), "--no-progress"])
    assert totals["articles_processed"] == 40
    assert not [r for r in caplog.records if "Prism" in r.getMessage()]
    assert any(name.startswith("events-") for name in os.listdir(tmp_path))
