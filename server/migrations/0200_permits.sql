-- Special-work permits (特殊作业票, GB 30871-2022). The machine state lives in `state` (jsonb,
-- PermitState); the columns beside it copy what lists, conflict checks, holds and reports filter
-- on, written in the same UPDATE as the state so they never disagree. `application` keeps the
-- form as applied for (content, JSA, checklist answers, people, type-specific facts).

CREATE TABLE permits (
  id               uuid PRIMARY KEY,
  plant_id         text NOT NULL REFERENCES plants(id),
  code             text NOT NULL,                    -- ZY-20261124-0001 (plant-local date)
  type             text NOT NULL,                    -- HOT CSE BLD HGT LFT TMP EXC RDB
  level            text NOT NULL,                    -- special L1 L2 | I..IV | L1..L3 | single
  status           text NOT NULL,
  area_key         text NOT NULL,
  unit_key         text,
  outdoor          boolean NOT NULL,
  valid_from       timestamptz NOT NULL,
  valid_to         timestamptz NOT NULL,
  applicant_id     uuid NOT NULL REFERENCES people(id),
  guardian_ids     text[] NOT NULL,
  performer_ids    text[] NOT NULL,
  parent_permit_id uuid REFERENCES permits(id),
  blind_plate      jsonb,                            -- {plateId, action, pipelineId?} for BLD conflict checks
  state            jsonb NOT NULL,
  application      jsonb NOT NULL,
  warnings         jsonb NOT NULL DEFAULT '[]',      -- rule warnings found when applying / submitting
  qr_file_id       uuid REFERENCES files(id),        -- the check-in QR image (created on approval)
  version          integer NOT NULL DEFAULT 1,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  UNIQUE (plant_id, code)
);
CREATE INDEX permits_plant_status ON permits (plant_id, status, valid_from);
CREATE INDEX permits_plant_area ON permits (plant_id, area_key, status);
CREATE INDEX permits_plant_unit ON permits (plant_id, unit_key, status) WHERE unit_key IS NOT NULL;
CREATE INDEX permits_plant_type ON permits (plant_id, type, level, valid_from);
CREATE INDEX permits_plant_window ON permits (plant_id, valid_from, valid_to);
CREATE INDEX permits_plant_applicant ON permits (plant_id, applicant_id, created_at DESC);
CREATE INDEX permits_guardians ON permits USING gin (guardian_ids);
CREATE INDEX permits_performers ON permits USING gin (performer_ids);
CREATE INDEX permits_parent ON permits (plant_id, parent_permit_id) WHERE parent_permit_id IS NOT NULL;

-- One row per signature, with the way it was given (on site with the position, or remote).
CREATE TABLE permit_approvals (
  id          uuid PRIMARY KEY,
  plant_id    text NOT NULL REFERENCES plants(id),
  permit_id   uuid NOT NULL REFERENCES permits(id),
  step        integer NOT NULL,
  step_id     text NOT NULL,
  role        text NOT NULL,
  person_id   uuid NOT NULL REFERENCES people(id),
  mode        text NOT NULL CHECK (mode IN ('onsite', 'remote')),
  location    jsonb,                                 -- {lng, lat, datum, accuracyM} for on-site signatures
  distance_m  numeric,                               -- distance to the fence (0 = inside)
  comment     text,
  signed_at   timestamptz NOT NULL,
  UNIQUE (permit_id, person_id)
);
CREATE INDEX permit_approvals_permit ON permit_approvals (plant_id, permit_id, step);

-- Gas analyses (取样分析), failing ones included: they are part of the record.
CREATE TABLE permit_gas_tests (
  id            uuid PRIMARY KEY,
  plant_id      text NOT NULL REFERENCES plants(id),
  permit_id     uuid NOT NULL REFERENCES permits(id),
  test_id       text NOT NULL,
  taken_at      timestamptz NOT NULL,
  analyst_id    uuid NOT NULL REFERENCES people(id),
  sample_point  text,
  readings      jsonb NOT NULL,
  passed        boolean NOT NULL,
  failures      jsonb NOT NULL DEFAULT '[]',
  recorded_by   uuid REFERENCES people(id),
  recorded_at   timestamptz NOT NULL,
  UNIQUE (permit_id, test_id)
);
CREATE INDEX permit_gas_tests_permit ON permit_gas_tests (plant_id, permit_id, taken_at);

