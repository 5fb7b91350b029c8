-- Hours of the day (UTC) ranked by web requests, with distinct clients and share of all requests: when the web servers are busiest.
-- Every logged request counts, assets and errors too: it is the load the servers carried.
-- @param from_date 1970-01-01 First day included (YYYY-MM-DD, UTC).
-- @param to_date 2999-12-31 Last day included (YYYY-MM-DD, UTC).
-- @param top_n 24 How many ranks to return (ties share a rank).
SELECT hour_of_day, requests, distinct_clients, share_percent, hour_rank
FROM (
  SELECT
    CAST(EXTRACT(HOUR FROM request_time) AS INTEGER) AS hour_of_day,
    COUNT(*) AS requests,
    COUNT(DISTINCT client_ip) AS distinct_clients,
    CAST(100.0 * COUNT(*) / SUM(COUNT(*)) OVER () AS DECIMAL(5, 2)) AS share_percent,
    RANK() OVER (ORDER BY COUNT(*) DESC) AS hour_rank
  FROM dw.fact_web_request
  WHERE request_date BETWEEN CAST(:from_date AS DATE) AND CAST(:to_date AS DATE)
  GROUP BY CAST(EXTRACT(HOUR FROM request_time) AS INTEGER)
) AS hours
WHERE hour_rank <= CAST(:top_n AS INTEGER)
ORDER BY hour_rank, hour_of_day;
