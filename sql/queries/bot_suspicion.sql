-- Minutes whose web traffic looks like a bot attack: above a fixed ceiling, or far above the
-- trailing rate for Poisson traffic. The rule is the platform definition's
-- trafficMonitor.botRule, which the traffic monitor applies as events stream in
-- (lambdas/traffic-monitor/bot-rule.ts); the defaults below are its values (a unit test keeps
-- them equal). The trailing rate of a minute is the mean of requests over the trailing window
-- before it, minutes without traffic counted as 0 (a time window, not the last N rows). The
-- minute's count and the rate are compared after Anscombe's transform, 2*sqrt(x + 3/8), under
-- which a Poisson count has a standard deviation of about 1: an ordinary minute reaches
-- poisson_z with probability about 1 - Phi(poisson_z / sqrt(1 + 1/trailing_minutes)), some 2e-6
-- at 4.75 over 15 minutes. The statistical rule needs a full window of history inside the range.
-- @param from_date 1970-01-01 First day included (YYYY-MM-DD, UTC).
-- @param to_date 2999-12-31 Last day included (YYYY-MM-DD, UTC).
-- @param max_requests_per_minute 600 A minute with more requests than this is flagged outright.
-- @param trailing_minutes 15 Length of the trailing window, in minutes.
-- @param poisson_z 4.75 A minute this many Poisson deviations above its trailing rate is flagged...
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
      / CAST(:trailing_minutes AS INTEGER) AS trailing_rate
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
    history.trailing_rate,
    CASE
      WHEN history.request_minute >= DATEADD(
        minute, CAST(:trailing_minutes AS INTEGER), first_minute.request_minute
      )
        THEN 2 * (SQRT(history.requests + 0.375) - SQRT(history.trailing_rate + 0.375))
    END AS poisson_z,
    history.requests > CAST(:max_requests_per_minute AS INTEGER) AS over_ceiling
  FROM history
  CROSS JOIN first_minute
),
flagged AS (
  SELECT
    scored.*,
    COALESCE(
      scored.poisson_z >= CAST(:poisson_z AS DOUBLE PRECISION)
      AND scored.requests >= CAST(:min_requests AS INTEGER),
      FALSE
    ) AS spike
  FROM scored
)
SELECT
  request_minute,
  requests,
  distinct_clients,
  CAST(trailing_rate AS DECIMAL(12, 2)) AS trailing_rate,
  CAST(poisson_z AS DECIMAL(12, 2)) AS poisson_z,
  CASE
    WHEN over_ceiling AND spike THEN 'ceiling_and_spike'
    WHEN over_ceiling THEN 'ceiling'
    ELSE 'spike'
  END AS reason
FROM flagged
WHERE over_ceiling OR spike
ORDER BY request_minute;
