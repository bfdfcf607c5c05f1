-- CrmActors schema 002: cluster membership for Microsoft.Orleans.Clustering.AdoNet (10.x) on PostgreSQL.
--
-- The provider's contract (Orleans.Clustering.AdoNet 10.4.2, DbStoredQueries / RelationalOrleansQueries):
--   * "DeploymentId" is the cluster id; a silo is identified by ("Address" text, "Port" int, "Generation" int).
--   * Membership has one version per cluster. Readers get it in a "Version" column on every row; a write names
--     the version it read ("Version" parameter) and succeeds only if that is still current, and then moves the
--     version on by exactly one. Writes answer with a single row holding a single boolean.
--   * Reads return the version row even when the cluster has no silo yet: then the silo columns are NULL
--     ("StartTime" NULL tells the provider there is no member in that row).
--   * Times are bound as DbType.DateTime, which Npgsql sends as timestamptz (UTC), hence timestamptz columns.
--   * "SiloName", "HostName" and "ProxyPort" are read without a NULL check: they are stored NOT NULL.
--   * "SuspectTimes" is the provider's own text encoding of suspicion votes; stored as given.
-- Status codes are Orleans' SiloStatus: 3 = Active, 6 = Dead.

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id text        NOT NULL PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id   text        NOT NULL
        REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL DEFAULT 0,
    suspect_times   text,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    CONSTRAINT orleans_membership_pk PRIMARY KEY (deployment_id, address, port, generation)
);

-- Adds a silo if the caller's view of the membership version is current. The version row is locked first, so
-- all membership changes of one cluster are serialized and the check-then-write cannot interleave.
CREATE OR REPLACE FUNCTION crm_orleans_membership_insert(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_silo_name text, p_host_name text, p_status integer, p_proxy_port integer,
    p_start_time timestamptz, p_i_am_alive_time timestamptz, p_expected_version integer)
    RETURNS boolean
    LANGUAGE plpgsql
AS $body$
DECLARE
    v_current integer;
BEGIN
    SELECT mv.version INTO v_current
      FROM orleans_membership_version AS mv
     WHERE mv.deployment_id = p_deployment_id
       FOR UPDATE;
    IF NOT FOUND OR v_current IS DISTINCT FROM p_expected_version THEN
        RETURN false;
    END IF;

    INSERT INTO orleans_membership AS m
           (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port,
            suspect_times, start_time, i_am_alive_time)
    VALUES (p_deployment_id, p_address, p_port, p_generation, coalesce(p_silo_name, ''), coalesce(p_host_name, ''),
            p_status, coalesce(p_proxy_port, 0), NULL, p_start_time, p_i_am_alive_time)
    ON CONFLICT ON CONSTRAINT orleans_membership_pk DO NOTHING;
    IF NOT FOUND THEN
        RETURN false;  -- that silo is already a member
    END IF;

    UPDATE orleans_membership_version
       SET version = version + 1, changed_at = now()
     WHERE deployment_id = p_deployment_id;
    RETURN true;
END;
$body$;

-- Changes a silo's status, suspicion votes and liveness time under the same version check as the insert.
CREATE OR REPLACE FUNCTION crm_orleans_membership_update(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspect_times text, p_i_am_alive_time timestamptz, p_expected_version integer)
    RETURNS boolean
    LANGUAGE plpgsql
AS $body$
DECLARE
    v_current integer;
BEGIN
    SELECT mv.version INTO v_current
      FROM orleans_membership_version AS mv
     WHERE mv.deployment_id = p_deployment_id
       FOR UPDATE;
    IF NOT FOUND OR v_current IS DISTINCT FROM p_expected_version THEN
        RETURN false;
    END IF;

    UPDATE orleans_membership AS m
       SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
     WHERE m.deployment_id = p_deployment_id
       AND m.address = p_address AND m.port = p_port AND m.generation = p_generation;
    IF NOT FOUND THEN
        RETURN false;  -- no such member
    END IF;

    UPDATE orleans_membership_version
       SET version = version + 1, changed_at = now()
     WHERE deployment_id = p_deployment_id;
    RETURN true;
END;
$body$;

-- The query texts. Upserted, so re-running this script (or a later script) can revise a query in place.
INSERT INTO orleansquery (querykey, querytext) VALUES

('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleans_membership_version (deployment_id) VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1)
SELECT count(*) > 0 FROM created
$q$),

('InsertMembershipKey', $q$
SELECT crm_orleans_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
                                     @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version)
$q$),

('UpdateMembershipKey', $q$
SELECT crm_orleans_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
                                     @IAmAliveTime, @Version)
$q$),

-- Heartbeats do not move the version: they are liveness hints, not membership changes.
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership
   SET i_am_alive_time = @IAmAliveTime
 WHERE deployment_id = @DeploymentId
   AND address = @Address AND port = @Port AND generation = @Generation
$q$),

('MembershipReadRowKey', $q$
SELECT mv.version         AS "Version",
       m.address          AS "Address",
       m.port             AS "Port",
       m.generation       AS "Generation",
       m.silo_name        AS "SiloName",
       m.host_name        AS "HostName",
       m.status           AS "Status",
       m.proxy_port       AS "ProxyPort",
       m.suspect_times    AS "SuspectTimes",
       m.start_time       AS "StartTime",
       m.i_am_alive_time  AS "IAmAliveTime"
  FROM orleans_membership_version AS mv
  LEFT JOIN orleans_membership AS m
         ON m.deployment_id = mv.deployment_id
        AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
 WHERE mv.deployment_id = @DeploymentId
$q$),

('MembershipReadAllKey', $q$
SELECT mv.version         AS "Version",
       m.address          AS "Address",
       m.port             AS "Port",
       m.generation       AS "Generation",
       m.silo_name        AS "SiloName",
       m.host_name        AS "HostName",
       m.status           AS "Status",
       m.proxy_port       AS "ProxyPort",
       m.suspect_times    AS "SuspectTimes",
       m.start_time       AS "StartTime",
       m.i_am_alive_time  AS "IAmAliveTime"
  FROM orleans_membership_version AS mv
  LEFT JOIN orleans_membership AS m ON m.deployment_id = mv.deployment_id
 WHERE mv.deployment_id = @DeploymentId
$q$),

('GatewaysQueryKey', $q$
SELECT m.address AS "Address", m.proxy_port AS "ProxyPort", m.generation AS "Generation"
  FROM orleans_membership AS m
 WHERE m.deployment_id = @DeploymentId
   AND m.status = @Status
   AND m.proxy_port > 0
$q$),

-- The member rows go with the version row (ON DELETE CASCADE).
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId
$q$),

-- Bulk clean-up of long-dead silos, used by providers that do not know the per-row query below. Conservative:
-- only rows without suspicion votes (their vote times are encoded in text and cannot be compared here).
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
 WHERE deployment_id = @DeploymentId
   AND status = 6
   AND start_time < @IAmAliveTime
   AND i_am_alive_time < @IAmAliveTime
   AND coalesce(suspect_times, '') = ''
$q$),

-- Optional in 10.4.2 and used when present: the provider picks the dead rows older than its cut-off itself and
-- deletes each one only if it is still exactly as it read it (a silo that changed meanwhile is left alone).
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleans_membership
 WHERE deployment_id = @DeploymentId
   AND address = @Address AND port = @Port AND generation = @Generation
   AND status = 6
   AND start_time = @StartTime
   AND i_am_alive_time = @IAmAliveTime
   AND coalesce(suspect_times, '') = coalesce(@SuspectTimes, '')
$q$)

ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
