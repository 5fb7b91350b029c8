-- Replaces the RFM snapshot dated the run's day in dw.fact_customer_rfm with the staged one.
-- A NULL currency becomes 'XXX' (ISO 4217 "no currency"): it is part of the primary key.
DELETE FROM dw.fact_customer_rfm WHERE as_of_date = CAST(:run_date AS DATE);

INSERT INTO dw.fact_customer_rfm (
  as_of_date, customer_id, currency, last_purchase_date, recency_days, frequency, monetary,
  r_score, f_score, m_score, rfm_score
)
SELECT
  ranked.as_of_date,
  ranked.customer_id,
  ranked.currency,
  ranked.last_purchase_date,
  ranked.recency_days,
  ranked.frequency,
  ranked.monetary,
  CAST(ranked.r_score AS SMALLINT),
  CAST(ranked.f_score AS SMALLINT),
  CAST(ranked.m_score AS SMALLINT),
  ranked.rfm_score
FROM (
  SELECT
    as_of_date, customer_id, COALESCE(currency, 'XXX') AS currency, last_purchase_date,
    recency_days, frequency, monetary, r_score, f_score, m_score, rfm_score,
    ROW_NUMBER() OVER (
      PARTITION BY customer_id, COALESCE(currency, 'XXX') ORDER BY last_purchase_date DESC
    ) AS copy_number
  FROM staging.customer_rfm
  WHERE customer_id IS NOT NULL
    AND r_score IS NOT NULL AND f_score IS NOT NULL AND m_score IS NOT NULL
    AND as_of_date = CAST(:run_date AS DATE)
) AS ranked
WHERE ranked.copy_number = 1;
