"""The curated aggregates, defined over plain lists of dicts (clean rows).

This is the reference the Spark job follows column for column: tests pin the meaning here, and
the job's DataFrame code computes the same groups, counts and scores. Times are UTC. Nulls
behave as in SQL: a null key is its own group, a null value is left out of counts and sums.
"""

import bisect as _bisect
import datetime as _dt
import decimal as _decimal

from .partitions import to_utc

QUINTILES = 5


def _minute(moment):
    return to_utc(moment).replace(second=0, microsecond=0)


def _day(moment):
    return to_utc(moment).date()


def _group(rows, key):
    groups = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return groups


def _distinct(rows, column):
    return len({row.get(column) for row in rows if row.get(column) is not None})


def _sort_key(values):
    # None sorts first, as Spark's ascending order puts nulls first.
    return tuple((value is not None, value if value is not None else 0) for value in values)


def accesses_per_minute(events):
    """Accesses and distinct users per UTC minute: `minute, accesses, unique_users`."""
    groups = _group((e for e in events if e.get("event_time") is not None), lambda e: _minute(e["event_time"]))
    return [
        {"minute": minute, "accesses": len(rows), "unique_users": _distinct(rows, "user_id")}
        for minute, rows in sorted(groups.items())
    ]


def accesses_by_device_and_content_type(events):
    """Per day, device and content type: `accesses, unique_users, watched_seconds`."""
    groups = _group(
        (e for e in events if e.get("event_time") is not None),
        lambda e: (_day(e["event_time"]), e.get("device"), e.get("content_type")),
    )
    return [
        {
            "event_date": key[0],
            "device": key[1],
            "content_type": key[2],
            "accesses": len(rows),
            "unique_users": _distinct(rows, "user_id"),
            "watched_seconds": sum(r["duration_seconds"] for r in rows if r.get("duration_seconds") is not None),
        }
        for key, rows in sorted(groups.items(), key=lambda item: _sort_key(item[0]))
    ]


def accesses_by_country_and_city(events):
    """Per day, country and city: `accesses, unique_users`."""
    groups = _group(
        (e for e in events if e.get("event_time") is not None),
        lambda e: (_day(e["event_time"]), e.get("country"), e.get("city")),
    )
    return [
        {
            "event_date": key[0],
            "country": key[1],
            "city": key[2],
            "accesses": len(rows),
            "unique_users": _distinct(rows, "user_id"),
        }
        for key, rows in sorted(groups.items(), key=lambda item: _sort_key(item[0]))
    ]


def _line_amount(row):
    if row.get("quantity") is None or row.get("unit_price") is None:
        return None
    return _decimal.Decimal(row["quantity"]) * row["unit_price"]


def sales_by_product(transactions):
    """Per day, product and currency (amounts in different currencies never add up):
    `product_category, units, revenue, orders`."""
    groups = _group(
        (t for t in transactions if t.get("transaction_time") is not None),
        lambda t: (_day(t["transaction_time"]), t.get("product_id"), t.get("currency")),
    )
    result = []
    for key, rows in sorted(groups.items(), key=lambda item: _sort_key(item[0])):
        amounts = [a for a in (_line_amount(r) for r in rows) if a is not None]
        categories = sorted({r["product_category"] for r in rows if r.get("product_category") is not None})
        result.append(
            {
                "sale_date": key[0],
                "product_id": key[1],
                "currency": key[2],
                # A product's category could change mid-day; the greatest name is kept, like max().
                "product_category": categories[-1] if categories else None,
                "units": sum(r["quantity"] for r in rows if r.get("quantity") is not None),
                "revenue": sum(amounts, _decimal.Decimal(0)),
                "orders": _distinct(rows, "order_id"),
            }
        )
    return result


RECENCY_BANDS = (7, 30, 90, 180)
"""Recency scores by days since the last purchase: 5 up to 7 days, 4 up to 30, 3 up to 90, 2 up
to 180, 1 beyond. Recency is time, so it is scored on fixed bands: a customer who bought today is
recent however short the history is and whatever everyone else did."""


def recency_score(days):
    """5 (bought within a week) down to 1 (more than half a year ago); see RECENCY_BANDS."""
    return QUINTILES - sum(1 for limit in RECENCY_BANDS if days > limit)


