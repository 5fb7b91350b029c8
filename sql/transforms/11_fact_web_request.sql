-- Replaces the run's days (from_date to run_date) in dw.fact_web_request with their staged
-- web requests.
-- request_id is the hash of the log line, so identical lines are one request. page_path is the
-- URL without its query string. Long texts are cut to the fact's column widths.
DELETE FROM dw.fact_web_request
WHERE request_date BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE);

INSERT INTO dw.fact_web_request (
  request_time, request_date, request_id, client_ip, method, url, page_path, status,
  bytes_sent, referrer, user_agent
)
SELECT
  ranked.request_time,
  CAST(ranked.request_time AS DATE),
  ranked.request_id,
  ranked.client_ip,
  ranked.method,
  LEFT(ranked.url, 2048),
  LEFT(SPLIT_PART(ranked.url, '?', 1), 2048),
  CAST(ranked.status AS SMALLINT),
  ranked.bytes_sent,
  LEFT(ranked.referrer, 2048),
  LEFT(ranked.user_agent, 1024)
FROM (
  SELECT
    request_id, client_ip, request_time, method, url, status, bytes_sent, referrer, user_agent,
    ROW_NUMBER() OVER (PARTITION BY request_id ORDER BY request_time DESC) AS copy_number
  FROM staging.web_logs
  WHERE request_id IS NOT NULL
    AND CAST(request_time AS DATE) BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE)
) AS ranked
WHERE ranked.copy_number = 1
  AND NOT EXISTS (
    SELECT 1 FROM dw.fact_web_request AS held WHERE held.request_id = ranked.request_id
  );
