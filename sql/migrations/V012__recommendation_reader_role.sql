-- The database role of the recommendation model's nightly export (lambdas/export-recommendations).
-- The export connects as its own IAM identity (database user IAMR:<role name>) and receives this
-- role at sign-in through the RedshiftDbRoles tag on its IAM role, as the ELT receives
-- elt_writer. It may read exactly the tables sql/exports reads, and nothing else: no staging
-- table, not the customer register (names and e-mail addresses), nothing on ops, marts or ml; no
-- write and no DDL. The grants name each table and there are no default privileges: a table a later
-- migration creates stays unreadable to the export until a migration grants it
-- (test/unit/sql/export-queries.test.ts holds the grants to what sql/exports reads).

CREATE ROLE recommendation_reader;

GRANT USAGE ON SCHEMA dw TO ROLE recommendation_reader;

GRANT SELECT ON dw.fact_item_affinity TO ROLE recommendation_reader;
GRANT SELECT ON dw.fact_popular_product TO ROLE recommendation_reader;
GRANT SELECT ON dw.fact_sale TO ROLE recommendation_reader;
GRANT SELECT ON dw.dim_geography TO ROLE recommendation_reader;
