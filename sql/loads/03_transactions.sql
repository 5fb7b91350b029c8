-- Loads the run's days of the clean zone's transactions into staging: one COPY per
-- partition path of the range (each day's, or each month's for a long range). A path with no
-- files is skipped, not a failure; the transforms read only the staged rows of the run's days.
DELETE FROM staging.transactions;

COPY staging.transactions
FROM 's3://{{CLEAN_BUCKET}}/transactions/{{PARTITION_PATH}}/'
IAM_ROLE '{{COPY_ROLE_ARN}}'
{{COPY_FORMAT}};
