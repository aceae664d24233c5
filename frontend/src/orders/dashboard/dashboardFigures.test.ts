import { describe, expect, it } from "vitest";
import { busiestHour, chartCeiling, formatDuration, hourlySlots, readyAgeSeconds, waitLevel } from "./dashboardFigures";

describe("the oldest ready order's age", () => {
  const figures = { oldestReadySince: "2026-05-04T08:00:00Z", computedAt: "2026-05-04T08:30:00Z" };

  it("is measured on the server's clock, then ticks on ours", () => {
    const receivedAt = 1_000_000;
    expect(readyAgeSeconds(figures, receivedAt, receivedAt)).toBe(1800);
    expect(readyAgeSeconds(figures, receivedAt, receivedAt + 7_400)).toBe(1807);
  });

  it("ignores how wrong the browser's clock is", () => {
    // The browser's clock is a year behind: only the time since the snapshot arrived counts.
    const receivedAt = Date.parse("2025-05-04T08:30:00Z");
    expect(readyAgeSeconds(figures, receivedAt, receivedAt + 60_000)).toBe(1860);
  });

  it("is null when no order waits", () => {
    expect(readyAgeSeconds({ ...figures, oldestReadySince: null }, 0, 0)).toBeNull();
  });

  it("turns urgent after hours", () => {
    expect(waitLevel(null)).toBe("ok");
    expect(waitLevel(3600)).toBe("ok");
    expect(waitLevel(3 * 3600)).toBe("warn");
    expect(waitLevel(9 * 3600)).toBe("late");
  });
});

describe("formatDuration", () => {
  it("shows the two largest units, in English and German", () => {
    expect(formatDuration(42, "en")).toBe("42 secs");
    expect(formatDuration(12 * 60 + 5, "en")).toBe("12 mins");
    expect(formatDuration(2 * 3600 + 5 * 60, "en")).toBe("2 hrs 5 mins");
    expect(formatDuration(3 * 86400 + 4 * 3600 + 59, "en")).toBe("3 days 4 hrs");
    expect(formatDuration(2 * 3600 + 5 * 60, "de")).toBe("2 Std. 5 Min.");
    expect(formatDuration(86400, "de")).toBe("1 Tg.");
    expect(formatDuration(-5, "en")).toBe("0 secs");
  });
});

describe("hourly figures", () => {
  const start = "2026-05-03T22:00:00Z"; // midnight in Berlin (summer time)

  it("lay out every hour of the day, filling in the ones without orders", () => {
    const slots = hourlySlots(
      [
        { hour: "2026-05-04T07:00:00+00:00", placed: 4, cancelled: 1 },
        { hour: "2026-05-03T22:00:00+00:00", placed: 1, cancelled: 0 },
      ],
      start,
    );
    expect(slots).toHaveLength(24);
    expect(slots[0]).toEqual({ hour: "2026-05-03T22:00:00+00:00", placed: 1, cancelled: 0 });
    expect(slots[9]).toEqual({ hour: "2026-05-04T07:00:00+00:00", placed: 4, cancelled: 1 });
    expect(slots[1]).toEqual({ hour: "2026-05-03T23:00:00.000Z", placed: 0, cancelled: 0 });
    expect(slots.reduce((n, s) => n + s.placed, 0)).toBe(5);
  });

  it("keep the 25th hour of the day the clocks go back", () => {
    const slots = hourlySlots([{ hour: "2026-10-25T22:00:00Z", placed: 2, cancelled: 0 }], "2026-10-24T22:00:00Z");
    expect(slots).toHaveLength(25);
    expect(slots[24]!.placed).toBe(2);
  });

  it("name the busiest hour, the earliest of equals", () => {
    const slots = hourlySlots(
      [
        { hour: "2026-05-04T08:00:00Z", placed: 3, cancelled: 0 },
        { hour: "2026-05-04T10:00:00Z", placed: 3, cancelled: 0 },
      ],
      start,
    );
    expect(busiestHour(slots)?.hour).toBe("2026-05-04T08:00:00Z");
    expect(busiestHour(hourlySlots([], start))).toBeNull();
  });

  it("scale the chart to a readable ceiling", () => {
    expect(chartCeiling(0)).toBe(1);
    expect(chartCeiling(4)).toBe(4);
    expect(chartCeiling(7)).toBe(10);
    expect(chartCeiling(23)).toBe(25);
    expect(chartCeiling(180)).toBe(200);
  });
});
