import { useEffect, useRef, type ReactNode } from "react";
import { Link } from "react-router";
import { useSignedIn } from "../auth/AuthProvider";
import { useI18n } from "../i18n";
import { Icon } from "./icons";
import { isCurrent, navigationFor } from "./navigation";

interface SidebarProps {
  /** Below 768 px: a drawer, shown while `open`, with a close button and the header's controls (`children`). */
  phone: boolean;
  open: boolean;
  onClose: () => void;
  /** Icons only (the labels stay for screen readers and as tooltips). */
  collapsed: boolean;
  onCollapse: () => void;
  pathname: string;
  children?: ReactNode;
}

/** The navigation by work area (src/shell/navigation.ts), as the signed-in role may use it. */
export function Sidebar({ phone, open, onClose, collapsed, onCollapse, pathname, children }: SidebarProps) {
  const { t } = useI18n();
  const { user } = useSignedIn();
  const groups = navigationFor(user.role);
  const entries = groups.flatMap((group) => group.entries);
  const panel = useRef<HTMLDivElement>(null);

  // An opened drawer takes the focus: on the current page's entry, or the first one.
  useEffect(() => {
    if (!open) return;
    const links = panel.current?.querySelectorAll<HTMLElement>(".nav-link");
    const current = panel.current?.querySelector<HTMLElement>('.nav-link[aria-current="page"]');
    (current ?? links?.[0])?.focus();
  }, [open]);

  return (
    // The column runs the page's full height; the sidebar in it stays in view while the page scrolls.
    <div className="sidebar-column">
      <div
        ref={panel}
        id="sidebar"
        className={`sidebar${open ? " sidebar--open" : ""}`}
        role={open ? "dialog" : undefined}
        aria-modal={open || undefined}
        aria-label={open ? t("nav.menu") : undefined}
      >
        {phone && (
          <div className="drawer-head">
            <span className="drawer-title">{t("nav.menu")}</span>
            <button type="button" className="button button--ghost drawer-close" onClick={onClose}>
              <Icon name="close" />
              <span className="visually-hidden">{t("nav.close")}</span>
            </button>
          </div>
        )}
        <nav aria-label={t("nav.label")} className="sidebar-nav">
          {groups.map((group) => (
            <div key={group.id} className="nav-group" role="group" aria-labelledby={`nav-group-${group.id}`} data-group={group.id}>
              <span className="nav-group-title" id={`nav-group-${group.id}`}>
                {t(group.label)}
              </span>
              <ul>
                {group.entries.map((entry) => {
                  const current = isCurrent(entry, pathname, entries);
                  return (
                    <li key={entry.path}>
                      <Link
                        to={entry.path}
                        className={`nav-link${current ? " active" : ""}`}
                        aria-current={current ? "page" : undefined}
                        title={collapsed ? t(entry.label) : undefined}
                      >
                        <Icon name={entry.icon} />
                        <span className="nav-label">{t(entry.label)}</span>
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
        </nav>
        {children}
        {!phone && (
          <button
            type="button"
            className="sidebar-toggle"
            aria-expanded={!collapsed}
            aria-controls="sidebar"
            title={collapsed ? t("nav.expand") : undefined}
            onClick={onCollapse}
          >
            <Icon name={collapsed ? "expand" : "collapse"} />
            <span className="nav-label">{t(collapsed ? "nav.expand" : "nav.collapse")}</span>
          </button>
        )}
      </div>
    </div>
  );
}
