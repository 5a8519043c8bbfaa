import { useEffect, useRef } from 'react';
import type { InteractionRecordData } from '../api/types';

/** After 2, 5, 10 s, then every 30 s: a CRM that is down is not asked more often than that by a card. */
const RECHECK_MS = [2_000, 5_000, 10_000, 30_000];

/**
 * While the interaction's CRM record is being written, reads it again until it is written or
 * failed. The current interaction's live card carries its record's state and so re-reads at once;
 * earlier interactions' records are not followed live, and this is how they settle on screen.
 */
export function useRecheckWhilePending(record: InteractionRecordData | undefined, reread: () => void): void {
  const checks = useRef(0);
  useEffect(() => {
    if (record?.state !== 'pending') {
      checks.current = 0;
      return undefined;
    }
    const timer = setTimeout(reread, RECHECK_MS[Math.min(checks.current++, RECHECK_MS.length - 1)]);
    return () => clearTimeout(timer);
  }, [record, reread]);
}
