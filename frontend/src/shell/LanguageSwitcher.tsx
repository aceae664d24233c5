import { useI18n, type Locale } from "../i18n";
import { LOCALES } from "../i18n/format";

export function LanguageSwitcher() {
  const { t, locale, setLocale } = useI18n();
  return (
    <div className="header-field">
      <label htmlFor="language-switcher">{t("language.label")}</label>
      <select id="language-switcher" value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`language.${l}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
