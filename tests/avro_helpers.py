"""Read the pipeline's Avro outputs back."""
import glob
import os

import fastavro


def read_records(out_dir, name):
    records = []
    for path in sorted(glob.glob(os.path.join(out_dir, f"{name}-*.avro"))):
        with open(path, "rb") as fh:
            records.extend(fastavro.reader(fh))
    return records


def read_avro(pattern):
    """Every record of the Avro files matching ``pattern``, file by file in name order."""
    out = []
    for path in sorted(glob.glob(str(pattern))):
        with open(path, "rb") as fh:
            out.extend(fastavro.reader(fh))
    return out


def latest_counts(records):
    """Of the count records of each (window, type, actor, target), the latest: the highest
    ``pane_index``, a final record before an update of the same index."""
    latest = {}
    for r in records:
        key = (r["window_start"], r["window_end"], r["event_type"], r["actor_code"], r["target_code"])
        if key not in latest or (r["pane_index"], r["is_final"]) > (latest[key]["pane_index"], latest[key]["is_final"]):
            latest[key] = r
    return latest


def count_events(events):
    """What the latest counts must say: ASSERTED events per (window, type, actor, target),
    for the windows the count records name."""
    def tally(window_start, window_end):
        n = {}
        for e in events:
            if e["modality"] == "ASSERTED" and window_start <= e["published"] < window_end:
                k = (window_start, window_end, e["event_type"], e["actor_code"], e["target_code"])
                n[k] = n.get(k, 0) + 1
        return n
    return tally
