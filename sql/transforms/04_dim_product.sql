-- Adds the products of the run's days of sales and interactions to dw.dim_product. The category
-- comes from sales (interactions do not carry it): taken when first known, filled in later if it
-- was missing, so re-running any days, in any order, leaves the same rows.
UPDATE dw.dim_product AS known
SET product_category = sold.product_category
FROM (
  SELECT product_id, MAX(product_category) AS product_category
  FROM staging.transactions
  WHERE product_id IS NOT NULL
    AND CAST(transaction_time AS DATE) BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE)
  GROUP BY product_id
) AS sold
WHERE known.product_id = sold.product_id
  AND known.product_category IS NULL
  AND sold.product_category IS NOT NULL;

INSERT INTO dw.dim_product (product_id, product_category)
SELECT seen.product_id, MAX(seen.product_category)
FROM (
  SELECT product_id, product_category
  FROM staging.transactions
  WHERE product_id IS NOT NULL
    AND CAST(transaction_time AS DATE) BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE)
  UNION ALL
  SELECT product_id, CAST(NULL AS VARCHAR(256))
  FROM staging.interactions
  WHERE product_id IS NOT NULL
    AND CAST(interaction_time AS DATE) BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE)
) AS seen
WHERE NOT EXISTS (
  SELECT 1 FROM dw.dim_product AS known WHERE known.product_id = seen.product_id
)
GROUP BY seen.product_id;
