"""One Kafka record as the streaming job sees it: read as JSON, timed by its event time, and
either placed in the raw partition of that time or rejected with the reason.

jobs/stream_to_raw.py applies this rule to whole micro-batches with Spark columns; the local
stand-in of that job applies it record by record through these functions. A value that is not a
JSON object is kept whole under `_corrupt_record`, the column Spark's JSON reader puts such a
value in, so it can be rejected and looked at instead of lost.
"""

import json as _json

from . import partitions, web_logs
from .cleaning import RAW_LINE_FIELD
from .records import parse_timestamp
from .rejections import reject

CORRUPT_RECORD_FIELD = "_corrupt_record"


def read_value(text):
    """The record a value holds: its JSON object, or `{"_corrupt_record": text}`."""
    try:
        record = _json.loads(text)
    except ValueError:
        return {CORRUPT_RECORD_FIELD: text}
    if not isinstance(record, dict):
        return {CORRUPT_RECORD_FIELD: text}
    return record


def event_time_of(record, event_time_column):
    """The record's event time in UTC, or None: its event time column, else the request time
    of a wrapped web log line (`raw_line`), as the streaming job reads them."""
    if record.get(event_time_column) is not None:
        moment, _reason = parse_timestamp(record[event_time_column])
        return moment
    if RAW_LINE_FIELD in record:
        return web_logs.request_time_of(record[RAW_LINE_FIELD])
    return None


def unplaced_reason(event_time_column):
    """What a record that cannot be placed is rejected for (the streaming job's wording)."""
    return event_time_column + ":missing_or_unreadable"


def place(text, event_time_column, partition_keys, rejected_at):
    """`(partition values, record, None)` for a record with a readable event time, else
    `(None, None, rejection)` with the record as received plus the reason and time."""
    record = read_value(text)
    moment = event_time_of(record, event_time_column)
    if moment is None:
        return None, None, reject(record, unplaced_reason(event_time_column), rejected_at)
    return partitions.partition_values(moment, partition_keys), record, None
