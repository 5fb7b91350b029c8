-- Replaces the item-to-item affinities dated the run's day in dw.fact_item_affinity: for each
-- product, the products bought by the same customers within co_purchase_days of it, or looked at
-- in the same visits, over the affinity_days days up to the run's day; each pair scored by the
-- mean of two cosine similarities, so a product that everyone buys is not everyone's neighbour:
--   co-purchase customers / SQRT(buyers of the one × buyers of the other)
--   co-view sessions / SQRT(sessions with the one × sessions with the other)
-- Pairs seen fewer than min_support times in all are noise, not affinities. Ranked by score, the
-- more supported pair first, then by id. Reads only the facts, so a re-run gives the same rows.
-- @param affinity_days 90 Days of sales and visits, up to the run's day, the affinities are computed from.
-- @param co_purchase_days 30 Two purchases by one customer are a co-purchase when at most this many days apart.
-- @param min_support 2 Co-purchase customers plus co-view sessions a pair needs to be kept.
-- @param related_per_product 20 Related products kept per product.
DELETE FROM dw.fact_item_affinity WHERE as_of_date = CAST(:run_date AS DATE);

INSERT INTO dw.fact_item_affinity (
  as_of_date, product_id, related_product_id, affinity_rank, score, co_purchase_customers,
  co_view_sessions
)
WITH purchases AS (
  SELECT DISTINCT customer_id, product_id, transaction_time
  FROM dw.fact_sale
  WHERE customer_id IS NOT NULL
    AND product_id IS NOT NULL
    AND sale_date <= CAST(:run_date AS DATE)
    AND sale_date > DATEADD(day, -CAST(:affinity_days AS INTEGER), CAST(:run_date AS DATE))
),
buyers AS (
  SELECT product_id, COUNT(DISTINCT customer_id) AS customers
  FROM purchases
  GROUP BY product_id
),
co_purchases AS (
  SELECT one.product_id, other.product_id AS related_product_id,
    COUNT(DISTINCT one.customer_id) AS customers
  FROM purchases AS one
  JOIN purchases AS other
    ON other.customer_id = one.customer_id
    AND other.product_id <> one.product_id
    AND other.transaction_time
      >= DATEADD(day, -CAST(:co_purchase_days AS INTEGER), one.transaction_time)
    AND other.transaction_time
      <= DATEADD(day, CAST(:co_purchase_days AS INTEGER), one.transaction_time)
  GROUP BY one.product_id, other.product_id
),
-- A product looked at or put in the cart, once per visit (anonymous visits count too).
views AS (
  SELECT DISTINCT session_id, product_id
  FROM dw.fact_interaction
  WHERE session_id IS NOT NULL
    AND product_id IS NOT NULL
    AND interaction_type IN ('view', 'add_to_cart')
    AND interaction_date <= CAST(:run_date AS DATE)
    AND interaction_date > DATEADD(day, -CAST(:affinity_days AS INTEGER), CAST(:run_date AS DATE))
),
viewers AS (
  SELECT product_id, COUNT(*) AS sessions
  FROM views
  GROUP BY product_id
),
co_views AS (
  SELECT one.product_id, other.product_id AS related_product_id, COUNT(*) AS sessions
  FROM views AS one
  JOIN views AS other
    ON other.session_id = one.session_id
    AND other.product_id <> one.product_id
  GROUP BY one.product_id, other.product_id
),
pairs AS (
  SELECT
    COALESCE(co_purchases.product_id, co_views.product_id) AS product_id,
    COALESCE(co_purchases.related_product_id, co_views.related_product_id) AS related_product_id,
    COALESCE(co_purchases.customers, 0) AS co_purchase_customers,
    COALESCE(co_views.sessions, 0) AS co_view_sessions
  FROM co_purchases
  FULL OUTER JOIN co_views
    ON co_views.product_id = co_purchases.product_id
    AND co_views.related_product_id = co_purchases.related_product_id
),
scored AS (
  SELECT
    pairs.product_id,
    pairs.related_product_id,
    pairs.co_purchase_customers,
    pairs.co_view_sessions,
    (
      COALESCE(
        pairs.co_purchase_customers
          / SQRT(CAST(bought.customers AS DOUBLE PRECISION) * bought_too.customers),
        0
      )
      + COALESCE(
        pairs.co_view_sessions
          / SQRT(CAST(seen.sessions AS DOUBLE PRECISION) * seen_too.sessions),
        0
      )
    ) / 2 AS score
  FROM pairs
  LEFT JOIN buyers AS bought ON bought.product_id = pairs.product_id
  LEFT JOIN buyers AS bought_too ON bought_too.product_id = pairs.related_product_id
  LEFT JOIN viewers AS seen ON seen.product_id = pairs.product_id
  LEFT JOIN viewers AS seen_too ON seen_too.product_id = pairs.related_product_id
  WHERE pairs.co_purchase_customers + pairs.co_view_sessions >= CAST(:min_support AS INTEGER)
),
ranked AS (
  SELECT
    scored.*,
    ROW_NUMBER() OVER (
      PARTITION BY product_id
      ORDER BY score DESC, co_purchase_customers + co_view_sessions DESC, related_product_id
    ) AS affinity_rank
  FROM scored
)
SELECT
  CAST(:run_date AS DATE),
  product_id,
  related_product_id,
  CAST(affinity_rank AS SMALLINT),
  score,
  co_purchase_customers,
  co_view_sessions
FROM ranked
WHERE affinity_rank <= CAST(:related_per_product AS INTEGER);
