-- Photo evidence (mini-program, H5, chat): processing state, EXIF facts and the report-vs-EXIF
-- verdict per original, the derived variants, privacy-notice consents, WeChat account bindings.

-- One row per original in `files` that goes through the photo pipeline (photo id = file id).
CREATE TABLE photos (
  file_id          uuid PRIMARY KEY REFERENCES files(id),
  plant_id         text NOT NULL REFERENCES plants(id),
  status           text NOT NULL CHECK (status IN ('pending', 'ready', 'failed')),
  failure          text,                      -- image_corrupt | too_many_pixels | unsupported_image
  client_id        text,                      -- the outbox item id it came with, if any
  uploaded_by      uuid REFERENCES people(id),
  context          jsonb NOT NULL,            -- PhotoContext: capture time, fix + datum, place, code, person, subject
  context_version  integer NOT NULL DEFAULT 1,
  rendered_version integer,                   -- context_version the current variants were stamped with
  width            integer,                   -- display copy, after auto-rotate
  height           integer,
  exif             jsonb,                     -- ExifFacts read from the original
  exif_verdict     text CHECK (exif_verdict IN ('match', 'mismatch', 'no_exif')),
  exif_check       jsonb,                     -- ExifCheck: reasons, time difference, distance
  created_at       timestamptz NOT NULL,
  processed_at     timestamptz
);
CREATE INDEX photos_plant_status ON photos (plant_id, status, created_at);
CREATE INDEX photos_plant_mismatch ON photos (plant_id, created_at) WHERE exif_verdict = 'mismatch';
CREATE INDEX photos_plant_subject ON photos (plant_id, (context->'subject'->>'type'), (context->'subject'->>'id'));

-- The watermarked display copy and its thumbnail, content-addressed like originals.
CREATE TABLE photo_variants (
  file_id      uuid NOT NULL REFERENCES photos(file_id),
  kind         text NOT NULL CHECK (kind IN ('display', 'thumb')),
  plant_id     text NOT NULL REFERENCES plants(id),
  sha256       text NOT NULL,
  size         integer NOT NULL,
  mime         text NOT NULL,
  width        integer NOT NULL,
  height       integer NOT NULL,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (file_id, kind)
);

-- Consent to the privacy notice (PIPL): who accepted which notice version for what, and where.
CREATE TABLE consent_records (
  id             uuid PRIMARY KEY,
  plant_id       text NOT NULL REFERENCES plants(id),
  person_id      uuid NOT NULL REFERENCES people(id),
  notice_version text NOT NULL,
  purposes       text[] NOT NULL,              -- location, photos
  granted        boolean NOT NULL,
  channel        text NOT NULL,                -- miniprogram | h5
  client_id      text,
  recorded_at    timestamptz NOT NULL,
  UNIQUE (plant_id, person_id, client_id)
);
CREATE INDEX consent_records_person ON consent_records (plant_id, person_id, recorded_at DESC);

-- A WeChat (not WeCom) mini-program user bound once to a person with a code shown in chat.
CREATE TABLE wechat_bindings (
  openid     text PRIMARY KEY,                 -- per mini-program appid
  plant_id   text NOT NULL REFERENCES plants(id),
  person_id  uuid NOT NULL REFERENCES people(id),
  bound_at   timestamptz NOT NULL
);
CREATE INDEX wechat_bindings_person ON wechat_bindings (plant_id, person_id);

-- One-time binding codes: only the hash is kept; single use, short-lived.
CREATE TABLE wechat_bind_codes (
  code_hash  text PRIMARY KEY,
  plant_id   text NOT NULL REFERENCES plants(id),
  person_id  uuid NOT NULL REFERENCES people(id),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz,
  used_by    text
);
CREATE INDEX wechat_bind_codes_person ON wechat_bind_codes (plant_id, person_id);
