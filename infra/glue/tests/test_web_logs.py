import datetime as dt
import hashlib
import unittest

from hybrid_lake_etl.web_logs import parse_line, request_id, request_time_of

UTC = dt.timezone.utc
GOOD = '203.0.113.9 - frank [07/Mar/2026:09:15:02 +0100] "GET /shop?q=tv HTTP/1.1" 200 5123 "https://example.com/" "Mozilla/5.0 (X11)"'
# Common Log Format as the NASA Kennedy Space Center server wrote it in July 1995: host names
# where the lookup worked, local time at -0400, no referrer or agent, `-` for no body.
NASA = 'unicomp6.unicomp.net - - [01/Jul/1995:00:00:02 -0400] "GET /shuttle/countdown/ HTTP/1.0" 200 3985'


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

    def test_trailing_blanks_end_no_field(self):
        for line in (GOOD + " ", GOOD + "\t", GOOD + "  \r\n"):
            row, reason = parse_line(line)
            self.assertIsNone(reason, repr(line))
            self.assertEqual(row["bytes_sent"], parse_line(GOOD)[0]["bytes_sent"])

    def test_request_id_ignores_the_line_terminator_only(self):
        self.assertEqual(request_id(GOOD + "\r\n"), request_id(GOOD))
        self.assertNotEqual(request_id(GOOD + " "), request_id(GOOD))

    def test_dash_bytes_is_no_body_and_dash_referrer_is_null(self):
        row, _ = parse_line('198.51.100.1 - - [01/Jan/2026:00:00:00 +0000] "HEAD / HTTP/1.1" 304 - "-" "-"')
        self.assertEqual(row["bytes_sent"], 0)
        self.assertIsNone(row["referrer"])
        self.assertIsNone(row["user_agent"])
        zero, _ = parse_line('198.51.100.1 - - [01/Jan/2026:00:00:00 +0000] "HEAD / HTTP/1.1" 304 0 "-" "-"')
        self.assertEqual(zero["bytes_sent"], 0)

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
            "truncated": (GOOD[:60], "truncated_line"),
            "not a log line": ("GET /shop?q=tv HTTP/1.1 200", "not_access_log_format"),
            "empty": ("   \n", "empty_line"),
            "bad month": (GOOD.replace("Mar", "Mrz"), "invalid_request_time"),
            "bad day": (GOOD.replace("07/Mar", "31/Feb"), "invalid_request_time"),
            "no offset": (GOOD.replace(" +0100]", "]"), "invalid_request_time"),
            "status text": (GOOD.replace(" 200 ", " OK "), "invalid_status"),
            "status too high": (GOOD.replace(" 200 ", " 700 "), "invalid_status"),
            "bad bytes": (GOOD.replace(" 5123 ", " 5k "), "invalid_bytes_sent"),
            "bad ip": (GOOD.replace("203.0.113.9", "203.0.113.999"), "invalid_client_ip"),
            "status dash": (GOOD.replace(" 200 ", " - "), "invalid_status"),
            "digits that are not ASCII": (GOOD.replace(" 200 ", " \u0662\u0660\u0660 "), "invalid_status"),
            "garbage request": (GOOD.replace("GET /shop?q=tv HTTP/1.1", "\\x16\\x03\\x01"), "malformed_request"),
            "dash request": (GOOD.replace("GET /shop?q=tv HTTP/1.1", "-"), "malformed_request"),
        }
        for name, (line, expected) in cases.items():
            with self.subTest(name):
                self.assertEqual(parse_line(line), (None, expected))

    def test_non_text_is_refused(self):
        self.assertEqual(parse_line(None), (None, "not_text"))


