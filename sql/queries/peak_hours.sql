-- Hours of the day (UTC) ranked by access events: when the platform is busiest.
-- @param from_date 1970-01-01 First day included (YYYY-MM-DD, UTC).
-- @param to_date 2999-12-31 Last day included (YYYY-MM-DD, UTC).
-- @param top_n 24 How many ranks to return (ties share a rank).
SELECT hour_of_day, accesses, unique_users, hour_rank
FROM (
  SELECT
    CAST(EXTRACT(HOUR FROM event_time) AS INTEGER) AS hour_of_day,
    COUNT(*) AS accesses,
    COUNT(DISTINCT user_id) AS unique_users,
    RANK() OVER (ORDER BY COUNT(*) DESC) AS hour_rank
  FROM dw.fact_access_event
  WHERE event_date BETWEEN CAST(:from_date AS DATE) AND CAST(:to_date AS DATE)
  GROUP BY CAST(EXTRACT(HOUR FROM event_time) AS INTEGER)
) AS hours
WHERE hour_rank <= CAST(:top_n AS INTEGER)
ORDER BY hour_rank, hour_of_day;
