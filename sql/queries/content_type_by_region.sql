-- Access events per country and content type, ranked within each country: what each region watches.
-- @param from_date 1970-01-01 First day included (YYYY-MM-DD, UTC).
-- @param to_date 2999-12-31 Last day included (YYYY-MM-DD, UTC).
SELECT
  COALESCE(geography.country, 'unknown') AS country,
  COALESCE(content.content_type, 'unknown') AS content_type,
  COUNT(*) AS accesses,
  COUNT(DISTINCT access.user_id) AS unique_users,
  RANK() OVER (
    PARTITION BY COALESCE(geography.country, 'unknown') ORDER BY COUNT(*) DESC
  ) AS rank_in_country
FROM dw.fact_access_event AS access
JOIN dw.dim_geography AS geography ON geography.geography_key = access.geography_key
LEFT JOIN dw.dim_content AS content ON content.content_id = access.content_id
WHERE access.event_date BETWEEN CAST(:from_date AS DATE) AND CAST(:to_date AS DATE)
GROUP BY COALESCE(geography.country, 'unknown'), COALESCE(content.content_type, 'unknown')
ORDER BY country, rank_in_country, content_type;
