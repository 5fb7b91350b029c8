-- Responses by status: each status with its requests and share, under its class (2xx success, 3xx redirection, 4xx client error, 5xx server error) and the class's requests and share.
-- Classes count every status of the period; top_n ranks the statuses by requests, and the
-- shares are of all requests, so the classes' shares add up to 100.
-- @param from_date 1970-01-01 First day included (YYYY-MM-DD, UTC).
-- @param to_date 2999-12-31 Last day included (YYYY-MM-DD, UTC).
-- @param top_n 20 How many status ranks to return (ties share a rank).
SELECT
  status_class, class_requests, class_share_percent, status, requests, share_percent, status_rank
FROM (
  SELECT
    status_class,
    CAST(SUM(COUNT(*)) OVER (PARTITION BY status_class) AS BIGINT) AS class_requests,
    CAST(
      100.0 * SUM(COUNT(*)) OVER (PARTITION BY status_class) / SUM(COUNT(*)) OVER ()
      AS DECIMAL(5, 2)
    ) AS class_share_percent,
    status,
    COUNT(*) AS requests,
    CAST(100.0 * COUNT(*) / SUM(COUNT(*)) OVER () AS DECIMAL(5, 2)) AS share_percent,
    RANK() OVER (ORDER BY COUNT(*) DESC) AS status_rank
  FROM (
    SELECT
      CAST(status AS INTEGER) AS status,
      CASE
        WHEN status < 200 THEN '1xx'
        WHEN status < 300 THEN '2xx'
        WHEN status < 400 THEN '3xx'
        WHEN status < 500 THEN '4xx'
        ELSE '5xx'
      END AS status_class
    FROM dw.fact_web_request
    WHERE request_date BETWEEN CAST(:from_date AS DATE) AND CAST(:to_date AS DATE)
  ) AS responses
  GROUP BY status_class, status
) AS statuses
WHERE status_rank <= CAST(:top_n AS INTEGER)
ORDER BY status_class, requests DESC, status;
