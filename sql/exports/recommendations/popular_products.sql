-- Each country's best sellers in the snapshot of a day (transforms/18_), best first: one row per
-- product, in country order, so that each country's item is built from consecutive rows.
-- Bound by the export: :as_of_date, the snapshot's day (YYYY-MM-DD).
SELECT
  popular.country,
  popular.product_id,
  popular.buyers
FROM dw.fact_popular_product AS popular
WHERE popular.as_of_date = CAST(:as_of_date AS DATE)
ORDER BY popular.country, popular.popularity_rank;
