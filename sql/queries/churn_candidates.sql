-- Churn candidates: customers who bought repeatedly but not for a while, most valuable first.
-- @param as_of_date 2999-12-31 Use the newest RFM snapshot dated on or before this day (YYYY-MM-DD).
-- @param min_recency_days 30 Days since the last purchase from which a customer counts as lapsing.
-- @param min_orders 2 Distinct orders a customer must have placed to be worth winning back.
SELECT
  segment.customer_id,
  customer.country,
  segment.currency,
  segment.segment,
  segment.last_purchase_date,
  segment.recency_days,
  segment.frequency,
  segment.monetary
FROM marts.customer_segment AS segment
JOIN dw.dim_customer AS customer ON customer.customer_id = segment.customer_id
WHERE segment.as_of_date = (
  SELECT MAX(as_of_date) FROM dw.fact_customer_rfm WHERE as_of_date <= CAST(:as_of_date AS DATE)
)
  AND segment.recency_days >= CAST(:min_recency_days AS INTEGER)
  AND segment.frequency >= CAST(:min_orders AS INTEGER)
ORDER BY segment.monetary DESC, segment.customer_id, segment.currency;
