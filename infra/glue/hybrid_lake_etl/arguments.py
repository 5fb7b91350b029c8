"""Parsing of the job arguments that carry lists and maps as text."""

import re as _re

from .errors import EtlInputError

_IDENTIFIER = _re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def _identifier(text, what):
    name = text.strip()
    if not _IDENTIFIER.match(name):
        raise EtlInputError("%s %r must be lower-case snake_case" % (what, name))
    return name


def parse_dataset_list(text):
    """`"access_events, web_logs"` -> `["access_events", "web_logs"]`, no duplicates, not empty."""
    names = [_identifier(part, "dataset") for part in text.split(",") if part.strip()]
    if not names:
        raise EtlInputError("no dataset named")
    if len(set(names)) != len(names):
        raise EtlInputError("a dataset is named twice in %r" % (text,))
    return names


def parse_column_map(text):
    """`"access_events:event_id,web_logs:request_id"` -> `{"access_events": "event_id", …}`."""
    mapping = {}
    for entry in (part for part in text.split(",") if part.strip()):
        if entry.count(":") != 1:
            raise EtlInputError("%r is not dataset:column" % (entry.strip(),))
        dataset, column = entry.split(":")
        dataset = _identifier(dataset, "dataset")
        if dataset in mapping:
            raise EtlInputError("dataset %r appears twice" % (dataset,))
        mapping[dataset] = _identifier(column, "column")
    return mapping


def column_for(mapping, dataset, argument):
    try:
        return mapping[dataset]
    except KeyError as error:
        raise EtlInputError("%s has no entry for dataset %r" % (argument, dataset), error) from error
