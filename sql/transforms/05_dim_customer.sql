-- Applies the run's days of customer register changes to dw.dim_customer (SCD type 1: the latest
-- updated_at wins; an older change never overwrites a newer one, so days may be re-run in any
-- order), then adds an inferred row for every customer the run's sales, interactions or the day's
-- customer snapshots mention that the register has not delivered yet, so no fact row is an orphan.
UPDATE dw.dim_customer AS known
SET
  full_name = latest.full_name,
  email = latest.email,
  country = latest.country,
  signup_date = latest.signup_date,
  updated_at = latest.updated_at,
  is_inferred = FALSE
FROM (
  SELECT customer_id, full_name, email, country, signup_date, updated_at
  FROM (
    SELECT
      customer_id, full_name, email, country, signup_date, updated_at,
      ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY updated_at DESC) AS copy_number
    FROM staging.customers
    WHERE customer_id IS NOT NULL
      AND CAST(updated_at AS DATE) BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE)
  ) AS ranked
  WHERE copy_number = 1
) AS latest
WHERE known.customer_id = latest.customer_id
  AND (known.is_inferred OR latest.updated_at >= known.updated_at);

INSERT INTO dw.dim_customer (
  customer_id, full_name, email, country, signup_date, updated_at, is_inferred
)
SELECT customer_id, full_name, email, country, signup_date, updated_at, FALSE
FROM (
  SELECT
    customer_id, full_name, email, country, signup_date, updated_at,
    ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY updated_at DESC) AS copy_number
  FROM staging.customers
  WHERE customer_id IS NOT NULL
    AND CAST(updated_at AS DATE) BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE)
) AS ranked
WHERE copy_number = 1
  AND NOT EXISTS (
    SELECT 1 FROM dw.dim_customer AS known WHERE known.customer_id = ranked.customer_id
  );

INSERT INTO dw.dim_customer (
  customer_id, full_name, email, country, signup_date, updated_at, is_inferred
)
SELECT
  mentioned.customer_id,
  CAST(NULL AS VARCHAR(512)),
  CAST(NULL AS VARCHAR(256)),
  CAST(NULL AS VARCHAR(16)),
  CAST(NULL AS DATE),
  CAST(NULL AS TIMESTAMP),
  TRUE
FROM (
  SELECT customer_id
  FROM staging.transactions
  WHERE customer_id IS NOT NULL
    AND CAST(transaction_time AS DATE) BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE)
  UNION
  SELECT customer_id
  FROM staging.interactions
  WHERE customer_id IS NOT NULL
    AND CAST(interaction_time AS DATE) BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE)
  UNION
  SELECT customer_id
  FROM staging.customer_rfm
  WHERE customer_id IS NOT NULL AND as_of_date = CAST(:run_date AS DATE)
  UNION
  SELECT customer_id
  FROM staging.customer_features
  WHERE customer_id IS NOT NULL AND as_of_date = CAST(:run_date AS DATE)
  UNION
  SELECT customer_id
  FROM staging.churn_training
  WHERE customer_id IS NOT NULL AND as_of_date = CAST(:run_date AS DATE)
) AS mentioned
WHERE NOT EXISTS (
  SELECT 1 FROM dw.dim_customer AS known WHERE known.customer_id = mentioned.customer_id
);
