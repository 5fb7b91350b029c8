-- Loads one day of the clean zone's access_events (every hour of the day) into staging.
-- No data for the day (no such prefix) is reported as a skipped load, not a failure; the
-- transforms only read staging rows of the run's day, so rows left from an earlier run are ignored.
DELETE FROM staging.access_events;

COPY staging.access_events
FROM 's3://{{CLEAN_BUCKET}}/access_events/{{DAY_PATH}}/'
IAM_ROLE '{{COPY_ROLE_ARN}}'
{{COPY_FORMAT}};
