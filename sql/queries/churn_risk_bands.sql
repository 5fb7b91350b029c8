-- Active customers (an order in the last 90 days) by churn risk, in tenths of probability: how
-- much of the customer base the churn model (sql/models/churn.sql) sees leaving, and what it is
-- worth (mean spend percentile within the currency). Bands without customers are left out.
-- @param as_of_date 2999-12-31 Use the newest customer snapshot dated on or before this day (YYYY-MM-DD).
WITH scored AS (
  SELECT
    features.spend_pct,
    ml.predict_churn(
      features.tenure_days,
      features.recency_days,
      features.orders,
      features.orders_30d,
      features.orders_90d,
      features.mean_gap_days,
      features.spend_pct,
      features.basket_pct,
      features.categories,
      features.sessions_30d,
      features.views_per_session_90d,
      features.cart_adds_90d,
      features.mobile_share_90d
    ) AS churn_risk
  FROM dw.fact_customer_features AS features
  WHERE features.as_of_date = (
    SELECT MAX(as_of_date) FROM dw.fact_customer_features WHERE as_of_date <= CAST(:as_of_date AS DATE)
  )
    AND features.recency_days < 90
),
banded AS (
  -- A risk of exactly 1 belongs to the top band.
  SELECT spend_pct, LEAST(CAST(FLOOR(churn_risk * 10) AS INTEGER), 9) AS band
  FROM scored
)
SELECT
  CAST(band AS DOUBLE PRECISION) / 10 AS risk_from,
  CAST(band + 1 AS DOUBLE PRECISION) / 10 AS risk_to,
  COUNT(*) AS customers,
  AVG(spend_pct) AS mean_spend_pct
FROM banded
GROUP BY band
ORDER BY band;
