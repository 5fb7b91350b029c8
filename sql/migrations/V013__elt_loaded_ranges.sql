-- The days each ELT run loaded, written by the run's last transform (transforms/90_), so a run
-- that fails on the way records nothing. The nightly run reads it to find the first day of the
-- catch-up window that no run has loaded yet, and loads from there to its own day: the facts
-- then hold every day of the window the lake has, also after missed nights or a new warehouse.
-- The ELT writer reads and adds rows through the default privileges of V007.

-- Keys: DISTSTYLE ALL: a row per run, a few hundred a year, read whole by the ELT. SORTKEY
-- (to_date): the ELT reads the runs that reach into the window, the latest ones.
CREATE TABLE dw.elt_loaded_range (
  to_date DATE NOT NULL ENCODE RAW,
  from_date DATE NOT NULL ENCODE AZ64,
  loaded_at TIMESTAMP NOT NULL ENCODE AZ64
)
DISTSTYLE ALL
SORTKEY (to_date);
