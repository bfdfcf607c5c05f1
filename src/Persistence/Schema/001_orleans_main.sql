-- CrmActors schema 001: the query catalogue the Orleans ADO.NET providers read at start-up.
--
-- Each provider (clustering, grain storage, ...) loads its SQL from this table with exactly
--     SELECT QueryKey, QueryText FROM OrleansQuery
-- The identifiers are unquoted there, so PostgreSQL folds them to lower case: the table and columns must be
-- created lower case (Npgsql's GetOrdinal matches the provider's "QueryKey" to "querykey" case-insensitively).
-- The provider binds its parameters by name (@Name) and reads result columns by name, so every query text in
-- the later scripts uses the provider's parameter names and aliases its result columns in the provider's case.
--
-- Idempotent on its own (IF NOT EXISTS), besides being applied once by SchemaMigrator.
CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL PRIMARY KEY,
    querytext text        NOT NULL
);

COMMENT ON TABLE orleansquery IS
    'Orleans ADO.NET query catalogue (QueryKey -> QueryText), owned by CrmActors.Persistence schema scripts.';