class CommonLogFormatTest(unittest.TestCase):
    def test_nasa_line_gives_a_host_name_client_in_utc_without_referrer_or_agent(self):
        row, reason = parse_line(NASA + "\n")
        self.assertIsNone(reason)
        self.assertEqual(row["client_ip"], "unicomp6.unicomp.net")
        self.assertEqual(row["request_time"], dt.datetime(1995, 7, 1, 4, 0, 2, tzinfo=UTC))
        self.assertEqual((row["method"], row["url"], row["status"], row["bytes_sent"]), ("GET", "/shuttle/countdown/", 200, 3985))
        self.assertIsNone(row["referrer"])
        self.assertIsNone(row["user_agent"])
        self.assertEqual(row["request_id"], hashlib.sha256(NASA.encode()).hexdigest())

    def test_nasa_lines_of_every_kind_are_kept(self):
        lines = {
            "address, not a name": ('199.72.81.55 - - [01/Jul/1995:00:00:01 -0400] "GET /history/apollo/ HTTP/1.0" 200 6245', ("199.72.81.55", "/history/apollo/", 200, 6245)),
            "not modified, no body": ('burger.letters.example - - [01/Jul/1995:00:00:11 -0400] "GET /shuttle/countdown/liftoff.html HTTP/1.0" 304 -', ("burger.letters.example", "/shuttle/countdown/liftoff.html", 304, 0)),
            "not found, no body": ('dd15-062.compuserve.example - - [01/Jul/1995:00:01:05 -0400] "GET /pub/winvn/release.txt HTTP/1.0" 404 -', ("dd15-062.compuserve.example", "/pub/winvn/release.txt", 404, 0)),
            "upper-case name": ('PIWEBA3Y.Prodigy.EXAMPLE - - [01/Jul/1995:00:03:52 -0400] "GET /images/KSC-logosmall.gif HTTP/1.0" 200 1204', ("piweba3y.prodigy.example", "/images/KSC-logosmall.gif", 200, 1204)),
            "name with an underscore": ('ppp3_136.isp.example - - [01/Jul/1995:00:05:20 -0400] "GET /images/WORLD-logosmall.gif HTTP/1.0" 200 669', ("ppp3_136.isp.example", "/images/WORLD-logosmall.gif", 200, 669)),
            "no protocol (HTTP/0.9)": ('ix-sac6-20.ix.netcom.example - - [01/Jul/1995:00:05:33 -0400] "GET /shuttle/missions/sts-71/mission-sts-71.html" 200 12040', ("ix-sac6-20.ix.netcom.example", "/shuttle/missions/sts-71/mission-sts-71.html", 200, 12040)),
            "a space in the path": ('waters-gw.starway.example - - [01/Jul/1995:00:06:04 -0400] "GET /shuttle/missions/sts-70/images/launch pad.gif HTTP/1.0" 404 -', ("waters-gw.starway.example", "/shuttle/missions/sts-70/images/launch pad.gif", 404, 0)),
            "a single-label name": ('gateway - - [01/Jul/1995:00:06:40 -0400] "HEAD / HTTP/1.0" 200 0', ("gateway", "/", 200, 0)),
        }
        for name, (line, expected) in lines.items():
            with self.subTest(name):
                row, reason = parse_line(line)
                self.assertIsNone(reason)
                self.assertEqual((row["client_ip"], row["url"], row["status"], row["bytes_sent"]), expected)
                self.assertIsNone(row["user_agent"])

    def test_offset_minus_four_hours_moves_the_first_hours_back_a_day_in_local_time(self):
        row, _ = parse_line(NASA.replace("01/Jul/1995:00:00:02", "30/Jun/1995:23:59:59"))
        self.assertEqual(row["request_time"], dt.datetime(1995, 7, 1, 3, 59, 59, tzinfo=UTC))

    def test_host_names_that_are_not_names_are_rejected(self):
        for client in (
            "bad_host!.example.net",
            "-",
            "-leading-hyphen.example.net",
            "trailing-hyphen-.example.net",
            "double..dot.example.net",
            "trailing.dot.example.net.",
            "all.numeric.999",
            "x" * 64 + ".example.net",
            ".".join(["abcdefghi"] * 26),
            "caf\u00e9.example.net",
        ):
            with self.subTest(client):
                self.assertEqual(parse_line(NASA.replace("unicomp6.unicomp.net", client, 1)), (None, "invalid_client_ip"))

    def test_a_long_name_within_the_limits_is_kept(self):
        client = ".".join(["a" * 63, "b" * 63, "c" * 63, "d" * 57, "net"])
        self.assertEqual(len(client), 253)
        self.assertEqual(parse_line(NASA.replace("unicomp6.unicomp.net", client, 1))[0]["client_ip"], client)

    def test_lines_cut_short_are_truncated_wherever_they_stop(self):
        # The writer died mid-line: every prefix from the opening bracket to the byte count. A
        # cut inside the byte count leaves a shorter number, which no reader can tell apart.
        for end in range(NASA.index("[") + 1, NASA.rindex(" ") + 1):
            with self.subTest(NASA[:end]):
                self.assertEqual(parse_line(NASA[:end]), (None, "truncated_line"))
        combined_cut = GOOD[: GOOD.index('"Mozilla') + 4]
        self.assertEqual(parse_line(combined_cut), (None, "truncated_line"))
        self.assertEqual(parse_line(GOOD[: GOOD.index(' "Mozilla')]), (None, "truncated_line"))

    def test_what_is_not_an_access_log_line_says_so(self):
        for line in (
            "[Sat Jul 01 00:00:02 1995] [error] [client 199.72.81.55] File does not exist",
            "unicomp6.unicomp.net - - 01/Jul/1995:00:00:02 -0400 GET /",
            NASA + " 0.004",
            NASA.replace('" 200', '"200'),
        ):
            with self.subTest(line):
                self.assertEqual(parse_line(line), (None, "not_access_log_format"))


class OddRequestTest(unittest.TestCase):
    def line(self, request):
        return '192.0.2.7 - - [02/Mar/2026:10:00:00 +0000] "%s" 200 512 "-" "curl/8.5"' % request

    def test_escaped_utf8_bytes_in_the_path_are_decoded(self):
        for request in ("GET /search?q=caf\\xc3\\xa9 HTTP/1.1", "GET /search?q=caf\\xC3\\xA9 HTTP/1.1", "GET /search?q=caf\u00e9 HTTP/1.1"):
            with self.subTest(request):
                self.assertEqual(parse_line(self.line(request))[0]["url"], "/search?q=caf\u00e9")

    def test_bytes_that_are_not_utf8_keep_their_escape(self):
        row, reason = parse_line(self.line("GET /docs/r\\xe9sum\\xe9.pdf HTTP/1.0"))
        self.assertIsNone(reason)
        self.assertEqual(row["url"], "/docs/r\\xe9sum\\xe9.pdf")

    def test_an_escaped_backslash_is_not_the_start_of_an_escape(self):
        self.assertEqual(parse_line(self.line("GET /a\\\\x41 HTTP/1.1"))[0]["url"], "/a\\x41")

    def test_requests_that_are_not_requests(self):
        for request in (
            "GET",
            "GET /a b",
            "get / HTTP/1.1",
            "GET / HTTQ/1.1",
            "GET  HTTP/1.1",
            "GET /a\\x0aHost: x HTTP/1.1",
        ):
            with self.subTest(request):
                self.assertEqual(parse_line(self.line(request)), (None, "malformed_request"))


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
