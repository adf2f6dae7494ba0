"""The pipeline's command-line options: one ``PipelineOptions`` subclass.

Beam's own flags (--runner, --direct_num_workers, --direct_running_mode,
--streaming, …) pass through untouched.
"""
from __future__ import annotations

from apache_beam.options.pipeline_options import PipelineOptions

DEFAULT_INPUT = "seeds/*"
DEFAULT_OUTPUT = "out"


class EventPipelineOptions(PipelineOptions):
    """Flags of the Arabic event pipeline."""

    @classmethod
    def _add_argparse_args(cls, parser):
        parser.add_argument("--input", action="append", default=None,
                            help="File glob to read (.jsonl, .jsonl.gz, .txt); repeatable. "
                                 f"Default: {DEFAULT_INPUT}")
        parser.add_argument("--output", default=DEFAULT_OUTPUT,
                            help="Directory for events-*.avro, counts-*.avro, dead_letters-*.avro.")
        parser.add_argument("--window", default="1d",
                            help="Event-time window for counts: 30s, 15m, 1h, 1d.")
        parser.add_argument("--window-period", dest="window_period", default=None,
                            help="Period of sliding windows (same units); fixed windows when absent.")
        parser.add_argument("--default-published", dest="default_published", default=None,
                            help="ISO 8601 time for .txt articles (default: the file's modification time).")
        parser.add_argument("--num-shards", dest="num_shards", type=int, default=1,
                            help="Shards per output file set.")
        parser.add_argument("--max-article-bytes", dest="max_article_bytes", type=int, default=None,
                            help="Records larger than this go to the dead letters whole (default 8 MiB).")
        # Feeds (RSS 2.0 / Atom).
        parser.add_argument("--rss", action="append", default=None,
                            help="Feed URL to read; repeatable.")
        parser.add_argument("--feeds", default=None,
                            help="File with one feed per line: URL and an optional source name.")
        parser.add_argument("--poll-interval", dest="poll_interval", default="5m",
                            help="With --streaming: how often every feed is polled (0.5s, 30s, 5m, 1h).")
        parser.add_argument("--max-polls", dest="max_polls", type=int, default=None,
                            help="With --streaming: stop after this many polls (tests, back-fills).")
        parser.add_argument("--allow-private-hosts", dest="allow_private_hosts", action="store_true",
                            default=False,
                            help="Allow feeds on private, loopback and link-local addresses.")
        # Sinks and reporting.
        parser.add_argument("--db", default=None,
                            help="postgresql://… URL: also write events and counts to PostgreSQL.")
        parser.add_argument("--progress", dest="progress", action="store_true", default=True,
                            help="Report articles read and events found on stderr every few seconds.")
        parser.add_argument("--no-progress", dest="progress", action="store_false")
