-- Every country's best sellers together (the `popular#*` list, for a customer whose country is not
-- known), counted as transforms/18_ counts each country's: the products bought by the most
-- customers over popularity_days days up to the snapshot's day, then by units, then by id; a
-- customer who bought in two countries counts once. Computed here, not by the transform:
-- dw.fact_popular_product holds one row per country and product, and an all-countries row in it
-- would be counted twice by anything that sums over countries.
-- Bound by the export: :as_of_date, the snapshot's day (YYYY-MM-DD).
-- @param popularity_days 30 Days of sales, up to the snapshot's day, counted (transforms/18_'s window).
-- @param popular_everywhere 50 Products kept (as many as transforms/18_ keeps per country).
SELECT
  ranked.product_id,
  ranked.buyers
FROM (
  SELECT
    counted.product_id,
    counted.buyers,
    ROW_NUMBER() OVER (
      ORDER BY counted.buyers DESC, counted.units DESC, counted.product_id
    ) AS popularity_rank
  FROM (
    SELECT
      sale.product_id,
      COUNT(DISTINCT sale.customer_id) AS buyers,
      SUM(sale.quantity) AS units
    FROM dw.fact_sale AS sale
    JOIN dw.dim_geography AS geography ON geography.geography_key = sale.geography_key
    WHERE geography.country IS NOT NULL
      AND sale.product_id IS NOT NULL
      AND sale.sale_date <= CAST(:as_of_date AS DATE)
      AND sale.sale_date
        > DATEADD(day, -CAST(:popularity_days AS INTEGER), CAST(:as_of_date AS DATE))
    GROUP BY sale.product_id
  ) AS counted
) AS ranked
WHERE ranked.popularity_rank <= CAST(:popular_everywhere AS INTEGER)
ORDER BY ranked.popularity_rank;
