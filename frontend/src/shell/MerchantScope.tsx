import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useQuery } from "urql";
import { MerchantsQuery } from "../api/operations";
import { isOperator } from "../auth/permissions";
import { useSignedIn } from "../auth/AuthProvider";
import { ALL, type ScopeKey } from "../activity/store";

export interface MerchantSummary {
  id: string;
  code: string;
  name: string;
  isActive: boolean;
}

interface MerchantScope {
  /** ALL or a merchant id: what the operator's switcher selects; a merchant user's own merchant. */
  scope: ScopeKey;
  setScope: (scope: ScopeKey) => void;
  /** Whether this user chooses among merchants (operators) or belongs to one. */
  canSwitch: boolean;
  merchants: MerchantSummary[];
  merchantById: (id: string | null | undefined) => MerchantSummary | undefined;
  /** The merchant to filter lists by, or null for all. */
  merchantFilter: string | null;
}

const STORAGE_KEY = "packline.merchantScope";
const Context = createContext<MerchantScope | null>(null);

export function MerchantScopeProvider({ children }: { children: ReactNode }) {
  const { user } = useSignedIn();
  const canSwitch = isOperator(user.role);
  const [{ data }] = useQuery({ query: MerchantsQuery, variables: { first: 100 } });
  const merchants = useMemo(() => data?.merchants.edges.map((e) => e.node) ?? [], [data]);
  const [chosen, setChosen] = useState<ScopeKey>(() => {
    try {
      return sessionStorage.getItem(STORAGE_KEY) ?? ALL;
    } catch {
      return ALL;
    }
  });

  const setScope = useCallback((next: ScopeKey) => {
    setChosen(next);
    try {
      sessionStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* ignore */
    }
  }, []);

  // A remembered merchant that no longer exists in the list falls back to all merchants.
  useEffect(() => {
    if (canSwitch && data && chosen !== ALL && !merchants.some((m) => m.id === chosen)) setScope(ALL);
  }, [canSwitch, data, chosen, merchants, setScope]);

  const scope = canSwitch ? chosen : (user.merchant?.id ?? ALL);
  const value = useMemo<MerchantScope>(
    () => ({
      scope,
      setScope,
      canSwitch,
      merchants,
      merchantById: (id) => (id ? merchants.find((m) => m.id === id) : undefined),
      merchantFilter: canSwitch && scope !== ALL ? scope : null,
    }),
    [scope, setScope, canSwitch, merchants],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useMerchantScope(): MerchantScope {
  const value = useContext(Context);
  if (!value) throw new Error("useMerchantScope outside MerchantScopeProvider");
  return value;
}
