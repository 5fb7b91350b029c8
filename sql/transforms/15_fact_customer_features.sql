-- Replaces the customer features snapshot dated the run's day with the staged one, one row per
-- customer.
DELETE FROM dw.fact_customer_features WHERE as_of_date = CAST(:run_date AS DATE);

INSERT INTO dw.fact_customer_features (
  as_of_date,
  customer_id,
  currency,
  tenure_days,
  recency_days,
  orders,
  orders_30d,
  orders_90d,
  mean_gap_days,
  spend_pct,
  basket_pct,
  categories,
  sessions_30d,
  views_per_session_90d,
  cart_adds_90d,
  mobile_share_90d
)
SELECT
  as_of_date,
  customer_id,
  currency,
  tenure_days,
  recency_days,
  orders,
  orders_30d,
  orders_90d,
  mean_gap_days,
  spend_pct,
  basket_pct,
  categories,
  sessions_30d,
  views_per_session_90d,
  cart_adds_90d,
  mobile_share_90d
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY recency_days) AS copy_number
  FROM staging.customer_features
  WHERE customer_id IS NOT NULL AND as_of_date = CAST(:run_date AS DATE)
) AS ranked
WHERE ranked.copy_number = 1;
