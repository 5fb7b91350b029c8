-- Replaces the run's days (from_date to run_date) in dw.fact_access_event with their staged
-- access events.
-- One row per event_id (the latest event_time wins); an id another day already holds is left
-- there, so the primary key stays true whatever order days are run in.
DELETE FROM dw.fact_access_event
WHERE event_date BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE);

INSERT INTO dw.fact_access_event (
  event_time, event_date, event_id, user_id, device_name, content_id, geography_key,
  session_id, duration_seconds
)
SELECT
  ranked.event_time,
  CAST(ranked.event_time AS DATE),
  ranked.event_id,
  ranked.user_id,
  ranked.device,
  ranked.content_id,
  MD5(COALESCE(ranked.country, '') || '|' || COALESCE(ranked.city, '')),
  ranked.session_id,
  ranked.duration_seconds
FROM (
  SELECT
    event_id, user_id, event_time, device, content_id, country, city, session_id,
    duration_seconds,
    ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY event_time DESC) AS copy_number
  FROM staging.access_events
  WHERE event_id IS NOT NULL
    AND CAST(event_time AS DATE) BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE)
) AS ranked
WHERE ranked.copy_number = 1
  AND NOT EXISTS (
    SELECT 1 FROM dw.fact_access_event AS held WHERE held.event_id = ranked.event_id
  );