-- Guardian check-ins at the site, with the position they were made from.
CREATE TABLE permit_checkins (
  id            uuid PRIMARY KEY,
  plant_id      text NOT NULL REFERENCES plants(id),
  permit_id     uuid NOT NULL REFERENCES permits(id),
  person_id     uuid NOT NULL REFERENCES people(id),
  lng           double precision NOT NULL,
  lat           double precision NOT NULL,
  datum         text NOT NULL,
  accuracy_m    double precision,
  distance_m    numeric NOT NULL,
  monitoring_on boolean NOT NULL,
  video_on      boolean NOT NULL,
  photo_file_ids jsonb NOT NULL DEFAULT '[]',
  checked_in_at timestamptz NOT NULL
);
CREATE INDEX permit_checkins_permit ON permit_checkins (plant_id, permit_id);

-- Holds: a person, a DCS alarm or a weather warning suspends permits. Holds overlap; each is released
-- on its own. A scope hold (area/unit/types/outdoor) lists the permits it caught in permit_hold_targets.
CREATE TABLE permit_holds (
  id             uuid PRIMARY KEY,
  plant_id       text NOT NULL REFERENCES plants(id),
  source         text NOT NULL CHECK (source IN ('person', 'alarm', 'weather')),
  source_id      text NOT NULL,
  reason         text NOT NULL,
  scope          jsonb NOT NULL,
  block_new      boolean NOT NULL DEFAULT false,
  until          timestamptz,
  placed_by      jsonb NOT NULL,                      -- evidence actor
  placed_at      timestamptz NOT NULL,
  released_at    timestamptz,
  released_by    jsonb
);
CREATE INDEX permit_holds_live ON permit_holds (plant_id, source, source_id) WHERE released_at IS NULL;

CREATE TABLE permit_hold_targets (
  plant_id    text NOT NULL REFERENCES plants(id),
  hold_id     uuid NOT NULL REFERENCES permit_holds(id),
  permit_id   uuid NOT NULL REFERENCES permits(id),
  released_at timestamptz,
  PRIMARY KEY (hold_id, permit_id)
);
CREATE INDEX permit_hold_targets_permit ON permit_hold_targets (plant_id, permit_id);

-- Work restrictions: the same scopes, blocking new applications while they last (submission consults them).
CREATE TABLE work_restrictions (
  id           uuid PRIMARY KEY,
  plant_id     text NOT NULL REFERENCES plants(id),
  hold_id      uuid REFERENCES permit_holds(id),
  source       text NOT NULL CHECK (source IN ('person', 'alarm', 'weather')),
  source_id    text NOT NULL,
  reason       text NOT NULL,
  scope        jsonb NOT NULL,                        -- {areaKeys?, unitKeys?, types?, outdoorOnly?}
  placed_by    jsonb NOT NULL,
  placed_at    timestamptz NOT NULL,
  until        timestamptz,
  released_at  timestamptz,
  released_by  jsonb
);
CREATE INDEX work_restrictions_live ON work_restrictions (plant_id) WHERE released_at IS NULL;

-- Registry of personnel certificates (特种作业操作证, 特种设备作业人员证, 监护人培训合格证).
CREATE TABLE certificates (
  id              uuid PRIMARY KEY,
  plant_id        text NOT NULL REFERENCES plants(id),
  holder_id       uuid NOT NULL REFERENCES people(id),
  type            text NOT NULL,
  number          text NOT NULL,
  issued_on       date NOT NULL,
  expires_on      date NOT NULL,
  next_review_on  date,
  issuer          text,
  revoked_at      timestamptz,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  UNIQUE (plant_id, type, number)
);
CREATE INDEX certificates_holder ON certificates (plant_id, holder_id);
CREATE INDEX certificates_expiry ON certificates (plant_id, expires_on) WHERE revoked_at IS NULL;

-- Every resolved plant permit policy: the overrides (tighter or looser, with reason and approver)
-- and the role renames, logged once per plant config version (also written to the evidence chain).
CREATE TABLE permit_policy_overrides (
  id            bigserial PRIMARY KEY,
  plant_id      text NOT NULL REFERENCES plants(id),
  config_hash   text NOT NULL,
  overrides     jsonb NOT NULL,
  role_mappings jsonb NOT NULL,
  logged_at     timestamptz NOT NULL,
  UNIQUE (plant_id, config_hash)
);

-- Marks that make reminder jobs idempotent (a retried job finds its mark and sends nothing twice).
CREATE TABLE permit_job_marks (
  plant_id  text NOT NULL REFERENCES plants(id),
  mark      text NOT NULL,
  marked_at timestamptz NOT NULL,
  PRIMARY KEY (plant_id, mark)
);
