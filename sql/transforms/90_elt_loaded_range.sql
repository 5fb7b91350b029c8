-- Records the days this run loaded. It runs last, so a run that fails before it records
-- nothing, and the next nightly run loads those days again (lambdas/shared/warehouse/catch-up.ts).
INSERT INTO dw.elt_loaded_range (to_date, from_date, loaded_at)
VALUES (CAST(:run_date AS DATE), CAST(:from_date AS DATE), GETDATE());
