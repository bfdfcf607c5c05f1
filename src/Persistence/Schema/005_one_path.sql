-- CrmActors schema 005: one journal-first path for every change to a customer.
--
-- * Idempotency per producer (contract "Extensions"): an event id is unique per producer, the producer being the
--   identity of the ingest API key; staff commands are journaled under producer '@staff'. Rows from before this
--   script belong to producer ''.
-- * The append answers conflicts as the batch's indexes (an integer array), never as a delimiter-joined list of ids,
--   so an id may contain any character.
-- * crm_star_history: every service-star change of every customer since first seen, numbered per customer.
-- * crm_dead_letters: changes a customer grain could not apply, set aside with the reason.

ALTER TABLE crm_event_ids ADD COLUMN IF NOT EXISTS producer text NOT NULL DEFAULT '';
ALTER TABLE crm_event_ids DROP CONSTRAINT IF EXISTS crm_event_ids_pkey;
ALTER TABLE crm_event_ids ADD PRIMARY KEY (producer, event_id);

ALTER TABLE crm_journal ADD COLUMN IF NOT EXISTS producer text NOT NULL DEFAULT '';

DROP FUNCTION IF EXISTS crm_journal_append(text[], bytea[], text[], smallint[], bytea[]);

-- Appends one batch in one round trip, all or nothing. New (producer, id) pairs are registered and journaled; a pair
-- already known with the same content hash is a duplicate. When any pair is known with another hash, the inner
-- block's inserts are undone and the answer lists the conflicting positions (1-based) with nothing appended.
-- txid is the batch transaction's id (its rows are at (txid, ord)), null when nothing was appended.
CREATE OR REPLACE FUNCTION crm_journal_append(
    p_producers text[], p_ids text[], p_hashes bytea[], p_customers text[], p_queues smallint[], p_payloads bytea[])
RETURNS TABLE (appended integer, duplicates integer, conflicts integer[], txid xid8)
LANGUAGE plpgsql AS $$
DECLARE
    v_appended integer;
    v_conflicts integer[];
BEGIN
    BEGIN
        WITH input AS (
            SELECT * FROM unnest(p_producers, p_ids, p_hashes, p_customers, p_queues, p_payloads) WITH ORDINALITY
                AS u(producer, event_id, content_hash, customer_id, queue, payload, ord)
        ), registered AS (
            -- Pairs in one global order: two batches sharing ids then wait for each other instead of each holding a
            -- pair the other needs (a deadlock, 503, and retries of the same batches meeting again).
            INSERT INTO crm_event_ids (producer, event_id, content_hash)
            SELECT producer, event_id, content_hash FROM input ORDER BY producer COLLATE "C", event_id COLLATE "C"
            ON CONFLICT (producer, event_id) DO NOTHING
            RETURNING producer, event_id
        ), journaled AS (
            INSERT INTO crm_journal (accepted_month, queue, ord, customer_id, producer, event_id, payload)
            SELECT date_trunc('month', now())::date, i.queue, i.ord, i.customer_id, i.producer, i.event_id, i.payload
            FROM input i JOIN registered r ON r.producer = i.producer AND r.event_id = i.event_id
            RETURNING 1
        )
        SELECT count(*) INTO v_appended FROM journaled;

        -- Checked after the insert: a concurrent batch with the same pair has committed (or aborted) by now, because
        -- the insert above waited on its unique-key lock.
        SELECT array_agg(u.ord::integer ORDER BY u.ord) INTO v_conflicts
        FROM unnest(p_producers, p_ids, p_hashes) WITH ORDINALITY AS u(producer, event_id, content_hash, ord)
        JOIN crm_event_ids e ON e.producer = u.producer AND e.event_id = u.event_id
        WHERE e.content_hash <> u.content_hash;
        IF v_conflicts IS NOT NULL THEN
            RAISE EXCEPTION USING ERRCODE = 'CR409';
        END IF;
    EXCEPTION WHEN SQLSTATE 'CR409' THEN
        appended := 0;
        duplicates := 0;
        conflicts := v_conflicts;
        txid := NULL;
        RETURN NEXT;
        RETURN;
    END;
    appended := v_appended;
    duplicates := cardinality(p_ids) - v_appended;
    conflicts := '{}';
    txid := CASE WHEN v_appended > 0 THEN pg_current_xact_id() END;
    RETURN NEXT;
END $$;

CREATE TABLE IF NOT EXISTS crm_star_history
(
    customer_id text        NOT NULL,
    seq         bigint      NOT NULL,
    at          timestamptz NOT NULL,
    old_star    smallint    NOT NULL,
    new_star    smallint    NOT NULL,
    cause       smallint    NOT NULL,
    points      numeric     NOT NULL,
    breakdown   numeric[]   NOT NULL,
    reason      text,
    changed_by  text,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (customer_id, seq)
);

CREATE TABLE IF NOT EXISTS crm_dead_letters
(
    id           bigserial   PRIMARY KEY,
    txid         xid8        NOT NULL,
    ord          integer     NOT NULL,
    customer_id  text        NOT NULL,
    producer     text        NOT NULL,
    change_id    text        NOT NULL,
    payload      bytea       NOT NULL,
    reason       text        NOT NULL,
    set_aside_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (txid, ord)
);
