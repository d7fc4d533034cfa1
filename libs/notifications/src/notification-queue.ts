/** How often the notifications scan runs (the queue and its jobs are named with the others, in @carenet/queue). */
export const SCAN_EVERY_MS = 15 * 60_000;
