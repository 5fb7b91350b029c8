import datetime as dt
import unittest

from hybrid_lake_etl.errors import PartitionKeyError
from hybrid_lake_etl.partitions import DAILY, parse_partition_keys, partition_path, partition_values

UTC = dt.timezone.utc


class PartitionValuesTest(unittest.TestCase):
    def test_zero_padded_hourly_values(self):
        values = partition_values(dt.datetime(2026, 3, 7, 9, 5, tzinfo=UTC))
        self.assertEqual(values, {"year": "2026", "month": "03", "day": "07", "hour": "09"})

    def test_local_time_is_converted_to_utc_across_midnight(self):
        # 00:30 in Paris (UTC+1 in winter) is still the previous day in UTC.
        paris = dt.timezone(dt.timedelta(hours=1))
        self.assertEqual(
            partition_values(dt.datetime(2026, 2, 10, 0, 30, tzinfo=paris)),
            {"year": "2026", "month": "02", "day": "09", "hour": "23"},
        )

    def test_new_year_in_utc(self):
        new_york = dt.timezone(dt.timedelta(hours=-5))
        self.assertEqual(
            partition_values(dt.datetime(2025, 12, 31, 19, 0, tzinfo=new_york)),
            {"year": "2026", "month": "01", "day": "01", "hour": "00"},
        )

    def test_naive_time_is_utc_and_daily_keys_omit_the_hour(self):
        self.assertEqual(partition_values(dt.datetime(2024, 2, 29, 23, 59), DAILY), {"year": "2024", "month": "02", "day": "29"})
        self.assertEqual(partition_values(dt.date(2026, 1, 2), DAILY), {"year": "2026", "month": "01", "day": "02"})

    def test_path(self):
        values = partition_values(dt.datetime(2026, 3, 7, 9, tzinfo=UTC))
        self.assertEqual(partition_path("access_events", values), "access_events/year=2026/month=03/day=07/hour=09/")

    def test_keys_must_run_coarse_to_fine(self):
        self.assertEqual(parse_partition_keys(" year, month,day "), ("year", "month", "day"))
        for bad in ("", "month,day", "year,day", "year,month,day,hour,minute"):
            with self.subTest(bad=bad), self.assertRaises(PartitionKeyError):
                parse_partition_keys(bad)
        with self.assertRaises(PartitionKeyError):
            partition_values("2026-01-01")


if __name__ == "__main__":
    unittest.main()
