-- Staging for the CURATED aggregate the warehouse uses: customer_rfm, written by the Glue job
-- clean_to_curated to aggregates/customer_rfm/ (see infra/glue/hybrid_lake_etl/aggregates.py).
-- Columns in the order Spark writes them (group keys, aggregates, then the derived columns),
-- with Spark's result types: countDistinct -> BIGINT, datediff -> INTEGER, the sum of
-- quantity x unit_price -> DECIMAL(33,2), scores cast to INTEGER.

-- Keys: DISTSTYLE EVEN, no sort key: a one-run staging table, like those of the clean zone.
CREATE TABLE staging.customer_rfm (
  currency VARCHAR(16) ENCODE ZSTD,
  customer_id VARCHAR(128) ENCODE ZSTD,
  last_purchase_date DATE ENCODE AZ64,
  frequency BIGINT ENCODE AZ64,
  monetary DECIMAL(33, 2) ENCODE AZ64,
  recency_days INTEGER ENCODE AZ64,
  as_of_date DATE ENCODE AZ64,
  r_score INTEGER ENCODE AZ64,
  f_score INTEGER ENCODE AZ64,
  m_score INTEGER ENCODE AZ64,
  rfm_score VARCHAR(8) ENCODE ZSTD
)
DISTSTYLE EVEN;
