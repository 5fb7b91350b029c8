-- Adds the devices seen in the run's days of access events and interactions to dw.dim_device.
-- device_family groups the names the producers send; an unknown name is kept, as 'other'.
INSERT INTO dw.dim_device (device_name, device_family)
SELECT
  seen.device_name,
  CASE
    WHEN seen.device_name IN ('mobile', 'tablet') THEN 'handheld'
    WHEN seen.device_name = 'desktop' THEN 'desktop'
    WHEN seen.device_name IN ('smart_tv', 'console') THEN 'living_room'
    ELSE 'other'
  END
FROM (
  SELECT device AS device_name
  FROM staging.access_events
  WHERE device IS NOT NULL
    AND CAST(event_time AS DATE) BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE)
  UNION
  SELECT device
  FROM staging.interactions
  WHERE device IS NOT NULL
    AND CAST(interaction_time AS DATE) BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE)
) AS seen
WHERE NOT EXISTS (
  SELECT 1 FROM dw.dim_device AS known WHERE known.device_name = seen.device_name
);
