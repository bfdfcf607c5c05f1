-- CrmActors schema 006: rule set versions (issue 12).
--
-- * crm_rule_sets: one row per version of the star model's figures (JSON with the contract's names). A row's figures
--   never change; effective_from is set once, when the version is scheduled; a deleted version keeps its row
--   (deleted_at) so that its id is never reused and the history that names it stays unambiguous.
-- * crm_rule_set_audit: who proposed, scheduled or deleted which version, when.

CREATE TABLE IF NOT EXISTS crm_rule_sets
(
    version        text        NOT NULL PRIMARY KEY,
    figures        jsonb       NOT NULL,
    effective_from date        NULL,
    created_at     timestamptz NOT NULL,
    deleted_at     timestamptz NULL
);

CREATE TABLE IF NOT EXISTS crm_rule_set_audit
(
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version        text        NOT NULL REFERENCES crm_rule_sets (version),
    action         text        NOT NULL CHECK (action IN ('proposed', 'scheduled', 'deleted')),
    effective_from date        NULL,
    by_user        text        NOT NULL,
    at             timestamptz NOT NULL
);

-- Each star change records the rule set version it was computed under (null: written before versions existed, i.e.
-- under the published model).
ALTER TABLE crm_star_history ADD COLUMN IF NOT EXISTS rule_version text NULL;
