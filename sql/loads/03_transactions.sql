-- Loads one day of the clean zone's transactions into staging.
-- No data for the day (no such prefix) is reported as a skipped load, not a failure; the
-- transforms only read staging rows of the run's day, so rows left from an earlier run are ignored.
DELETE FROM staging.transactions;

COPY staging.transactions
FROM 's3://{{CLEAN_BUCKET}}/transactions/{{DAY_PATH}}/'
IAM_ROLE '{{COPY_ROLE_ARN}}'
{{COPY_FORMAT}};
