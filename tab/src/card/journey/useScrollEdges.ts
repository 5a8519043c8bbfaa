import { useCallback, useEffect, useState, type RefObject } from 'react';

/**
 * Whether a horizontally scrolling element hides content before or after what it shows. Overlay
 * scrollbars (macOS, touch) are invisible until used, so the timeline fades its edges instead.
 */
export function useScrollEdges(ref: RefObject<HTMLElement | null>) {
  const [edges, setEdges] = useState({ before: false, after: false });
  const update = useCallback(() => {
    const element = ref.current;
    if (!element) return;
    const before = element.scrollLeft > 1;
    const after = element.scrollLeft + element.clientWidth < element.scrollWidth - 1;
    setEdges((old) => (old.before === before && old.after === after ? old : { before, after }));
  }, [ref]);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, update]);
  return { ...edges, update };
}
