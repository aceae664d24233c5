import { describe, expect, it } from "vitest";
import { cutoffLevel, formatCountdown, isTomorrow, secondsLeft } from "./boardFigures";

describe("the countdown to a carrier's cut-off", () => {
  const cutoff = "2026-12-04T15:30:00Z";

  it("counts the whole seconds left, and stops at zero", () => {
    expect(secondsLeft(cutoff, Date.parse("2026-12-04T14:00:00Z"))).toBe(90 * 60);
    expect(secondsLeft(cutoff, Date.parse("2026-12-04T15:29:59.400Z"))).toBe(0);
    expect(secondsLeft(cutoff, Date.parse("2026-12-04T15:29:58.600Z"))).toBe(1);
    expect(secondsLeft(cutoff, Date.parse("2026-12-04T16:00:00Z"))).toBe(0);
  });

  it("reads as hours, minutes and seconds from across the hall", () => {
    expect(formatCountdown(2 * 3600 + 5 * 60 + 9)).toBe("2:05:09");
    expect(formatCountdown(3600)).toBe("1:00:00");
    expect(formatCountdown(45 * 60)).toBe("45:00");
    expect(formatCountdown(9)).toBe("0:09");
    expect(formatCountdown(0)).toBe("0:00");
    expect(formatCountdown(-5)).toBe("0:00");
    expect(formatCountdown(59.9)).toBe("0:59");
  });

  it("turns urgent only while orders still have to make it", () => {
    expect(cutoffLevel(2 * 3600, 5)).toBe("ok");
    expect(cutoffLevel(59 * 60, 5)).toBe("soon");
    expect(cutoffLevel(14 * 60, 1)).toBe("late");
    expect(cutoffLevel(0, 1)).toBe("late");
    expect(cutoffLevel(5 * 60, 0)).toBe("ok");
  });

  it("tells tomorrow's cut-off from today's in the warehouse's time zone", () => {
    // 23:30 UTC on 4 December is already 5 December in Leipzig, still 4 December in New York.
    const now = Date.parse("2026-12-04T22:00:00Z");
    expect(isTomorrow("2026-12-04T23:30:00Z", now, "Europe/Berlin")).toBe(true);
    expect(isTomorrow("2026-12-04T23:30:00Z", now, "America/New_York")).toBe(false);
    expect(isTomorrow("2026-12-05T15:00:00Z", Date.parse("2026-12-05T08:00:00Z"), "Europe/Berlin")).toBe(false);
  });
});
