-- Cluster membership for Microsoft.Orleans.Clustering.AdoNet (invariant "Npgsql").
--
-- The provider owns no schema: at start it reads the SQL it runs from a table it finds through the
-- search path, `OrleansQuery` (QueryKey -> QueryText), and binds these parameters by name:
--   @DeploymentId (the Orleans ClusterId), @Address, @Port, @Generation, @SiloName, @HostName,
--   @Status, @ProxyPort, @SuspectTimes, @StartTime, @IAmAliveTime, @Version.
-- It reads result columns by name: Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
-- SuspectTimes, StartTime, IAmAliveTime, Version. Writes answer one value: > 0 when they succeeded,
-- 0 when the table version did not match (Orleans then re-reads the table and tries again).
--
-- Our tables use snake_case in their own schema; the queries alias columns to the names the provider
-- reads, with quoted identifiers so the match does not depend on case folding.

CREATE SCHEMA orleans;

-- One row per cluster. `version` is the membership table's etag: every membership write must name
-- the version it read and bumps it, which is how Orleans serialises concurrent membership changes.
CREATE TABLE orleans.membership_version (
    deployment_id text PRIMARY KEY,
    version integer NOT NULL DEFAULT 0,
    changed_at timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation (address, port and generation: a restarted silo is a new row).
CREATE TABLE orleans.membership (
    deployment_id text NOT NULL REFERENCES orleans.membership_version (deployment_id) ON DELETE CASCADE,
    address text NOT NULL,
    port integer NOT NULL,
    generation integer NOT NULL,
    silo_name text NOT NULL,
    host_name text NOT NULL,
    status integer NOT NULL,
    proxy_port integer,
    suspect_times text,
    start_time timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Inserts a silo row and bumps the version, both or neither. The version row is locked first, so a
-- concurrent writer that read the same version waits here and then finds it changed.
CREATE FUNCTION orleans.insert_membership(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_silo_name text, p_host_name text, p_status integer, p_proxy_port integer,
    p_start_time timestamptz, p_i_am_alive_time timestamptz, p_version integer)
RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM orleans.membership_version
    WHERE deployment_id = p_deployment_id AND version = p_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    INSERT INTO orleans.membership (deployment_id, address, port, generation, silo_name, host_name,
                                    status, proxy_port, start_time, i_am_alive_time)
    VALUES (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name,
            p_status, p_proxy_port, p_start_time, p_i_am_alive_time)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleans.membership_version SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id;
    RETURN 1;
END
$$;

-- Updates a silo row (status, suspicions, liveness) and bumps the version, both or neither.
CREATE FUNCTION orleans.update_membership(
    p_deployment_id text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspect_times text, p_i_am_alive_time timestamptz, p_version integer)
RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM orleans.membership_version
    WHERE deployment_id = p_deployment_id AND version = p_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleans.membership
    SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
    WHERE deployment_id = p_deployment_id AND address = p_address AND port = p_port
      AND generation = p_generation;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleans.membership_version SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id;
    RETURN 1;
END
$$;

-- The provider looks this table up unqualified, through the search path; `public` is on every
-- default search path. Later migrations replace query texts with ON CONFLICT ... DO UPDATE.
CREATE TABLE public.orleansquery (
    querykey text PRIMARY KEY,
    querytext text NOT NULL
);

INSERT INTO public.orleansquery (querykey, querytext) VALUES

('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleans.membership_version (deployment_id) VALUES (@DeploymentId)
    ON CONFLICT DO NOTHING
    RETURNING 1)
SELECT count(*)::integer FROM created;
$q$),

('InsertMembershipKey', $q$
SELECT orleans.insert_membership(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
                                 @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);
$q$),

('UpdateMembershipKey', $q$
SELECT orleans.update_membership(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
                                 @IAmAliveTime, @Version);
$q$),

-- Liveness heartbeats do not change the membership view, so they do not bump the version.
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans.membership SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
$q$),

-- Both reads return the version row even when no silo row matches (the silo columns are then NULL):
-- the provider needs the version in every answer.
('MembershipReadRowKey', $q$
SELECT m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime", v.version AS "Version"
FROM orleans.membership_version v
LEFT JOIN orleans.membership m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId;
$q$),

('MembershipReadAllKey', $q$
SELECT m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime", v.version AS "Version"
FROM orleans.membership_version v
LEFT JOIN orleans.membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId;
$q$),

-- Silo rows go with their version row (ON DELETE CASCADE).
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans.membership_version WHERE deployment_id = @DeploymentId;
$q$),

-- Gateways clients may connect to: active silos that listen for clients. @Status is Active (3).
('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM orleans.membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0;
$q$),

-- Rows of dead silos (Status 6) silent since @IAmAliveTime. The provider runs this only when the
-- optional CleanupDefunctSiloEntryKey below is missing; both are kept so either provider path works.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans.membership
WHERE deployment_id = @DeploymentId AND status = 6
  AND i_am_alive_time < @IAmAliveTime AND start_time < @IAmAliveTime;
$q$),

-- Deletes one dead silo's row only if it still holds the values the provider read (start, liveness,
-- suspicions): a row that changed since is left alone.
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM orleans.membership
WHERE deployment_id = @DeploymentId AND status = 6
  AND address = @Address AND port = @Port AND generation = @Generation
  AND start_time = @StartTime AND i_am_alive_time = @IAmAliveTime
  AND suspect_times IS NOT DISTINCT FROM @SuspectTimes;
$q$);
