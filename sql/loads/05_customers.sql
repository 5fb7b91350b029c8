-- Loads the customer register changes of the run's days (partitioned by updated_at) into
-- staging: one COPY per partition path of the range (each day's, or each month's for a long
-- range). A path with no files is skipped, not a failure; the transforms read only the staged
-- rows of the run's days.
DELETE FROM staging.customers;

COPY staging.customers
FROM 's3://{{CLEAN_BUCKET}}/customers/{{PARTITION_PATH}}/'
IAM_ROLE '{{COPY_ROLE_ARN}}'
{{COPY_FORMAT}};
