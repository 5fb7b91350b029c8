import datetime as dt
import unittest
from decimal import Decimal

from hybrid_lake_etl import aggregates

UTC = dt.timezone.utc


def at(day, hour=0, minute=0, second=0):
    return dt.datetime(2026, 3, day, hour, minute, second, tzinfo=UTC)


EVENTS = [
    {"user_id": "u1", "event_time": at(1, 10, 0, 5), "device": "mobile", "content_type": "movie", "country": "FR", "city": "Paris", "duration_seconds": 60},
    {"user_id": "u1", "event_time": at(1, 10, 0, 59), "device": "mobile", "content_type": "movie", "country": "FR", "city": "Paris", "duration_seconds": None},
    {"user_id": "u2", "event_time": at(1, 10, 1, 0), "device": "tv", "content_type": "movie", "country": "FR", "city": "Lyon", "duration_seconds": 30},
    {"user_id": "u3", "event_time": at(2, 0, 0, 0), "device": "mobile", "content_type": "series", "country": "DE", "city": None, "duration_seconds": 10},
    {"user_id": "u4", "event_time": None, "device": "mobile", "content_type": "movie", "country": "FR", "city": "Paris", "duration_seconds": 99},
]


class AccessAggregatesTest(unittest.TestCase):
    def test_per_minute(self):
        self.assertEqual(
            aggregates.accesses_per_minute(EVENTS),
            [
                {"minute": at(1, 10, 0), "accesses": 2, "unique_users": 1},
                {"minute": at(1, 10, 1), "accesses": 1, "unique_users": 1},
                {"minute": at(2, 0, 0), "accesses": 1, "unique_users": 1},
            ],
        )

    def test_by_device_and_content_type(self):
        rows = aggregates.accesses_by_device_and_content_type(EVENTS)
        self.assertEqual(
            [(r["event_date"].day, r["device"], r["content_type"], r["accesses"], r["unique_users"], r["watched_seconds"]) for r in rows],
            [(1, "mobile", "movie", 2, 1, 60), (1, "tv", "movie", 1, 1, 30), (2, "mobile", "series", 1, 1, 10)],
        )

    def test_by_country_and_city_keeps_a_null_city_as_its_own_group(self):
        rows = aggregates.accesses_by_country_and_city(EVENTS)
        self.assertEqual(
            [(r["event_date"].day, r["country"], r["city"], r["accesses"]) for r in rows],
            [(1, "FR", "Lyon", 1), (1, "FR", "Paris", 2), (2, "DE", None, 1)],
        )


TRANSACTIONS = [
    # customer, order, product, qty, price, currency, day
    ("c1", "o1", "p1", 2, "10.00", "EUR", 1),
    ("c1", "o1", "p2", 1, "5.50", "EUR", 1),
    ("c1", "o2", "p1", 1, "10.00", "EUR", 5),
    ("c2", "o3", "p1", 3, "9.00", "EUR", 2),
    ("c3", "o4", "p1", 1, "100.00", "EUR", 9),
    ("c4", "o5", "p2", 1, "1.00", "EUR", 3),
    ("c5", "o6", "p2", 4, "2.00", "EUR", 4),
    ("c6", "o7", "p1", 1, "12.00", "USD", 4),
    ("c7", "o8", "p1", 1, "99.00", "EUR", 20),  # after the as-of day
]


def transaction(customer, order, product, quantity, price, currency, day):
    return {
        "customer_id": customer,
        "order_id": order,
        "product_id": product,
        "product_category": "tv" if product == "p1" else "audio",
        "quantity": quantity,
        "unit_price": Decimal(price),
        "currency": currency,
        "transaction_time": at(day, 12),
    }


class SalesTest(unittest.TestCase):
    def test_sales_by_product_per_day_and_currency(self):
        rows = aggregates.sales_by_product([transaction(*t) for t in TRANSACTIONS[:4]] + [transaction(*TRANSACTIONS[7])])
        self.assertEqual(
            [(r["sale_date"].day, r["product_id"], r["currency"], r["product_category"], r["units"], r["revenue"], r["orders"]) for r in rows],
            [
                (1, "p1", "EUR", "tv", 2, Decimal("20.00"), 1),
                (1, "p2", "EUR", "audio", 1, Decimal("5.50"), 1),
                (2, "p1", "EUR", "tv", 3, Decimal("27.00"), 1),
                (4, "p1", "USD", "tv", 1, Decimal("12.00"), 1),
                (5, "p1", "EUR", "tv", 1, Decimal("10.00"), 1),
            ],
        )


