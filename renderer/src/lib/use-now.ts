import { useEffect, useState } from 'react';

/**
 * The current time in epoch ms, re-rendering every `intervalMs`: drives the live "expires in"
 * countdowns. Only components that show a countdown use it, so the rest does not re-render.
 */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}
