-- The warehouse's schemas. `ops` (migration history) is created by the migration runner itself,
-- before any migration runs, so it is not created here.
--   staging  one table per lake dataset, a mirror of one day's files; emptied and reloaded by each load
--   dw       the star schema: conformed dimensions and the facts that reference them
--   marts    views over dw that put business definitions (e.g. RFM segments) in one place

CREATE SCHEMA staging;
CREATE SCHEMA dw;
CREATE SCHEMA marts;
