"""Rejected records: the original as it arrived, plus why and when it was turned away.

Rejections are written as JSON lines beside the clean data, so a value that failed its type
is kept exactly as it arrived (a typed file could not hold it).
"""

import datetime as _dt
import decimal as _decimal
import json as _json

REASON_FIELD = "_reject_reason"
REJECTED_AT_FIELD = "_rejected_at"


def rejected_at_text(moment):
    """ISO 8601 in UTC with a Z, to the millisecond."""
    utc = moment.astimezone(_dt.timezone.utc) if moment.tzinfo else moment.replace(tzinfo=_dt.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (utc.microsecond // 1000)


def reject(record, reason, rejected_at):
    """A copy of `record` with the reason and time added; the original is not modified.

    An original field already named like a rejection field (a record rejected twice) keeps its
    first reason under the same name with a leading `_original`, so no history is lost.
    """
    if not reason:
        raise ValueError("a rejection needs a reason")
    rejected = dict(record)
    for field in (REASON_FIELD, REJECTED_AT_FIELD):
        if field in rejected:
            rejected["_original" + field] = rejected.pop(field)
    rejected[REASON_FIELD] = reason
    rejected[REJECTED_AT_FIELD] = rejected_at_text(rejected_at)
    return rejected


def _json_default(value):
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, _decimal.Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", errors="replace")
    return str(value)


def to_json_line(rejected):
    """One JSON line; dates, decimals and bytes become text instead of failing the write."""
    return _json.dumps(rejected, default=_json_default, ensure_ascii=False, sort_keys=True)
