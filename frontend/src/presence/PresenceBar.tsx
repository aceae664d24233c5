import { useSignedIn } from "../auth/AuthProvider";
import { isOperator } from "../auth/permissions";
import { useI18n } from "../i18n";
import type { PresenceState, Viewer } from "./usePresence";
import "./presence.css";

/** A person on the page as the viewer may name them: Packline's people who keep their name to themselves by role. */
export function useViewerName(): (viewer: Viewer) => string {
  const { t } = useI18n();
  return (viewer) => viewer.name ?? t(viewer.kind === "WAREHOUSE" ? "presence.someoneWarehouse" : "presence.someoneSupport");
}

/** Who else has this order open, and who is editing it, with since when; Packline's people choose to show their name. */
export function PresenceBar({ presence }: { presence: PresenceState }) {
  const { t, time } = useI18n();
  const { user } = useSignedIn();
  const nameOf = useViewerName();
  const { others } = presence;
  return (
    <div className="presence" aria-live="polite">
      {others.length > 0 ? (
        <ul className="presence-list" aria-label={t("presence.label")}>
          {others.map((viewer) => (
            <li key={`${viewer.kind}-${viewer.name ?? ""}-${viewer.since}`} className={`presence-person${viewer.editing ? " presence-person--editing" : ""}`}
              data-editing={viewer.editing}>
              <span className="presence-dot" aria-hidden="true" />
              <strong>{nameOf(viewer)}</strong>{" "}
              {viewer.editing && viewer.editingSince
                ? t("presence.editingSince", { time: time(viewer.editingSince) })
                : t("presence.viewingSince", { time: time(viewer.since) })}
            </li>
          ))}
        </ul>
      ) : (
        <p className="presence-alone">{t("presence.alone")}</p>
      )}
      {isOperator(user.role) && (
        <label className="presence-choice">
          <input type="checkbox" checked={presence.showName} onChange={(event) => presence.setShowName(event.target.checked)} />{" "}
          {t("presence.showName")}
        </label>
      )}
    </div>
  );
}
