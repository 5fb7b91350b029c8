-- Adds the (country, city) pairs of the run's days of access events and sales (which know the
-- country only) to dw.dim_geography. The key is
-- MD5(COALESCE(country, '') || '|' || COALESCE(city, '')), computed the same way by the fact
-- transforms (10_, 12_); change all three together.
INSERT INTO dw.dim_geography (geography_key, country, city)
SELECT seen.geography_key, MAX(seen.country), MAX(seen.city)
FROM (
  SELECT MD5(COALESCE(country, '') || '|' || COALESCE(city, '')) AS geography_key, country, city
  FROM staging.access_events
  WHERE CAST(event_time AS DATE) BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE)
  UNION
  SELECT MD5(COALESCE(country, '') || '|'), country, CAST(NULL AS VARCHAR(256))
  FROM staging.transactions
  WHERE CAST(transaction_time AS DATE) BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE)
) AS seen
WHERE NOT EXISTS (
  SELECT 1 FROM dw.dim_geography AS known WHERE known.geography_key = seen.geography_key
)
GROUP BY seen.geography_key;
