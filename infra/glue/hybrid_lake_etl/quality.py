"""Glue Data Quality rulesets (DQDL), built from what the job knows about a table.

The structural rules follow from the catalog columns and the record-id column. Value rules are
expectations about the data, not facts of the schema, so they live here, by column name; a rule
applies only when the table has that column with a compatible type.
"""

import re as _re

from .errors import EtlInputError

# Column -> DQDL expressions. Kept to facts any producer must honour. Ranges are written as two
# comparisons rather than `between`, whose end points are easy to misread.
VALUE_RULES = {
    "status": (">= 100", "<= 599"),
    "bytes_sent": (">= 0",),
    "duration_seconds": (">= 0",),
    "quantity": ("> 0",),
    "unit_price": (">= 0",),
    "currency": ('matches "[A-Z]{3}"',),
    "country": ('matches "[A-Z]{2}"',),
    "method": ('matches "[A-Z]{3,10}"',),
}
_NUMERIC_PREFIXES = ("int", "bigint", "double", "decimal")
_NUMERIC_RULE = _re.compile(r"^(>=|<=|>|<|=)")
_IDENTIFIER = _re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def _quoted(name):
    if not _IDENTIFIER.match(name):
        raise EtlInputError("column name %r cannot be used in a DQDL rule" % (name,))
    return '"%s"' % name


def _applies(expression, column_type):
    is_numeric_rule = bool(_NUMERIC_RULE.match(expression))
    is_numeric_column = column_type.startswith(_NUMERIC_PREFIXES)
    return is_numeric_rule == is_numeric_column


def rules_for(columns, record_id_column, value_rules=None):
    """The list of DQDL rules for a table with `columns` (`(name, type)` pairs)."""
    names = [name for name, _ in columns]
    if record_id_column not in names:
        raise EtlInputError("record id column %r is not a column of the table" % (record_id_column,))
    rules = [
        "RowCount > 0",
        "IsComplete %s" % _quoted(record_id_column),
        "IsUnique %s" % _quoted(record_id_column),
    ]
    for name, column_type in columns:
        rules.append("ColumnExists %s" % _quoted(name))
        if column_type == "timestamp":
            # A record without its time cannot be placed in a partition: it must be complete.
            rules.append("IsComplete %s" % _quoted(name))
    for name, column_type in columns:
        for expression in (value_rules if value_rules is not None else VALUE_RULES).get(name, ()):
            if _applies(expression, column_type):
                # A NULL row fails every ColumnValues rule but != and not in (DQDL reference,
                # ColumnValues, "Null behavior"). Whether a value must be there is what the
                # IsComplete rules say; a value rule judges the values that are there, so an
                # unknown byte count or duration is not a breach of ">= 0".
                rules.append('ColumnValues %s %s where "%s is not null"' % (_quoted(name), expression, name))
    return rules


def ruleset(columns, record_id_column, value_rules=None):
    """`Rules = [ … ]` text, one rule per line, ready for EvaluateDataQuality."""
    rules = rules_for(columns, record_id_column, value_rules)
    return "Rules = [\n    " + ",\n    ".join(rules) + "\n]"


def evaluation_context(dataset):
    """The DQ evaluation context (CloudWatch dimension); Glue allows `[A-Za-z0-9_-]*`."""
    context = "clean_" + dataset
    if not _re.match(r"^[A-Za-z0-9_-]+$", context):
        raise EtlInputError("dataset name %r cannot name a DQ evaluation context" % (dataset,))
    return context
