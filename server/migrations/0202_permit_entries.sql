-- Confined-space entry log (GB 30871 6.8 c): every person and tool in and out, logged by the
-- guardian outside. Append-only like the rest of the record; each line is also an evidence event.
CREATE TABLE permit_entries (
  id           uuid PRIMARY KEY,
  plant_id     text NOT NULL REFERENCES plants(id),
  permit_id    uuid NOT NULL REFERENCES permits(id),
  seq          integer NOT NULL,                      -- order within the permit (the log is folded in order)
  kind         text NOT NULL CHECK (kind IN ('person', 'tool')),
  subject      text NOT NULL,                         -- person id, or the tool's name
  direction    text NOT NULL CHECK (direction IN ('in', 'out')),
  count        integer NOT NULL CHECK (count > 0),
  recorded_by  uuid NOT NULL REFERENCES people(id),
  recorded_at  timestamptz NOT NULL,
  UNIQUE (permit_id, seq)
);
