"""Type coercion per Glue/Hive column type, null handling and the deduplication key.

Every coercion returns `(value, reason)`: a value and None when it fits the type, None and a
short machine-readable reason when it does not. A record with any reason is rejected whole,
never partly loaded.
"""

import datetime as _dt
import decimal as _decimal
import math as _math
import re as _re

from .errors import UnsupportedTypeError

INT_RANGE = (-(2**31), 2**31 - 1)
BIGINT_RANGE = (-(2**63), 2**63 - 1)
_DECIMAL_TYPE = _re.compile(r"^decimal\((\d{1,2}),(\d{1,2})\)$")
_INTEGER_TEXT = _re.compile(r"^[+-]?\d+$")
_DATE_TEXT = _re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = frozenset(("true", "t", "yes", "y", "1"))
_FALSE = frozenset(("false", "f", "no", "n", "0"))
PRIMITIVE_TYPES = ("string", "int", "bigint", "double", "boolean", "date", "timestamp")


def decimal_shape(column_type):
    """`(precision, scale)` of a `decimal(p,s)` type, or None for any other type."""
    match = _DECIMAL_TYPE.match(column_type)
    if not match:
        return None
    precision, scale = int(match.group(1)), int(match.group(2))
    if not 1 <= precision <= 38 or scale > precision:
        raise UnsupportedTypeError("decimal(%d,%d) is outside 1 <= p <= 38, s <= p" % (precision, scale))
    return precision, scale


def check_type(column_type):
    if column_type not in PRIMITIVE_TYPES and decimal_shape(column_type) is None:
        raise UnsupportedTypeError("unsupported column type %r" % (column_type,))


def is_null(value, column_type):
    """None is null; for every type but string, so is an empty or blank text."""
    if value is None:
        return True
    return column_type != "string" and isinstance(value, str) and value.strip() == ""


def _integer(value, bounds):
    if isinstance(value, bool):
        return None, "not_an_integer"
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            return None, "not_an_integer"
        number = int(value)
    elif isinstance(value, str) and _INTEGER_TEXT.match(value.strip()):
        number = int(value.strip())
    else:
        return None, "not_an_integer"
    if not bounds[0] <= number <= bounds[1]:
        return None, "integer_out_of_range"
    return number, None


def _double(value):
    if isinstance(value, bool):
        return None, "not_a_number"
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        return None, "not_a_number"
    if _math.isnan(number) or _math.isinf(number):
        # Parquet can hold them, but no aggregate or warehouse load downstream wants them.
        return None, "not_a_finite_number"
    return number, None


def _boolean(value):
    if isinstance(value, bool):
        return value, None
    text = str(value).strip().lower()
    if text in _TRUE:
        return True, None
    if text in _FALSE:
        return False, None
    return None, "not_a_boolean"


def _date(value):
    if isinstance(value, _dt.datetime):
        return None, "not_a_date"
    if isinstance(value, _dt.date):
        return value, None
    if isinstance(value, str) and _DATE_TEXT.match(value.strip()):
        try:
            return _dt.date.fromisoformat(value.strip()), None
        except ValueError:
            return None, "not_a_date"
    return None, "not_a_date"


def parse_timestamp(value):
    """ISO 8601 text or a datetime -> an aware UTC datetime. Text without an offset is UTC."""
    if isinstance(value, _dt.datetime):
        moment = value
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        if len(text) < 19 or text[10] not in "T ":
            return None, "not_a_timestamp"
        try:
            moment = _dt.datetime.fromisoformat(text)
        except ValueError:
            return None, "not_a_timestamp"
    else:
        # Epoch numbers are refused: seconds and milliseconds cannot be told apart safely.
        return None, "not_a_timestamp"
    if moment.tzinfo is None:
        return moment.replace(tzinfo=_dt.timezone.utc), None
    return moment.astimezone(_dt.timezone.utc), None


def _decimal_value(value, precision, scale):
    if isinstance(value, bool):
        return None, "not_a_decimal"
    try:
        # repr() of a float is its shortest round-trip text, so 0.1 stays 0.1, not 0.1000000000000000055…
        number = _decimal.Decimal(repr(value) if isinstance(value, float) else str(value).strip())
    except (_decimal.InvalidOperation, ValueError):
        return None, "not_a_decimal"
    if not number.is_finite():
        return None, "not_a_decimal"
    # Same rounding as Spark's and Hive's cast to decimal(p,s): half up.
    rounded = number.quantize(_decimal.Decimal(1).scaleb(-scale), rounding=_decimal.ROUND_HALF_UP)
    digits_before_point = len(rounded.as_tuple().digits) + rounded.as_tuple().exponent
    if digits_before_point > precision - scale:
        # Spark would turn this into a null without a word; here it is a rejection.
        return None, "decimal_overflow"
    return rounded, None


def coerce_value(value, column_type):
    """Coerce one value to a Glue/Hive type: `(typed value or None, reason or None)`."""
    check_type(column_type)
    if is_null(value, column_type):
        return None, None
    if column_type == "string":
        if isinstance(value, (dict, list, tuple, set)):
            return None, "not_a_string"
        return (value if isinstance(value, str) else str(value)), None
    if column_type == "int":
        return _integer(value, INT_RANGE)
    if column_type == "bigint":
        return _integer(value, BIGINT_RANGE)
    if column_type == "double":
        return _double(value)
    if column_type == "boolean":
        return _boolean(value)
    if column_type == "date":
        return _date(value)
    if column_type == "timestamp":
        return parse_timestamp(value)
    precision, scale = decimal_shape(column_type)
    return _decimal_value(value, precision, scale)


def coerce_record(record, columns, required=()):
    """Enforce a schema on one record.

    `columns` is a sequence of `(name, type)` as the catalog table lists them. Returns
    `(typed record, None)` holding exactly those columns, or `(None, reason)` naming the first
    column that failed, e.g. `"status:not_an_integer"` or `"event_id:missing"`.
    """
    typed = {}
    for name, column_type in columns:
        value, reason = coerce_value(record.get(name), column_type)
        if reason is not None:
            return None, "%s:%s" % (name, reason)
        if value is None and name in required:
            return None, "%s:missing" % name
        typed[name] = value
    return typed, None


def dedup_key(record, column):
    """The deduplication key: the record id as text, trimmed; None when the record has none."""
    value = record.get(column)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def deduplicate(records, column, order_by=None):
    """Keep one record per id: the last by `order_by` (a key function), else the first seen.

    Returns `(kept, duplicates)`, so the caller can park the duplicates instead of dropping them.
    """
    indexed = list(enumerate(records))
    if order_by is not None:
        # Stable sort, latest first; ties keep arrival order.
        indexed.sort(key=lambda item: order_by(item[1]), reverse=True)
    seen, kept, duplicates = set(), [], []
    for position, record in indexed:
        key = dedup_key(record, column)
        if key in seen:
            duplicates.append((position, record))
        else:
            seen.add(key)
            kept.append((position, record))
    return [r for _, r in sorted(kept, key=lambda i: i[0])], [r for _, r in sorted(duplicates, key=lambda i: i[0])]
