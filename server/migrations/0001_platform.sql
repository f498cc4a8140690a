-- Platform foundation: plant configuration, identity, evidence chain, files, messaging, idempotency.
-- Every row carries plant_id. Config rows keep a stable id across imports (upsert by key,
-- soft delete, version bump on change) so history keeps its references.

CREATE TABLE plants (
  id            text PRIMARY KEY,              -- the plant file's `id` (stable, chosen by the plant)
  name          text NOT NULL,
  timezone      text NOT NULL,
  settings      jsonb NOT NULL DEFAULT '{}',
  config_hash   text NOT NULL,
  config_version integer NOT NULL DEFAULT 1,
  source_file   text NOT NULL,
  config        jsonb,                         -- the validated file as imported (served redacted)
  imported_at   timestamptz NOT NULL DEFAULT now()
);

-- One generic shape for the config entities keeps the importer one function.
CREATE TABLE areas (
  id uuid PRIMARY KEY, plant_id text NOT NULL REFERENCES plants(id), key text NOT NULL,
  name text NOT NULL, data jsonb NOT NULL, version integer NOT NULL DEFAULT 1,
  content_hash text NOT NULL, deleted_at timestamptz, UNIQUE (plant_id, key)
);
CREATE TABLE units (
  id uuid PRIMARY KEY, plant_id text NOT NULL REFERENCES plants(id), key text NOT NULL,
  name text NOT NULL, data jsonb NOT NULL, version integer NOT NULL DEFAULT 1,
  content_hash text NOT NULL, deleted_at timestamptz, UNIQUE (plant_id, key)
);
CREATE TABLE departments (
  id uuid PRIMARY KEY, plant_id text NOT NULL REFERENCES plants(id), key text NOT NULL,
  name text NOT NULL, data jsonb NOT NULL, version integer NOT NULL DEFAULT 1,
  content_hash text NOT NULL, deleted_at timestamptz, UNIQUE (plant_id, key)
);
CREATE TABLE roles (
  id uuid PRIMARY KEY, plant_id text NOT NULL REFERENCES plants(id), key text NOT NULL,
  name text NOT NULL, data jsonb NOT NULL, version integer NOT NULL DEFAULT 1,
  content_hash text NOT NULL, deleted_at timestamptz, UNIQUE (plant_id, key)
);
CREATE TABLE people (
  id uuid PRIMARY KEY, plant_id text NOT NULL REFERENCES plants(id), key text NOT NULL,
  name text NOT NULL, data jsonb NOT NULL, version integer NOT NULL DEFAULT 1,
  content_hash text NOT NULL, deleted_at timestamptz, UNIQUE (plant_id, key)
);
CREATE TABLE groups (
  id uuid PRIMARY KEY, plant_id text NOT NULL REFERENCES plants(id), key text NOT NULL,
  name text NOT NULL, data jsonb NOT NULL, version integer NOT NULL DEFAULT 1,
  content_hash text NOT NULL, deleted_at timestamptz, UNIQUE (plant_id, key)
);
CREATE TABLE hazard_categories (
  id uuid PRIMARY KEY, plant_id text NOT NULL REFERENCES plants(id), key text NOT NULL,
  name text NOT NULL, data jsonb NOT NULL, version integer NOT NULL DEFAULT 1,
  content_hash text NOT NULL, deleted_at timestamptz, UNIQUE (plant_id, key)
);
CREATE TABLE sla_policies (
  id uuid PRIMARY KEY, plant_id text NOT NULL REFERENCES plants(id), key text NOT NULL,
  name text NOT NULL, data jsonb NOT NULL, version integer NOT NULL DEFAULT 1,
  content_hash text NOT NULL, deleted_at timestamptz, UNIQUE (plant_id, key)
);
CREATE TABLE assignment_rules (
  id uuid PRIMARY KEY, plant_id text NOT NULL REFERENCES plants(id), key text NOT NULL,
  name text NOT NULL, data jsonb NOT NULL, version integer NOT NULL DEFAULT 1,
  content_hash text NOT NULL, deleted_at timestamptz, UNIQUE (plant_id, key)
);

-- Messenger identity: which platform user is which person (verified senders resolve here).
CREATE TABLE person_platform_ids (
  plant_id text NOT NULL REFERENCES plants(id),
  platform text NOT NULL,
  platform_user_id text NOT NULL,
  person_id uuid NOT NULL REFERENCES people(id),
  PRIMARY KEY (plant_id, platform, platform_user_id)
);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY,
  plant_id text NOT NULL REFERENCES plants(id),
  name text NOT NULL,
  role_key text NOT NULL,
  scope text[] NOT NULL DEFAULT '{*}',
  owner_person_id uuid REFERENCES people(id),
  token_hash text NOT NULL UNIQUE,           -- sha256 of the secret; the secret is shown once
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);

