-- Loads the curated customer features snapshot dated the run's day (the curated dataset customer_features, written by
-- clean_to_curated) into staging. No data for the day is a skipped load, not a failure.
DELETE FROM staging.customer_features;

COPY staging.customer_features
FROM 's3://{{CURATED_BUCKET}}/customer_features/{{DAY_PATH}}/'
IAM_ROLE '{{COPY_ROLE_ARN}}'
{{COPY_FORMAT}};
