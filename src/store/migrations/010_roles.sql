-- Roles granting permissions (ADMIN-3), editable by admins; read per request, so changes apply
-- without a restart. The built-in three are the defaults of src/domain/access/permissions.ts.
CREATE TABLE roles (
  name text PRIMARY KEY,
  permissions text[] NOT NULL,
  built_in boolean NOT NULL DEFAULT false,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- "agent" beside "Agent" would only confuse whoever maps roles.
CREATE UNIQUE INDEX roles_name_case_insensitive ON roles (lower(name));

INSERT INTO roles (name, permissions, built_in, updated_by) VALUES
  ('Agent', '{interactions:link,interactions:view-division,contacts:view,contacts:add,contacts:edit,journey:view,identity:promote,identity:merge,contacts:merge}', true, 'migration'),
  ('Supervisor', '{interactions:link,interactions:view-division,interactions:view-all,contacts:view,contacts:add,contacts:edit,contacts:delete,journey:view,identity:promote,identity:merge,contacts:merge}', true, 'migration'),
  ('Admin', '{interactions:link,interactions:view-division,interactions:view-all,contacts:view,contacts:add,contacts:edit,contacts:delete,journey:view,identity:promote,identity:merge,contacts:merge,settings:manage}', true, 'migration');

-- An Entra app role value or group object id, mapped to one of our roles. An app role named exactly
-- like a role grants it without a row.
CREATE TABLE role_mappings (
  source text NOT NULL CHECK (source IN ('appRole', 'group')),
  value text NOT NULL,
  role text NOT NULL REFERENCES roles (name) ON DELETE CASCADE,
  PRIMARY KEY (source, value)
);

-- Who changed which setting, when, from what to what (ADMIN-2). Secrets never appear here.
CREATE TABLE settings_audit (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id text NOT NULL,
  actor_name text NOT NULL,
  setting text NOT NULL,
  before jsonb,
  after jsonb
);

-- The bot acts with the groups of a user's last tab sign-in too, since groups can grant roles.
ALTER TABLE known_users ADD COLUMN groups text[] NOT NULL DEFAULT '{}';

-- The divisions in use, found by probing this index once per division instead of scanning every interaction.
CREATE INDEX interactions_by_division ON interactions (division);
