import unittest

from hybrid_lake_etl.arguments import column_for, parse_column_map, parse_dataset_list
from hybrid_lake_etl.errors import EtlInputError


class ArgumentsTest(unittest.TestCase):
    def test_dataset_list(self):
        self.assertEqual(parse_dataset_list(" access_events,web_logs ,"), ["access_events", "web_logs"])
        for bad in ("", "a,a", "Web-Logs"):
            with self.subTest(bad=bad), self.assertRaises(EtlInputError):
                parse_dataset_list(bad)

    def test_column_map(self):
        mapping = parse_column_map("access_events:event_id, web_logs:request_id")
        self.assertEqual(mapping, {"access_events": "event_id", "web_logs": "request_id"})
        for bad in ("access_events", "a:b:c", "a:x,a:y", "a:X"):
            with self.subTest(bad=bad), self.assertRaises(EtlInputError):
                parse_column_map(bad)

    def test_missing_entry_names_the_argument(self):
        with self.assertRaises(EtlInputError) as caught:
            column_for({}, "customers", "RECORD_ID_COLUMNS")
        self.assertIn("RECORD_ID_COLUMNS", str(caught.exception))
        self.assertEqual(caught.exception.name, "EtlInputError")
        self.assertIsInstance(caught.exception.cause, KeyError)


if __name__ == "__main__":
    unittest.main()
