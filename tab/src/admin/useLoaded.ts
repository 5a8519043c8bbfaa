import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';

export interface Loaded<T> {
  /** Null until loaded (or when loading failed). */
  data: T | null;
  /** Replaces what the section shows with what the server answered to a change. */
  setData: Dispatch<SetStateAction<T | null>>;
  loadError: unknown;
}

/** What an admin section shows: loaded once on opening, then kept as the server answers each change. */
export function useLoaded<T>(load: () => Promise<T>): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  useEffect(() => {
    let current = true;
    load().then(
      (loaded) => current && setData(loaded),
      (error: unknown) => current && setLoadError(error),
    );
    return () => {
      current = false;
    };
  }, []); // once per opening: a section shows the latest by being opened again
  return { data, setData, loadError };
}
