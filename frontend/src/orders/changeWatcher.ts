// Tells the live events about an order that someone else caused from the echoes of this page's own saves. Every
// ORDER event carries the order's version after the change; a page knows the versions it has seen (loaded, or
// returned by its own mutations). An event that arrives while one of its own saves is still under way waits until
// that save has answered, so the echo of the save is never taken for a stranger's change. Pure, unit tested.

export interface VersionedEvent {
  payload: unknown;
}

/** The order version an ORDER event reports, or null. */
export function eventVersion(event: VersionedEvent): number | null {
  const payload = event.payload;
  if (typeof payload === "object" && payload !== null && "version" in payload) {
    const version = (payload as { version: unknown }).version;
    if (typeof version === "number" && Number.isInteger(version)) return version;
  }
  return null;
}

export class ChangeWatcher<E extends VersionedEvent> {
  private known = 0;
  private saving = 0;
  private queued: E[] = [];

  constructor(private readonly onForeign: (event: E) => void) {}

  /** The newest version this page knows about. */
  get version(): number {
    return this.known;
  }

  /** A version the page has loaded or saved itself. */
  see(version: number | null | undefined): void {
    if (typeof version === "number") this.known = Math.max(this.known, version);
  }

  /** Forget everything (another order). */
  reset(version = 0): void {
    this.known = version;
    this.queued = [];
  }

  /** A live event about this order. */
  event(event: E): void {
    if (this.saving > 0) {
      this.queued.push(event);
      return;
    }
    const version = eventVersion(event);
    if (version === null || version <= this.known) return;
    this.known = version;
    this.onForeign(event);
  }

  /** Runs one of the page's own saves; `versionOf` reads the version its answer reports (null: it failed). */
  async around<T>(work: () => Promise<T>, versionOf: (result: T) => number | null | undefined): Promise<T> {
    this.saving += 1;
    try {
      const result = await work();
      this.see(versionOf(result));
      return result;
    } finally {
      this.saving -= 1;
      if (this.saving === 0) {
        const waiting = this.queued;
        this.queued = [];
        for (const event of waiting) this.event(event);
      }
    }
  }
}
