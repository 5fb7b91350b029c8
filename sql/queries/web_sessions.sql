-- Visits per day: each client's requests in sessions, a new one after more than session_gap_minutes without a request, with sessions, clients, mean duration, requests and pages per session.
-- The classic sessionization of web logs: a client is its address or host name, the only
-- identity a log line has. A session belongs to the day (UTC) of its first request; only
-- requests within the chosen days are read. Duration is from the first request to the last (0
-- for a single request). A page is what most_visited_pages counts: a successful GET whose
-- lower-cased path does not match static_assets (keep the two patterns the same).
-- @param from_date 1970-01-01 First day included (YYYY-MM-DD, UTC).
-- @param to_date 2999-12-31 Last day included (YYYY-MM-DD, UTC).
-- @param session_gap_minutes 30 A request more than this many minutes after the client's previous one starts a new session.
-- @param static_assets [.](css|js|mjs|map|ico|png|jpe?g|gif|svg|webp|avif|bmp|xbm|woff2?|ttf|otf|eot)$ Paths matching this (lower-cased) are assets, not pages.
WITH requests AS (
  SELECT
    client_ip,
    request_id,
    request_time,
    CASE
      WHEN method = 'GET' AND status < 400
        AND LOWER(page_path) !~ CAST(:static_assets AS VARCHAR(256))
        THEN 1
      ELSE 0
    END AS is_page_view,
    LAG(request_time) OVER (
      PARTITION BY client_ip ORDER BY request_time, request_id
    ) AS previous_request_time
  FROM dw.fact_web_request
  WHERE request_date BETWEEN CAST(:from_date AS DATE) AND CAST(:to_date AS DATE)
),
numbered AS (
  SELECT
    client_ip,
    request_time,
    is_page_view,
    SUM(
      CASE
        WHEN previous_request_time IS NULL
          OR request_time > DATEADD(
            minute, CAST(:session_gap_minutes AS INTEGER), previous_request_time
          )
          THEN 1
        ELSE 0
      END
    ) OVER (
      PARTITION BY client_ip ORDER BY request_time, request_id
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS session_number
  FROM requests
),
sessions AS (
  SELECT
    client_ip,
    MIN(request_time) AS started_at,
    DATEDIFF(second, MIN(request_time), MAX(request_time)) AS duration_seconds,
    COUNT(*) AS requests,
    SUM(is_page_view) AS page_views
  FROM numbered
  GROUP BY client_ip, session_number
)
SELECT
  CAST(started_at AS DATE) AS session_date,
  COUNT(*) AS sessions,
  COUNT(DISTINCT client_ip) AS clients,
  CAST(1.0 * SUM(duration_seconds) / COUNT(*) AS DECIMAL(12, 2)) AS mean_duration_seconds,
  CAST(1.0 * SUM(requests) / COUNT(*) AS DECIMAL(12, 2)) AS requests_per_session,
  CAST(1.0 * SUM(page_views) / COUNT(*) AS DECIMAL(12, 2)) AS pages_per_session
FROM sessions
GROUP BY CAST(started_at AS DATE)
ORDER BY session_date;
