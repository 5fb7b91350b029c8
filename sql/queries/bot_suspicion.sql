-- Minutes whose web traffic looks like a bot attack: above a fixed ceiling, or far above the trailing norm.
-- The norm of a minute is the mean and standard deviation of requests over the trailing window
-- before it, with minutes without traffic counted as 0 (a time window, not the last N rows).
-- The z-score is only computed once a full window of history lies inside the range, and the
-- deviation is floored at 1 request so a quiet history does not make a handful of requests a spike.
-- @param from_date 2000-01-01 First day included (YYYY-MM-DD, UTC).
-- @param to_date 2999-12-31 Last day included (YYYY-MM-DD, UTC).
-- @param max_requests_per_minute 600 A minute with more requests than this is flagged outright.
-- @param trailing_minutes 60 Length of the trailing window, in minutes.
-- @param z_threshold 4 A minute at least this many deviations above its norm is flagged...
-- @param min_requests 20 ...if it also has at least this many requests.
WITH per_minute AS (
  SELECT request_minute, requests, distinct_clients
  FROM marts.web_requests_per_minute
  WHERE request_date BETWEEN CAST(:from_date AS DATE) AND CAST(:to_date AS DATE)
),
first_minute AS (
  SELECT MIN(request_minute) AS request_minute FROM per_minute
),
history AS (
  SELECT
    current_minute.request_minute,
    current_minute.requests,
    current_minute.distinct_clients,
    CAST(COALESCE(SUM(earlier.requests), 0) AS DOUBLE PRECISION)
      / CAST(:trailing_minutes AS INTEGER) AS trailing_mean,
    CAST(COALESCE(SUM(earlier.requests * earlier.requests), 0) AS DOUBLE PRECISION)
      / CAST(:trailing_minutes AS INTEGER) AS trailing_mean_square
  FROM per_minute AS current_minute
  LEFT JOIN per_minute AS earlier
    ON earlier.request_minute < current_minute.request_minute
    AND earlier.request_minute >= DATEADD(
      minute, -CAST(:trailing_minutes AS INTEGER), current_minute.request_minute
    )
  GROUP BY current_minute.request_minute, current_minute.requests, current_minute.distinct_clients
),
scored AS (
  SELECT
    history.request_minute,
    history.requests,
    history.distinct_clients,
    history.trailing_mean,
    SQRT(GREATEST(history.trailing_mean_square - history.trailing_mean * history.trailing_mean, 0))
      AS trailing_stddev,
    history.request_minute >= DATEADD(
      minute, CAST(:trailing_minutes AS INTEGER), first_minute.request_minute
    ) AS has_full_window
  FROM history
  CROSS JOIN first_minute
),
flagged AS (
  SELECT
    scored.*,
    CASE
      WHEN scored.has_full_window
        THEN (scored.requests - scored.trailing_mean) / GREATEST(scored.trailing_stddev, 1.0)
    END AS z_score,
    scored.requests > CAST(:max_requests_per_minute AS INTEGER) AS over_ceiling
  FROM scored
)
SELECT
  request_minute,
  requests,
  distinct_clients,
  CAST(trailing_mean AS DECIMAL(12, 2)) AS trailing_mean,
  CAST(trailing_stddev AS DECIMAL(12, 2)) AS trailing_stddev,
  CAST(z_score AS DECIMAL(12, 2)) AS z_score,
  CASE
    WHEN over_ceiling AND z_score >= CAST(:z_threshold AS DOUBLE PRECISION)
      AND requests >= CAST(:min_requests AS INTEGER) THEN 'ceiling_and_spike'
    WHEN over_ceiling THEN 'ceiling'
    ELSE 'spike'
  END AS reason
FROM flagged
WHERE over_ceiling
  OR (
    z_score >= CAST(:z_threshold AS DOUBLE PRECISION)
    AND requests >= CAST(:min_requests AS INTEGER)
  )
ORDER BY request_minute;
