import { Link } from "react-router";
import { useI18n } from "../i18n";

export function ForbiddenPage() {
  const { t } = useI18n();
  return (
    <section className="status-page">
      <h1>{t("forbidden.title")}</h1>
      <p>{t("forbidden.body")}</p>
      <Link to="/">{t("notFound.home")}</Link>
    </section>
  );
}

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <section className="status-page">
      <h1>{t("notFound.title")}</h1>
      <p>{t("notFound.body")}</p>
      <Link to="/">{t("notFound.home")}</Link>
    </section>
  );
}
