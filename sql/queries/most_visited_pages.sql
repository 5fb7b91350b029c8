-- Pages ranked by views: successful GET requests (status below 400) per path, query string removed, static assets left out.
-- A static asset is a path whose lower-cased form matches static_assets, a POSIX regular
-- expression (`~` in Redshift and PostgreSQL alike); by default, a file ending in a style,
-- script, image or font extension. Written with [.] rather than a backslash, which Redshift
-- string literals and PostgreSQL's read differently. Pass a pattern no path matches (^$) to
-- count assets as pages.
-- @param from_date 1970-01-01 First day included (YYYY-MM-DD, UTC).
-- @param to_date 2999-12-31 Last day included (YYYY-MM-DD, UTC).
-- @param top_n 20 How many ranks to return (ties share a rank).
-- @param static_assets [.](css|js|mjs|map|ico|png|jpe?g|gif|svg|webp|avif|bmp|xbm|woff2?|ttf|otf|eot)$ Paths matching this (lower-cased) are assets, not pages.
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
    AND LOWER(page_path) !~ CAST(:static_assets AS VARCHAR(256))
  GROUP BY page_path
) AS pages
WHERE page_rank <= CAST(:top_n AS INTEGER)
ORDER BY page_rank, page_path;
