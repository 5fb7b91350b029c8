-- Replaces the run's days (from_date to run_date) in dw.fact_interaction with their staged
-- interactions.
DELETE FROM dw.fact_interaction
WHERE interaction_date BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE);

INSERT INTO dw.fact_interaction (
  interaction_time, interaction_date, interaction_id, customer_id, session_id, interaction_type,
  page_url, product_id, device_name
)
SELECT
  ranked.interaction_time,
  CAST(ranked.interaction_time AS DATE),
  ranked.interaction_id,
  ranked.customer_id,
  ranked.session_id,
  ranked.interaction_type,
  LEFT(ranked.page_url, 2048),
  ranked.product_id,
  ranked.device
FROM (
  SELECT
    interaction_id, customer_id, session_id, interaction_type, page_url, product_id, device,
    interaction_time,
    ROW_NUMBER() OVER (PARTITION BY interaction_id ORDER BY interaction_time DESC) AS copy_number
  FROM staging.interactions
  WHERE interaction_id IS NOT NULL
    AND CAST(interaction_time AS DATE) BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE)
) AS ranked
WHERE ranked.copy_number = 1
  AND NOT EXISTS (
    SELECT 1 FROM dw.fact_interaction AS held WHERE held.interaction_id = ranked.interaction_id
  );
