import { useEffect, useState, type ReactNode } from 'react';

/**
 * Its children once the screen has been painted, `fallback` (plain markup of about the same size) until
 * then: for what sits beside the entry form and needs antd's component styles, so that the form shows
 * first and they follow a moment later.
 */
export function AfterFirstPaint({ children, fallback = null }: { children: ReactNode; fallback?: ReactNode }) {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    // the frame after the commit has been drawn, then a task of its own
    let timer = 0;
    const frame = requestAnimationFrame(() => (timer = window.setTimeout(() => setPainted(true))));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return painted ? children : fallback;
}
