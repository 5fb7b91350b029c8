"""Customer features for segmentation and churn, over plain lists of dicts (clean rows).

The reference the Spark job follows column for column, like `aggregates.py`. A customer's
features as of a UTC day use only what happened on or before that day:

- rhythm: tenure, recency, orders in all and in the last 30 and 90 days, the mean gap between
  orders (the tenure itself while there is only one order);
- value, within the currency (amounts in different currencies never compare): the mid-rank
  percentile of the total spent and of the average order;
- breadth and behaviour: distinct categories bought; over the last 30 or 90 days, visits
  (sessions), product views per visit, cart adds and the share of interactions on mobile.

`churn_training` labels the features of a cut-off day with what happened in the window after it,
so nothing a model learns from comes from the window it predicts.
"""

import datetime as _dt
import hashlib as _hashlib

from .aggregates import _day, _group, _line_amount, _sort_key

RECENT_DAYS = 30
"""The short window of the features, and the churn window: no order in the 30 days after a day."""
BEHAVIOUR_DAYS = 90
"""The longer window, and what "active" means: an order within the last 90 days."""
HOLDOUT_BUCKETS = 5
"""One customer in five (by a hash of the id) is held out of training, to measure the model."""


def _midrank_percentiles(values):
    """(smaller + equal / 2) / n of each value among `values`: 0 < p < 1, ties alike."""
    count = len(values)
    tally = {}
    for value in values:
        tally[value] = tally.get(value, 0) + 1
    ordered = sorted(tally)
    smaller, below = {}, 0
    for value in ordered:
        smaller[value] = below
        below += tally[value]
    return [(smaller[value] + tally[value] / 2) / count for value in values]


def is_holdout(customer_id):
    """Whether the customer is kept out of training: stable across runs and engines."""
    digest = _hashlib.md5(customer_id.encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % HOLDOUT_BUCKETS == 0


def _orders(transactions, as_of):
    """`{customer: [(day, order value, currency)]}` of orders on or before `as_of`, by day."""
    lines = [
        t
        for t in transactions
        if t.get("customer_id") is not None
        and t.get("order_id") is not None
        and t.get("transaction_time") is not None
        and _day(t["transaction_time"]) <= as_of
    ]
    orders = {}
    for (customer, _order), rows in _group(lines, lambda t: (t["customer_id"], t["order_id"])).items():
        amounts = [a for a in (_line_amount(r) for r in rows) if a is not None]
        day = min(_day(r["transaction_time"]) for r in rows)
        currency = max((r.get("currency") or "" for r in rows))
        orders.setdefault(customer, []).append((day, sum(amounts), currency))
    for placed in orders.values():
        # By day; two orders on the last day: the greater currency code is the customer's.
        placed.sort(key=lambda order: (order[0], order[2]))
    return orders


def customer_features(transactions, interactions, as_of):
    """One row per customer with an order on or before `as_of`, sorted by customer."""
    orders = _orders(transactions, as_of)
    categories = {}
    for t in transactions:
        if t.get("customer_id") in orders and t.get("transaction_time") is not None and _day(t["transaction_time"]) <= as_of:
            if t.get("product_category") is not None:
                categories.setdefault(t["customer_id"], set()).add(t["product_category"])
    visits = {}
    for i in interactions:
        if i.get("customer_id") in orders and i.get("interaction_time") is not None:
            age = (as_of - _day(i["interaction_time"])).days
            if 0 <= age < BEHAVIOUR_DAYS:
                visits.setdefault(i["customer_id"], []).append((age, i))

    rows = []
    for customer, placed in orders.items():
        first, last = placed[0][0], placed[-1][0]
        tenure = (as_of - first).days
        count = len(placed)
        spent = sum(order[1] for order in placed)
        seen = visits.get(customer, [])
        recent_sessions = {i.get("session_id") for age, i in seen if age < RECENT_DAYS and i.get("session_id") is not None}
        sessions = {i.get("session_id") for _, i in seen if i.get("session_id") is not None}
        views = sum(1 for _, i in seen if i.get("interaction_type") == "view")
        rows.append(
            {
                "as_of_date": as_of,
                "customer_id": customer,
                "currency": placed[-1][2] or None,
                "tenure_days": tenure,
                "recency_days": (as_of - last).days,
                "orders": count,
                "orders_30d": sum(1 for order in placed if (as_of - order[0]).days < RECENT_DAYS),
                "orders_90d": sum(1 for order in placed if (as_of - order[0]).days < BEHAVIOUR_DAYS),
                "mean_gap_days": float((last - first).days) / (count - 1) if count > 1 else float(tenure),
                "spent": spent,
                "average_order": spent / count,
                "categories": len(categories.get(customer, ())),
                "sessions_30d": len(recent_sessions),
                "views_per_session_90d": views / len(sessions) if sessions else 0.0,
                "cart_adds_90d": sum(1 for _, i in seen if i.get("interaction_type") == "add_to_cart"),
                "mobile_share_90d": (
                    sum(1 for _, i in seen if i.get("device") == "mobile") / len(seen) if seen else 0.0
                ),
            }
        )
    for members in _group(rows, lambda row: row["currency"]).values():
        for column, percentile in (("spent", "spend_pct"), ("average_order", "basket_pct")):
            for member, value in zip(members, _midrank_percentiles([m[column] for m in members])):
                member[percentile] = value
    for row in rows:
        del row["spent"], row["average_order"]
    return sorted(rows, key=lambda row: _sort_key((row["customer_id"],)))


def churn_training(transactions, interactions, as_of):
    """Training rows as of `as_of`: the features of the customers active on the cut-off day
    (`RECENT_DAYS` before), labelled `churned` = 1 when they placed no order after the cut-off
    up to `as_of`, with the cut-off day and whether the customer is held out."""
    cutoff = as_of - _dt.timedelta(days=RECENT_DAYS)
    ordered_after = {
        t["customer_id"]
        for t in transactions
        if t.get("customer_id") is not None
        and t.get("transaction_time") is not None
        and cutoff < _day(t["transaction_time"]) <= as_of
    }
    rows = []
    for features in customer_features(transactions, interactions, cutoff):
        if features["recency_days"] >= BEHAVIOUR_DAYS:
            continue
        row = dict(features, as_of_date=as_of, cutoff_date=cutoff)
        row["churned"] = 0 if features["customer_id"] in ordered_after else 1
        row["holdout"] = is_holdout(features["customer_id"])
        rows.append(row)
    return rows