-- Idempotency: key per principal + route, hash of the body, the stored answer. Never expires.
CREATE TABLE idempotency_keys (
  principal_key text NOT NULL,
  route text NOT NULL,
  key text NOT NULL,
  body_hash text NOT NULL,
  status integer,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal_key, route, key)
);

-- Inbound platform traffic dedupe (WeCom MsgId, DingTalk msgId, Sandbox client ids).
CREATE TABLE inbound_dedupe (
  platform text NOT NULL,
  dedupe_key text NOT NULL,
  plant_id text,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, dedupe_key)
);

-- Evidence chain: append-only, hash-chained per plant.
CREATE TABLE evidence_events (
  id bigserial PRIMARY KEY,
  plant_id text NOT NULL REFERENCES plants(id),
  seq bigint NOT NULL,
  kind text NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  actor jsonb NOT NULL,
  occurred_at timestamptz NOT NULL,
  canonical text NOT NULL,                   -- the exact string that was hashed
  prev_hash text NOT NULL,
  hash text NOT NULL,
  UNIQUE (plant_id, seq)
);
CREATE INDEX evidence_events_subject ON evidence_events (plant_id, subject_type, subject_id, seq);

CREATE TABLE evidence_heads (
  plant_id text PRIMARY KEY REFERENCES plants(id),
  seq bigint NOT NULL,
  hash text NOT NULL
);

-- The head hash at the end of each plant-local day, for export and daily push.
CREATE TABLE evidence_daily_heads (
  plant_id text NOT NULL REFERENCES plants(id),
  day date NOT NULL,
  seq bigint NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (plant_id, day)
);

CREATE FUNCTION evidence_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'evidence_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER evidence_events_no_update BEFORE UPDATE OR DELETE ON evidence_events
  FOR EACH ROW EXECUTE FUNCTION evidence_events_append_only();
CREATE TRIGGER evidence_events_no_truncate BEFORE TRUNCATE ON evidence_events
  FOR EACH STATEMENT EXECUTE FUNCTION evidence_events_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON evidence_events FROM PUBLIC;

-- Content-addressed originals: the bytes live under DATA_DIR/files/<sha256>.
CREATE TABLE files (
  id uuid PRIMARY KEY,
  plant_id text NOT NULL REFERENCES plants(id),
  sha256 text NOT NULL,
  size bigint NOT NULL,
  mime text NOT NULL,
  original_name text,
  uploaded_by uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX files_sha ON files (plant_id, sha256);

-- What each adapter sent, so a card can be updated (or re-sent) later.
CREATE TABLE sent_messages (
  id uuid PRIMARY KEY,
  plant_id text NOT NULL REFERENCES plants(id),
  delivery_id text NOT NULL UNIQUE,          -- makes the delivery job idempotent
  platform text NOT NULL,
  target jsonb NOT NULL,
  sent_ref jsonb NOT NULL,
  card_kind text,
  subject_type text,
  subject_id text,
  card_version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sent_messages_subject ON sent_messages (plant_id, subject_type, subject_id);

-- Multi-step chat state (drafts, "type the reason" steps) lives here, not in process memory.
CREATE TABLE conversation_states (
  plant_id text NOT NULL REFERENCES plants(id),
  person_id uuid NOT NULL REFERENCES people(id),
  kind text NOT NULL,
  state jsonb NOT NULL,
  expires_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (plant_id, person_id, kind)
);

-- The Sandbox adapter's chats: one-to-one ('dm:<personId>') and group ('group:<groupId>').
CREATE SEQUENCE sandbox_rev;
CREATE TABLE sandbox_messages (
  id bigserial PRIMARY KEY,
  rev bigint NOT NULL DEFAULT nextval('sandbox_rev'),  -- bumped on every change; the page polls rev > last
  plant_id text NOT NULL REFERENCES plants(id),
  conversation text NOT NULL,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  sender_person_id uuid,
  kind text NOT NULL CHECK (kind IN ('text', 'image', 'location', 'card', 'markdown')),
  body jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sandbox_messages_conv ON sandbox_messages (plant_id, conversation, id);
CREATE INDEX sandbox_messages_rev ON sandbox_messages (plant_id, rev);

-- Per-plant daily counters for readable codes (YH-20261124-0001).
CREATE TABLE code_counters (
  plant_id text NOT NULL REFERENCES plants(id),
  prefix text NOT NULL,
  day text NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (plant_id, prefix, day)
);
