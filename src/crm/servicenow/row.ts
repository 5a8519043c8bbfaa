import { z } from 'zod';

/**
 * A Table API field as sysparm_display_value=false returns it: a string, or for a reference
 * `{link, value}` (`{display_value, link, value}` if an admin changed the default). Numbers and
 * booleans only appear from scripted extensions; they are tolerated, not relied on.
 */
const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.looseObject({ value: z.string() })]);

const Row = z.record(z.string(), FieldValue);
export type Row = z.infer<typeof Row>;

export const ListBody = z.object({ result: z.array(Row) });
export const RecordBody = z.object({ result: Row });

/** ServiceNow's failure body: `{"error": {"message", "detail"}, "status": "failure"}`. */
export const ErrorBody = z.object({ error: z.object({ message: z.string().nullish(), detail: z.string().nullish() }) });

/** A field's stored value as a string; '' when empty or absent (references give their sys_id). */
export function text(row: Row, field: string): string {
  const value = row[field];
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return value.value;
  return String(value);
}
