-- DingTalk: card callbacks name the card by OUR outTrackId (sent_ref.ref.outTrackId); find it
-- without scanning every sent message.
CREATE INDEX sent_messages_dingtalk_track ON sent_messages ((sent_ref -> 'ref' ->> 'outTrackId')) WHERE platform = 'dingtalk';
