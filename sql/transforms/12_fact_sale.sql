-- Replaces the run's days (from_date to run_date) in dw.fact_sale with their staged order lines.
-- The dimensions (customer, product, geography, date) were completed by the 0x transforms of
-- this run.
DELETE FROM dw.fact_sale
WHERE sale_date BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE);

INSERT INTO dw.fact_sale (
  transaction_time, sale_date, transaction_id, order_id, customer_id, product_id, geography_key,
  quantity, unit_price, line_amount, currency
)
SELECT
  ranked.transaction_time,
  CAST(ranked.transaction_time AS DATE),
  ranked.transaction_id,
  ranked.order_id,
  ranked.customer_id,
  ranked.product_id,
  MD5(COALESCE(ranked.country, '') || '|'),
  ranked.quantity,
  ranked.unit_price,
  CAST(ranked.quantity AS DECIMAL(10, 0)) * ranked.unit_price,
  ranked.currency
FROM (
  SELECT
    transaction_id, order_id, customer_id, product_id, quantity, unit_price, currency,
    transaction_time, country,
    ROW_NUMBER() OVER (PARTITION BY transaction_id ORDER BY transaction_time DESC) AS copy_number
  FROM staging.transactions
  WHERE transaction_id IS NOT NULL
    AND CAST(transaction_time AS DATE) BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE)
) AS ranked
WHERE ranked.copy_number = 1
  AND NOT EXISTS (
    SELECT 1 FROM dw.fact_sale AS held WHERE held.transaction_id = ranked.transaction_id
  );
