import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { Link, useLocation } from "react-router";
import { useAuth, useSignedIn } from "../auth/AuthProvider";
import { useI18n } from "../i18n";
import { ALL } from "../activity/store";
import { Icon } from "./icons";
import { LanguageSwitcher } from "./LanguageSwitcher";
import { PageBoundary } from "./PageBoundary";
import { useConnectionState } from "./LiveProvider";
import { useMerchantScope } from "./MerchantScope";
import { Sidebar } from "./Sidebar";
import { PHONE, useMediaQuery, useStoredFlag } from "./layout";

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

/** The merchant switcher, the language and the user: in the header, or at the end of the phone's drawer. */
function HeaderControls() {
  return (
    <div className="header-controls">
      <MerchantSwitcher />
      <LanguageSwitcher />
      <UserMenu />
    </div>
  );
}

/**
 * The page around every signed-in view: the header (brand, connection, merchant, language, sign-out), the sidebar
 * (collapsible, remembered per browser) and the page itself. Below 768 px the sidebar is a drawer behind the
 * header's menu button, and the header's controls move into it.
 */
export function Shell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const phone = useMediaQuery(PHONE);
  const [collapsed, setCollapsed] = useStoredFlag("packline.sidebarCollapsed");
  const [drawerOpen, setDrawerOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const location = useLocation();
  const drawer = phone && drawerOpen;

  // Following a link closes the drawer (the page takes the focus, if it wants it); so does growing past a phone.
  useEffect(() => setDrawerOpen(false), [location.pathname, phone]);

  const closeDrawer = useCallback(() => {
    returnFocus.current = true;
    setDrawerOpen(false);
  }, []);

  useEffect(() => {
    if (drawer) {
      const { overflow } = document.body.style;
      document.body.style.overflow = "hidden"; // the page behind does not scroll along
      const onKey = (event: KeyboardEvent) => {
        if (event.key === "Escape") closeDrawer();
      };
      document.addEventListener("keydown", onKey);
      return () => {
        document.body.style.overflow = overflow;
        document.removeEventListener("keydown", onKey);
      };
    }
    // Closed by the close button, Escape or a tap beside it: back to the menu button (no longer inert by now).
    if (returnFocus.current) {
      returnFocus.current = false;
      menuButton.current?.focus();
    }
  }, [drawer, closeDrawer]);

  return (
    <div className={`shell${collapsed && !phone ? " shell--collapsed" : ""}`}>
      <a className="skip-link" href="#main" inert={drawer}>
        {t("app.skipToContent")}
      </a>
      <header className="shell-header" inert={drawer}>
        {phone && (
          <button
            ref={menuButton}
            type="button"
            className="menu-toggle button button--ghost"
            aria-expanded={drawerOpen}
            aria-controls="sidebar"
            onClick={() => setDrawerOpen(true)}
          >
            <Icon name="menu" /> {t("nav.menu")}
          </button>
        )}
        <Link className="brand" to="/" aria-label={t("app.name")}>
          <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
            <rect width="32" height="32" rx="7" fill="currentColor" />
            <path d="M9 23V9h8a5 5 0 0 1 0 10h-4v4z" fill="#fff" />
          </svg>
          <span className="brand-name">{t("app.name")}</span>
        </Link>
        <ConnectionIndicator />
        {!phone && <HeaderControls />}
      </header>
      <div className="shell-body">
        <Sidebar
          phone={phone}
          open={drawer}
          onClose={closeDrawer}
          collapsed={collapsed && !phone}
          onCollapse={() => setCollapsed(!collapsed)}
          pathname={location.pathname}
        >
          {phone && <HeaderControls />}
        </Sidebar>
        {drawer && <div className="drawer-backdrop" aria-hidden="true" onClick={closeDrawer} />}
        <main id="main" className="shell-main" tabIndex={-1} inert={drawer}>
          <PageBoundary key={location.pathname}>{children}</PageBoundary>
        </main>
      </div>
    </div>
  );
}
