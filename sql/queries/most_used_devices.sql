-- Devices ranked by access events, with distinct users, watch time and share of all accesses.
-- @param from_date 1970-01-01 First day included (YYYY-MM-DD, UTC).
-- @param to_date 2999-12-31 Last day included (YYYY-MM-DD, UTC).
SELECT
  COALESCE(access.device_name, 'unknown') AS device_name,
  COALESCE(device.device_family, 'unknown') AS device_family,
  COUNT(*) AS accesses,
  COUNT(DISTINCT access.user_id) AS unique_users,
  CAST(COALESCE(SUM(access.duration_seconds), 0) AS BIGINT) AS watched_seconds,
  CAST(100.0 * COUNT(*) / SUM(COUNT(*)) OVER () AS DECIMAL(5, 2)) AS share_percent
FROM dw.fact_access_event AS access
LEFT JOIN dw.dim_device AS device ON device.device_name = access.device_name
WHERE access.event_date BETWEEN CAST(:from_date AS DATE) AND CAST(:to_date AS DATE)
GROUP BY COALESCE(access.device_name, 'unknown'), COALESCE(device.device_family, 'unknown')
ORDER BY accesses DESC, device_name;