def quintile_score(smaller, equal, count):
    """1..5 from where a value stands among `count` values: `smaller` of them are below it and
    `equal` (itself included) are the same. The mid-rank percentile (smaller + equal / 2) / count,
    times five, rounded up: equal values always score the same, ten distinct values score
    1,1,2,2,…,5,5, and values that are all the same score 3 (no one stands out)."""
    if count <= 0 or equal < 1 or smaller < 0 or smaller + equal > count:
        raise ValueError("%d smaller and %d equal among %d values" % (smaller, equal, count))
    # ceil(5 * (2 * smaller + equal) / (2 * count)) in integers.
    return (QUINTILES * (2 * smaller + equal) + 2 * count - 1) // (2 * count)


def _quintiles(values):
    """`quintile_score` of each value among `values`."""
    count = len(values)
    ordered = sorted(values)
    tally = {}
    for value in values:
        tally[value] = tally.get(value, 0) + 1
    return [quintile_score(_bisect.bisect_left(ordered, value), tally[value], count) for value in values]


def last_complete_day(now):
    """The UTC day before `now` (an aware datetime): the newest day a scheduled run has whole.

    The batch chain runs after midnight, and the warehouse loads the day before its finish; an
    RFM snapshot dated that day lines up with the rest of what the warehouse loads.
    """
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone")
    return (now.astimezone(_dt.timezone.utc) - _dt.timedelta(days=1)).date()


def customer_rfm(transactions, as_of):
    """Recency, frequency and monetary value per customer and currency, as of a UTC day.

    `recency_days` = days from the last purchase to `as_of`; `frequency` = distinct orders;
    `monetary` = total spent. Recency is scored on fixed day bands (`recency_score`), frequency
    and monetary value as quintiles within the currency (`quintile_score`; 5 = most frequent /
    highest spend, equal values score the same), and `rfm_score` joins them, e.g. "545".
    Purchases after `as_of` are left out, so a rerun for a past day gives the same answer.
    """
    eligible = [
        t
        for t in transactions
        if t.get("customer_id") is not None
        and t.get("transaction_time") is not None
        and _day(t["transaction_time"]) <= as_of
    ]
    groups = _group(eligible, lambda t: (t.get("currency"), t["customer_id"]))
    customers = []
    for (currency, customer_id), rows in groups.items():
        last = max(_day(r["transaction_time"]) for r in rows)
        amounts = [a for a in (_line_amount(r) for r in rows) if a is not None]
        customers.append(
            {
                "customer_id": customer_id,
                "currency": currency,
                "last_purchase_date": last,
                "recency_days": (as_of - last).days,
                "frequency": _distinct(rows, "order_id"),
                "monetary": sum(amounts, _decimal.Decimal(0)),
                "as_of_date": as_of,
            }
        )
    by_currency = _group(customers, lambda c: c["currency"])
    for members in by_currency.values():
        for column, score in (("frequency", "f_score"), ("monetary", "m_score")):
            for member, quintile in zip(members, _quintiles([member[column] for member in members])):
                member[score] = quintile
        for member in members:
            member["r_score"] = recency_score(member["recency_days"])
            member["rfm_score"] = "%d%d%d" % (member["r_score"], member["f_score"], member["m_score"])
    return sorted(customers, key=lambda c: _sort_key((c["currency"], c["customer_id"])))


AGGREGATES = (
    "accesses_per_minute",
    "accesses_by_device_and_content_type",
    "accesses_by_country_and_city",
    "sales_by_product",
    "customer_rfm",
    "customer_features",
    "churn_training",
)
"""The curated datasets of the platform definition (`arrival: 'derived'`), each a table of the
curated catalog database whose columns, in order, are the ones the jobs write."""

PARTITION_COLUMNS = {
    "accesses_per_minute": "minute",
    "accesses_by_device_and_content_type": "event_date",
    "accesses_by_country_and_city": "event_date",
    "sales_by_product": "sale_date",
    "customer_rfm": "as_of_date",
    "customer_features": "as_of_date",
    "churn_training": "as_of_date",
}
"""The column whose UTC day is each aggregate's `year=/month=/day=` partition (the definition's
`eventTimeColumn`)."""
