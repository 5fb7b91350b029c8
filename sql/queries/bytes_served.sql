-- Bytes served per page (path, query string removed), largest first, with each page's share and the period's total: where the bandwidth goes.
-- A response logged with `-` for its size sent no body: 0 bytes. A row without a size (a source
-- that cannot say) is counted in unknown_size_requests, never as 0 bytes; bytes_served is null
-- for a page whose every size is unknown, and such pages rank last. Static assets are included:
-- they are most of the bytes.
-- @param from_date 1970-01-01 First day included (YYYY-MM-DD, UTC).
-- @param to_date 2999-12-31 Last day included (YYYY-MM-DD, UTC).
-- @param top_n 20 How many ranks to return (ties share a rank).
SELECT
  page_path, requests, unknown_size_requests, bytes_served, share_percent, all_bytes_served,
  all_unknown_size_requests, bytes_rank
FROM (
  SELECT
    page_path,
    COUNT(*) AS requests,
    COUNT(*) - COUNT(bytes_sent) AS unknown_size_requests,
    CAST(SUM(bytes_sent) AS BIGINT) AS bytes_served,
    CAST(
      100.0 * SUM(bytes_sent) / NULLIF(SUM(SUM(bytes_sent)) OVER (), 0) AS DECIMAL(5, 2)
    ) AS share_percent,
    CAST(SUM(SUM(bytes_sent)) OVER () AS BIGINT) AS all_bytes_served,
    CAST(SUM(COUNT(*) - COUNT(bytes_sent)) OVER () AS BIGINT) AS all_unknown_size_requests,
    RANK() OVER (ORDER BY SUM(bytes_sent) DESC NULLS LAST) AS bytes_rank
  FROM dw.fact_web_request
  WHERE request_date BETWEEN CAST(:from_date AS DATE) AND CAST(:to_date AS DATE)
  GROUP BY page_path
) AS pages
WHERE bytes_rank <= CAST(:top_n AS INTEGER)
ORDER BY bytes_rank, page_path;
