import datetime as dt
import unittest
from decimal import Decimal

from hybrid_lake_etl import features

UTC = dt.timezone.utc
AS_OF = dt.date(2026, 6, 30)


def on(days_before, hour=12):
    """An instant `days_before` days before AS_OF, at `hour` UTC."""
    day = AS_OF - dt.timedelta(days=days_before)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def line(customer, order, days_before, price="10.00", quantity=1, category="books", currency="EUR"):
    return {
        "customer_id": customer,
        "order_id": order,
        "transaction_time": on(days_before),
        "quantity": quantity,
        "unit_price": Decimal(price),
        "currency": currency,
        "product_category": category,
    }


def visit(customer, session, days_before, kind="view", device="mobile"):
    return {
        "customer_id": customer,
        "session_id": session,
        "interaction_time": on(days_before),
        "interaction_type": kind,
        "device": device,
    }


TRANSACTIONS = [
    # a: three orders 40, 20 and 0 days ago, two lines in the first
    line("a", "a1", 40, "10.00", 2, "books"),
    line("a", "a1", 40, "5.00", 1, "toys"),
    line("a", "a2", 20, "30.00"),
    line("a", "a3", 0, "10.00"),
    # b: one order, 100 days ago
    line("b", "b1", 100, "50.00", category="electronics"),
    # c: one order today, in another currency
    line("c", "c1", 0, "7.00", currency="GBP"),
    # d: orders only after the as-of day are not seen
    line("d", "d1", -3, "99.00"),
]
INTERACTIONS = [
    visit("a", "s1", 40), visit("a", "s1", 40, "add_to_cart"), visit("a", "s2", 5),
    visit("a", "s2", 5), visit("a", "s3", 100, device="desktop"),  # outside 90 days
    visit("b", "s4", 10, device="desktop"),
    visit(None, "s5", 1),
]


class CustomerFeaturesTest(unittest.TestCase):
    def setUp(self):
        self.rows = {r["customer_id"]: r for r in features.customer_features(TRANSACTIONS, INTERACTIONS, AS_OF)}

    def test_only_customers_with_an_order_by_the_day(self):
        self.assertEqual(sorted(self.rows), ["a", "b", "c"])

    def test_rhythm(self):
        a = self.rows["a"]
        self.assertEqual(
            (a["tenure_days"], a["recency_days"], a["orders"], a["orders_30d"], a["orders_90d"], a["mean_gap_days"]),
            (40, 0, 3, 2, 3, 20.0),
        )
        # One order: the gap is the tenure itself.
        self.assertEqual((self.rows["b"]["mean_gap_days"], self.rows["b"]["orders_90d"]), (100.0, 0))

    def test_value_is_ranked_within_the_currency(self):
        # EUR: a spent 65.00 (3 orders, 21.67 each), b 50.00 (one order of 50.00).
        self.assertEqual((self.rows["a"]["spend_pct"], self.rows["b"]["spend_pct"]), (0.75, 0.25))
        self.assertEqual((self.rows["a"]["basket_pct"], self.rows["b"]["basket_pct"]), (0.25, 0.75))
        # Alone in GBP: the middle.
        self.assertEqual((self.rows["c"]["spend_pct"], self.rows["c"]["currency"]), (0.5, "GBP"))

    def test_the_latest_orders_currency_and_on_a_tie_the_greater_code(self):
        lines = [line("m", "m1", 5, currency="EUR"), line("m", "m2", 2, currency="SEK"), line("n", "n1", 3, currency="SEK"), line("n", "n2", 3, currency="EUR")]
        rows = {r["customer_id"]: r for r in features.customer_features(lines, [], AS_OF)}
        self.assertEqual((rows["m"]["currency"], rows["n"]["currency"]), ("SEK", "SEK"))
        # The same whatever order the lines arrive in.
        again = {r["customer_id"]: r for r in features.customer_features(list(reversed(lines)), [], AS_OF)}
        self.assertEqual(again["n"]["currency"], "SEK")

    def test_a_line_without_an_order_id_counts_toward_categories_not_orders(self):
        lines = [line("p", "p1", 5, category="books"), dict(line("p", None, 4, category="garden"))]
        [row] = features.customer_features(lines, [], AS_OF)
        self.assertEqual((row["orders"], row["categories"]), (1, 2))

    def test_behaviour(self):
        a = self.rows["a"]
        self.assertEqual(a["categories"], 2)
        # Sessions s1 (40 days ago) and s2 (5 days ago) within 90 days; s2 alone within 30.
        self.assertEqual((a["sessions_30d"], a["cart_adds_90d"]), (1, 1))
        self.assertEqual(a["views_per_session_90d"], 3 / 2)
        self.assertEqual(a["mobile_share_90d"], 1.0)
        self.assertEqual((self.rows["b"]["mobile_share_90d"], self.rows["c"]["views_per_session_90d"]), (0.0, 0.0))


class ChurnTrainingTest(unittest.TestCase):
    def test_features_of_the_cutoff_labelled_by_the_month_after(self):
        rows = {r["customer_id"]: r for r in features.churn_training(TRANSACTIONS, INTERACTIONS, AS_OF)}
        # The cut-off is 30 days before: a had ordered (40 days ago) and orders again after it;
        # b's only order is 70 days before the cut-off: still active, and gone; c had not ordered.
        self.assertEqual(sorted(rows), ["a", "b"])
        self.assertEqual((rows["a"]["churned"], rows["b"]["churned"]), (0, 1))
        a = rows["a"]
        self.assertEqual((a["cutoff_date"], a["as_of_date"]), (dt.date(2026, 5, 31), AS_OF))
        # Nothing after the cut-off leaks into the features.
        self.assertEqual((a["orders"], a["recency_days"], a["tenure_days"]), (1, 10, 10))

    def test_leaves_out_customers_inactive_at_the_cutoff(self):
        old = [line("e", "e1", 30 + features.BEHAVIOUR_DAYS)]
        self.assertEqual(features.churn_training(old, [], AS_OF), [])
        recent = [line("e", "e1", 30 + features.BEHAVIOUR_DAYS - 1)]
        self.assertEqual([r["customer_id"] for r in features.churn_training(recent, [], AS_OF)], ["e"])

    def test_holds_out_one_customer_in_five_the_same_way_every_time(self):
        ids = ["C%07d" % n for n in range(1, 2001)]
        held = [features.is_holdout(i) for i in ids]
        self.assertAlmostEqual(sum(held) / len(ids), 0.2, delta=0.03)
        self.assertEqual(held, [features.is_holdout(i) for i in ids])
        # MD5("C0000001") begins da00371d (3,657,447,197, 2 mod 5); MD5("C0000006") f7ed85a3
        # (4,159,538,595, 0 mod 5): the Spark form of the split reads the same digits.
        self.assertEqual((features.is_holdout("C0000001"), features.is_holdout("C0000006")), (False, True))


if __name__ == "__main__":
    unittest.main()
