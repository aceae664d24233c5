// The warehouse board's arithmetic, kept apart from the page so it can be tested: the countdown to a carrier's
// cut-off, ticking in the browser between the server's pushes, and how urgent it looks from across the hall.

export type CutoffLevel = "ok" | "soon" | "late";

/** Seconds left until `nextCutoffAt` (an ISO instant) at `now` (epoch ms); never below zero. */
export function secondsLeft(nextCutoffAt: string, now: number): number {
  return Math.max(0, Math.floor((Date.parse(nextCutoffAt) - now) / 1000));
}

/**
 * A countdown readable from ten metres: "2:05:09" (hours), "45:00" (minutes and seconds), "0:09" in the last
 * minute. Digits only, so it reads the same in every language.
 */
export function formatCountdown(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/**
 * How the cut-off looks: "late" when orders are still open and less than 15 minutes are left (or the cut-off has
 * come), "soon" within the hour while orders are open, otherwise "ok". With nothing left to ship, it is never
 * urgent.
 */
export function cutoffLevel(seconds: number, ordersLeft: number): CutoffLevel {
  if (ordersLeft === 0) return "ok";
  if (seconds < 15 * 60) return "late";
  return seconds < 60 * 60 ? "soon" : "ok";
}

/** Whether the next cut-off is tomorrow's (today's has passed) in the warehouse's time zone. */
export function isTomorrow(nextCutoffAt: string, now: number, timezone: string): boolean {
  const day = (instant: number) => new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
  return day(Date.parse(nextCutoffAt)) !== day(now);
}
