import type { TFunction } from 'i18next';
import { CRM_NAMES, type CrmKind } from '../crm/crm-names';
import { permissionKey } from '../roles/PermissionChecklist';

/**
 * An audited setting and its values in words (ADMIN-2): "Role Quality reviewer", "Link CRM
 * records: Off". The audit stores the API's names (features, role:<name>, …); these read them.
 */
const SETTINGS: Array<[RegExp, (t: TFunction, ...parts: string[]) => string]> = [
  [/^features$/, (t) => t('admin.audit.setting.features')],
  [/^app-settings$/, (t) => t('admin.audit.setting.appSettings')],
  [/^crm-connection$/, (t) => t('admin.audit.setting.crmConnection')],
  [/^customFields\.order$/, (t) => t('admin.audit.setting.fieldOrder')],
  [/^customFields\.(.+)$/, (t, ident) => t('admin.audit.setting.field', { ident })],
  [/^role:(.+)$/, (t, name) => t('admin.audit.setting.role', { name })],
  [/^role-mapping:(appRole|group):(.+)$/, (t, source, value) => t(`admin.audit.setting.mapping.${source}`, { value })],
  [/^user-divisions:(.+)$/, (t, user) => t('admin.audit.setting.divisions', { user })],
];

export function describeSetting(setting: string, t: TFunction): string {
  for (const [pattern, describe] of SETTINGS) {
    const match = pattern.exec(setting);
    if (match) return describe(t, ...match.slice(1));
  }
  return setting;
}

/** The labels the admin page gives a value's parts elsewhere, by the API's name, in the order the page shows them. */
const KEY_LABELS: Record<string, string> = {
  defaultPhoneRegion: 'admin.general.region',
  kind: 'admin.crm.kind',
  instanceUrl: 'admin.crm.instanceUrl',
  tokenUrl: 'admin.crm.tokenUrl',
  clientId: 'admin.crm.clientId',
  clientSecret: 'admin.crm.clientSecret',
  scope: 'admin.crm.scope',
  permissions: 'admin.roles.permissions',
  role: 'admin.roles.role',
  mappings: 'admin.roles.mappings',
  labels: 'admin.audit.labels',
  type: 'admin.fields.type',
  options: 'admin.fields.options',
  visibleInPanel: 'admin.fields.switch.visibleInPanel',
  editable: 'admin.fields.switch.editable',
  visibleOnCard: 'admin.fields.switch.visibleOnCard',
  retired: 'admin.fields.retired',
};

export interface ValueContext {
  t: TFunction;
  /** The UI language, for region names. */
  language: string;
}

const keyLabel = (key: string, { t }: ValueContext) => {
  if (KEY_LABELS[key]) return t(KEY_LABELS[key]);
  // Feature switches are keyed by the feature's id.
  return t(`admin.features.switch.${key}.label`, { defaultValue: key });
};

function describeEntry(key: string, value: unknown, ctx: ValueContext): string {
  if (key === 'defaultPhoneRegion' && typeof value === 'string') {
    return new Intl.DisplayNames([ctx.language], { type: 'region' }).of(value) ?? value;
  }
  if (key === 'kind' && typeof value === 'string' && value in CRM_NAMES) return CRM_NAMES[value as CrmKind];
  if (key === 'permissions' && Array.isArray(value)) {
    return value.length === 0 ? ctx.t('admin.audit.empty') : value.map((p) => ctx.t(permissionKey(String(p)), { defaultValue: String(p) })).join(', ');
  }
  return describeValue(value, ctx, true);
}

// The store keeps JSON objects in its own key order: show the parts in the page's order.
const KEY_ORDER = Object.keys(KEY_LABELS);
const position = (key: string) => (KEY_ORDER.includes(key) ? KEY_ORDER.indexOf(key) : KEY_ORDER.length);

/**
 * A before or after value: null means the setting did not exist yet, or no longer does. The parts
 * of a setting go on lines of their own; nested in a part, they are separated by semicolons.
 */
export function describeValue(value: unknown, ctx: ValueContext, nested = false): string {
  if (value === null || value === undefined) return ctx.t('admin.audit.absent');
  if (typeof value === 'boolean') return ctx.t(value ? 'admin.audit.on' : 'admin.audit.off');
  if (Array.isArray(value)) return value.length === 0 ? ctx.t('admin.audit.empty') : value.map((v) => describeValue(v, ctx, true)).join(', ');
  if (typeof value === 'object') {
    return Object.entries(value)
      .sort(([a], [b]) => position(a) - position(b))
      .map(([key, v]) => `${keyLabel(key, ctx)}: ${describeEntry(key, v, ctx)}`)
      .join(nested ? '; ' : '\n');
  }
  return String(value);
}
