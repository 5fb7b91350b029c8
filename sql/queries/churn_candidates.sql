-- Churn candidates: active customers (an order in the last 90 days) ranked by what losing them
-- would cost, the churn model's risk (sql/models/churn.sql) times their value (spend percentile
-- within the currency). The risk is the predicted probability of no order in the next 30 days.
-- @param as_of_date 2999-12-31 Use the newest customer snapshot dated on or before this day (YYYY-MM-DD).
-- @param min_risk 0.5 Leave out customers whose churn risk is below this probability.
-- @param top_n 50 How many ranks to return (ties share a rank).
WITH scored AS (
  SELECT
    features.customer_id,
    features.currency,
    features.recency_days,
    features.orders,
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
ranked AS (
  SELECT
    scored.*,
    scored.churn_risk * scored.spend_pct AS priority,
    RANK() OVER (ORDER BY scored.churn_risk * scored.spend_pct DESC) AS priority_rank
  FROM scored
  WHERE scored.churn_risk >= CAST(:min_risk AS DOUBLE PRECISION)
)
SELECT
  ranked.customer_id,
  customer.country,
  ranked.currency,
  ranked.recency_days,
  ranked.orders,
  ranked.spend_pct,
  ranked.churn_risk,
  ranked.priority,
  ranked.priority_rank
FROM ranked
JOIN dw.dim_customer AS customer ON customer.customer_id = ranked.customer_id
WHERE ranked.priority_rank <= CAST(:top_n AS INTEGER)
ORDER BY ranked.priority_rank, ranked.customer_id;
