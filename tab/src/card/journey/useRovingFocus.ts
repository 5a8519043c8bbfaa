import { useRef, useState, type KeyboardEvent } from 'react';

const STEPS: Record<string, (index: number, last: number) => number> = {
  ArrowRight: (i, last) => Math.min(i + 1, last),
  ArrowDown: (i, last) => Math.min(i + 1, last),
  ArrowLeft: (i) => Math.max(i - 1, 0),
  ArrowUp: (i) => Math.max(i - 1, 0),
  Home: () => 0,
  End: (_i, last) => last,
};

/**
 * A roving tabindex over items in time order: Tab enters at the active item and leaves the group,
 * arrow keys (and Home / End) move between items and bring them into view. The active item
 * survives refreshes by key.
 */
export function useRovingFocus(keys: string[], initialKey: string | undefined) {
  const [chosen, setChosen] = useState(initialKey);
  const elements = useRef(new Map<string, HTMLElement>());
  const active = chosen !== undefined && keys.includes(chosen) ? chosen : (initialKey ?? keys[0]);

  const onKeyDown = (event: KeyboardEvent) => {
    const step = STEPS[event.key];
    if (!step || active === undefined) return;
    event.preventDefault();
    const next = keys[step(keys.indexOf(active), keys.length - 1)]!;
    setChosen(next);
    const element = elements.current.get(next);
    element?.focus({ preventScroll: true });
    // Centred rather than just inside the edge, where the timeline fades out and neighbours hide.
    element?.scrollIntoView?.({ block: 'nearest', inline: 'center' });
  };

  const itemProps = (key: string) => ({
    ref: (element: HTMLElement | null) => {
      if (element) elements.current.set(key, element);
      else elements.current.delete(key);
    },
    tabIndex: key === active ? 0 : -1,
    onFocus: () => setChosen(key),
    onKeyDown,
  });

  return { active, itemProps, elementOf: (key: string) => elements.current.get(key) };
}
