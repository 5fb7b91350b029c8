-- The customer models (sql/models): Redshift ML's models and their prediction functions live in
-- a schema of their own, as AWS advises (a blanket GRANT EXECUTE ON ALL FUNCTIONS in a schema
-- with ML functions fails). The ELT trains them, so its role may create models there.
CREATE SCHEMA ml;

-- The clustering inputs of every customer snapshot: recency, tenure, frequency, value, basket
-- size and breadth as the features hold them; the share of the customer's orders placed in the
-- last 90 days (low for one who used to buy more); and how overdue the customer is against their
-- own rhythm (days since the last order over the mean gap between orders), both as the ratio (for
-- naming the segments) and as its logarithm (for the distance: one very late customer must not
-- outweigh the rest).
CREATE VIEW ml.segment_features AS
SELECT
  as_of_date,
  customer_id,
  recency_days,
  tenure_days,
  orders_90d,
  spend_pct,
  basket_pct,
  categories,
  CAST(orders_90d AS DOUBLE PRECISION) / GREATEST(orders, 1) AS recent_order_share,
  CAST(recency_days AS DOUBLE PRECISION) / GREATEST(mean_gap_days, 1.0) AS overdue_ratio,
  LN(1.0 + CAST(recency_days AS DOUBLE PRECISION) / GREATEST(mean_gap_days, 1.0)) AS overdue_log
FROM dw.fact_customer_features;

GRANT USAGE, CREATE ON SCHEMA ml TO ROLE elt_writer;
GRANT SELECT ON ml.segment_features TO ROLE elt_writer;
GRANT CREATE MODEL TO ROLE elt_writer;
