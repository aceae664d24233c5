import { useEffect, useState, type ReactNode } from "react";
import { Link, NavLink, useLocation } from "react-router";
import { useAuth, useSignedIn } from "../auth/AuthProvider";
import { navigationFor } from "../auth/permissions";
import { useI18n } from "../i18n";
import { ALL } from "../activity/store";
import { LanguageSwitcher } from "./LanguageSwitcher";
import { useConnectionState } from "./LiveProvider";
import { useMerchantScope } from "./MerchantScope";

function ConnectionIndicator() {
  const { t } = useI18n();
  const state = useConnectionState();
  return (
    <div className={`connection connection--${state}`} role="status" aria-live="polite" data-testid="connection" data-state={state}>
      <span className="connection-dot" aria-hidden="true" />
      <span className="visually-hidden">{t("connection.label")}: </span>
      <span>{t(`connection.${state}`)}</span>
    </div>
  );
}

function MerchantSwitcher() {
  const { t } = useI18n();
  const { canSwitch, merchants, scope, setScope } = useMerchantScope();
  if (!canSwitch) return null;
  return (
    <div className="header-field">
      <label htmlFor="merchant-switcher">{t("header.merchant")}</label>
      <select id="merchant-switcher" value={scope} onChange={(e) => setScope(e.target.value)}>
        <option value={ALL}>{t("header.allMerchants")}</option>
        {merchants.map((m) => (
          <option key={m.id} value={m.id}>
            {m.code} · {m.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function UserMenu() {
  const { t } = useI18n();
  const { user } = useSignedIn();
  const { signOut } = useAuth();
  const [busy, setBusy] = useState(false);
  return (
    <div className="user-menu">
      <div className="user-identity" title={t("header.signedInAs", { name: user.email })}>
        <span className="user-name">{user.name}</span>
        <span className="user-role">
          {t(`role.${user.role}`)}
          {user.merchant ? ` · ${user.merchant.name}` : ""}
        </span>
      </div>
      <button
        type="button"
        className="button button--ghost"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void signOut();
        }}
      >
        {t("header.logout")}
      </button>
    </div>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { user } = useSignedIn();
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setMenuOpen(false), [location.pathname]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header className="shell-header">
        <div className="header-bar">
          <Link className="brand" to="/" aria-label={t("app.name")}>
            <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
              <rect width="32" height="32" rx="7" fill="currentColor" />
              <path d="M9 23V9h8a5 5 0 0 1 0 10h-4v4z" fill="#fff" />
            </svg>
            <span>{t("app.name")}</span>
          </Link>
          <ConnectionIndicator />
          <button
            type="button"
            className="menu-toggle button button--ghost"
            aria-expanded={menuOpen}
            aria-controls="header-panel"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span aria-hidden="true">☰</span> {t("nav.menu")}
          </button>
        </div>
        <div id="header-panel" className={`header-panel${menuOpen ? " header-panel--open" : ""}`}>
          <nav aria-label={t("nav.label")} className="main-nav">
            <ul>
              {navigationFor(user.role).map((item, _, items) => {
                // A section is not highlighted where one of its pages has an entry of its own ("/orders/new").
                const deeper = items.some((other) => other.path.startsWith(`${item.path}/`) && location.pathname.startsWith(other.path));
                return (
                  <li key={item.path}>
                    <NavLink to={item.path} end={item.path === "/" || deeper}>
                      {t(item.label)}
                    </NavLink>
                  </li>
                );
              })}
            </ul>
          </nav>
          <div className="header-controls">
            <MerchantSwitcher />
            <LanguageSwitcher />
            <UserMenu />
          </div>
        </div>
      </header>
      <main id="main" className="shell-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
