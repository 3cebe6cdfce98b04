-- Orleans cluster membership on the ledger's database (ADO.NET clustering, Invariant "Npgsql", Orleans 10.4.2).
-- The provider reads its statements by name from orleans_query at start ("OrleansQuery" is the name it asks for:
-- unquoted, PostgreSQL folds it to lower case) and reads result columns by name, case-insensitively. Parameter names
-- (@DeploymentId, ...) are the provider's. The tables and statements are this project's: one statement per
-- operation, each guarded by the membership version (an optimistic lock: a write with a stale version changes nothing
-- and answers 0, and Orleans reads the table again and retries). Boolean answers are a count > 0.
-- Reminders, grain storage and the gateway list of external clients are not used by the cluster.

CREATE TABLE orleans_membership_version (
    deployment_id text PRIMARY KEY,
    stamp         timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 0
);

CREATE TABLE orleans_membership (
    deployment_id   text NOT NULL REFERENCES orleans_membership_version (deployment_id),
    address         text NOT NULL,
    port            integer NOT NULL,
    generation      integer NOT NULL,
    silo_name       text NOT NULL,
    host_name       text NOT NULL,
    status          integer NOT NULL,
    proxy_port      integer,
    suspect_times   text,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

CREATE TABLE OrleansQuery (
    QueryKey  text PRIMARY KEY,
    QueryText text NOT NULL
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
-- The version row of a cluster: 1 when this call created it.
('InsertMembershipVersionKey', '
    WITH created AS (
        INSERT INTO orleans_membership_version (deployment_id) VALUES (@DeploymentId)
        ON CONFLICT (deployment_id) DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM created'),

-- A silo joins: its row is added only together with the version step it was read at.
('InsertMembershipKey', '
    WITH stepped AS (
        UPDATE orleans_membership_version SET version = version + 1, stamp = now()
        WHERE deployment_id = @DeploymentId AND version = @Version
          AND NOT EXISTS (SELECT 1 FROM orleans_membership m
                          WHERE m.deployment_id = @DeploymentId AND m.address = @Address
                            AND m.port = @Port AND m.generation = @Generation)
        RETURNING deployment_id),
    added AS (
        INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status,
                                        proxy_port, start_time, i_am_alive_time)
        SELECT deployment_id, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime
        FROM stepped
        RETURNING 1)
    SELECT count(*)::integer FROM added'),

-- A silo changes status or suspicions: its row changes only together with the version step it was read at.
('UpdateMembershipKey', '
    WITH stepped AS (
        UPDATE orleans_membership_version SET version = version + 1, stamp = now()
        WHERE deployment_id = @DeploymentId AND version = @Version
          AND EXISTS (SELECT 1 FROM orleans_membership m
                      WHERE m.deployment_id = @DeploymentId AND m.address = @Address
                        AND m.port = @Port AND m.generation = @Generation)
        RETURNING deployment_id),
    changed AS (
        UPDATE orleans_membership m SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
        FROM stepped s
        WHERE m.deployment_id = s.deployment_id AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
        RETURNING 1)
    SELECT count(*)::integer FROM changed'),

-- The liveness heartbeat: not versioned, never checked.
('UpdateIAmAlivetimeKey', '
    UPDATE orleans_membership SET i_am_alive_time = @IAmAliveTime
    WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation'),

-- One silo with the table version (the version row comes back even when the silo has no row).
('MembershipReadRowKey', '
    SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
           m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
           m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
           v.version AS Version
    FROM orleans_membership_version v
    LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
        AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    WHERE v.deployment_id = @DeploymentId'),

-- Every silo with the table version.
('MembershipReadAllKey', '
    SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
           m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
           m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
           v.version AS Version
    FROM orleans_membership_version v
    LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
    WHERE v.deployment_id = @DeploymentId'),

-- Gateways of active silos (for external Orleans clients; the cluster runs none, the provider requires the query).
('GatewaysQueryKey', '
    SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
    FROM orleans_membership
    WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0'),

-- A whole cluster''s rows (tests and tools).
('DeleteMembershipTableEntriesKey', '
    DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId;
    DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId'),

-- Rows of silos that stopped sending heartbeats long ago and were never declared dead (3 = Dead).
('CleanupDefunctSiloEntriesKey', '
    DELETE FROM orleans_membership
    WHERE deployment_id = @DeploymentId AND i_am_alive_time < @IAmAliveTime AND status <> 3');
