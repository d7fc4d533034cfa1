import { addMonths, dateToPeriod, type Period } from './period.js';

/**
 * Where "now" comes from. Services take it by injection (CLOCK), so that a
 * test can speak of "the month that has not ended" on any date, and the
 * simulator can submit some units before their deadline and some after.
 */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => new Date() };

/** A clock whose time is set by its owner (the simulator, tests). */
export class SettableClock implements Clock {
  constructor(private at: Date | null = null) {}
  now(): Date {
    return this.at ? new Date(this.at) : new Date();
  }
  /** A fixed instant, or null to follow the real time again. */
  set(at: Date | null): void {
    this.at = at;
  }
}

/** The calendar month in China (UTC+8) at an instant: the month that has not ended yet. */
export function currentPeriod(at: Date): Period {
  return dateToPeriod(new Date(at.getTime() + 8 * 3600_000));
}

/** The calendar month in UTC at an instant (the catalogue's default month). */
export function utcPeriod(at: Date): Period {
  return dateToPeriod(at);
}

/** The months a test or a job speaks of, all from one instant. */
export function periodsAt(at: Date): { current: Period; lastEnded: Period; future: Period } {
  const current = currentPeriod(at);
  return { current, lastEnded: addMonths(current, -1), future: addMonths(current, 1) };
}
