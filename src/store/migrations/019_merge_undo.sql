-- Undoing a merge (MERGE-6). A merge records what it changed, so that an undo can put back exactly
-- that and tell later work on the survivor apart from what the merge did. Merges recorded before
-- this migration have no record of it and cannot be undone.
ALTER TABLE merges
  -- The order merges committed in, per family: a family's merges hold its locks one after another.
  ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY,
  -- The survivor before the merge: {name, fields, type, lastInteractionAt}.
  ADD COLUMN survivor_before jsonb,
  -- The survivor right after it: {name, fields, lastInteractionAt}; a value that differs at undo was changed since.
  ADD COLUMN survivor_after jsonb,
  -- The cards the merge made aliases of the survivor: the merged card and the cards merged into it before.
  ADD COLUMN family uuid[],
  -- The identifiers that family held: [{kind, value, contactId, createdAt}].
  ADD COLUMN family_identifiers jsonb,
  -- The merges of one action that merged several cards at once (MERGE-7): one undo undoes them all.
  ADD COLUMN group_id uuid,
  ADD COLUMN undone_at timestamptz,
  ADD COLUMN undone_by_id text,
  ADD COLUMN undone_by_name text,
  -- What the undo decided about later work (kept on the survivor, moved back, not restored).
  ADD COLUMN undo_decisions jsonb;

CREATE INDEX merges_by_group ON merges (group_id) WHERE group_id IS NOT NULL;

-- Undoing is granted with merging; admins may take it away from a role.
UPDATE roles SET permissions = array_append(permissions, 'contacts:unmerge')
 WHERE 'contacts:merge' = ANY(permissions) AND NOT 'contacts:unmerge' = ANY(permissions);

-- An undo looks for the interactions that came in on the merged card's identifiers after the merge:
-- by identifier and arrival, so its cost does not grow with the card's history.
DROP INDEX interactions_by_matched_identifier;
CREATE INDEX interactions_by_matched_identifier ON interactions (matched_kind, matched_value, created_at);
