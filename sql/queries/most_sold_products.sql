-- Products ranked by units sold, per currency (revenues in different currencies never add up).
-- @param from_date 1970-01-01 First day included (YYYY-MM-DD, UTC).
-- @param to_date 2999-12-31 Last day included (YYYY-MM-DD, UTC).
-- @param top_n 10 How many ranks to return per currency (ties share a rank).
SELECT currency, product_id, product_category, units, revenue, orders, product_rank
FROM (
  SELECT
    sale.currency,
    sale.product_id,
    product.product_category,
    SUM(sale.quantity) AS units,
    SUM(sale.line_amount) AS revenue,
    COUNT(DISTINCT sale.order_id) AS orders,
    RANK() OVER (PARTITION BY sale.currency ORDER BY SUM(sale.quantity) DESC) AS product_rank
  FROM dw.fact_sale AS sale
  LEFT JOIN dw.dim_product AS product ON product.product_id = sale.product_id
  WHERE sale.sale_date BETWEEN CAST(:from_date AS DATE) AND CAST(:to_date AS DATE)
    AND sale.quantity IS NOT NULL
  GROUP BY sale.currency, sale.product_id, product.product_category
) AS products
WHERE product_rank <= CAST(:top_n AS INTEGER)
ORDER BY currency, product_rank, product_id;
