-- Custom fields an admin defines for contacts (FIELD-2). Values live in contacts.fields, keyed by
-- ident: the ident never changes after creation (renaming would rewrite every card's values), and a
-- retired field keeps its values, hidden until the field is restored.
CREATE TABLE custom_fields (
  ident text PRIMARY KEY CHECK (ident ~ '^[A-Za-z0-9_-]{1,64}$'),
  -- The label agents see, per language: {"en": "Loyalty tier", "ja": "…"}; English is always there.
  labels jsonb NOT NULL CHECK (labels ? 'en'),
  type text NOT NULL CHECK (type IN ('text', 'email', 'dropdown')),
  -- Dropdown choices, each both the stored value and what agents see: ["Bronze", "Silver", "Gold"].
  options jsonb NOT NULL DEFAULT '[]'::jsonb,
  visible_in_panel boolean NOT NULL,
  editable boolean NOT NULL,
  visible_on_card boolean NOT NULL,
  position integer NOT NULL,
  retired_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- "Tier" and "tier" would look like one field to admins and agents: idents are unique ignoring case.
CREATE UNIQUE INDEX custom_fields_ident_unique_ignoring_case ON custom_fields (lower(ident));
