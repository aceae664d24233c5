// Pure helpers of the live order dashboard: how long the oldest ready order has waited, durations for people,
// and the day's hourly figures laid out hour by hour.
import { INTL_LOCALE, type Locale } from "../../i18n/format";

const HOUR_MS = 3_600_000;

/**
 * Seconds the oldest READY order has waited at `now` (epoch ms), or null when none waits. Measured on the server's
 * clock (`computedAt − oldestReadySince`) plus the time since the snapshot arrived (`receivedAt`) on ours, so a
 * browser whose clock is off still shows the right age.
 */
export function readyAgeSeconds(
  figures: { oldestReadySince: string | null; computedAt: string },
  receivedAt: number,
  now: number,
): number | null {
  if (!figures.oldestReadySince) return null;
  const since = Date.parse(figures.oldestReadySince);
  const computed = Date.parse(figures.computedAt);
  if (Number.isNaN(since) || Number.isNaN(computed)) return null;
  const ageMs = computed - since + Math.max(0, now - receivedAt);
  return Math.max(0, Math.floor(ageMs / 1000));
}

/** A duration in its two largest units: "45 secs", "12 mins", "2 hrs 5 mins", "3 days 4 hrs" (German alike). */
export function formatDuration(totalSeconds: number, locale: Locale): string {
  const unit = (value: number, name: "second" | "minute" | "hour" | "day") =>
    new Intl.NumberFormat(INTL_LOCALE[locale], { style: "unit", unit: name, unitDisplay: "short" }).format(value);
  const seconds = Math.max(0, Math.floor(totalSeconds));
  if (seconds < 60) return unit(seconds, "second");
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return unit(minutes, "minute");
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${unit(hours, "hour")} ${unit(minutes % 60, "minute")}` : unit(hours, "hour");
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${unit(days, "day")} ${unit(hours % 24, "hour")}` : unit(days, "day");
}

/** How urgent the oldest ready order's wait looks: the warehouse should start within hours, not days. */
export function waitLevel(seconds: number | null): "ok" | "warn" | "late" {
  if (seconds === null || seconds < 2 * 3600) return "ok";
  return seconds < 8 * 3600 ? "warn" : "late";
}

export interface HourSlot {
  /** Start of the hour (ISO instant). */
  hour: string;
  placed: number;
  cancelled: number;
}

/**
 * Every hour of the day from `dayStartsAt`, with the API's figures where it has some (it sends only hours with
 * orders). A day has 24 hours, or 23/25 when the clocks change; hours the API reports beyond 24 are kept.
 */
export function hourlySlots(reported: readonly HourSlot[], dayStartsAt: string): HourSlot[] {
  const start = Date.parse(dayStartsAt);
  const byHour = new Map<number, HourSlot>();
  for (const slot of reported) {
    const at = Date.parse(slot.hour);
    const index = Math.round((at - start) / HOUR_MS);
    if (index < 0) continue;
    const known = byHour.get(index);
    byHour.set(index, { hour: slot.hour, placed: (known?.placed ?? 0) + slot.placed, cancelled: (known?.cancelled ?? 0) + slot.cancelled });
  }
  const count = Math.max(24, ...[...byHour.keys()].map((i) => i + 1));
  return Array.from({ length: count }, (_, index) => {
    const known = byHour.get(index);
    return known ?? { hour: new Date(start + index * HOUR_MS).toISOString(), placed: 0, cancelled: 0 };
  });
}

/** The hour with the most orders placed (the earliest of equals), or null on a day without orders. */
export function busiestHour(slots: readonly HourSlot[]): HourSlot | null {
  let best: HourSlot | null = null;
  for (const slot of slots) if (slot.placed > 0 && (!best || slot.placed > best.placed)) best = slot;
  return best;
}

/** The value that fills a chart: at least 1, rounded up to a readable step so bars keep their height. */
export function chartCeiling(max: number): number {
  if (max <= 5) return Math.max(1, max);
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}
