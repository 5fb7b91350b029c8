import datetime as dt
import unittest
from decimal import Decimal

from hybrid_lake_etl.errors import UnsupportedTypeError
from hybrid_lake_etl.records import coerce_record, coerce_value, decimal_shape, deduplicate, dedup_key

UTC = dt.timezone.utc


class CoerceValueTest(unittest.TestCase):
    def test_integers(self):
        self.assertEqual(coerce_value(" 42 ", "int"), (42, None))
        self.assertEqual(coerce_value(7.0, "int"), (7, None))
        self.assertEqual(coerce_value("-2147483648", "int"), (-(2**31), None))
        self.assertEqual(coerce_value("2147483648", "int"), (None, "integer_out_of_range"))
        self.assertEqual(coerce_value("2147483648", "bigint"), (2147483648, None))
        self.assertEqual(coerce_value("9223372036854775808", "bigint"), (None, "integer_out_of_range"))
        for bad in ("4.5", 4.5, "12abc", "", True, "1e3"):
            with self.subTest(bad=bad):
                expected = (None, None) if bad == "" else (None, "not_an_integer")
                self.assertEqual(coerce_value(bad, "int"), expected)

    def test_doubles(self):
        self.assertEqual(coerce_value("1e3", "double"), (1000.0, None))
        self.assertEqual(coerce_value(3, "double"), (3.0, None))
        self.assertEqual(coerce_value("abc", "double"), (None, "not_a_number"))
        self.assertEqual(coerce_value("NaN", "double"), (None, "not_a_finite_number"))
        self.assertEqual(coerce_value("-inf", "double"), (None, "not_a_finite_number"))

    def test_decimals_round_half_up_and_reject_overflow(self):
        self.assertEqual(coerce_value("19.99", "decimal(12,2)"), (Decimal("19.99"), None))
        self.assertEqual(coerce_value(0.1, "decimal(12,2)"), (Decimal("0.10"), None))
        self.assertEqual(coerce_value("2.345", "decimal(12,2)"), (Decimal("2.35"), None))
        self.assertEqual(coerce_value("-2.345", "decimal(12,2)"), (Decimal("-2.35"), None))
        self.assertEqual(coerce_value("9999999999.99", "decimal(12,2)"), (Decimal("9999999999.99"), None))
        self.assertEqual(coerce_value("9999999999.995", "decimal(12,2)"), (None, "decimal_overflow"))
        self.assertEqual(coerce_value("12345678901", "decimal(12,2)"), (None, "decimal_overflow"))
        self.assertEqual(coerce_value("12,50", "decimal(12,2)"), (None, "not_a_decimal"))
        self.assertEqual(coerce_value("Infinity", "decimal(12,2)"), (None, "not_a_decimal"))
        self.assertEqual(coerce_value("0.5", "decimal(1,0)"), (Decimal("1"), None))

    def test_booleans(self):
        self.assertEqual(coerce_value("TRUE", "boolean"), (True, None))
        self.assertEqual(coerce_value("0", "boolean"), (False, None))
        self.assertEqual(coerce_value("maybe", "boolean"), (None, "not_a_boolean"))

    def test_dates_and_timestamps(self):
        self.assertEqual(coerce_value("2026-02-28", "date"), (dt.date(2026, 2, 28), None))
        self.assertEqual(coerce_value("2026-02-30", "date"), (None, "not_a_date"))
        self.assertEqual(coerce_value("28/02/2026", "date"), (None, "not_a_date"))
        self.assertEqual(
            coerce_value("2026-03-07T09:15:02+01:00", "timestamp"),
            (dt.datetime(2026, 3, 7, 8, 15, 2, tzinfo=UTC), None),
        )
        self.assertEqual(coerce_value("2026-03-07T09:15:02Z", "timestamp"), (dt.datetime(2026, 3, 7, 9, 15, 2, tzinfo=UTC), None))
        self.assertEqual(coerce_value("2026-03-07 09:15:02", "timestamp"), (dt.datetime(2026, 3, 7, 9, 15, 2, tzinfo=UTC), None))
        self.assertEqual(coerce_value("2026-03-07", "timestamp"), (None, "not_a_timestamp"))
        self.assertEqual(coerce_value(1772874902, "timestamp"), (None, "not_a_timestamp"))

    def test_nulls(self):
        self.assertEqual(coerce_value(None, "string"), (None, None))
        self.assertEqual(coerce_value("", "string"), ("", None))
        self.assertEqual(coerce_value("  ", "bigint"), (None, None))
        self.assertEqual(coerce_value(12, "string"), ("12", None))
        self.assertEqual(coerce_value({"a": 1}, "string"), (None, "not_a_string"))

    def test_unsupported_types_are_caller_errors(self):
        for bad in ("varchar", "decimal(39,2)", "decimal(5,6)", "array<string>"):
            with self.subTest(bad=bad), self.assertRaises(UnsupportedTypeError):
                coerce_value("1", bad)
        self.assertEqual(decimal_shape("decimal(12,2)"), (12, 2))
        self.assertIsNone(decimal_shape("string"))


class CoerceRecordTest(unittest.TestCase):
    COLUMNS = [("event_id", "string"), ("duration_seconds", "int"), ("event_time", "timestamp")]

    def test_keeps_exactly_the_schema_columns(self):
        typed, reason = coerce_record(
            {"event_id": "e1", "duration_seconds": "30", "event_time": "2026-01-01T00:00:00Z", "extra": 1},
            self.COLUMNS,
            required=("event_id",),
        )
        self.assertIsNone(reason)
        self.assertEqual(typed, {"event_id": "e1", "duration_seconds": 30, "event_time": dt.datetime(2026, 1, 1, tzinfo=UTC)})

    def test_names_the_failing_column(self):
        self.assertEqual(coerce_record({"event_id": "e1", "duration_seconds": "x"}, self.COLUMNS), (None, "duration_seconds:not_an_integer"))
        self.assertEqual(coerce_record({"duration_seconds": 1}, self.COLUMNS, required=("event_id",)), (None, "event_id:missing"))


class DeduplicateTest(unittest.TestCase):
    def test_first_seen_wins_without_order(self):
        rows = [{"id": "a", "n": 1}, {"id": " a ", "n": 2}, {"id": "b", "n": 3}]
        kept, duplicates = deduplicate(rows, "id")
        self.assertEqual([r["n"] for r in kept], [1, 3])
        self.assertEqual([r["n"] for r in duplicates], [2])

    def test_latest_by_order_wins(self):
        rows = [{"id": "a", "t": 1}, {"id": "a", "t": 3}, {"id": "a", "t": 2}]
        kept, duplicates = deduplicate(rows, "id", order_by=lambda r: r["t"])
        self.assertEqual(kept, [{"id": "a", "t": 3}])
        self.assertEqual(duplicates, [{"id": "a", "t": 1}, {"id": "a", "t": 2}])

    def test_dedup_key(self):
        self.assertEqual(dedup_key({"id": 12}, "id"), "12")
        self.assertIsNone(dedup_key({"id": "  "}, "id"))
        self.assertIsNone(dedup_key({}, "id"))


if __name__ == "__main__":
    unittest.main()
