-- Views that hold business definitions once, for the queries in sql/queries and for BI tools.
-- Plain views (no materialization): they are cheap over the sorted facts, and always current.

-- Customer segments from the RFM scores (1..5, 5 = best, scored within a currency by the Glue
-- job). The grid is the usual recency x frequency one; a customer's segment is the first rule
-- that matches, in this order.
CREATE VIEW marts.customer_segment AS
SELECT
  as_of_date,
  customer_id,
  currency,
  last_purchase_date,
  recency_days,
  frequency,
  monetary,
  r_score,
  f_score,
  m_score,
  rfm_score,
  CASE
    WHEN r_score >= 4 AND f_score >= 4 THEN 'champions'
    WHEN r_score = 3 AND f_score >= 4 THEN 'loyal'
    WHEN r_score >= 4 AND f_score >= 2 THEN 'potential_loyalists'
    WHEN r_score >= 4 THEN 'new_customers'
    WHEN r_score <= 2 AND f_score >= 3 THEN 'at_risk'
    WHEN r_score <= 2 THEN 'hibernating'
    ELSE 'needs_attention'
  END AS segment
FROM dw.fact_customer_rfm;

-- Web requests per UTC minute, the series the bot-suspicion query compares with its recent past.
CREATE VIEW marts.web_requests_per_minute AS
SELECT
  DATE_TRUNC('minute', request_time) AS request_minute,
  request_date,
  COUNT(*) AS requests,
  COUNT(DISTINCT client_ip) AS distinct_clients
FROM dw.fact_web_request
GROUP BY DATE_TRUNC('minute', request_time), request_date;
