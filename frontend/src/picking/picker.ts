// The picker app's logic, kept apart from the screen: which line comes next, how far the picklist is, what a scan's
// answer means for the picker (message, sound, vibration) and that scans go to the server one at a time, in order.

export interface PickLine {
  id: string;
  position: number;
  binCode: string | null;
  quantity: number;
  picked: number;
  short: number;
  remaining: number;
  atBin: boolean;
  mine: boolean;
  pickerName: string | null;
  picks: readonly { tote: number; quantity: number; picked: number; short: number; orderNumber: string }[];
}

/**
 * The line the server gives this picker's next scan to (backend/picking/services.py `_line_of`): the open line it
 * took, else the first open line nobody took, in walking order. Null: nothing is left for this picker.
 */
export function nextLine<T extends PickLine>(lines: readonly T[]): T | null {
  const open = [...lines].filter((l) => l.remaining > 0).sort((a, b) => a.position - b.position);
  return open.find((l) => l.mine) ?? open.find((l) => !l.mine && l.pickerName === null) ?? null;
}

/** What the picker scans next on `line`: its bin first (when it has one), then the product. */
export function stepOf(line: Pick<PickLine, "binCode" | "atBin">): "bin" | "product" {
  return line.binCode && !line.atBin ? "bin" : "product";
}

export interface Progress {
  /** Lines with nothing left to pick (picked or reported short). */
  linesDone: number;
  lines: number;
  unitsDone: number;
  units: number;
  /** 0 to 100, by units. */
  percent: number;
}

export function progressOf(lines: readonly Pick<PickLine, "quantity" | "picked" | "short" | "remaining">[]): Progress {
  const units = lines.reduce((sum, l) => sum + l.quantity, 0);
  const unitsDone = lines.reduce((sum, l) => sum + l.picked + l.short, 0);
  return {
    linesDone: lines.filter((l) => l.remaining <= 0).length,
    lines: lines.length,
    unitsDone,
    units,
    percent: units === 0 ? 100 : Math.floor((unitsDone * 100) / units),
  };
}

export interface ToteHint {
  tote: number;
  orderNumber: string;
  /** Units of this line still to go into the tote. */
  units: number;
}

/**
 * Where the units of `line` go (batch picking: one walk, then into the orders' totes), in the order the server
 * fills them: the totes still waiting for units, each with how many.
 */
export function toteHints(line: Pick<PickLine, "picks">): ToteHint[] {
  return line.picks
    .map((p) => ({ tote: p.tote, orderNumber: p.orderNumber, units: p.quantity - p.picked - p.short }))
    .filter((h) => h.units > 0);
}

export type ScanSignal = "right" | "wrong";

export interface ScanFeedback {
  signal: ScanSignal;
  /** What was scanned. */
  code: string;
  /** The server's sentence: what to do next, or why the scan was refused. */
  text: string;
  /** Units this scan picked. */
  picked: number;
}

interface ScanAnswer {
  data?: { picklistScan: { picked: number; message: string; errors: readonly { message: string; code: string; field?: string | null }[] } } | null;
  error?: { message: string } | null;
}

/**
 * A scan's answer as the picker meets it: right (the bin or the units were taken) or wrong (refused: nothing
 * changed). `errorText` words a refusal in the reader's language; a failed request is wrong too, with its reason.
 */
export function feedbackOf(code: string, answer: ScanAnswer, errorText: (error: { message: string; code: string }) => string): ScanFeedback {
  const payload = answer.data?.picklistScan;
  if (!payload) return { signal: "wrong", code, text: answer.error?.message ?? "", picked: 0 };
  const refused = payload.errors[0];
  if (refused) return { signal: "wrong", code, text: errorText(refused), picked: 0 };
  return { signal: "right", code, text: payload.message, picked: payload.picked };
}

/** Sound and vibration per signal: a short high beep for right, a long low double buzz for wrong. */
export const SIGNALS: Record<ScanSignal, { tones: readonly { hz: number; seconds: number }[]; wave: OscillatorType; vibrate: number | number[] }> = {
  right: { tones: [{ hz: 1320, seconds: 0.09 }], wave: "sine", vibrate: 40 },
  wrong: { tones: [{ hz: 196, seconds: 0.22 }, { hz: 147, seconds: 0.3 }], wave: "square", vibrate: [180, 90, 180] },
};

/** A code as a scanner or a person typed it, without the line breaks and padding a scanner may add. */
export function normalizeScan(raw: string): string {
  return raw.replace(/[\r\n\t]/g, "").trim();
}

/**
 * Runs `task` for each code in the order they came, one at a time: a wedge scanner may type the next code before
 * the server answered the last, and scans must reach the picklist in the order the picker made them.
 */
export function serialQueue<T>(task: (item: T) => Promise<void>): (item: T) => Promise<void> {
  let tail: Promise<void> = Promise.resolve();
  return (item: T) => {
    tail = tail.then(() => task(item)).catch(() => undefined);
    return tail;
  };
}
