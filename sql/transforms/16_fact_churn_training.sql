-- Replaces the churn training rows dated the run's day with the staged ones, one row per
-- customer.
DELETE FROM dw.fact_churn_training WHERE as_of_date = CAST(:run_date AS DATE);

INSERT INTO dw.fact_churn_training (
  as_of_date,
  cutoff_date,
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
  mobile_share_90d,
  churned,
  holdout
)
SELECT
  as_of_date,
  cutoff_date,
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
  mobile_share_90d,
  CAST(churned AS SMALLINT),
  holdout
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY cutoff_date DESC) AS copy_number
  FROM staging.churn_training
  WHERE customer_id IS NOT NULL AND churned IS NOT NULL AND holdout IS NOT NULL
    AND cutoff_date IS NOT NULL AND as_of_date = CAST(:run_date AS DATE)
) AS ranked
WHERE ranked.copy_number = 1;
