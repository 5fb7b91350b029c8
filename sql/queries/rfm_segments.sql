-- Customers per RFM segment (marts.customer_segment) in the latest snapshot on or before a day.
-- @param as_of_date 2999-12-31 Use the newest RFM snapshot dated on or before this day (YYYY-MM-DD).
SELECT
  segment.as_of_date,
  segment.currency,
  segment.segment,
  COUNT(*) AS customers,
  SUM(segment.monetary) AS monetary,
  CAST(SUM(segment.frequency) AS BIGINT) AS orders,
  MIN(segment.recency_days) AS min_recency_days,
  MAX(segment.recency_days) AS max_recency_days
FROM marts.customer_segment AS segment
WHERE segment.as_of_date = (
  SELECT MAX(as_of_date) FROM dw.fact_customer_rfm WHERE as_of_date <= CAST(:as_of_date AS DATE)
)
GROUP BY segment.as_of_date, segment.currency, segment.segment
ORDER BY segment.currency, customers DESC, segment.segment;
