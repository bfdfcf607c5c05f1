-- CrmActors schema 003: grain state for Microsoft.Orleans.Persistence.AdoNet (10.x) on PostgreSQL.
--
-- The provider's contract (Orleans.Persistence.AdoNet 10.4.2, AdoNetGrainStorage):
--   * It loads the keys WriteToStorageKey, ReadFromStorageKey, ClearStorageKey and, optional (needed only with
--     DeleteStateOnClear = true), DeleteStorageKey.
--   * Every call binds: "GrainIdHash" int, "GrainTypeHash" int (the provider's hashes, good for lookups but not
--     unique), "GrainIdN0"/"GrainIdN1" bigint (a Guid's halves, or 0 and an integer key), "GrainIdExtensionString"
--     text (the string key or key extension, NULL when none), "GrainTypeString" text (the state's name) and
--     "ServiceId" text. Writes add "GrainStateVersion" int (NULL for a grain never stored: the ETag it holds) and
--     "PayloadBinary" bytea (the serialized state).
--   * Read answers zero or one row with "PayloadBinary" (NULL = no state) and "Version" (the next ETag).
--   * Write answers one row with "NewGrainStateVersion"; Clear and Delete answer one row with one value. The
--     provider raises InconsistentStateException when that value is NULL (we answer NULL when the ETag the grain
--     holds is not the stored version) or equals the ETag it sent; so a success must answer a new number.

CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    service_id      text        NOT NULL,
    grain_type      text        NOT NULL,
    grain_id_n0     bigint      NOT NULL,
    grain_id_n1     bigint      NOT NULL,
    grain_id_ext    text,
    grain_id_hash   integer     NOT NULL,
    grain_type_hash integer     NOT NULL,
    payload         bytea,
    version         integer     NOT NULL,
    modified_at     timestamptz NOT NULL DEFAULT now()
);

-- One row per grain state. The hashes lead so that lookups are cheap; the full identity follows for uniqueness.
-- A NULL extension and an empty one are different identities, hence the extra IS NULL term.
CREATE UNIQUE INDEX IF NOT EXISTS orleans_grain_state_identity
    ON orleans_grain_state (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1,
                            (coalesce(grain_id_ext, '')), (grain_id_ext IS NULL));

-- Stores a grain's state if the ETag it holds is current; answers the new version, or NULL on a conflict.
CREATE OR REPLACE FUNCTION crm_orleans_state_write(
    p_grain_id_hash integer, p_grain_id_n0 bigint, p_grain_id_n1 bigint, p_grain_type_hash integer,
    p_grain_type text, p_grain_id_ext text, p_service_id text, p_expected_version integer, p_payload bytea)
    RETURNS integer
    LANGUAGE plpgsql
AS $body$
DECLARE
    v_new integer;
BEGIN
    IF p_expected_version IS NULL THEN
        -- First write of this grain's state; a row already there means another activation wrote first.
        INSERT INTO orleans_grain_state
               (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, grain_id_hash, grain_type_hash,
                payload, version)
        VALUES (p_service_id, p_grain_type, p_grain_id_n0, p_grain_id_n1, p_grain_id_ext, p_grain_id_hash,
                p_grain_type_hash, p_payload, 1)
        ON CONFLICT DO NOTHING
        RETURNING version INTO v_new;
        RETURN v_new;
    END IF;

    UPDATE orleans_grain_state AS s
       SET payload = p_payload, version = s.version + 1, modified_at = now()
     WHERE s.grain_id_hash = p_grain_id_hash AND s.grain_type_hash = p_grain_type_hash
       AND s.service_id = p_service_id AND s.grain_type = p_grain_type
       AND s.grain_id_n0 = p_grain_id_n0 AND s.grain_id_n1 = p_grain_id_n1
       AND s.grain_id_ext IS NOT DISTINCT FROM p_grain_id_ext
       AND s.version = p_expected_version
    RETURNING s.version INTO v_new;
    RETURN v_new;
END;
$body$;

-- Empties a grain's state but keeps its row and moves its version on (ClearStateAsync); NULL on a conflict.
CREATE OR REPLACE FUNCTION crm_orleans_state_clear(
    p_grain_id_hash integer, p_grain_id_n0 bigint, p_grain_id_n1 bigint, p_grain_type_hash integer,
    p_grain_type text, p_grain_id_ext text, p_service_id text, p_expected_version integer)
    RETURNS integer
    LANGUAGE sql
AS $body$
    UPDATE orleans_grain_state AS s
       SET payload = NULL, version = s.version + 1, modified_at = now()
     WHERE s.grain_id_hash = p_grain_id_hash AND s.grain_type_hash = p_grain_type_hash
       AND s.service_id = p_service_id AND s.grain_type = p_grain_type
       AND s.grain_id_n0 = p_grain_id_n0 AND s.grain_id_n1 = p_grain_id_n1
       AND s.grain_id_ext IS NOT DISTINCT FROM p_grain_id_ext
       AND s.version = p_expected_version
    RETURNING s.version;
$body$;

-- Removes a grain's row (ClearStateAsync with DeleteStateOnClear); answers the version after the deleted one so
-- that the provider sees a change, or NULL on a conflict.
CREATE OR REPLACE FUNCTION crm_orleans_state_delete(
    p_grain_id_hash integer, p_grain_id_n0 bigint, p_grain_id_n1 bigint, p_grain_type_hash integer,
    p_grain_type text, p_grain_id_ext text, p_service_id text, p_expected_version integer)
    RETURNS integer
    LANGUAGE sql
AS $body$
    DELETE FROM orleans_grain_state AS s
     WHERE s.grain_id_hash = p_grain_id_hash AND s.grain_type_hash = p_grain_type_hash
       AND s.service_id = p_service_id AND s.grain_type = p_grain_type
       AND s.grain_id_n0 = p_grain_id_n0 AND s.grain_id_n1 = p_grain_id_n1
       AND s.grain_id_ext IS NOT DISTINCT FROM p_grain_id_ext
       AND s.version = p_expected_version
    RETURNING s.version + 1;
$body$;

INSERT INTO orleansquery (querykey, querytext) VALUES

('ReadFromStorageKey', $q$
SELECT s.payload AS "PayloadBinary", s.version AS "Version"
  FROM orleans_grain_state AS s
 WHERE s.grain_id_hash = @GrainIdHash AND s.grain_type_hash = @GrainTypeHash
   AND s.service_id = @ServiceId AND s.grain_type = @GrainTypeString
   AND s.grain_id_n0 = @GrainIdN0 AND s.grain_id_n1 = @GrainIdN1
   AND s.grain_id_ext IS NOT DISTINCT FROM @GrainIdExtensionString
$q$),

('WriteToStorageKey', $q$
SELECT crm_orleans_state_write(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                               @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary)
       AS "NewGrainStateVersion"
$q$),

('ClearStorageKey', $q$
SELECT crm_orleans_state_clear(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                               @GrainIdExtensionString, @ServiceId, @GrainStateVersion)
$q$),

('DeleteStorageKey', $q$
SELECT crm_orleans_state_delete(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                                @GrainIdExtensionString, @ServiceId, @GrainStateVersion)
$q$)

ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
