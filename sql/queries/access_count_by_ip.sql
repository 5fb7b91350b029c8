-- Web requests per client (IP address, or host name where the server logged names), busiest first: who hits the site, how hard, and how often in error.
-- @param from_date 1970-01-01 First day included (YYYY-MM-DD, UTC).
-- @param to_date 2999-12-31 Last day included (YYYY-MM-DD, UTC).
-- @param min_requests 1 Leave out clients with fewer requests than this.
-- @param top_n 50 How many ranks to return (ties share a rank).
SELECT client_ip, requests, distinct_pages, error_responses, first_request, last_request, ip_rank
FROM (
  SELECT
    client_ip,
    COUNT(*) AS requests,
    COUNT(DISTINCT page_path) AS distinct_pages,
    SUM(CASE WHEN status >= 400 THEN 1 ELSE 0 END) AS error_responses,
    MIN(request_time) AS first_request,
    MAX(request_time) AS last_request,
    RANK() OVER (ORDER BY COUNT(*) DESC) AS ip_rank
  FROM dw.fact_web_request
  WHERE request_date BETWEEN CAST(:from_date AS DATE) AND CAST(:to_date AS DATE)
  GROUP BY client_ip
  HAVING COUNT(*) >= CAST(:min_requests AS INTEGER)
) AS clients
WHERE ip_rank <= CAST(:top_n AS INTEGER)
ORDER BY ip_rank, client_ip;
