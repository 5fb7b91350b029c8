-- Loads the customer register changes of one day (partitioned by updated_at) into staging.
-- No data for the day (no such prefix) is reported as a skipped load, not a failure; the
-- transforms only read staging rows of the run's day, so rows left from an earlier run are ignored.
DELETE FROM staging.customers;

COPY staging.customers
FROM 's3://{{CLEAN_BUCKET}}/customers/{{DAY_PATH}}/'
IAM_ROLE '{{COPY_ROLE_ARN}}'
{{COPY_FORMAT}};
