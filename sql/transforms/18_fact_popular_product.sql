-- Replaces the popular products dated the run's day in dw.fact_popular_product: in each country
-- (the sale's), the products bought by the most customers over the popularity_days days up to the
-- run's day, then by units, then by id; what a customer without history is shown. Per country
-- only: the customer segments are named by a query from the clustering model, which the ELT
-- trains after the transforms run (sql/README.md). Reads only the facts, so a re-run gives the
-- same rows.
-- @param popularity_days 30 Days of sales, up to the run's day, popularity is counted over.
-- @param popular_per_country 50 Products kept per country.
DELETE FROM dw.fact_popular_product WHERE as_of_date = CAST(:run_date AS DATE);

INSERT INTO dw.fact_popular_product (
  as_of_date, country, product_id, popularity_rank, buyers, units
)
SELECT
  CAST(:run_date AS DATE),
  ranked.country,
  ranked.product_id,
  CAST(ranked.popularity_rank AS SMALLINT),
  ranked.buyers,
  ranked.units
FROM (
  SELECT
    counted.*,
    ROW_NUMBER() OVER (
      PARTITION BY counted.country
      ORDER BY counted.buyers DESC, counted.units DESC, counted.product_id
    ) AS popularity_rank
  FROM (
    SELECT
      geography.country,
      sale.product_id,
      COUNT(DISTINCT sale.customer_id) AS buyers,
      SUM(sale.quantity) AS units
    FROM dw.fact_sale AS sale
    JOIN dw.dim_geography AS geography ON geography.geography_key = sale.geography_key
    WHERE geography.country IS NOT NULL
      AND sale.product_id IS NOT NULL
      AND sale.sale_date <= CAST(:run_date AS DATE)
      AND sale.sale_date
        > DATEADD(day, -CAST(:popularity_days AS INTEGER), CAST(:run_date AS DATE))
    GROUP BY geography.country, sale.product_id
  ) AS counted
) AS ranked
WHERE ranked.popularity_rank <= CAST(:popular_per_country AS INTEGER);
