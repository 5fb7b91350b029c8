-- The related products of each product in the snapshot of a day (transforms/17_), best first: one
-- row per pair, in product order, so that each product's item is built from consecutive rows.
-- Bound by the export: :as_of_date, the snapshot's day (YYYY-MM-DD).
SELECT
  affinity.product_id,
  affinity.related_product_id,
  affinity.score
FROM dw.fact_item_affinity AS affinity
WHERE affinity.as_of_date = CAST(:as_of_date AS DATE)
ORDER BY affinity.product_id, affinity.affinity_rank;
