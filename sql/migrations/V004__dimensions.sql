-- The conformed dimensions of the star schema. Natural keys throughout: every key already
-- exists in the lake (ids, dates, device names) or is derived deterministically from it
-- (geography), so a transform can insert a fact without looking up a generated surrogate, and
-- re-running a day produces the same keys. Dimensions are SCD type 1 (latest value wins).
-- Constraints are informational in Redshift (never enforced, but used by the planner); the
-- transforms keep them true: no duplicate keys, no fact row without its dimension row.

-- Keys: DISTSTYLE ALL, a few thousand rows at most: a full copy on every node makes each
-- fact-to-date join local. Sorted by the date itself, the usual range predicate.
CREATE TABLE dw.dim_date (
  calendar_date DATE NOT NULL ENCODE RAW,
  year_number SMALLINT NOT NULL ENCODE AZ64,
  quarter_number SMALLINT NOT NULL ENCODE AZ64,
  month_number SMALLINT NOT NULL ENCODE AZ64,
  day_of_month SMALLINT NOT NULL ENCODE AZ64,
  day_of_week SMALLINT NOT NULL ENCODE AZ64,
  is_weekend BOOLEAN NOT NULL ENCODE ZSTD,
  PRIMARY KEY (calendar_date)
)
DISTSTYLE ALL
SORTKEY (calendar_date);

-- Keys: DISTSTYLE ALL, a handful of rows (one per device name). Sorted by its key, the join column.
CREATE TABLE dw.dim_device (
  device_name VARCHAR(64) NOT NULL ENCODE RAW,
  device_family VARCHAR(16) NOT NULL ENCODE ZSTD,
  PRIMARY KEY (device_name)
)
DISTSTYLE ALL
SORTKEY (device_name);

-- Keys: DISTSTYLE ALL, a catalogue of titles (thousands to low millions of narrow rows) joined
-- by every access event: replicating it avoids redistributing the fact. Sorted by its key.
CREATE TABLE dw.dim_content (
  content_id VARCHAR(128) NOT NULL ENCODE RAW,
  content_type VARCHAR(64) ENCODE ZSTD,
  PRIMARY KEY (content_id)
)
DISTSTYLE ALL
SORTKEY (content_id);

-- Keys: DISTSTYLE ALL, one row per (country, city) seen, small and joined by access events and
-- sales. The key is MD5 of country|city, so a fact computes it without a lookup and NULL
-- cities still get a key. Sorted by its key, the join column.
CREATE TABLE dw.dim_geography (
  geography_key VARCHAR(32) NOT NULL ENCODE RAW,
  country VARCHAR(16) ENCODE ZSTD,
  city VARCHAR(256) ENCODE ZSTD,
  PRIMARY KEY (geography_key)
)
DISTSTYLE ALL
SORTKEY (geography_key);

-- Keys: DISTSTYLE ALL, the product catalogue is small next to sales and interactions and is
-- joined by both; replicated, neither fact is redistributed. Sorted by its key.
CREATE TABLE dw.dim_product (
  product_id VARCHAR(128) NOT NULL ENCODE RAW,
  product_category VARCHAR(256) ENCODE ZSTD,
  PRIMARY KEY (product_id)
)
DISTSTYLE ALL
SORTKEY (product_id);

-- Keys: DISTKEY (customer_id), the column fact_sale, fact_interaction and fact_customer_rfm are
-- distributed on: the customer register grows with the business (too big to replicate), and
-- co-located, each customer's row sits on the slice holding that customer's facts. Sorted by
-- customer_id for merge joins with those facts. `is_inferred` marks a customer created from a
-- fact before the register delivered the customer (the next snapshot fills it in).
CREATE TABLE dw.dim_customer (
  customer_id VARCHAR(128) NOT NULL ENCODE RAW,
  full_name VARCHAR(512) ENCODE ZSTD,
  email VARCHAR(256) ENCODE ZSTD,
  country VARCHAR(16) ENCODE ZSTD,
  signup_date DATE ENCODE AZ64,
  updated_at TIMESTAMP ENCODE AZ64,
  is_inferred BOOLEAN NOT NULL ENCODE ZSTD,
  PRIMARY KEY (customer_id)
)
DISTKEY (customer_id)
SORTKEY (customer_id);
