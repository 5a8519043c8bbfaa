-- "Not the same customer" (MERGE-8): pairs of cards whose possible-duplicate hint an agent dismissed;
-- such a pair is never hinted again, for anyone. A row holds the two cards as they were when
-- dismissed, ordered so a pair is one row; they are read through alias_of, so the decision follows
-- both cards into whatever they are later merged into, and goes with either card when it is deleted.
CREATE TABLE duplicate_dismissals (
  contact_a uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  contact_b uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  dismissed_by text NOT NULL,
  dismissed_by_name text NOT NULL,
  dismissed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (contact_a, contact_b),
  CONSTRAINT duplicate_dismissals_ordered CHECK (contact_a < contact_b)
);
-- The primary key finds a card's dismissals where it is contact_a; this, where it is contact_b.
CREATE INDEX duplicate_dismissals_by_b ON duplicate_dismissals (contact_b);
