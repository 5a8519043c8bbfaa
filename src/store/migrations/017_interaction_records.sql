-- One interaction record per interaction per CRM (CRM-2): a Salesforce Task, a ServiceNow interaction,
-- a Dynamics activity, relating every record the agent linked or related. It is written at the first
-- write-back point and brought up to date at later ones, through one outbox item per interaction.

-- A later write-back point re-arms the interaction's item instead of queueing a second one. The
-- generation grows at each re-arm: a worker marks an item done only if it delivered the latest one.
ALTER TABLE outbox ADD COLUMN generation integer NOT NULL DEFAULT 0;

-- What each interaction's record holds, as last written.
CREATE TABLE crm_interaction_records (
  interaction_id text PRIMARY KEY REFERENCES interactions (id) ON DELETE CASCADE,
  -- Who handled the work at each write-back point, in order ({id, name}); the first owns the record.
  agents jsonb NOT NULL DEFAULT '[]'::jsonb,
  crm text,
  record_id text,
  record_url text,
  -- Where each record went ({placed: [{type, id, as}], dropped: [{type, id, reason}]}).
  plan jsonb,
  written_at timestamptz
);

-- Salesforce: the REST API version to use (else the highest the org offers) and the Task's External
-- ID field that carries the interaction key (else CustomerCard_Interaction_Key__c).
ALTER TABLE crm_connection ADD COLUMN api_version text;
ALTER TABLE crm_connection ADD COLUMN external_id_field text;

-- The built-in CRM holds one activity per interaction too; its records are in the activity itself.
ALTER TABLE crm_activities ALTER COLUMN record_type DROP NOT NULL;
ALTER TABLE crm_activities ALTER COLUMN record_id DROP NOT NULL;
ALTER TABLE crm_activities ADD COLUMN updated_at timestamptz;

-- Items queued under the per-record model (one per linked record) become their interaction's one
-- item: delivered once under the new model. Records the old model already wrote are left out of it
-- (alreadyWritten), so none receives a second activity; dead items stay visible as a failed record.
INSERT INTO crm_interaction_records (interaction_id, agents)
SELECT DISTINCT i.id,
       CASE WHEN i.agent_id IS NULL THEN '[]'::jsonb
            ELSE jsonb_build_array(jsonb_build_object('id', i.agent_id, 'name', i.agent_name)) END
FROM outbox o JOIN interactions i ON i.id = o.payload->>'interactionId'
WHERE o.topic = 'crm.activity' AND o.done_at IS NULL
ON CONFLICT (interaction_id) DO NOTHING;

INSERT INTO outbox (topic, key, payload, dead_at, last_error)
SELECT 'crm.interaction', 'crm.interaction:' || q.interaction_id,
       jsonb_build_object('interactionId', q.interaction_id, 'alreadyWritten', coalesce(q.written, '[]'::jsonb)),
       CASE WHEN q.pending = 0 THEN now() END,
       CASE WHEN q.pending = 0 THEN q.last_error END
FROM (
  SELECT o.payload->>'interactionId' AS interaction_id,
         jsonb_agg(jsonb_build_object('type', o.payload->>'type', 'id', o.payload->>'id')) FILTER (WHERE o.done_at IS NOT NULL) AS written,
         count(*) FILTER (WHERE o.done_at IS NULL AND o.dead_at IS NULL) AS pending,
         max(o.last_error) FILTER (WHERE o.dead_at IS NOT NULL) AS last_error
  FROM outbox o
  WHERE o.topic = 'crm.activity'
  GROUP BY o.payload->>'interactionId'
  HAVING count(*) FILTER (WHERE o.done_at IS NULL) > 0
) q
JOIN interactions i ON i.id = q.interaction_id
ON CONFLICT (key) DO NOTHING;

UPDATE outbox SET done_at = now(), leased_until = NULL, last_error = 'moved to its interaction''s record (crm.interaction)'
WHERE topic = 'crm.activity' AND done_at IS NULL;
