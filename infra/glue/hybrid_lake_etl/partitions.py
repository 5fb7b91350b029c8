"""Hive-style time partitions: zero-padded strings computed from an event time in UTC."""

import datetime as _dt

from .errors import PartitionKeyError

TIME_KEYS = ("year", "month", "day", "hour")
HOURLY = TIME_KEYS
DAILY = TIME_KEYS[:3]


def parse_partition_keys(text):
    """`"year,month,day"` -> `("year", "month", "day")`, checked to be a leading run of TIME_KEYS."""
    keys = tuple(part.strip() for part in text.split(",") if part.strip())
    check_partition_keys(keys)
    return keys


def check_partition_keys(keys):
    # A time partition only makes sense coarse to fine with no gap: year/day without month
    # would put several months in one directory.
    if not keys or tuple(keys) != TIME_KEYS[: len(keys)]:
        raise PartitionKeyError(
            "partition keys must be a leading run of %s, got %s" % (",".join(TIME_KEYS), ",".join(keys))
        )


def to_utc(moment):
    """An aware datetime in UTC; a naive one is taken to be UTC already (the lake's convention)."""
    if isinstance(moment, _dt.datetime):
        if moment.tzinfo is None:
            return moment.replace(tzinfo=_dt.timezone.utc)
        return moment.astimezone(_dt.timezone.utc)
    if isinstance(moment, _dt.date):
        return _dt.datetime(moment.year, moment.month, moment.day, tzinfo=_dt.timezone.utc)
    raise PartitionKeyError("event time must be a date or datetime, got %r" % (moment,))


def partition_values(event_time, keys=HOURLY):
    """`{"year": "2026", "month": "03", "day": "07", "hour": "09"}` for the given keys."""
    check_partition_keys(tuple(keys))
    moment = to_utc(event_time)
    every = {
        "year": "%04d" % moment.year,
        "month": "%02d" % moment.month,
        "day": "%02d" % moment.day,
        "hour": "%02d" % moment.hour,
    }
    return {key: every[key] for key in keys}


def partition_path(dataset, values, keys=HOURLY):
    """`access_events/year=2026/month=03/day=07/hour=09/`, keys in partition order."""
    return dataset + "/" + "".join("%s=%s/" % (key, values[key]) for key in keys)
