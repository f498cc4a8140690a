-- Dynamic risk control: DCS/MQTT alarms (one row per rule episode) and weather warnings.
-- Readings themselves are never stored (per-tag ring buffers in memory on the leader); each
-- lifecycle transition is an evidence event that references a stored trend chart.

CREATE TABLE alarms (
  id                uuid PRIMARY KEY,
  plant_id          text NOT NULL REFERENCES plants(id),
  code              text NOT NULL,                    -- BJ-20261124-0001 (plant-local date)
  rule_id           text NOT NULL,                    -- dcs.rules[].id
  rule_kind         text NOT NULL CHECK (rule_kind IN ('high', 'low', 'deviation', 'rate')),
  rule              jsonb NOT NULL,                   -- the rule as configured when raised
  tag_id            text NOT NULL,
  label             text NOT NULL,                    -- 'R-101 温度'
  uom               text,
  area_key          text,
  unit_key          text,
  severity          text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  condition         text NOT NULL CHECK (condition IN ('active', 'cleared')),
  raised_at         timestamptz NOT NULL,             -- source time of the sample that completed the sustain window
  received_at       timestamptz NOT NULL,             -- when that sample reached us (latency reference)
  acked_at          timestamptz,
  acked_by          uuid REFERENCES people(id),
  acked_by_label    text,
  cleared_at        timestamptz,
  closed_at         timestamptz,                      -- acknowledged and cleared
  trigger_value     double precision NOT NULL,
  peak_value        double precision NOT NULL,
  limit_value       double precision NOT NULL,
  relapses          integer NOT NULL DEFAULT 0,
  hold_ids          text[] NOT NULL DEFAULT '{}',     -- holds placed through the permits service
  held_permit_ids   text[] NOT NULL DEFAULT '{}',
  restriction_id    text,
  trend_file_id     uuid REFERENCES files(id),        -- latest trend snapshot (PNG)
  escalation_level  integer NOT NULL DEFAULT 0,
  escalation_token  text,                             -- the escalation job holding this token is the live one
  hazard_id         uuid,
  version           integer NOT NULL DEFAULT 1,
  updated_at        timestamptz NOT NULL,
  UNIQUE (plant_id, code)
);
-- One open alarm per rule: a second leader (or a replayed event) cannot open a duplicate episode.
CREATE UNIQUE INDEX alarms_one_open_per_rule ON alarms (plant_id, rule_id) WHERE closed_at IS NULL;
CREATE INDEX alarms_plant_raised ON alarms (plant_id, raised_at DESC);
CREATE INDEX alarms_plant_area ON alarms (plant_id, area_key, raised_at DESC);
CREATE INDEX alarms_plant_tag ON alarms (plant_id, tag_id, raised_at DESC);

-- Who was told about which alarm, and how: the storm throttle counts 'card' rows per person and
-- window; 'digest' rows wait (digest_id NULL) until the person's digest card goes out.
CREATE TABLE alarm_notifications (
  id          bigserial PRIMARY KEY,
  plant_id    text NOT NULL REFERENCES plants(id),
  alarm_id    uuid NOT NULL REFERENCES alarms(id),
  person_id   uuid NOT NULL REFERENCES people(id),
  channel     text NOT NULL CHECK (channel IN ('card', 'digest', 'escalation')),
  digest_id   uuid,
  created_at  timestamptz NOT NULL
);
CREATE INDEX alarm_notifications_person ON alarm_notifications (plant_id, person_id, channel, created_at);
CREATE INDEX alarm_notifications_digest ON alarm_notifications (digest_id) WHERE digest_id IS NOT NULL;

-- Weather warnings as received (deduplicated by identifier) and what was done about them.
CREATE TABLE weather_warnings (
  id                uuid PRIMARY KEY,
  plant_id          text NOT NULL REFERENCES plants(id),
  identifier        text NOT NULL,                    -- CAP identifier (or wind@<time> for measured wind)
  source            text NOT NULL CHECK (source IN ('cap', 'json', 'wind')),
  msg_type          text NOT NULL CHECK (msg_type IN ('Alert', 'Update', 'Cancel')),
  status            text NOT NULL CHECK (status IN ('active', 'replaced', 'cancelled', 'expired', 'ended', 'ignored')),
  ignore_reason     text,
  event             text NOT NULL,
  event_type        text,
  level             text,
  beaufort          integer,
  sender            text,
  headline          text,
  sent_at           timestamptz,
  onset_at          timestamptz,
  expires_at        timestamptz,
  refs              text[] NOT NULL DEFAULT '{}',     -- identifiers this one updates or cancels
  matched_rules     jsonb NOT NULL DEFAULT '[]',      -- [{ruleId, stopTypes, raiseLevel, outdoorOnly, evacuate}]
  hold_ids          text[] NOT NULL DEFAULT '{}',
  held_permit_ids   text[] NOT NULL DEFAULT '{}',
  warning           jsonb NOT NULL,                   -- the normalised warning (rebuilds the tracker after a restart)
  received_at       timestamptz NOT NULL,
  released_at       timestamptz,
  release_reason    text,
  UNIQUE (plant_id, identifier)
);
CREATE INDEX weather_warnings_active ON weather_warnings (plant_id) WHERE status = 'active';
CREATE INDEX weather_warnings_received ON weather_warnings (plant_id, received_at DESC);
