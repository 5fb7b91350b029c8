-- Loads the curated RFM snapshot dated the run's day (the curated dataset customer_rfm, written by
-- clean_to_curated) into staging.
-- No data for the day (no such prefix) is reported as a skipped load, not a failure; the
-- transforms only read staging rows of the run's day, so rows left from an earlier run are ignored.
DELETE FROM staging.customer_rfm;

COPY staging.customer_rfm
FROM 's3://{{CURATED_BUCKET}}/customer_rfm/{{DAY_PATH}}/'
IAM_ROLE '{{COPY_ROLE_ARN}}'
{{COPY_FORMAT}};
