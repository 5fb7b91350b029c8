-- Segments: k-means on the latest snapshot of ml.segment_features, the columns standardised
-- (each weighs the same in the distance). Ten clusters, more than the segments they are named
-- into (sql/queries/customer_segments.sql): a segment that is not round, such as customers
-- lapsed for two months and for five, is then covered by several clusters instead of being cut
-- through by one.
DROP MODEL IF EXISTS ml.customer_segments;

CREATE MODEL ml.customer_segments
FROM (
  SELECT
    recency_days,
    tenure_days,
    orders_90d,
    spend_pct,
    basket_pct,
    categories,
    overdue_log,
    recent_order_share
  FROM ml.segment_features
  WHERE as_of_date = (SELECT MAX(as_of_date) FROM ml.segment_features)
)
FUNCTION predict_segment
IAM_ROLE '{{ML_ROLE_ARN}}'
AUTO OFF
MODEL_TYPE KMEANS
PREPROCESSORS '[{"ColumnSet": ["recency_days", "tenure_days", "orders_90d", "spend_pct", "basket_pct", "categories", "overdue_log", "recent_order_share"], "Transformers": ["StandardScaler"]}]'
HYPERPARAMETERS DEFAULT EXCEPT (K '10')
SETTINGS (S3_BUCKET '{{ML_BUCKET}}', KMS_KEY_ID '{{ML_KMS_KEY_ID}}', MAX_RUNTIME 1800);
