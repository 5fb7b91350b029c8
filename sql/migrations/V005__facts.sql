-- The facts of the star schema: one row per lake record (the record id is the primary key),
-- plus the daily RFM snapshot. Each fact has a DATE column referencing dw.dim_date, which the
-- transforms replace day by day (`DELETE ... WHERE <date> = :run_date`), and its event time as
-- the leading sort key: almost every question filters on a time range, and zone maps then skip
-- every block outside it. The leading sort key column is RAW: compressing it would make each
-- block cover more values and the range-restricted scans coarser.

-- Keys: DISTKEY (user_id). Every dimension it joins is DISTSTYLE ALL, so no join needs a
-- distribution key; user_id spreads evenly and keeps each subscriber's accesses on one slice for
-- the per-user questions (distinct users, sessions, watch time). SORTKEY (event_time).
CREATE TABLE dw.fact_access_event (
  event_time TIMESTAMP NOT NULL ENCODE RAW,
  event_date DATE NOT NULL ENCODE AZ64,
  event_id VARCHAR(128) NOT NULL ENCODE ZSTD,
  user_id VARCHAR(128) ENCODE ZSTD,
  device_name VARCHAR(64) ENCODE ZSTD,
  content_id VARCHAR(128) ENCODE ZSTD,
  geography_key VARCHAR(32) NOT NULL ENCODE ZSTD,
  session_id VARCHAR(128) ENCODE ZSTD,
  duration_seconds INTEGER ENCODE AZ64,
  PRIMARY KEY (event_id),
  FOREIGN KEY (event_date) REFERENCES dw.dim_date (calendar_date),
  FOREIGN KEY (device_name) REFERENCES dw.dim_device (device_name),
  FOREIGN KEY (content_id) REFERENCES dw.dim_content (content_id),
  FOREIGN KEY (geography_key) REFERENCES dw.dim_geography (geography_key)
)
DISTKEY (user_id)
SORTKEY (event_time);

-- Keys: DISTKEY (client_ip), the column the web questions group by (requests per IP, bursts per
-- client): those aggregations stay on one slice. A single very noisy IP skews its slice; watch
-- svv_table_info.skew_rows. SORTKEY (request_time). url, referrer and user_agent are cut to
-- their analytic width here (staging keeps the full text).
CREATE TABLE dw.fact_web_request (
  request_time TIMESTAMP NOT NULL ENCODE RAW,
  request_date DATE NOT NULL ENCODE AZ64,
  request_id VARCHAR(64) NOT NULL ENCODE ZSTD,
  client_ip VARCHAR(45) ENCODE ZSTD,
  method VARCHAR(16) ENCODE ZSTD,
  url VARCHAR(2048) ENCODE ZSTD,
  page_path VARCHAR(2048) ENCODE ZSTD,
  status SMALLINT ENCODE AZ64,
  bytes_sent BIGINT ENCODE AZ64,
  referrer VARCHAR(2048) ENCODE ZSTD,
  user_agent VARCHAR(1024) ENCODE ZSTD,
  PRIMARY KEY (request_id),
  FOREIGN KEY (request_date) REFERENCES dw.dim_date (calendar_date)
)
DISTKEY (client_ip)
SORTKEY (request_time);

-- Keys: DISTKEY (customer_id), the join to dw.dim_customer (distributed on the same column, so
-- the join is co-located) and the grouping of every customer question (RFM, churn, lifetime
-- value). SORTKEY (transaction_time). line_amount = quantity x unit_price.
CREATE TABLE dw.fact_sale (
  transaction_time TIMESTAMP NOT NULL ENCODE RAW,
  sale_date DATE NOT NULL ENCODE AZ64,
  transaction_id VARCHAR(128) NOT NULL ENCODE ZSTD,
  order_id VARCHAR(128) ENCODE ZSTD,
  customer_id VARCHAR(128) ENCODE ZSTD,
  product_id VARCHAR(128) ENCODE ZSTD,
  geography_key VARCHAR(32) NOT NULL ENCODE ZSTD,
  quantity INTEGER ENCODE AZ64,
  unit_price DECIMAL(12, 2) ENCODE AZ64,
  line_amount DECIMAL(23, 2) ENCODE AZ64,
  currency VARCHAR(16) ENCODE ZSTD,
  PRIMARY KEY (transaction_id),
  FOREIGN KEY (sale_date) REFERENCES dw.dim_date (calendar_date),
  FOREIGN KEY (customer_id) REFERENCES dw.dim_customer (customer_id),
  FOREIGN KEY (product_id) REFERENCES dw.dim_product (product_id),
  FOREIGN KEY (geography_key) REFERENCES dw.dim_geography (geography_key)
)
DISTKEY (customer_id)
SORTKEY (transaction_time);

-- Keys: DISTKEY (customer_id), like fact_sale: co-located with dw.dim_customer and with the
-- customer's purchases, for funnel questions (viewed, carted, bought). Anonymous interactions
-- (NULL customer) share one slice; DISTSTYLE EVEN would lose the co-location for all the rest.
-- SORTKEY (interaction_time).
CREATE TABLE dw.fact_interaction (
  interaction_time TIMESTAMP NOT NULL ENCODE RAW,
  interaction_date DATE NOT NULL ENCODE AZ64,
  interaction_id VARCHAR(128) NOT NULL ENCODE ZSTD,
  customer_id VARCHAR(128) ENCODE ZSTD,
  session_id VARCHAR(128) ENCODE ZSTD,
  interaction_type VARCHAR(64) ENCODE ZSTD,
  page_url VARCHAR(2048) ENCODE ZSTD,
  product_id VARCHAR(128) ENCODE ZSTD,
  device_name VARCHAR(64) ENCODE ZSTD,
  PRIMARY KEY (interaction_id),
  FOREIGN KEY (interaction_date) REFERENCES dw.dim_date (calendar_date),
  FOREIGN KEY (customer_id) REFERENCES dw.dim_customer (customer_id),
  FOREIGN KEY (product_id) REFERENCES dw.dim_product (product_id),
  FOREIGN KEY (device_name) REFERENCES dw.dim_device (device_name)
)
DISTKEY (customer_id)
SORTKEY (interaction_time);

-- Keys: DISTKEY (customer_id), co-located with dw.dim_customer and dw.fact_sale. SORTKEY
-- (as_of_date): one snapshot per day, and questions read the latest one (or one as of a day).
-- A customer has one row per currency and day; a NULL currency is stored as 'XXX', the ISO 4217
-- code for "no currency", since a primary key column cannot be NULL.
CREATE TABLE dw.fact_customer_rfm (
  as_of_date DATE NOT NULL ENCODE RAW,
  customer_id VARCHAR(128) NOT NULL ENCODE ZSTD,
  currency VARCHAR(16) NOT NULL ENCODE ZSTD,
  last_purchase_date DATE ENCODE AZ64,
  recency_days INTEGER ENCODE AZ64,
  frequency BIGINT ENCODE AZ64,
  monetary DECIMAL(33, 2) ENCODE AZ64,
  r_score SMALLINT NOT NULL ENCODE AZ64,
  f_score SMALLINT NOT NULL ENCODE AZ64,
  m_score SMALLINT NOT NULL ENCODE AZ64,
  rfm_score VARCHAR(8) ENCODE ZSTD,
  PRIMARY KEY (as_of_date, customer_id, currency),
  FOREIGN KEY (as_of_date) REFERENCES dw.dim_date (calendar_date),
  FOREIGN KEY (customer_id) REFERENCES dw.dim_customer (customer_id)
)
DISTKEY (customer_id)
SORTKEY (as_of_date);
