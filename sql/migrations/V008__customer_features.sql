-- The curated customer snapshots the models learn from (written by clean_to_curated; see
-- infra/glue/hybrid_lake_etl/features.py): what each customer looks like as of a day, and the
-- churn training rows (the features of a cut-off day 30 days earlier, labelled by the month after).

-- Keys: DISTSTYLE EVEN, no sort key: one-run staging tables, columns in the curated datasets'
-- order (COPY from Parquet maps columns by position).
CREATE TABLE staging.customer_features (
  as_of_date DATE ENCODE AZ64,
  customer_id VARCHAR(128) ENCODE ZSTD,
  currency VARCHAR(16) ENCODE ZSTD,
  tenure_days INTEGER ENCODE AZ64,
  recency_days INTEGER ENCODE AZ64,
  orders BIGINT ENCODE AZ64,
  orders_30d BIGINT ENCODE AZ64,
  orders_90d BIGINT ENCODE AZ64,
  mean_gap_days DOUBLE PRECISION ENCODE ZSTD,
  spend_pct DOUBLE PRECISION ENCODE ZSTD,
  basket_pct DOUBLE PRECISION ENCODE ZSTD,
  categories BIGINT ENCODE AZ64,
  sessions_30d BIGINT ENCODE AZ64,
  views_per_session_90d DOUBLE PRECISION ENCODE ZSTD,
  cart_adds_90d BIGINT ENCODE AZ64,
  mobile_share_90d DOUBLE PRECISION ENCODE ZSTD
)
DISTSTYLE EVEN;

-- Keys: DISTSTYLE EVEN, no sort key: a one-run staging table, like the one above.
CREATE TABLE staging.churn_training (
  as_of_date DATE ENCODE AZ64,
  cutoff_date DATE ENCODE AZ64,
  customer_id VARCHAR(128) ENCODE ZSTD,
  currency VARCHAR(16) ENCODE ZSTD,
  tenure_days INTEGER ENCODE AZ64,
  recency_days INTEGER ENCODE AZ64,
  orders BIGINT ENCODE AZ64,
  orders_30d BIGINT ENCODE AZ64,
  orders_90d BIGINT ENCODE AZ64,
  mean_gap_days DOUBLE PRECISION ENCODE ZSTD,
  spend_pct DOUBLE PRECISION ENCODE ZSTD,
  basket_pct DOUBLE PRECISION ENCODE ZSTD,
  categories BIGINT ENCODE AZ64,
  sessions_30d BIGINT ENCODE AZ64,
  views_per_session_90d DOUBLE PRECISION ENCODE ZSTD,
  cart_adds_90d BIGINT ENCODE AZ64,
  mobile_share_90d DOUBLE PRECISION ENCODE ZSTD,
  churned INTEGER ENCODE AZ64,
  holdout BOOLEAN ENCODE ZSTD
)
DISTSTYLE EVEN;

-- Keys: DISTKEY (customer_id), co-located with dim_customer and the other customer facts;
-- SORTKEY (as_of_date): every question reads one snapshot (the latest on or before a day).
CREATE TABLE dw.fact_customer_features (
  as_of_date DATE NOT NULL ENCODE RAW,
  customer_id VARCHAR(128) NOT NULL ENCODE ZSTD,
  currency VARCHAR(16) ENCODE ZSTD,
  tenure_days INTEGER ENCODE AZ64,
  recency_days INTEGER ENCODE AZ64,
  orders BIGINT ENCODE AZ64,
  orders_30d BIGINT ENCODE AZ64,
  orders_90d BIGINT ENCODE AZ64,
  mean_gap_days DOUBLE PRECISION ENCODE ZSTD,
  spend_pct DOUBLE PRECISION ENCODE ZSTD,
  basket_pct DOUBLE PRECISION ENCODE ZSTD,
  categories BIGINT ENCODE AZ64,
  sessions_30d BIGINT ENCODE AZ64,
  views_per_session_90d DOUBLE PRECISION ENCODE ZSTD,
  cart_adds_90d BIGINT ENCODE AZ64,
  mobile_share_90d DOUBLE PRECISION ENCODE ZSTD,
  PRIMARY KEY (as_of_date, customer_id),
  FOREIGN KEY (as_of_date) REFERENCES dw.dim_date (calendar_date),
  FOREIGN KEY (customer_id) REFERENCES dw.dim_customer (customer_id)
)
DISTKEY (customer_id)
SORTKEY (as_of_date);

-- Keys: DISTKEY (customer_id), as the features; SORTKEY (as_of_date): a model trains on one
-- snapshot of labelled rows.
CREATE TABLE dw.fact_churn_training (
  as_of_date DATE NOT NULL ENCODE RAW,
  cutoff_date DATE NOT NULL ENCODE AZ64,
  customer_id VARCHAR(128) NOT NULL ENCODE ZSTD,
  currency VARCHAR(16) ENCODE ZSTD,
  tenure_days INTEGER ENCODE AZ64,
  recency_days INTEGER ENCODE AZ64,
  orders BIGINT ENCODE AZ64,
  orders_30d BIGINT ENCODE AZ64,
  orders_90d BIGINT ENCODE AZ64,
  mean_gap_days DOUBLE PRECISION ENCODE ZSTD,
  spend_pct DOUBLE PRECISION ENCODE ZSTD,
  basket_pct DOUBLE PRECISION ENCODE ZSTD,
  categories BIGINT ENCODE AZ64,
  sessions_30d BIGINT ENCODE AZ64,
  views_per_session_90d DOUBLE PRECISION ENCODE ZSTD,
  cart_adds_90d BIGINT ENCODE AZ64,
  mobile_share_90d DOUBLE PRECISION ENCODE ZSTD,
  churned SMALLINT NOT NULL ENCODE AZ64,
  holdout BOOLEAN NOT NULL ENCODE ZSTD,
  PRIMARY KEY (as_of_date, customer_id),
  FOREIGN KEY (as_of_date) REFERENCES dw.dim_date (calendar_date),
  FOREIGN KEY (customer_id) REFERENCES dw.dim_customer (customer_id)
)
DISTKEY (customer_id)
SORTKEY (as_of_date);
