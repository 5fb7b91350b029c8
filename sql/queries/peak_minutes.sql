-- Minutes (UTC) with the most access events: the sharpest peaks of demand.
-- @param from_date 1970-01-01 First day included (YYYY-MM-DD, UTC).
-- @param to_date 2999-12-31 Last day included (YYYY-MM-DD, UTC).
-- @param top_n 10 How many ranks to return (ties share a rank).
SELECT access_minute, accesses, unique_users, minute_rank
FROM (
  SELECT
    DATE_TRUNC('minute', event_time) AS access_minute,
    COUNT(*) AS accesses,
    COUNT(DISTINCT user_id) AS unique_users,
    RANK() OVER (ORDER BY COUNT(*) DESC) AS minute_rank
  FROM dw.fact_access_event
  WHERE event_date BETWEEN CAST(:from_date AS DATE) AND CAST(:to_date AS DATE)
  GROUP BY DATE_TRUNC('minute', event_time)
) AS minutes
WHERE minute_rank <= CAST(:top_n AS INTEGER)
ORDER BY minute_rank, access_minute;
