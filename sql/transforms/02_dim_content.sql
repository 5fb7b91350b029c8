-- Adds the titles seen in the run's days of access events to dw.dim_content. A title's type is
-- taken when it is first seen (the greatest name if the run's days report several) and only
-- filled in later if it was unknown, so re-running any days, in any order, leaves the same rows.
UPDATE dw.dim_content AS known
SET content_type = seen.content_type
FROM (
  SELECT content_id, MAX(content_type) AS content_type
  FROM staging.access_events
  WHERE content_id IS NOT NULL
    AND CAST(event_time AS DATE) BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE)
  GROUP BY content_id
) AS seen
WHERE known.content_id = seen.content_id
  AND known.content_type IS NULL
  AND seen.content_type IS NOT NULL;

INSERT INTO dw.dim_content (content_id, content_type)
SELECT seen.content_id, seen.content_type
FROM (
  SELECT content_id, MAX(content_type) AS content_type
  FROM staging.access_events
  WHERE content_id IS NOT NULL
    AND CAST(event_time AS DATE) BETWEEN CAST(:from_date AS DATE) AND CAST(:run_date AS DATE)
  GROUP BY content_id
) AS seen
WHERE NOT EXISTS (
  SELECT 1 FROM dw.dim_content AS known WHERE known.content_id = seen.content_id
);
