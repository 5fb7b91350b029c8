-- How well the churn model (sql/models/churn.sql) separates the customers held out of its
-- training, on the label it learned (no order in the month after the cut-off): the area under the
-- ROC curve (ties count half) and the confusion matrix at a risk threshold.
-- @param threshold 0.5 Customers at or above this risk count as predicted to churn.
WITH scored AS (
  SELECT
    churned,
    ml.predict_churn(
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
      mobile_share_90d
    ) AS churn_risk
  FROM dw.fact_churn_training
  WHERE as_of_date = (SELECT MAX(as_of_date) FROM dw.fact_churn_training)
    AND holdout
),
ranked AS (
  SELECT
    churned,
    churn_risk,
    -- The mean rank of the scores tied with this one (1-based, ascending).
    RANK() OVER (ORDER BY churn_risk) + (COUNT(*) OVER (PARTITION BY churn_risk) - 1) / 2.0 AS score_rank
  FROM scored
),
totals AS (
  SELECT
    CAST(SUM(churned) AS DOUBLE PRECISION) AS positives,
    CAST(COUNT(*) - SUM(churned) AS DOUBLE PRECISION) AS negatives,
    SUM(CASE WHEN churned = 1 THEN score_rank ELSE 0 END) AS positive_ranks
  FROM ranked
)
SELECT
  CAST(totals.positives + totals.negatives AS BIGINT) AS held_out,
  CAST(totals.positives AS BIGINT) AS churned,
  CASE
    WHEN totals.positives > 0 AND totals.negatives > 0
      THEN (totals.positive_ranks - totals.positives * (totals.positives + 1) / 2)
        / (totals.positives * totals.negatives)
  END AS auc,
  SUM(CASE WHEN ranked.churned = 1 AND ranked.churn_risk >= CAST(:threshold AS DOUBLE PRECISION) THEN 1 ELSE 0 END) AS true_positives,
  SUM(CASE WHEN ranked.churned = 0 AND ranked.churn_risk >= CAST(:threshold AS DOUBLE PRECISION) THEN 1 ELSE 0 END) AS false_positives,
  SUM(CASE WHEN ranked.churned = 0 AND ranked.churn_risk < CAST(:threshold AS DOUBLE PRECISION) THEN 1 ELSE 0 END) AS true_negatives,
  SUM(CASE WHEN ranked.churned = 1 AND ranked.churn_risk < CAST(:threshold AS DOUBLE PRECISION) THEN 1 ELSE 0 END) AS false_negatives
FROM ranked
CROSS JOIN totals
GROUP BY totals.positives, totals.negatives, totals.positive_ranks;
