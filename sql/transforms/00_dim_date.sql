-- Adds the run's day to dw.dim_date, if missing: every fact row of the day references it.
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
FROM (SELECT CAST(:run_date AS DATE) AS calendar_date) AS run
WHERE NOT EXISTS (
  SELECT 1 FROM dw.dim_date AS known WHERE known.calendar_date = run.calendar_date
);
