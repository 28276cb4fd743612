import { useEffect, useState } from 'react';

/** The time now, refreshed twice a second while `active` (a progress bar's elapsed time and estimate). */
export function useNow(active: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
