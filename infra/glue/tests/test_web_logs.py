import datetime as dt
import hashlib
import unittest

from hybrid_lake_etl.web_logs import parse_line, request_id, request_time_of

UTC = dt.timezone.utc
GOOD = '203.0.113.9 - frank [07/Mar/2026:09:15:02 +0100] "GET /shop?q=tv HTTP/1.1" 200 5123 "https://example.com/" "Mozilla/5.0 (X11)"'


class ParseLineTest(unittest.TestCase):
    def test_combined_line_gives_every_column_in_utc(self):
        row, reason = parse_line(GOOD + "\n")
        self.assertIsNone(reason)
        self.assertEqual(row["client_ip"], "203.0.113.9")
        self.assertEqual(row["request_time"], dt.datetime(2026, 3, 7, 8, 15, 2, tzinfo=UTC))
        self.assertEqual((row["method"], row["url"], row["status"], row["bytes_sent"]), ("GET", "/shop?q=tv", 200, 5123))
        self.assertEqual(row["referrer"], "https://example.com/")
        self.assertEqual(row["user_agent"], "Mozilla/5.0 (X11)")
        self.assertEqual(row["request_id"], hashlib.sha256(GOOD.encode()).hexdigest())

    def test_request_id_ignores_the_line_terminator_only(self):
        self.assertEqual(request_id(GOOD + "\r\n"), request_id(GOOD))
        self.assertNotEqual(request_id(GOOD + " "), request_id(GOOD))

    def test_dash_bytes_is_zero_and_dash_referrer_is_null(self):
        row, _ = parse_line('198.51.100.1 - - [01/Jan/2026:00:00:00 +0000] "HEAD / HTTP/1.1" 304 - "-" "-"')
        self.assertEqual(row["bytes_sent"], 0)
        self.assertIsNone(row["referrer"])
        self.assertIsNone(row["user_agent"])

    def test_ipv6_client_is_accepted_and_compressed(self):
        row, reason = parse_line('2001:0db8:0000:0000:0000:0000:0000:0001 - - [01/Jan/2026:00:00:00 +0000] "GET / HTTP/2.0" 200 1 "-" "x"')
        self.assertIsNone(reason)
        self.assertEqual(row["client_ip"], "2001:db8::1")

    def test_escaped_quotes_in_user_agent_are_unescaped(self):
        apache = '192.0.2.1 - - [01/Jan/2026:00:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "Bot \\"v2\\" (+x)"'
        nginx = '192.0.2.1 - - [01/Jan/2026:00:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "Bot \\x22v2\\x22 (+x)"'
        self.assertEqual(parse_line(apache)[0]["user_agent"], 'Bot "v2" (+x)')
        self.assertEqual(parse_line(nginx)[0]["user_agent"], 'Bot "v2" (+x)')

    def test_trailing_fields_after_the_user_agent_are_ignored(self):
        row, reason = parse_line(GOOD + ' "upstream=10.0.0.1" 0.003')
        self.assertIsNone(reason)
        self.assertEqual(row["user_agent"], "Mozilla/5.0 (X11)")

    def test_offset_conversion_crosses_new_year(self):
        row, _ = parse_line('192.0.2.1 - - [31/Dec/2025:22:30:00 -0200] "GET / HTTP/1.1" 200 1 "-" "x"')
        self.assertEqual(row["request_time"], dt.datetime(2026, 1, 1, 0, 30, tzinfo=UTC))

    def test_malformed_lines_have_a_reason(self):
        cases = {
            "truncated": (GOOD[:60], "not_combined_log_format"),
            "empty": ("   \n", "empty_line"),
            "bad month": (GOOD.replace("Mar", "Mrz"), "invalid_request_time"),
            "bad day": (GOOD.replace("07/Mar", "31/Feb"), "invalid_request_time"),
            "no offset": (GOOD.replace(" +0100]", "]"), "invalid_request_time"),
            "status text": (GOOD.replace(" 200 ", " OK "), "invalid_status"),
            "status too high": (GOOD.replace(" 200 ", " 700 "), "invalid_status"),
            "bad bytes": (GOOD.replace(" 5123 ", " 5k "), "invalid_bytes_sent"),
            "bad ip": (GOOD.replace("203.0.113.9", "203.0.113.999"), "invalid_client_ip"),
            "garbage request": (GOOD.replace("GET /shop?q=tv HTTP/1.1", "\\x16\\x03\\x01"), "malformed_request"),
            "dash request": (GOOD.replace("GET /shop?q=tv HTTP/1.1", "-"), "malformed_request"),
        }
        for name, (line, expected) in cases.items():
            with self.subTest(name):
                self.assertEqual(parse_line(line), (None, expected))

    def test_non_text_is_refused(self):
        self.assertEqual(parse_line(None), (None, "not_text"))


class RequestTimeOfTest(unittest.TestCase):
    def test_time_is_read_even_when_the_rest_is_broken(self):
        broken = GOOD.replace(" 200 ", " OK ")
        self.assertEqual(request_time_of(broken), dt.datetime(2026, 3, 7, 8, 15, 2, tzinfo=UTC))

    def test_no_time_gives_none(self):
        self.assertIsNone(request_time_of("no brackets here"))
        self.assertIsNone(request_time_of("[yesterday]"))
        self.assertIsNone(request_time_of(None))


if __name__ == "__main__":
    unittest.main()
