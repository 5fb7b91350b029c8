-- Staging tables for the CLEAN zone datasets of the platform definition (infra/platform).
-- COPY from Parquet maps file columns to table columns by POSITION and needs the same number of
-- columns, so each table lists exactly the dataset's columns, in definition order, and nothing
-- else: the hive partition keys (year/month/day/hour) live in the object keys, not in the files.
-- Types follow the Glue types: string -> VARCHAR, int -> INTEGER, bigint -> BIGINT,
-- decimal(p,s) -> DECIMAL(p,s), date -> DATE, timestamp -> TIMESTAMP (UTC, as Spark writes it).
-- Free-text columns are wide here so a long value never fails a whole day's load; the dw
-- tables hold them at their analytic width.

-- Keys: DISTSTYLE EVEN and no sort key. A staging table lives for one ELT run: COPY spreads the
-- rows evenly over slices, and the transforms re-distribute anyway when they deduplicate by
-- record id, so a distribution key or sort order would cost load time and buy nothing.
CREATE TABLE staging.access_events (
  event_id VARCHAR(128) ENCODE ZSTD,
  user_id VARCHAR(128) ENCODE ZSTD,
  event_time TIMESTAMP ENCODE AZ64,
  device VARCHAR(64) ENCODE ZSTD,
  content_id VARCHAR(128) ENCODE ZSTD,
  content_type VARCHAR(64) ENCODE ZSTD,
  country VARCHAR(16) ENCODE ZSTD,
  city VARCHAR(256) ENCODE ZSTD,
  session_id VARCHAR(128) ENCODE ZSTD,
  duration_seconds INTEGER ENCODE AZ64
)
DISTSTYLE EVEN;

-- Keys: DISTSTYLE EVEN, no sort key, for the same reason as staging.access_events.
CREATE TABLE staging.web_logs (
  request_id VARCHAR(64) ENCODE ZSTD,
  client_ip VARCHAR(45) ENCODE ZSTD,
  request_time TIMESTAMP ENCODE AZ64,
  method VARCHAR(16) ENCODE ZSTD,
  url VARCHAR(65535) ENCODE ZSTD,
  status INTEGER ENCODE AZ64,
  bytes_sent BIGINT ENCODE AZ64,
  referrer VARCHAR(65535) ENCODE ZSTD,
  user_agent VARCHAR(65535) ENCODE ZSTD
)
DISTSTYLE EVEN;

-- Keys: DISTSTYLE EVEN, no sort key, for the same reason as staging.access_events.
CREATE TABLE staging.transactions (
  transaction_id VARCHAR(128) ENCODE ZSTD,
  order_id VARCHAR(128) ENCODE ZSTD,
  customer_id VARCHAR(128) ENCODE ZSTD,
  product_id VARCHAR(128) ENCODE ZSTD,
  product_category VARCHAR(256) ENCODE ZSTD,
  quantity INTEGER ENCODE AZ64,
  unit_price DECIMAL(12, 2) ENCODE AZ64,
  currency VARCHAR(16) ENCODE ZSTD,
  transaction_time TIMESTAMP ENCODE AZ64,
  country VARCHAR(16) ENCODE ZSTD
)
DISTSTYLE EVEN;

-- Keys: DISTSTYLE EVEN, no sort key, for the same reason as staging.access_events.
CREATE TABLE staging.interactions (
  interaction_id VARCHAR(128) ENCODE ZSTD,
  customer_id VARCHAR(128) ENCODE ZSTD,
  session_id VARCHAR(128) ENCODE ZSTD,
  interaction_type VARCHAR(64) ENCODE ZSTD,
  page_url VARCHAR(65535) ENCODE ZSTD,
  product_id VARCHAR(128) ENCODE ZSTD,
  device VARCHAR(64) ENCODE ZSTD,
  interaction_time TIMESTAMP ENCODE AZ64
)
DISTSTYLE EVEN;

-- Keys: DISTSTYLE EVEN, no sort key, for the same reason as staging.access_events.
CREATE TABLE staging.customers (
  customer_id VARCHAR(128) ENCODE ZSTD,
  full_name VARCHAR(512) ENCODE ZSTD,
  email VARCHAR(256) ENCODE ZSTD,
  country VARCHAR(16) ENCODE ZSTD,
  signup_date DATE ENCODE AZ64,
  updated_at TIMESTAMP ENCODE AZ64
)
DISTSTYLE EVEN;
