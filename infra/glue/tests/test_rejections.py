import datetime as dt
import json
import unittest
from decimal import Decimal

from hybrid_lake_etl.rejections import reject, to_json_line

AT = dt.datetime(2026, 3, 7, 9, 15, 2, 123456, tzinfo=dt.timezone.utc)


class RejectTest(unittest.TestCase):
    def test_keeps_the_original_and_adds_reason_and_time(self):
        original = {"event_id": "e1", "duration_seconds": "ten"}
        rejected = reject(original, "duration_seconds:not_an_integer", AT)
        self.assertEqual(
            rejected,
            {
                "event_id": "e1",
                "duration_seconds": "ten",
                "_reject_reason": "duration_seconds:not_an_integer",
                "_rejected_at": "2026-03-07T09:15:02.123Z",
            },
        )
        self.assertNotIn("_reject_reason", original)

    def test_an_earlier_rejection_is_kept(self):
        rejected = reject({"_reject_reason": "first", "_rejected_at": "t0"}, "second", AT)
        self.assertEqual(rejected["_original_reject_reason"], "first")
        self.assertEqual(rejected["_original_rejected_at"], "t0")
        self.assertEqual(rejected["_reject_reason"], "second")

    def test_a_reason_is_required(self):
        with self.assertRaises(ValueError):
            reject({}, "", AT)

    def test_json_line_holds_typed_values_as_text(self):
        line = to_json_line(reject({"price": Decimal("1.50"), "day": dt.date(2026, 1, 2), "name": "Zoë"}, "x", AT))
        self.assertEqual(json.loads(line)["price"], "1.50")
        self.assertEqual(json.loads(line)["day"], "2026-01-02")
        self.assertIn("Zoë", line)
        self.assertNotIn("\n", line)


if __name__ == "__main__":
    unittest.main()
