-- Loads the run's days of the clean zone's web_logs
-- (every hour of each day) into staging: one COPY per partition path of the range (each day's,
-- or each month's for a long range). A path with no files is skipped, not a failure; the
-- transforms read only the staged rows of the run's days.
DELETE FROM staging.web_logs;

COPY staging.web_logs
FROM 's3://{{CLEAN_BUCKET}}/web_logs/{{PARTITION_PATH}}/'
IAM_ROLE '{{COPY_ROLE_ARN}}'
{{COPY_FORMAT}};
