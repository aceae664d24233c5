// Message interpolation and locale-aware formatting (pure functions, unit tested).
export type Locale = "en" | "de";
export const LOCALES: readonly Locale[] = ["en", "de"];

// BCP 47 tags used for Intl: English as used in Europe (24-hour clock, day before month is not forced).
export const INTL_LOCALE: Record<Locale, string> = { en: "en-GB", de: "de-DE" };

export type Params = Record<string, string | number | null | undefined>;

const PLURAL = /\{(\w+), plural, ((?:\w+ \{[^{}]*\}\s*)+)\}/g;
const OPTION = /(\w+) \{([^{}]*)\}/g;

/** Fills `{name}` placeholders and `{count, plural, one {# x} other {# xs}}` with the locale's plural rules. */
export function interpolate(template: string, params: Params = {}, locale: Locale = "en"): string {
  const withPlurals = template.replace(PLURAL, (_all, name: string, body: string) => {
    const value = Number(params[name] ?? 0);
    const options = new Map<string, string>();
    for (const [, key, text] of body.matchAll(OPTION)) options.set(key!, text!);
    const category = new Intl.PluralRules(INTL_LOCALE[locale]).select(value);
    const chosen = options.get(`=${value}`) ?? options.get(category) ?? options.get("other") ?? "";
    return chosen.replace(/#/g, formatNumber(value, locale));
  });
  return withPlurals.replace(/\{(\w+)\}/g, (all, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) return all;
    return typeof value === "number" ? formatNumber(value, locale) : value;
  });
}

export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale]).format(value);
}

/** Money arrives from the API as a decimal string with an ISO currency ("1234.50", "EUR"). */
export function formatMoney(amount: string, currency: string, locale: Locale): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return `${amount} ${currency}`;
  return new Intl.NumberFormat(INTL_LOCALE[locale], { style: "currency", currency }).format(value);
}

export function formatDateTime(iso: string | Date, locale: Locale, timeZone?: string): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
}

export function formatDate(iso: string | Date, locale: Locale, timeZone?: string): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: "medium", timeZone }).format(date);
}

export function formatTime(iso: string | Date, locale: Locale, timeZone?: string): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeStyle: "medium", timeZone }).format(date);
}

/** "3 minutes ago" / "vor 3 Minuten"; falls back to the date beyond a week. */
export function formatRelative(iso: string | Date, locale: Locale, now: Date = new Date()): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  const rtf = new Intl.RelativeTimeFormat(INTL_LOCALE[locale], { numeric: "auto" });
  if (abs < 45) return rtf.format(0, "second");
  if (abs < 45 * 60) return rtf.format(Math.round(seconds / 60), "minute");
  if (abs < 22 * 3600) return rtf.format(Math.round(seconds / 3600), "hour");
  if (abs < 7 * 86400) return rtf.format(Math.round(seconds / 86400), "day");
  return formatDate(date, locale);
}

/** The locale to start with: the one this browser chose before, else the browser's language. */
export function initialLocale(stored: string | null, languages: readonly string[]): Locale {
  if (stored === "en" || stored === "de") return stored;
  for (const language of languages) {
    const base = language.toLowerCase().split("-")[0];
    if (base === "de" || base === "en") return base;
  }
  return "en";
}
