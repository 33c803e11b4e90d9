import { useEffect, useMemo, useState } from 'react';

/**
 * `value`, once it has stopped changing for `delayMs`: inspections that may reach the network
 * (a JWKS URL, the server's jwks_uri) run when the user pauses typing, not on every key.
 * Compared by JSON value, so a fresh object with the same contents does not restart the wait.
 */
export function useDebounced<T>(value: T, delayMs = 400): T {
  const key = JSON.stringify(value) ?? 'null';
  const [settled, setSettled] = useState(key);
  useEffect(() => {
    const t = setTimeout(() => setSettled(key), delayMs);
    return () => clearTimeout(t);
  }, [key, delayMs]);
  return useMemo(() => JSON.parse(settled) as T, [settled]);
}
