// The live activity feed's memory: events newest first, no duplicates, and for each scope (all merchants or
// one) the last seq seen there, so that a re-subscription resumes exactly where the stream stopped.
import type { EventsSubscription } from "../gql/graphql";

export type FeedEvent = EventsSubscription["events"];

/** "all" for an operator watching every merchant, otherwise a merchant's global id. */
export type ScopeKey = string;
export const ALL: ScopeKey = "all";

export const DEFAULT_LIMIT = 200;

export class FeedStore {
  private events: FeedEvent[] = []; // newest first
  private seqs = new Set<number>();
  private frontier = new Map<ScopeKey, number>();
  private listeners = new Set<() => void>();
  private version = 0;
  private history = 0;

  constructor(private readonly limit: number = DEFAULT_LIMIT) {}

  /**
   * Where a subscription to `scope` resumes: the last seq seen while following that scope or a wider one
   * (a stream of every merchant covers each merchant). Null when nothing was seen yet: start at "now".
   */
  resumeAfter(scope: ScopeKey): number | null {
    const own = this.frontier.get(scope);
    const wide = scope === ALL ? undefined : this.frontier.get(ALL);
    if (own === undefined && wide === undefined) return null;
    return Math.max(own ?? 0, wide ?? 0);
  }

  /**
   * Takes an event that arrived on a subscription to `scope`. Returns false for anything already seen
   * (at or below the scope's resume point, or a seq we hold): a replay after a reconnect never duplicates.
   */
  add(event: FeedEvent, scope: ScopeKey): boolean {
    const last = this.resumeAfter(scope);
    if (last !== null && event.seq <= last) return false;
    this.frontier.set(scope, event.seq);
    if (this.seqs.has(event.seq)) return false; // seen while following a narrower scope
    this.seqs.add(event.seq);
    // Streams deliver in seq order, so this is nearly always an insert at the front.
    let index = 0;
    while (index < this.events.length && this.events[index]!.seq > event.seq) index += 1;
    this.events.splice(index, 0, event);
    if (this.events.length > this.limit) {
      for (const dropped of this.events.splice(this.limit)) this.seqs.delete(dropped.seq);
    }
    this.changed();
    return true;
  }

  /**
   * Takes the recent past of `scope` (from `recentEvents`, newest first) and where its stream continues:
   * `headSeq`, the seq the server had reached when it answered. Later events come from the subscription.
   */
  seed(events: readonly FeedEvent[], headSeq: number, scope: ScopeKey): void {
    for (const event of events) {
      if (this.seqs.has(event.seq)) continue;
      this.seqs.add(event.seq);
      let index = 0;
      while (index < this.events.length && this.events[index]!.seq > event.seq) index += 1;
      this.events.splice(index, 0, event);
    }
    if (this.events.length > this.limit) {
      for (const dropped of this.events.splice(this.limit)) this.seqs.delete(dropped.seq);
    }
    this.frontier.set(scope, Math.max(this.frontier.get(scope) ?? 0, headSeq));
    this.history = Math.max(this.history, headSeq);
    this.changed();
  }

  /** Events at or below this seq were loaded as history, not seen happening (pages do not react to them). */
  historyThrough(): number {
    return this.history;
  }

  /** The events to show for `scope`, newest first. */
  list(scope: ScopeKey): FeedEvent[] {
    return scope === ALL ? this.events : this.events.filter((e) => e.merchantId === scope);
  }

  snapshotVersion(): number {
    return this.version;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}
