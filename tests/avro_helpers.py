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
