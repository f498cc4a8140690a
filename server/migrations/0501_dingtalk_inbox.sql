-- DingTalk stream inbox: every robot message and card click is stored here (one short INSERT)
-- before it is acknowledged, then processed off the ack path. The unique dedupe key makes a
-- redelivered frame a no-op at the door; the commands' own dedupe (inbound_dedupe) still guards
-- every effect. Rows left unprocessed (crash, failure) are picked up again by the leader.
CREATE TABLE dingtalk_inbox (
  id              bigserial PRIMARY KEY,
  plant_id        text REFERENCES plants(id),     -- the clicked card's plant; null for robot messages (resolved later)
  dedupe_key      text NOT NULL UNIQUE,           -- robot:<msgId> | card:<frame messageId>
  topic           text NOT NULL,
  message_id      text NOT NULL,                  -- the stream frame's messageId
  data            text NOT NULL,                  -- the frame's data (JSON string, as received)
  received_at     timestamptz NOT NULL DEFAULT now(),
  processed_at    timestamptz,
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,           -- when the leader's sweep may (re)try it
  last_error      text
);
CREATE INDEX dingtalk_inbox_pending ON dingtalk_inbox (next_attempt_at) WHERE processed_at IS NULL;
CREATE INDEX dingtalk_inbox_processed ON dingtalk_inbox (processed_at) WHERE processed_at IS NOT NULL;
