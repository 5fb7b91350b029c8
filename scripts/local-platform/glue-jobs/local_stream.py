"""The record-by-record half of the local stand-in of jobs/stream_to_raw.py: which raw partition
each Kafka record of a micro-batch goes to, or why it is rejected, through the same
hybrid_lake_etl rule as the streaming job (hybrid_lake_etl.streaming). The stand-in
(scripts/local-platform/streaming) reads the topic, writes the files and commits the offsets;
this process only decides. It runs for as long as its stdin is open:

    PYTHONPATH=infra/glue python3 scripts/local-platform/glue-jobs/local_stream.py \
        --event-time-column event_time --partition-keys year,month,day,hour

Each line in is one micro-batch, `{"values": ["<record>", …], "now": "<ISO 8601>"}`; each line
out answers it in order, `{"results": [{"partition": "year=…/hour=…"} | {"rejected": "<JSON
line>"}, …]}`. A line that is not such a batch is answered `{"error": "…"}`, and the process
goes on.
"""

import argparse
import json
import sys

try:
    from hybrid_lake_etl import partitions, rejections, streaming
except ImportError as _missing:  # run by hand without the Glue sources on the path
    sys.exit("local_stream: %s: run it with infra/glue on PYTHONPATH" % _missing)

from local_job import LocalJobError, parse_now


def place_one(value, event_time_column, partition_keys, now):
    """The record's partition, or its rejection. A value whose time no datetime can hold (year 0)
    is rejected like any unreadable time, as Spark's to_timestamp gives it null: one odd record
    never stops the topic."""
    try:
        return streaming.place(value, event_time_column, partition_keys, now)
    except (ValueError, OverflowError, TypeError):
        record = streaming.read_value(value)
        return None, None, rejections.reject(record, streaming.unplaced_reason(event_time_column), now)


def answer(batch, event_time_column, partition_keys):
    now = parse_now(batch["now"])
    results = []
    for value in batch["values"]:
        if not isinstance(value, str):
            raise LocalJobError("every value must be text")
        values, _record, rejection = place_one(value, event_time_column, partition_keys, now)
        if rejection is not None:
            results.append({"rejected": rejections.to_json_line(rejection)})
        else:
            results.append({"partition": "/".join("%s=%s" % (key, values[key]) for key in partition_keys)})
    return {"results": results}


def main(argv):
    parser = argparse.ArgumentParser(prog="local_stream.py")
    parser.add_argument("--event-time-column", required=True)
    parser.add_argument("--partition-keys", required=True)
    options = parser.parse_args(argv)
    partition_keys = partitions.parse_partition_keys(options.partition_keys)
    for line in sys.stdin:
        try:
            batch = json.loads(line)
            if not isinstance(batch, dict) or not isinstance(batch.get("values"), list):
                raise LocalJobError('a batch is {"values": [...], "now": "..."}')
            reply = answer(batch, options.event_time_column, partition_keys)
        except (ValueError, KeyError, LocalJobError) as error:
            reply = {"error": str(error)}
        # ASCII escapes: a lone surrogate in a value (valid JSON, not valid UTF-8) still travels.
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
