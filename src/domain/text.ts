import { z } from 'zod';

/**
 * Text PostgreSQL can store. Its text and jsonb types hold any Unicode character but NUL, and a lone
 * UTF-16 surrogate is no character at all (the driver would silently store U+FFFD, jsonb refuses it).
 * Such text is refused at the boundary, naming where it was: refusing loses nothing silently, where
 * stripping or replacing would store something the sender never sent.
 */

const NUL = '\u0000';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be stored, or undefined when it can. */
export function unstorableReason(text: string): string | undefined {
  if (text.includes(NUL)) return 'contains a NUL character (U+0000), which cannot be stored';
  if (LONE_SURROGATE.test(text)) return 'contains a lone surrogate (not valid Unicode), which cannot be stored';
  return undefined;
}

/** The zod check of the rule, for string formats (`z.url()`, …) that do not start from storableText. */
export const storable: z.core.CheckFn<string> = (ctx) => {
  const reason = unstorableReason(ctx.value);
  if (reason) ctx.issues.push({ code: 'custom', message: reason, input: ctx.value });
};

/** A string schema that refuses text PostgreSQL cannot store; inbound string schemas start here. */
export const storableText = () => z.string().check(storable);

export interface UnstorableText {
  /** Where in the value: keys and indexes from the root (for an unstorable key, the object holding it). */
  path: Array<string | number>;
  reason: string;
}

interface Visit {
  value: unknown;
  key?: string | number;
  parent?: Visit;
}

/**
 * The first string in a JSON value (keys included) that cannot be stored. Walks with its own stack
 * and builds a path only for what it finds, so a deeply nested body can neither overflow the call
 * stack nor cost time quadratic in its depth.
 */
export function findUnstorableText(value: unknown): UnstorableText | undefined {
  const pending: Visit[] = [{ value }];
  for (let visit = pending.pop(); visit; visit = pending.pop()) {
    const current = visit.value;
    if (typeof current === 'string') {
      const reason = unstorableReason(current);
      if (reason) return { path: pathOf(visit), reason };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push({ value: current[i], key: i, parent: visit });
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current);
      for (const [key] of entries) {
        const reason = unstorableReason(key);
        if (reason) return { path: pathOf(visit), reason: `has a property name that ${reason}` };
      }
      for (let i = entries.length - 1; i >= 0; i--) pending.push({ value: entries[i]![1], key: entries[i]![0], parent: visit });
    }
  }
  return undefined;
}

function pathOf(visit: Visit): Array<string | number> {
  const path: Array<string | number> = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}
