// Where the bearer token lives: sessionStorage of this tab only (see the README, "The session token").
export interface StoredSession {
  token: string;
  expiresAt: string; // ISO time the server gave at sign-in
}

const KEY = "packline.session";

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function isExpired(session: StoredSession, now: number = Date.now()): boolean {
  const expires = Date.parse(session.expiresAt);
  return !Number.isFinite(expires) || expires <= now;
}

export function parseSession(raw: string | null): StoredSession | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (
      typeof value === "object" && value !== null &&
      typeof (value as StoredSession).token === "string" && typeof (value as StoredSession).expiresAt === "string"
    ) {
      return { token: (value as StoredSession).token, expiresAt: (value as StoredSession).expiresAt };
    }
  } catch {
    /* not ours: ignore */
  }
  return null;
}

export function loadSession(): StoredSession | null {
  return parseSession(storage()?.getItem(KEY) ?? null);
}

export function saveSession(session: StoredSession): void {
  storage()?.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  storage()?.removeItem(KEY);
}

/** Milliseconds until the session expires, capped so that setTimeout does not overflow. */
export function msUntilExpiry(session: StoredSession, now: number = Date.now()): number {
  return Math.min(Math.max(Date.parse(session.expiresAt) - now, 0), 2 ** 31 - 1);
}
