import type { Client } from "@urql/core";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { createApiClient, isUnauthenticated } from "../api/client";
import { LoginMutation, LogoutMutation, MeQuery } from "../api/operations";
import type { UserFieldsFragment } from "../gql/graphql";
import type { ApiUserError } from "../api/client";
import { clearSession, isExpired, loadSession, msUntilExpiry, saveSession, type StoredSession } from "./session";

export type SignedOutNotice = "expired" | "ended" | "loggedOut";

// Why the last session ended, kept in the tab so the sign-in page still says it after a reload (the socket can
// learn of a revocation a moment before the user reloads). Cleared on the next sign-in.
const NOTICE_KEY = "packline.signedOutNotice";
const NOTICES: readonly SignedOutNotice[] = ["expired", "ended", "loggedOut"];

function rememberNotice(notice: SignedOutNotice | null): void {
  try {
    if (notice) sessionStorage.setItem(NOTICE_KEY, notice);
    else sessionStorage.removeItem(NOTICE_KEY);
  } catch {
    /* storage unavailable: the notice only lasts until a reload */
  }
}

function rememberedNotice(): SignedOutNotice | undefined {
  try {
    const value = sessionStorage.getItem(NOTICE_KEY);
    return NOTICES.find((n) => n === value);
  } catch {
    return undefined;
  }
}

export type AuthState =
  | { status: "checking" }
  | { status: "unreachable"; session: StoredSession }
  | { status: "signedOut"; notice?: SignedOutNotice }
  | { status: "signedIn"; session: StoredSession; user: UserFieldsFragment; client: Client };

export type SignInResult = { ok: true } | { ok: false; errors: ApiUserError[] } | { ok: false; network: true };

interface Auth {
  state: AuthState;
  signIn: (email: string, password: string) => Promise<SignInResult>;
  signOut: () => Promise<void>;
  /** The server no longer accepts the token (or it expired): back to the sign-in page with a message. */
  endSession: (notice: SignedOutNotice) => void;
  retry: () => void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: "checking" });
  const generation = useRef(0); // bumps on every sign-in and sign-out; stale callbacks compare it

  const endSession = useCallback((notice: SignedOutNotice) => {
    generation.current += 1;
    clearSession();
    rememberNotice(notice);
    setState((current) => (current.status === "signedOut" ? current : { status: "signedOut", notice }));
  }, []);

  const start = useCallback(
    (session: StoredSession, user: UserFieldsFragment) => {
      const mine = ++generation.current;
      rememberNotice(null);
      const client = createApiClient({
        token: session.token,
        onSessionEnded: () => {
          if (generation.current === mine) endSession(isExpired(session) ? "expired" : "ended");
        },
      });
      setState({ status: "signedIn", session, user, client });
    },
    [endSession],
  );

  const verify = useCallback(
    async (session: StoredSession) => {
      if (isExpired(session)) return endSession("expired");
      setState({ status: "checking" });
      const client = createApiClient({ token: session.token });
      const result = await client.query(MeQuery, {}, { requestPolicy: "network-only" }).toPromise();
      if (result.data?.me) return start(session, result.data.me);
      if (isUnauthenticated(result.error)) return endSession(isExpired(session) ? "expired" : "ended");
      setState({ status: "unreachable", session });
    },
    [endSession, start],
  );

  useEffect(() => {
    const session = loadSession();
    if (session) void verify(session);
    else setState({ status: "signedOut", notice: rememberedNotice() });
  }, [verify]);

  // Expiry is known in advance: leave at that moment instead of failing on the next request.
  useEffect(() => {
    if (state.status !== "signedIn") return;
    const timer = setTimeout(() => endSession("expired"), msUntilExpiry(state.session));
    return () => clearTimeout(timer);
  }, [state, endSession]);

  const signIn = useCallback(
    async (email: string, password: string): Promise<SignInResult> => {
      const client = createApiClient({ token: null });
      const result = await client.mutation(LoginMutation, { input: { email, password } }).toPromise();
      const payload = result.data?.login;
      if (!payload) return { ok: false, network: true };
      if (payload.errors.length || !payload.token || !payload.expiresAt || !payload.user) {
        return { ok: false, errors: payload.errors };
      }
      const session = { token: payload.token, expiresAt: payload.expiresAt };
      // The login answer describes the new user as that user sees itself (merchant included).
      saveSession(session);
      start(session, payload.user);
      return { ok: true };
    },
    [start],
  );

  const signOut = useCallback(async () => {
    if (state.status === "signedIn") {
      // Revoke the token on the server; leave locally even when that fails.
      await state.client.mutation(LogoutMutation, {}).toPromise().catch(() => undefined);
    }
    endSession("loggedOut");
  }, [state, endSession]);

  const retry = useCallback(() => {
    const session = loadSession();
    if (session) void verify(session);
    else setState({ status: "signedOut" });
  }, [verify]);

  const value = useMemo(() => ({ state, signIn, signOut, endSession, retry }), [state, signIn, signOut, endSession, retry]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}

/** The signed-in user; only for components below the signed-in shell. */
export function useSignedIn(): Extract<AuthState, { status: "signedIn" }> {
  const { state } = useAuth();
  if (state.status !== "signedIn") throw new Error("useSignedIn without a session");
  return state;
}
