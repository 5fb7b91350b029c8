"""One raw row -> a clean row or a rejection: what the raw-to-clean job maps over its data.

Web logs may arrive as text: the stream job then stores each line, untouched, in a
`raw_line` field (see RAW_LINE_FIELD). Such a row is parsed here into the web_logs columns
before the schema is enforced. Columns with a known normaliser (e-mail, personal name) are
normalised after typing; an invalid value rejects the row with the reason.
"""

from . import emails, names, web_logs
from .records import coerce_record
from .rejections import reject

RAW_LINE_FIELD = "raw_line"
NORMALISERS = {"email": emails.normalise_email, "full_name": names.normalise_name}


def clean_row(row, columns, record_id_column, partition_keys, rejected_at):
    """`(clean row, None)` or `(None, rejection)`.

    `row` is the raw record as a dict, including its partition values; `columns` the
    `(name, type)` list of the table; the clean row has those columns plus the partition keys,
    whose values are kept from the raw partition the row was read from.
    """
    source = row
    line = row.get(RAW_LINE_FIELD)
    if line is not None and row.get(record_id_column) is None:
        parsed, reason = web_logs.parse_line(line)
        if reason is not None:
            return None, reject(row, "%s:%s" % (RAW_LINE_FIELD, reason), rejected_at)
        source = dict(row, **parsed)
    typed, reason = coerce_record(source, columns, required=(record_id_column,))
    if reason is not None:
        return None, reject(row, reason, rejected_at)
    for column, normalise in NORMALISERS.items():
        if column in typed:
            value, reason = normalise(typed[column])
            if reason is not None:
                return None, reject(row, "%s:%s" % (column, reason), rejected_at)
            typed[column] = value
    for key in partition_keys:
        value = row.get(key)
        if value is None or str(value).strip() == "":
            return None, reject(row, "%s:missing_partition_value" % key, rejected_at)
        typed[key] = str(value)
    return typed, None
