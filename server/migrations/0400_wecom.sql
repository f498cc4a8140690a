-- WeCom adapter state.

-- update_template_card codes: one from message/send and one per click callback, each single use
-- and valid 72 h. The messenger claims the freshest unused one (used_at) before calling WeCom.
CREATE TABLE wecom_response_codes (
  response_code text PRIMARY KEY,
  plant_id      text NOT NULL REFERENCES plants(id),
  task_id       text NOT NULL,
  user_id       text NOT NULL,
  source        text NOT NULL CHECK (source IN ('send', 'callback')),
  issued_at     timestamptz NOT NULL,
  used_at       timestamptz
);
CREATE INDEX wecom_response_codes_task ON wecom_response_codes (plant_id, task_id, issued_at DESC);

-- Every directory sync (dry run or applied) with its report, for the admin's history.
CREATE TABLE wecom_sync_runs (
  id         uuid PRIMARY KEY,
  plant_id   text NOT NULL REFERENCES plants(id),
  applied    boolean NOT NULL,
  report     jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX wecom_sync_runs_plant ON wecom_sync_runs (plant_id, created_at DESC);
