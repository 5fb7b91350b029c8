import datetime as _dt
import json
import unittest

from hybrid_lake_etl import streaming
from hybrid_lake_etl.partitions import DAILY, HOURLY
from hybrid_lake_etl.rejections import REASON_FIELD, REJECTED_AT_FIELD

NOW = _dt.datetime(2026, 3, 3, 2, 0, tzinfo=_dt.timezone.utc)
LINE = '203.0.113.9 - - [02/Mar/2026:21:59:59 +0100] "GET / HTTP/1.1" 200 512 "-" "curl/8.0"'


class PlaceTest(unittest.TestCase):
    def test_places_a_record_by_its_event_time_in_utc(self):
        values, record, rejection = streaming.place(
            json.dumps({"event_id": "e1", "event_time": "2026-03-02T23:30:00-01:00"}), "event_time", HOURLY, NOW
        )
        self.assertIsNone(rejection)
        self.assertEqual(values, {"year": "2026", "month": "03", "day": "03", "hour": "00"})
        self.assertEqual(record["event_id"], "e1")

    def test_places_a_daily_dataset_without_an_hour(self):
        values, _record, _rejection = streaming.place(
            json.dumps({"updated_at": "2026-03-02T10:00:00Z"}), "updated_at", DAILY, NOW
        )
        self.assertEqual(values, {"year": "2026", "month": "03", "day": "02"})

    def test_places_a_wrapped_web_log_line_by_its_request_time(self):
        values, record, _rejection = streaming.place(json.dumps({"raw_line": LINE}), "request_time", HOURLY, NOW)
        self.assertEqual(values["hour"], "20")
        self.assertEqual(record, {"raw_line": LINE})

    def test_places_a_common_log_format_line_with_a_host_name_by_its_time_in_utc(self):
        # 23:30 at -0400 is 03:30 UTC the next day: the line belongs to the next day's folder.
        line = 'piweba3y.prodigy.example - - [02/Mar/2026:23:30:00 -0400] "GET /shuttle/countdown/ HTTP/1.0" 304 -'
        values, record, rejection = streaming.place(json.dumps({"raw_line": line}), "request_time", HOURLY, NOW)
        self.assertIsNone(rejection)
        self.assertEqual(values, {"year": "2026", "month": "03", "day": "03", "hour": "03"})
        self.assertEqual(record, {"raw_line": line})

    def test_places_a_truncated_line_by_its_time_for_the_clean_job_to_reject(self):
        line = 'piweba3y.prodigy.example - - [02/Mar/2026:23:30:00 -0400] "GET /shuttle/coun'
        values, _record, rejection = streaming.place(json.dumps({"raw_line": line}), "request_time", HOURLY, NOW)
        self.assertIsNone(rejection)
        self.assertEqual(values["hour"], "03")

    def test_rejects_what_has_no_readable_event_time_keeping_it_whole(self):
        for value, kept in (
            (json.dumps({"event_id": "e2", "event_time": 1772482501123}), {"event_id": "e2", "event_time": 1772482501123}),
            (json.dumps({"event_id": "e3", "event_time": "2026-03-02T25:00:00Z"}), None),
            (json.dumps({"event_id": "e4"}), {"event_id": "e4"}),
            ("not json at all", {"_corrupt_record": "not json at all"}),
            ("[1, 2]", {"_corrupt_record": "[1, 2]"}),
            (json.dumps({"raw_line": "garbage without a time"}), {"raw_line": "garbage without a time"}),
        ):
            values, record, rejection = streaming.place(value, "event_time", HOURLY, NOW)
            self.assertIsNone(values)
            self.assertIsNone(record)
            self.assertEqual(rejection[REASON_FIELD], "event_time:missing_or_unreadable")
            self.assertEqual(rejection[REJECTED_AT_FIELD], "2026-03-03T02:00:00.000Z")
            if kept is not None:
                self.assertEqual({k: v for k, v in rejection.items() if not k.startswith("_reject")}, kept)


if __name__ == "__main__":
    unittest.main()
