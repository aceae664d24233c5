import { useSignedIn } from "../auth/AuthProvider";
import { isOperator } from "../auth/permissions";
import { PageHeader, Time } from "../components/ui";
import { ALL } from "./store";
import { describeActor, describeEvent } from "./format";
import { useI18n } from "../i18n";
import { useFeed } from "../shell/LiveProvider";
import { useMerchantScope } from "../shell/MerchantScope";

const TOPIC_ICON: Record<string, string> = { MERCHANT: "M", USER: "U", API_KEY: "K", PRODUCT: "P", STOCK: "S", INBOUND: "I", ORDER: "O" };

export function ActivityPage() {
  const { t } = useI18n();
  const { user } = useSignedIn();
  const { scope, merchantById } = useMerchantScope();
  const events = useFeed(scope);
  const showMerchant = isOperator(user.role) && scope === ALL;

  return (
    <section aria-labelledby="activity-title">
      <PageHeader title={t("activity.title")} subtitle={t("activity.subtitle")}>
        <span className="badge">{t("activity.count", { count: events.length })}</span>
      </PageHeader>
      {events.length === 0 ? (
        <p className="empty">{t("activity.empty")}</p>
      ) : (
        <ol className="feed" aria-label={t("activity.listLabel")}>
          {events.map((event) => {
            const merchant = merchantById(event.merchantId);
            return (
              <li key={event.seq} className="feed-item" data-seq={event.seq} data-type={event.type}>
                <span className={`feed-icon feed-icon--${event.topic.toLowerCase()}`} aria-hidden="true">
                  {TOPIC_ICON[event.topic] ?? "•"}
                </span>
                <div className="feed-body">
                  <p className="feed-message">{describeEvent(event, t)}</p>
                  <p className="feed-meta">
                    <Time value={event.occurredAt} mode="smart" />
                    <span> · {t("activity.by", { actor: describeActor(event, t) })}</span>
                    {showMerchant && merchant && <span className="tag">{merchant.code}</span>}
                  </p>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
