-- Churn: the probability that a customer places no order in the next 30 days, learned from the
-- latest churn_training snapshot (the features as of a cut-off 30 days back, labelled by the
-- month after it), without the customers held out to measure the model. XGBoost with a logistic
-- objective: its function returns the probability (binary:logistic would return the class).
DROP MODEL IF EXISTS ml.customer_churn;

CREATE MODEL ml.customer_churn
FROM (
  SELECT
    tenure_days,
    recency_days,
    orders,
    orders_30d,
    orders_90d,
    mean_gap_days,
    spend_pct,
    basket_pct,
    categories,
    sessions_30d,
    views_per_session_90d,
    cart_adds_90d,
    mobile_share_90d,
    -- The function returns the TARGET's type: a SMALLINT label would round every probability.
    CAST(churned AS DOUBLE PRECISION) AS churned
  FROM dw.fact_churn_training
  WHERE as_of_date = (SELECT MAX(as_of_date) FROM dw.fact_churn_training)
    AND NOT holdout
)
TARGET churned
FUNCTION predict_churn
IAM_ROLE '{{ML_ROLE_ARN}}'
AUTO OFF
MODEL_TYPE XGBOOST
OBJECTIVE 'reg:logistic'
PREPROCESSORS 'none'
HYPERPARAMETERS DEFAULT EXCEPT (NUM_ROUND '100', MAX_DEPTH '5', ETA '0.1')
SETTINGS (S3_BUCKET '{{ML_BUCKET}}', KMS_KEY_ID '{{ML_KMS_KEY_ID}}', MAX_RUNTIME 1800);
