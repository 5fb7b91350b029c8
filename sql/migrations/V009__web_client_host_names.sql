-- Web log clients may be host names: a server that logs names (Apache's HostnameLookups, the
-- common log format of the NASA logs of 1995) writes up to 253 characters (RFC 1035) where
-- VARCHAR(45) held any IP address, and one longer name would fail a whole day's COPY. Redshift
-- widens a VARCHAR with ALTER COLUMN … TYPE, but not inside a transaction block, and a migration
-- runs as one transaction (one Data API batch). So both tables holding client_ip are made again
-- with the column at 253, the other columns as they were: staging empty (each day's load
-- refills it), the fact with its rows copied over, and the view that reads the fact dropped and
-- made again around it. New tables in staging and dw are granted to elt_writer by the default
-- privileges of V007.

DROP TABLE staging.web_logs;

-- Keys: DISTSTYLE EVEN, no sort key, for the same reason as staging.access_events (V002).
CREATE TABLE staging.web_logs (
  request_id VARCHAR(64) ENCODE ZSTD,
  client_ip VARCHAR(253) ENCODE ZSTD,
  request_time TIMESTAMP ENCODE AZ64,
  method VARCHAR(16) ENCODE ZSTD,
  url VARCHAR(65535) ENCODE ZSTD,
  status INTEGER ENCODE AZ64,
  bytes_sent BIGINT ENCODE AZ64,
  referrer VARCHAR(65535) ENCODE ZSTD,
  user_agent VARCHAR(65535) ENCODE ZSTD
)
DISTSTYLE EVEN;

DROP VIEW marts.web_requests_per_minute;

-- Keys: as in V005. DISTKEY (client_ip), the column the web questions group by (requests per
-- client, bursts, sessions): those aggregations stay on one slice. A single very noisy client
-- skews its slice; watch svv_table_info.skew_rows. SORTKEY (request_time). url, referrer and
-- user_agent are cut to their analytic width (staging keeps the full text).
CREATE TABLE dw.fact_web_request_v009 (
  request_time TIMESTAMP NOT NULL ENCODE RAW,
  request_date DATE NOT NULL ENCODE AZ64,
  request_id VARCHAR(64) NOT NULL ENCODE ZSTD,
  client_ip VARCHAR(253) ENCODE ZSTD,
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

INSERT INTO dw.fact_web_request_v009 (
  request_time, request_date, request_id, client_ip, method, url, page_path, status,
  bytes_sent, referrer, user_agent
)
SELECT
  request_time, request_date, request_id, client_ip, method, url, page_path, status,
  bytes_sent, referrer, user_agent
FROM dw.fact_web_request;

DROP TABLE dw.fact_web_request;

ALTER TABLE dw.fact_web_request_v009 RENAME TO fact_web_request;

-- Web requests per UTC minute, the series the bot-suspicion query compares with its recent
-- past (as in V006).
CREATE VIEW marts.web_requests_per_minute AS
SELECT
  DATE_TRUNC('minute', request_time) AS request_minute,
  request_date,
  COUNT(*) AS requests,
  COUNT(DISTINCT client_ip) AS distinct_clients
FROM dw.fact_web_request
GROUP BY DATE_TRUNC('minute', request_time), request_date;
