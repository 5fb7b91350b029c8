-- How many rows the snapshot of the day holds in each table it is exported from: the export
-- refuses a day without related products or without popular products before it writes anything,
-- so an empty night never replaces a full one.
-- Bound by the export: :as_of_date, the snapshot's day (YYYY-MM-DD).
SELECT
  (
    SELECT COUNT(*) FROM dw.fact_item_affinity
    WHERE as_of_date = CAST(:as_of_date AS DATE)
  ) AS related_rows,
  (
    SELECT COUNT(*) FROM dw.fact_popular_product
    WHERE as_of_date = CAST(:as_of_date AS DATE)
  ) AS popular_rows;
