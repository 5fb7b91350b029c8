-- Loads the curated churn training rows dated the run's day (the curated dataset churn_training, written by
-- clean_to_curated) into staging. No data for the day is a skipped load, not a failure.
DELETE FROM staging.churn_training;

COPY staging.churn_training
FROM 's3://{{CURATED_BUCKET}}/churn_training/{{DAY_PATH}}/'
IAM_ROLE '{{COPY_ROLE_ARN}}'
{{COPY_FORMAT}};
