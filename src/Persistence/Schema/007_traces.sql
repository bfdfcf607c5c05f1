-- CrmActors schema 007: traces through the journal.
--
-- The dispatcher delivers a change long after the request that appended it has been answered, in another process.
-- With tracing on, the append passes the W3C trace context (traceparent) of its span; every row of the batch keeps
-- it, and the dispatcher's delivery span continues that trace (docs/architecture.md, "Traces"). With tracing off the
-- column is null: a null costs a bit in the row's null bitmap, nothing more.

ALTER TABLE crm_journal ADD COLUMN IF NOT EXISTS trace text;

DROP FUNCTION IF EXISTS crm_journal_append(text[], text[], bytea[], text[], smallint[], bytea[]);

-- As in 005, plus p_trace (null when tracing is off), journaled with every new row of the batch.
CREATE OR REPLACE FUNCTION crm_journal_append(
    p_producers text[], p_ids text[], p_hashes bytea[], p_customers text[], p_queues smallint[], p_payloads bytea[],
    p_trace text DEFAULT NULL)
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
            INSERT INTO crm_journal (accepted_month, queue, ord, customer_id, producer, event_id, payload, trace)
            SELECT date_trunc('month', now())::date, i.queue, i.ord, i.customer_id, i.producer, i.event_id, i.payload, p_trace
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
