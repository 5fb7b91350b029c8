-- Loads one day of the clean zone's web_logs (every hour of the day) into staging.
-- No data for the day (no such prefix) is reported as a skipped load, not a failure; the
-- transforms only read staging rows of the run's day, so rows left from an earlier run are ignored.
DELETE FROM staging.web_logs;

COPY staging.web_logs
FROM 's3://{{CLEAN_BUCKET}}/web_logs/{{DAY_PATH}}/'
IAM_ROLE '{{COPY_ROLE_ARN}}'
{{COPY_FORMAT}};
