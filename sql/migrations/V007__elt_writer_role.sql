-- The database role of the ELT. Migrations run as the namespace's admin user, which owns every
-- schema and table; the ELT function connects as its own IAM identity (database user
-- IAMR:<role name>) and receives this role at sign-in through the RedshiftDbRoles tag on its IAM
-- role. The role may do exactly what sql/loads and sql/transforms do, nothing more:
--   staging  loads empty a table (DELETE) and COPY into it (INSERT); transforms read it (SELECT)
--   dw       transforms read (SELECT, NOT EXISTS), add (INSERT), update dimensions in place
--            (UPDATE) and replace a day of facts (DELETE)
-- No DDL (the ELT never creates, alters or truncates anything), nothing on ops (the migration
-- history) and nothing on marts (views over dw that no load or transform touches). COPY's
-- IAM_ROLE needs no grant here: ASSUMEROLE is granted to PUBLIC unless revoked.

CREATE ROLE elt_writer;

GRANT USAGE ON SCHEMA staging TO ROLE elt_writer;
GRANT USAGE ON SCHEMA dw TO ROLE elt_writer;

GRANT SELECT, INSERT, DELETE ON ALL TABLES IN SCHEMA staging TO ROLE elt_writer;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA dw TO ROLE elt_writer;

-- Tables later migrations create: default privileges apply to objects the user running this
-- (the admin, who runs every migration) creates from now on.
ALTER DEFAULT PRIVILEGES IN SCHEMA staging
GRANT SELECT, INSERT, DELETE ON TABLES TO ROLE elt_writer;
ALTER DEFAULT PRIVILEGES IN SCHEMA dw
GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ROLE elt_writer;
