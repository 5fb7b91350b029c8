-- The customers of each segment (see customer_segments.sql for the model and the naming grid),
-- most valuable first within a segment: who to address in a campaign for that segment.
-- @param as_of_date 2999-12-31 Use the newest customer snapshot dated on or before this day (YYYY-MM-DD).
-- @param segment all One segment (new, big_spender, lapsed, fading, loyal), or all of them.
WITH snapshot AS (
  SELECT *
  FROM ml.segment_features
  WHERE as_of_date = (
    SELECT MAX(as_of_date) FROM ml.segment_features WHERE as_of_date <= CAST(:as_of_date AS DATE)
  )
),
assigned AS (
  SELECT
    snapshot.*,
    ml.predict_segment(
      recency_days, tenure_days, orders_90d, spend_pct, basket_pct, categories, overdue_log,
      recent_order_share
    ) AS cluster
  FROM snapshot
),
named AS (
  SELECT
    cluster,
    CASE
      WHEN AVG(CAST(tenure_days AS DOUBLE PRECISION)) < 90 THEN 'new'
      WHEN AVG(basket_pct) > 0.8 THEN 'big_spender'
      WHEN AVG(CAST(recency_days AS DOUBLE PRECISION)) > 60 THEN 'lapsed'
      WHEN AVG(overdue_ratio) > 1.2 THEN 'fading'
      ELSE 'loyal'
    END AS segment
  FROM assigned
  GROUP BY cluster
)
SELECT
  assigned.customer_id,
  named.segment,
  assigned.cluster,
  assigned.recency_days,
  assigned.tenure_days,
  assigned.orders_90d,
  assigned.spend_pct
FROM assigned
JOIN named ON named.cluster = assigned.cluster
WHERE CAST(:segment AS VARCHAR) IN ('all', named.segment)
ORDER BY named.segment, assigned.spend_pct DESC, assigned.customer_id;
