-- What the warehouse knows of each customer who bought within profile_days days up to the
-- snapshot's day: the country of their latest order line (where they buy: the country popularity
-- is counted by) and the products they bought, each at its latest purchase, newest first (then by
-- id), at most :profile_products of them. One row per product, in customer order, so that each
-- customer's item is built from consecutive rows. The window is the affinities' (transforms/17_'s
-- affinity_days): a product bought before it has no related products from the same sales. The
-- customer register (dw.dim_customer) is not read: an inferred customer has no country there yet,
-- and its names and e-mail addresses are none of the export's business.
-- Bound by the export: :as_of_date, the snapshot's day (YYYY-MM-DD), and :profile_products, the
-- definition's marketplaceApi.recommendations.profileProducts.
-- @param profile_days 90 Days of order lines, up to the snapshot's day, a profile is made of.
WITH lines AS (
  SELECT
    sale.customer_id,
    sale.product_id,
    sale.transaction_id,
    sale.transaction_time,
    geography.country
  FROM dw.fact_sale AS sale
  JOIN dw.dim_geography AS geography ON geography.geography_key = sale.geography_key
  WHERE sale.customer_id IS NOT NULL
    AND sale.product_id IS NOT NULL
    AND sale.sale_date <= CAST(:as_of_date AS DATE)
    AND sale.sale_date
      > DATEADD(day, -CAST(:profile_days AS INTEGER), CAST(:as_of_date AS DATE))
),
countries AS (
  SELECT ranked.customer_id, ranked.country
  FROM (
    SELECT
      lines.customer_id,
      lines.country,
      ROW_NUMBER() OVER (
        PARTITION BY lines.customer_id
        ORDER BY lines.transaction_time DESC, lines.transaction_id DESC
      ) AS line_rank
    FROM lines
  ) AS ranked
  WHERE ranked.line_rank = 1
),
products AS (
  SELECT
    latest.customer_id,
    latest.product_id,
    latest.purchased_at,
    ROW_NUMBER() OVER (
      PARTITION BY latest.customer_id
      ORDER BY latest.purchased_at DESC, latest.product_id
    ) AS recency_rank
  FROM (
    SELECT lines.customer_id, lines.product_id, MAX(lines.transaction_time) AS purchased_at
    FROM lines
    GROUP BY lines.customer_id, lines.product_id
  ) AS latest
)
SELECT
  products.customer_id,
  countries.country,
  products.product_id,
  products.purchased_at
FROM products
JOIN countries ON countries.customer_id = products.customer_id
WHERE products.recency_rank <= CAST(:profile_products AS INTEGER)
ORDER BY products.customer_id, products.recency_rank;
