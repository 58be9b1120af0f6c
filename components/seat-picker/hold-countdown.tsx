'use client';

import { useEffect, useRef, useState } from 'react';

/** Time left on a hold, by the server's clock (clockOffsetMs corrects a wrong client clock). */
export function HoldCountdown({
  expiresAt,
  clockOffsetMs = 0,
  onExpired,
}: {
  expiresAt: string;
  clockOffsetMs?: number;
  onExpired?: () => void;
}) {
  const end = new Date(expiresAt).getTime();
  const [ms, setMs] = useState(() => Math.max(0, end - (Date.now() + clockOffsetMs)));
  const expired = useRef(onExpired);
  expired.current = onExpired;
  useEffect(() => {
    const left = () => Math.max(0, end - (Date.now() + clockOffsetMs));
    setMs(left());
    const t = setInterval(() => {
      const l = left();
      setMs(l);
      if (l === 0) {
        clearInterval(t);
        expired.current?.();
      }
    }, 500);
    return () => clearInterval(t);
  }, [end, clockOffsetMs]);
  const s = Math.ceil(ms / 1000);
  const text = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  return (
    <span className={s < 60 ? 'font-semibold text-red-700 dark:text-red-400' : ''}>
      held for <time dateTime={`PT${s}S`}>{text}</time>
    </span>
  );
}
