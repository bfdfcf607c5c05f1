-- CrmActors schema 004: the event journal — what makes an acknowledged event durable.
--
-- crm_event_ids   one row per accepted event id with a hash of its content: idempotency (same id, same content
--                 = duplicate) and the contract's 409 (same id, other content). Kept for the window + margin.
-- crm_journal     the accepted events, append-only, partitioned by month of acceptance so that retention drops
--                 whole partitions. Each batch is one transaction; its rows are ordered by (txid, ord).
-- crm_journal_checkpoint  per queue, the journal position up to which a dispatcher has delivered.
--
-- Readers never skip a row committed out of order: they read only rows whose transaction id is below the xmin of
-- their snapshot (every transaction older than that has ended, so no row can appear behind the reader later), and
-- order by (txid, ord), not by a sequence whose values commit in any order.

CREATE TABLE IF NOT EXISTS crm_event_ids
(
    event_id     text        PRIMARY KEY,
    content_hash bytea       NOT NULL,
    accepted_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS crm_event_ids_accepted ON crm_event_ids (accepted_at);

CREATE TABLE IF NOT EXISTS crm_journal
(
    accepted_month date     NOT NULL,
    queue          smallint NOT NULL,
    txid           xid8     NOT NULL DEFAULT pg_current_xact_id(),
    ord            integer  NOT NULL,
    customer_id    text     NOT NULL,
    event_id       text     NOT NULL,
    payload        bytea    NOT NULL
) PARTITION BY RANGE (accepted_month);

-- Dispatchers read a queue in order; a customer grain replays its own events after its snapshot.
CREATE INDEX IF NOT EXISTS crm_journal_queue_order ON crm_journal (queue, txid, ord);
CREATE INDEX IF NOT EXISTS crm_journal_customer_order ON crm_journal (customer_id, txid, ord);

-- Rows of a month whose partition the maintenance job has not created yet still land somewhere.
CREATE TABLE IF NOT EXISTS crm_journal_default PARTITION OF crm_journal DEFAULT;

CREATE TABLE IF NOT EXISTS crm_journal_checkpoint
(
    queue smallint PRIMARY KEY,
    txid  xid8     NOT NULL,
    ord   integer  NOT NULL
);

-- Creates the monthly partitions from p_from's month through p_to's month (idempotent). A month whose rows already
-- landed in the default partition (no partition existed when they were appended) cannot get a partition over them:
-- its rows are moved into the new table and the table attached, all in this one transaction.
CREATE OR REPLACE FUNCTION crm_journal_ensure_partitions(p_from date, p_to date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    m date := date_trunc('month', p_from)::date;
    next_m date;
    name text;
BEGIN
    -- Every silo runs the maintenance: one at a time, so two never both create the same partition.
    PERFORM pg_advisory_xact_lock(hashtext(current_schema() || '.crm_journal_maintenance'));
    WHILE m <= p_to LOOP
        name := 'crm_journal_' || to_char(m, 'YYYYMM');
        next_m := (m + interval '1 month')::date;
        IF to_regclass(name) IS NULL THEN
            IF EXISTS (SELECT 1 FROM crm_journal_default WHERE accepted_month >= m AND accepted_month < next_m) THEN
                EXECUTE format('CREATE TABLE %I (LIKE crm_journal INCLUDING DEFAULTS)', name);
                EXECUTE format('WITH moved AS (DELETE FROM crm_journal_default WHERE accepted_month >= %L AND accepted_month < %L RETURNING *) '
                               'INSERT INTO %I SELECT * FROM moved', m, next_m, name);
                EXECUTE format('ALTER TABLE crm_journal ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', name, m, next_m);
            ELSE
                EXECUTE format('CREATE TABLE %I PARTITION OF crm_journal FOR VALUES FROM (%L) TO (%L)', name, m, next_m);
            END IF;
        END IF;
        m := next_m;
    END LOOP;
END $$;

-- Retention: drops this schema's monthly partitions that end before p_before (and such rows of the default
-- partition), and forgets event ids accepted before it. 'crm_journal'::regclass resolves through the search path like
-- every other statement here, so another schema's journal in the same database is never touched.
CREATE OR REPLACE FUNCTION crm_journal_drop_before(p_before date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    part record;
    dropped integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext(current_schema() || '.crm_journal_maintenance'));
    FOR part IN
        SELECT i.inhrelid::regclass AS rel FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'crm_journal'::regclass AND c.relname ~ '^crm_journal_[0-9]{6}$'
          AND (to_date(substr(c.relname, 13), 'YYYYMM') + interval '1 month')::date <= p_before
    LOOP
        EXECUTE format('DROP TABLE %s', part.rel);
        dropped := dropped + 1;
    END LOOP;
    DELETE FROM crm_journal_default WHERE accepted_month + interval '1 month' <= p_before;
    DELETE FROM crm_event_ids WHERE accepted_at < p_before;
    RETURN dropped;
END $$;

-- Appends one batch in one round trip, all or nothing. New ids are registered and journaled; an id already known
-- with the same content hash is a duplicate; an id known with another hash raises SQLSTATE CR409 (the caller
-- answers 409) and, being an error, rolls the whole batch back. The arrays are parallel, one element per event.
CREATE OR REPLACE FUNCTION crm_journal_append(
    p_ids text[], p_hashes bytea[], p_customers text[], p_queues smallint[], p_payloads bytea[])
RETURNS TABLE (appended integer, duplicates integer)
LANGUAGE plpgsql AS $$
DECLARE
    v_appended integer;
    v_conflicts text;
BEGIN
    WITH input AS (
        SELECT * FROM unnest(p_ids, p_hashes, p_customers, p_queues, p_payloads) WITH ORDINALITY
            AS u(event_id, content_hash, customer_id, queue, payload, ord)
    ), registered AS (
        -- Ids in one global order: two batches sharing ids then wait for each other instead of each holding an id
        -- the other needs (a deadlock, 503, and retries of the same batches meeting again).
        INSERT INTO crm_event_ids (event_id, content_hash)
        SELECT event_id, content_hash FROM input ORDER BY event_id COLLATE "C"
        ON CONFLICT (event_id) DO NOTHING
        RETURNING event_id
    ), journaled AS (
        INSERT INTO crm_journal (accepted_month, queue, ord, customer_id, event_id, payload)
        SELECT date_trunc('month', now())::date, i.queue, i.ord, i.customer_id, i.event_id, i.payload
        FROM input i JOIN registered r ON r.event_id = i.event_id
        RETURNING 1
    )
    SELECT count(*) INTO v_appended FROM journaled;

    -- Checked after the insert: a concurrent batch with the same id has committed (or aborted) by now, because
    -- the insert above waited on its unique-key lock.
    SELECT string_agg(u.event_id, ',') INTO v_conflicts
    FROM unnest(p_ids, p_hashes) AS u(event_id, content_hash)
    JOIN crm_event_ids e ON e.event_id = u.event_id
    WHERE e.content_hash <> u.content_hash;
    IF v_conflicts IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'CR409', MESSAGE = v_conflicts;
    END IF;

    appended := v_appended;
    duplicates := cardinality(p_ids) - v_appended;
    RETURN NEXT;
END $$;
