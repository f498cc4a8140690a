-- Hazard closed loop (隐患闭环). The machine state lives in `state` (jsonb, HazardState as JSON);
-- the columns next to it copy what lists, filters, exports and recurrence need, written in the same
-- UPDATE as the state so they never disagree. `version` mirrors state.version for the optimistic check.

CREATE TABLE hazards (
  id              uuid PRIMARY KEY,
  plant_id        text NOT NULL REFERENCES plants(id),
  code            text NOT NULL,                    -- YH-20261124-0001 (plant-local date)
  area_id         uuid REFERENCES areas(id),
  area_key        text NOT NULL,
  category_key    text NOT NULL,                    -- a leaf of hazard_categories
  equipment_tag   text,                             -- 位号, e.g. V-301 (optional)
  description     text NOT NULL,
  location        jsonb,                            -- {lat, lng, datum} when the reporter shared one
  source          text NOT NULL CHECK (source IN ('chat', 'api', 'reinspection')),
  grade           text NOT NULL CHECK (grade IN ('general', 'major')),
  status          text NOT NULL,
  state           jsonb NOT NULL,
  version         integer NOT NULL,
  reporter_id     uuid NOT NULL REFERENCES people(id),
  assignee_id     uuid REFERENCES people(id),
  delegate_id     uuid REFERENCES people(id),
  deadline        timestamptz NOT NULL,
  escalation_level integer NOT NULL DEFAULT 0,
  recurrence_of   uuid REFERENCES hazards(id),      -- an earlier hazard, same area + category (+ tag) within N days
  recurring       boolean NOT NULL DEFAULT false,
  reinspection_of uuid REFERENCES hazards(id),      -- opened because the reinspection of that hazard found it back
  major_flagged   boolean NOT NULL DEFAULT false,   -- to be reported to the regulator (Safety Law Art. 41)
  major_flagged_at timestamptz,
  major_report    jsonb,                            -- {cause, severity, difficulty} for the regulator report
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  closed_at       timestamptz,
  UNIQUE (plant_id, code)
);
CREATE INDEX hazards_plant_created ON hazards (plant_id, created_at DESC);
CREATE INDEX hazards_plant_status ON hazards (plant_id, status, created_at DESC);
CREATE INDEX hazards_plant_assignee ON hazards (plant_id, assignee_id, status);
CREATE INDEX hazards_plant_delegate ON hazards (plant_id, delegate_id) WHERE delegate_id IS NOT NULL;
CREATE INDEX hazards_plant_reporter ON hazards (plant_id, reporter_id);
CREATE INDEX hazards_plant_area ON hazards (plant_id, area_key, category_key, created_at DESC);
CREATE INDEX hazards_plant_grade ON hazards (plant_id, grade, created_at DESC);
CREATE INDEX hazards_plant_open_deadline ON hazards (plant_id, deadline)
  WHERE status IN ('reported', 'assigned', 'rectifying', 'awaiting_verification');
CREATE INDEX hazards_plant_major ON hazards (plant_id, created_at) WHERE major_flagged;

-- Photos of a hazard: the report's (before), each submitted rectification's (after), a reinspection's.
CREATE TABLE hazard_photos (
  plant_id   text NOT NULL REFERENCES plants(id),
  hazard_id  uuid NOT NULL REFERENCES hazards(id),
  file_id    uuid NOT NULL REFERENCES files(id),
  role       text NOT NULL CHECK (role IN ('before', 'after', 'reinspection')),
  position   integer NOT NULL,
  added_by   uuid,
  added_at   timestamptz NOT NULL,
  PRIMARY KEY (hazard_id, role, file_id)
);
CREATE INDEX hazard_photos_plant ON hazard_photos (plant_id, hazard_id);