class RfmTest(unittest.TestCase):
    def test_snapshot_day_is_the_last_complete_utc_day(self):
        self.assertEqual(aggregates.last_complete_day(at(11, 2, 5)), dt.date(2026, 3, 10))
        self.assertEqual(aggregates.last_complete_day(at(11, 0, 0)), dt.date(2026, 3, 10))
        # 01:30 in UTC+02:00 is still the previous UTC day (23:30 on the 10th).
        plus_two = dt.timezone(dt.timedelta(hours=2))
        self.assertEqual(
            aggregates.last_complete_day(dt.datetime(2026, 3, 11, 1, 30, tzinfo=plus_two)),
            dt.date(2026, 3, 9),
        )
        with self.assertRaises(ValueError):
            aggregates.last_complete_day(dt.datetime(2026, 3, 11, 2, 0))

    def test_recency_frequency_monetary_and_quintiles(self):
        rows = aggregates.customer_rfm([transaction(*t) for t in TRANSACTIONS], as_of=dt.date(2026, 3, 10))
        by_customer = {r["customer_id"]: r for r in rows}
        self.assertNotIn("c7", by_customer)  # bought after the as-of day only
        c1 = by_customer["c1"]
        self.assertEqual((c1["recency_days"], c1["frequency"], c1["monetary"]), (5, 2, Decimal("35.50")))
        # Five EUR customers: c1 (5 d, 2 orders, 35.50), c2 (8 d, 1, 27.00), c3 (1 d, 1, 100.00),
        # c4 (7 d, 1, 1.00), c5 (6 d, 1, 8.00). Recency by bands: within a week 5, c2 (8 d) 4.
        # Monetary: five distinct values, one quintile each (c4 < c5 < c2 < c1 < c3). Frequency:
        # the four one-order customers tie, and a tie scores as one: 2 for all four.
        self.assertEqual(
            {c: by_customer[c]["rfm_score"] for c in ("c1", "c2", "c3", "c4", "c5")},
            {"c1": "554", "c2": "423", "c3": "525", "c4": "521", "c5": "522"},
        )
        # Alone in its currency: it does not stand out from anyone, so the middle score.
        self.assertEqual(by_customer["c6"]["rfm_score"], "533")
        self.assertEqual(by_customer["c6"]["as_of_date"], dt.date(2026, 3, 10))

    def test_one_day_of_data_makes_everyone_recent_and_no_one_stand_out(self):
        one_day = [transaction("c%d" % n, "o%d" % n, "p1", 1, "10.00", "EUR", 10) for n in range(40)]
        rows = aggregates.customer_rfm(one_day, as_of=dt.date(2026, 3, 10))
        self.assertEqual({r["rfm_score"] for r in rows}, {"533"})

    def test_quintile_score(self):
        # Ten distinct values: two per quintile.
        self.assertEqual([aggregates.quintile_score(s, 1, 10) for s in range(10)], [1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
        # All the same, however many: the middle.
        self.assertEqual({aggregates.quintile_score(0, n, n) for n in (1, 2, 7, 1000)}, {3})
        # A tie at the top of six values scores below the top: it is shared with two others.
        self.assertEqual(aggregates.quintile_score(3, 3, 6), 4)
        with self.assertRaises(ValueError):
            aggregates.quintile_score(0, 0, 3)
        with self.assertRaises(ValueError):
            aggregates.quintile_score(2, 2, 3)

    def test_recency_bands(self):
        days = [0, 7, 8, 30, 31, 90, 91, 180, 181, 400]
        self.assertEqual([aggregates.recency_score(d) for d in days], [5, 5, 4, 4, 3, 3, 2, 2, 1, 1])


if __name__ == "__main__":
    unittest.main()
