-- Privacy on demand (ADMIN-4): an admin exports everything stored about a contact and erases it.

-- Who exported or erased which card, when, and how much: the audit of privacy requests. It names the
-- card by its id only; an erased card's name and identifiers are nowhere, here included.
CREATE TABLE privacy_requests (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('export', 'erase')),
  contact_id uuid NOT NULL, -- no foreign key: the row outlives the erased card
  actor_id text NOT NULL,
  actor_name text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  -- How many rows of each kind were exported or erased ({"contacts": 2, "messages": 14, …}).
  counts jsonb NOT NULL
);
CREATE INDEX privacy_requests_by_contact ON privacy_requests (contact_id);

-- An erased card's merges stay as facts (who merged, when) without its ids or values: the cards they
-- named are gone.
ALTER TABLE merges ALTER COLUMN survivor_id DROP NOT NULL;
ALTER TABLE merges ALTER COLUMN alias_id DROP NOT NULL;
ALTER TABLE merges DROP CONSTRAINT merges_survivor_id_fkey;
ALTER TABLE merges DROP CONSTRAINT merges_alias_id_fkey;
ALTER TABLE merges ADD CONSTRAINT merges_survivor_id_fkey FOREIGN KEY (survivor_id) REFERENCES contacts (id) ON DELETE SET NULL;
ALTER TABLE merges ADD CONSTRAINT merges_alias_id_fkey FOREIGN KEY (alias_id) REFERENCES contacts (id) ON DELETE SET NULL;

-- Admins may export and erase; they may take it away from the role.
UPDATE roles SET permissions = array_append(permissions, 'privacy:manage')
 WHERE name = 'Admin' AND built_in AND NOT 'privacy:manage' = ANY(permissions);
