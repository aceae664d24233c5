import { describe, expect, it } from "vitest";
import { feedbackOf, nextLine, normalizeScan, progressOf, serialQueue, SIGNALS, stepOf, toteHints, type PickLine } from "./picker";

function line(position: number, values: Partial<PickLine> = {}): PickLine {
  const quantity = values.quantity ?? 2;
  const picked = values.picked ?? 0;
  const short = values.short ?? 0;
  return {
    id: `L${position}`,
    position,
    binCode: `A-0${position}`,
    quantity,
    picked,
    short,
    remaining: quantity - picked - short,
    atBin: false,
    mine: false,
    pickerName: null,
    picks: [],
    ...values,
  };
}

describe("the next line", () => {
  it("is the first open line in walking order when nobody has started", () => {
    expect(nextLine([line(3), line(1), line(2)])?.id).toBe("L1");
  });

  it("is the line this picker took, before any untaken one", () => {
    const lines = [line(1), line(2, { mine: true, pickerName: "Wim", atBin: true }), line(3)];
    expect(nextLine(lines)?.id).toBe("L2");
  });

  it("skips done lines and lines another picker took", () => {
    const lines = [line(1, { picked: 2, mine: true, pickerName: "Wim" }), line(2, { pickerName: "Anna" }), line(3, { short: 1, picked: 1 }), line(4)];
    expect(nextLine(lines)?.id).toBe("L4");
  });

  it("is none when nothing is left for this picker", () => {
    expect(nextLine([line(1, { picked: 2 }), line(2, { pickerName: "Anna" })])).toBeNull();
    expect(nextLine([])).toBeNull();
  });

  it("asks for the bin first, then the product; a line without a bin asks for the product", () => {
    expect(stepOf(line(1))).toBe("bin");
    expect(stepOf(line(1, { atBin: true }))).toBe("product");
    expect(stepOf(line(1, { binCode: null }))).toBe("product");
  });
});

describe("progress", () => {
  it("counts lines done and units picked or short", () => {
    const lines = [line(1, { quantity: 3, picked: 3 }), line(2, { quantity: 2, picked: 1, short: 1 }), line(3, { quantity: 5, picked: 1 })];
    expect(progressOf(lines)).toEqual({ linesDone: 2, lines: 3, unitsDone: 6, units: 10, percent: 60 });
  });

  it("is complete for an empty picklist and rounds down until the last unit", () => {
    expect(progressOf([]).percent).toBe(100);
    expect(progressOf([line(1, { quantity: 3, picked: 2 })]).percent).toBe(66);
  });
});

describe("tote hints", () => {
  it("lists the totes still waiting for units of the line, in the server's order", () => {
    const picks = [
      { tote: 1, quantity: 2, picked: 2, short: 0, orderNumber: "M1-1" },
      { tote: 2, quantity: 3, picked: 1, short: 0, orderNumber: "M1-2" },
      { tote: 3, quantity: 1, picked: 0, short: 0, orderNumber: "M2-7" },
    ];
    expect(toteHints(line(1, { picks }))).toEqual([
      { tote: 2, orderNumber: "M1-2", units: 2 },
      { tote: 3, orderNumber: "M2-7", units: 1 },
    ]);
  });
});

describe("a scan's feedback", () => {
  const text = (e: { message: string; code: string }) => `${e.code}: ${e.message}`;

  it("is right with the server's next step when the scan was taken", () => {
    const answer = { data: { picklistScan: { picked: 2, message: "Picked 2 × NL-SOAP", errors: [] } } };
    expect(feedbackOf("NL-SOAP", answer, text)).toEqual({ signal: "right", code: "NL-SOAP", text: "Picked 2 × NL-SOAP", picked: 2 });
  });

  it("is wrong with the refusal in the reader's words when the server refused it", () => {
    const answer = { data: { picklistScan: { picked: 0, message: "", errors: [{ field: "code", code: "WRONG_SCAN", message: "This is A-02: go to A-01" }] } } };
    expect(feedbackOf("A-02", answer, text)).toEqual({ signal: "wrong", code: "A-02", text: "WRONG_SCAN: This is A-02: go to A-01", picked: 0 });
  });

  it("is wrong when the request failed", () => {
    expect(feedbackOf("A-01", { data: null, error: { message: "Network error" } }, text)).toMatchObject({ signal: "wrong", text: "Network error" });
  });

  it("sounds and vibrates differently for right and wrong", () => {
    expect(SIGNALS.right.tones).not.toEqual(SIGNALS.wrong.tones);
    expect(SIGNALS.right.vibrate).not.toEqual(SIGNALS.wrong.vibrate);
    expect(SIGNALS.wrong.tones.reduce((s, t) => s + t.seconds, 0)).toBeGreaterThan(SIGNALS.right.tones[0]!.seconds);
  });

  it("takes a code without what the scanner adds around it", () => {
    expect(normalizeScan("  4006381333931\r\n")).toBe("4006381333931");
  });
});

describe("scans in order", () => {
  it("runs one scan at a time in the order they came, also after one failed", async () => {
    const log: string[] = [];
    let release: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (release = resolve));
    const run = serialQueue(async (code: string) => {
      log.push(`start ${code}`);
      if (code === "A") await first;
      if (code === "B") throw new Error("refused");
      log.push(`end ${code}`);
    });
    const all = Promise.all([run("A"), run("B"), run("C")]);
    await Promise.resolve();
    expect(log).toEqual(["start A"]);
    release();
    await all;
    expect(log).toEqual(["start A", "end A", "start B", "start C", "end C"]);
  });
});
