// The countries the address check knows (backend/orders/model.py KNOWN_COUNTRIES): an address elsewhere puts the
// order on hold, so the form offers only these. Names come from the browser in the user's language.
import type { Locale } from "../i18n";

export const SHIPPING_COUNTRIES: readonly string[] = [
  "DE", "AT", "CH", "LI", "BE", "DK", "NO", "LU", "NL", "FR", "IT", "ES", "FI", "SE", "CZ", "SK", "PL", "PT", "GB",
  "IE", "US", "CA", "GR", "HU", "RO", "BG", "HR", "SI", "EE", "LV", "LT", "MT", "CY", "IS", "AU", "NZ", "JP",
];

/** The countries with their names, sorted by name in `locale`; the home market first. */
export function countryOptions(locale: Locale, first = "DE"): { code: string; name: string }[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale === "de" ? "de-DE" : "en-GB"], { type: "region" });
  } catch {
    names = null;
  }
  const all = SHIPPING_COUNTRIES.map((code) => ({ code, name: names?.of(code) ?? code }));
  const collator = new Intl.Collator(locale);
  all.sort((a, b) => (a.code === first ? -1 : b.code === first ? 1 : collator.compare(a.name, b.name)));
  return all;
}
