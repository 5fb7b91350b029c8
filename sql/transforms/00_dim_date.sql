-- Adds the run's day, and every day of the run's range that a staged event falls on, to
-- dw.dim_date, if missing: every fact row of those days references its day.
-- day_of_week counts from Sunday = 0, as EXTRACT(DOW) does in Redshift.
INSERT INTO dw.dim_date (
  calendar_date, year_number, quarter_number, month_number, day_of_month, day_of_week, is_weekend
)
SELECT
  run.calendar_date,
  CAST(EXTRACT(YEAR FROM run.calendar_date) AS SMALLINT),
  CAST(EXTRACT(QUARTER FROM run.calendar_date) AS SMALLINT),
  CAST(EXTRACT(MONTH FROM run.calendar_date) AS SMALLINT),
  CAST(EXTRACT(DAY FROM run.calendar_date) AS SMALLINT),
  CAST(EXTRACT(DOW FROM run.calendar_date) AS SMALLINT),
  EXTRACT(DOW FROM run.calendar_date) IN (0, 6)
FROM (
  SELECT CAST(:run_date AS DATE) AS calendar_date
  UNION
  SELECT CAST(event_time AS DATE) FROM staging.access_events
  UNION
  SELECT CAST(request_time AS DATE) FROM staging.web_logs
  UNION
  SELECT CAST(transaction_time AS DATE) FROM staging.transactions
  UNION
  SELECT CAST(interaction_time AS DATE) FROM staging.interactions
) AS run
WHERE run.calendar_date BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE)
  AND NOT EXISTS (
    SELECT 1 FROM dw.dim_date AS known WHERE known.calendar_date = run.calendar_date
  );
