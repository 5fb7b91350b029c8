-- Customer segments from the clustering model (sql/models/segments.sql): each cluster is named
-- from its centroid, then the clusters of a name are summed into its segment. The naming grid is
-- in sql/README.md ("Customer segments"). Sizes, the centroid of each segment, and its value
-- (mean spend percentile within the currency).
-- @param as_of_date 2999-12-31 Use the newest customer snapshot dated on or before this day (YYYY-MM-DD).
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
  named.segment,
  COUNT(*) AS customers,
  COUNT(DISTINCT assigned.cluster) AS clusters,
  AVG(CAST(assigned.recency_days AS DOUBLE PRECISION)) AS mean_recency_days,
  AVG(CAST(assigned.tenure_days AS DOUBLE PRECISION)) AS mean_tenure_days,
  AVG(CAST(assigned.orders_90d AS DOUBLE PRECISION)) AS mean_orders_90d,
  AVG(assigned.basket_pct) AS mean_basket_pct,
  AVG(CAST(assigned.categories AS DOUBLE PRECISION)) AS mean_categories,
  AVG(assigned.overdue_ratio) AS mean_overdue_ratio,
  AVG(assigned.spend_pct) AS mean_spend_pct
FROM assigned
JOIN named ON named.cluster = assigned.cluster
GROUP BY named.segment
ORDER BY customers DESC, named.segment;
