-- Pages ranked by views: successful GET requests (status below 400) per path, query string removed.
-- @param from_date 1970-01-01 First day included (YYYY-MM-DD, UTC).
-- @param to_date 2999-12-31 Last day included (YYYY-MM-DD, UTC).
-- @param top_n 20 How many ranks to return (ties share a rank).
SELECT page_path, page_views, unique_visitors, page_rank
FROM (
  SELECT
    page_path,
    COUNT(*) AS page_views,
    COUNT(DISTINCT client_ip) AS unique_visitors,
    RANK() OVER (ORDER BY COUNT(*) DESC) AS page_rank
  FROM dw.fact_web_request
  WHERE request_date BETWEEN CAST(:from_date AS DATE) AND CAST(:to_date AS DATE)
    AND method = 'GET'
    AND status < 400
  GROUP BY page_path
) AS pages
WHERE page_rank <= CAST(:top_n AS INTEGER)
ORDER BY page_rank, page_path;
