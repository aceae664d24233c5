import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { de } from "./de";
import { en, type MessageKey } from "./en";
import {
  formatDate,
  formatDateTime,
  formatMoney,
  formatNumber,
  formatRelative,
  formatTime,
  initialLocale,
  interpolate,
  type Locale,
  type Params,
} from "./format";

export type { Locale, MessageKey };

const CATALOGS: Record<Locale, Record<MessageKey, string>> = { en, de };
const STORAGE_KEY = "packline.locale";

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, params?: Params) => string;
  has: (key: string) => key is MessageKey;
  dateTime: (iso: string) => string;
  date: (iso: string) => string;
  time: (iso: string) => string;
  relative: (iso: string) => string;
  number: (value: number) => string;
  money: (amount: string, currency: string) => string;
}

const I18nContext = createContext<I18n | null>(null);

function readStoredLocale(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => initialLocale(readStoredLocale(), navigator.languages ?? []));

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next); // remembered per browser
    } catch {
      /* storage disabled: the choice lasts for this page */
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo<I18n>(() => {
    const catalog = CATALOGS[locale];
    return {
      locale,
      setLocale,
      t: (key, params) => interpolate(catalog[key] ?? key, params, locale),
      has: (key: string): key is MessageKey => key in catalog,
      dateTime: (iso) => formatDateTime(iso, locale),
      date: (iso) => formatDate(iso, locale),
      time: (iso) => formatTime(iso, locale),
      relative: (iso) => formatRelative(iso, locale),
      number: (n) => formatNumber(n, locale),
      money: (amount, currency) => formatMoney(amount, currency, locale),
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}
