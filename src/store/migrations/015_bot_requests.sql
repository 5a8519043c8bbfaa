-- Teams' rate limits counted across app instances: one row per request the bot made to the Bot
-- Connector (the card dispatcher's sends and updates, the replies in turns), kept for the longest window.
CREATE TABLE bot_requests (
  id bigserial PRIMARY KEY,
  conversation_id text NOT NULL,
  -- A request counts until its window has passed after it finished (Teams counts it when it arrives,
  -- somewhere in between). While in flight: the latest it may finish, so that the requests of an
  -- instance that died stop counting by themselves.
  finished_at timestamptz NOT NULL,
  in_flight boolean NOT NULL
);
CREATE INDEX bot_requests_in_tenant_window ON bot_requests (finished_at);
CREATE INDEX bot_requests_in_conversation_window ON bot_requests (conversation_id, finished_at);

-- Takes a slot for one request to a conversation when it fits every limit, counting every
-- instance's requests: limit i is at most counts[i] requests in any windows_ms[i], over the whole
-- tenant or over the conversation (scopes[i]). Returns the request's id and wait_ms 0; or no id and
-- how long until a slot may be free (recheck_ms when the slot frees as a request in flight finishes),
-- and how long until the tenant's limits have room (0: they have now).
-- One caller at a time (an advisory lock): each statement after the lock sees what others committed,
-- so two instances never both take the last slot. Rows older than the longest window go.
CREATE FUNCTION take_bot_request(conversation text, scopes text[], counts integer[], windows_ms integer[], in_flight_ms integer, recheck_ms integer,
  OUT request_id bigint, OUT wait_ms integer, OUT tenant_wait_ms integer)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  now_at timestamptz;
  blocking record;
  limit_wait_ms integer;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('bot_requests', 0));
  now_at := clock_timestamp();
  wait_ms := 0;
  tenant_wait_ms := 0;
  FOR i IN 1 .. cardinality(counts) LOOP
    -- The counts[i]-th newest request in the window: while there is one, the window is full until it leaves.
    IF scopes[i] = 'tenant' THEN
      SELECT r.finished_at, r.in_flight AND r.finished_at > now_at AS in_flight INTO blocking FROM bot_requests r
      WHERE r.finished_at > now_at - windows_ms[i] * interval '1 millisecond'
      ORDER BY r.finished_at DESC OFFSET counts[i] - 1 LIMIT 1;
    ELSE
      SELECT r.finished_at, r.in_flight AND r.finished_at > now_at AS in_flight INTO blocking FROM bot_requests r
      WHERE r.conversation_id = conversation AND r.finished_at > now_at - windows_ms[i] * interval '1 millisecond'
      ORDER BY r.finished_at DESC OFFSET counts[i] - 1 LIMIT 1;
    END IF;
    IF FOUND THEN
      limit_wait_ms := CASE WHEN blocking.in_flight THEN recheck_ms
        ELSE ceil(extract(epoch FROM blocking.finished_at - now_at) * 1000 + windows_ms[i])::integer END;
      wait_ms := greatest(wait_ms, limit_wait_ms);
      IF scopes[i] = 'tenant' THEN tenant_wait_ms := greatest(tenant_wait_ms, limit_wait_ms); END IF;
    END IF;
  END LOOP;
  IF wait_ms = 0 THEN
    INSERT INTO bot_requests (conversation_id, finished_at, in_flight)
    VALUES (conversation, now_at + in_flight_ms * interval '1 millisecond', true) RETURNING id INTO request_id;
  END IF;
  DELETE FROM bot_requests WHERE finished_at < now_at - (SELECT max(w) FROM unnest(windows_ms) w) * interval '1 millisecond';
END
$$;

-- The chat's recent sends handed from one sender to the next: bot_requests counts them now.
ALTER TABLE bot_conversations DROP COLUMN recent_sends;
