import datetime as dt
import unittest

from hybrid_lake_etl.cleaning import clean_row

AT = dt.datetime(2026, 3, 7, 12, tzinfo=dt.timezone.utc)
CUSTOMERS = [("customer_id", "string"), ("full_name", "string"), ("email", "string"), ("signup_date", "date"), ("updated_at", "timestamp")]
WEB_LOGS = [("request_id", "string"), ("client_ip", "string"), ("request_time", "timestamp"), ("status", "int"), ("bytes_sent", "bigint")]
DAILY = ["year", "month", "day"]
LINE = '192.0.2.1 - - [07/Mar/2026:09:00:00 +0000] "GET / HTTP/1.1" 503 - "-" "probe"'


class CleanRowTest(unittest.TestCase):
    def test_customer_is_typed_and_normalised(self):
        row = {"customer_id": "c1", "full_name": " ann  o'BRIEN ", "email": " Ann@Example.COM", "signup_date": "2025-01-02", "updated_at": "2026-03-07T10:00:00Z", "year": "2026", "month": "03", "day": "07"}
        clean, rejected = clean_row(row, CUSTOMERS, "customer_id", DAILY, AT)
        self.assertIsNone(rejected)
        self.assertEqual(clean["full_name"], "Ann O'Brien")
        self.assertEqual(clean["email"], "Ann@example.com")
        self.assertEqual(clean["signup_date"], dt.date(2025, 1, 2))
        self.assertEqual((clean["year"], clean["month"], clean["day"]), ("2026", "03", "07"))

    def test_invalid_email_rejects_the_row_with_the_original_kept(self):
        row = {"customer_id": "c2", "email": "ann@@example.com", "year": "2026", "month": "03", "day": "07"}
        clean, rejected = clean_row(row, CUSTOMERS, "customer_id", DAILY, AT)
        self.assertIsNone(clean)
        self.assertEqual(rejected["_reject_reason"], "email:several_at_signs")
        self.assertEqual(rejected["email"], "ann@@example.com")

    def test_missing_record_id_or_partition_value_is_rejected(self):
        self.assertEqual(clean_row({"year": "2026"}, CUSTOMERS, "customer_id", DAILY, AT)[1]["_reject_reason"], "customer_id:missing")
        rejected = clean_row({"customer_id": "c3", "year": "2026", "month": "03"}, CUSTOMERS, "customer_id", DAILY, AT)[1]
        self.assertEqual(rejected["_reject_reason"], "day:missing_partition_value")

    def test_web_log_text_is_parsed_into_the_columns(self):
        row = {"raw_line": LINE, "year": "2026", "month": "03", "day": "07", "hour": "09"}
        clean, rejected = clean_row(row, WEB_LOGS, "request_id", DAILY + ["hour"], AT)
        self.assertIsNone(rejected)
        self.assertEqual((clean["client_ip"], clean["status"], clean["bytes_sent"], clean["hour"]), ("192.0.2.1", 503, 0, "09"))
        self.assertEqual(len(clean["request_id"]), 64)
        self.assertNotIn("raw_line", clean)

    def test_common_log_format_text_with_a_host_name_is_parsed_too(self):
        line = 'ix-or10-06.ix.netcom.example - - [07/Mar/2026:05:00:00 -0400] "GET /history/apollo/ HTTP/1.0" 200 6245'
        row = {"raw_line": line, "year": "2026", "month": "03", "day": "07", "hour": "09"}
        clean, rejected = clean_row(row, WEB_LOGS, "request_id", DAILY + ["hour"], AT)
        self.assertIsNone(rejected)
        self.assertEqual((clean["client_ip"], clean["request_time"], clean["bytes_sent"]), ("ix-or10-06.ix.netcom.example", dt.datetime(2026, 3, 7, 9, tzinfo=dt.timezone.utc), 6245))

    def test_malformed_web_log_text_is_rejected_with_the_line(self):
        row = {"raw_line": LINE.replace(" 503 ", " 5xx "), "year": "2026", "month": "03", "day": "07", "hour": "09"}
        clean, rejected = clean_row(row, WEB_LOGS, "request_id", DAILY + ["hour"], AT)
        self.assertIsNone(clean)
        self.assertEqual(rejected["_reject_reason"], "raw_line:invalid_status")
        self.assertEqual(rejected["raw_line"], row["raw_line"])


if __name__ == "__main__":
    unittest.main()
