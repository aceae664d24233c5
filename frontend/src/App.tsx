import { lazy, type ComponentType, type ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import { Provider as UrqlProvider } from "urql";
import { useAuth, useSignedIn } from "./auth/AuthProvider";
import { can, landsOnDashboard, type Permission } from "./auth/permissions";
import { Alert } from "./components/ui";
import { useI18n } from "./i18n";
import { LoginPage } from "./accounts/LoginPage";
import { ForbiddenPage, NotFoundPage } from "./components/StatusPages";
import { LiveProvider } from "./shell/LiveProvider";
import { MerchantScopeProvider, useMerchantScope } from "./shell/MerchantScope";
import { Shell } from "./shell/Shell";

/**
 * Every page loads on first use, in a chunk of its own (with what only it needs): the first load carries the shell
 * and the start page, not the whole dashboard. The sign-in page comes with the shell, as the signed-out start page.
 */
function page<Name extends string>(load: () => Promise<Record<Name, ComponentType>>, name: Name) {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}

const ActivityPage = page(() => import("./activity/ActivityPage"), "ActivityPage");
const ApiKeysPage = page(() => import("./accounts/ApiKeysPage"), "ApiKeysPage");
const UsersPage = page(() => import("./accounts/UsersPage"), "UsersPage");
const OrdersDashboardPage = page(() => import("./orders/dashboard/OrdersDashboardPage"), "OrdersDashboardPage");
const OrdersPage = page(() => import("./orders/list/OrdersPage"), "OrdersPage");
const OrderDetailPage = page(() => import("./orders/detail/OrderDetailPage"), "OrderDetailPage");
const PhoneOrderPage = page(() => import("./orders/phone/PhoneOrderPage"), "PhoneOrderPage");
const ProductsPage = page(() => import("./catalog/ProductsPage"), "ProductsPage");
const ProductDetailPage = page(() => import("./catalog/ProductDetailPage"), "ProductDetailPage");
const ProductCreatePage = page(() => import("./catalog/ProductFormPage"), "ProductCreatePage");
const ProductEditPage = page(() => import("./catalog/ProductFormPage"), "ProductEditPage");
const InboundsPage = page(() => import("./inbound/InboundsPage"), "InboundsPage");
const InboundCreatePage = page(() => import("./inbound/InboundCreatePage"), "InboundCreatePage");
const InboundDetailPage = page(() => import("./inbound/InboundDetailPage"), "InboundDetailPage");
const ReceivePage = page(() => import("./inbound/ReceivePage"), "ReceivePage");
const ReturnsPage = page(() => import("./returns/ReturnsPage"), "ReturnsPage");
const ReturnDetailPage = page(() => import("./returns/ReturnDetailPage"), "ReturnDetailPage");
const WarehouseBoardPage = page(() => import("./warehouse/WarehouseBoardPage"), "WarehouseBoardPage");
const PicklistsPage = page(() => import("./picking/PicklistsPage"), "PicklistsPage");
const PicklistCreatePage = page(() => import("./picking/PicklistCreatePage"), "PicklistCreatePage");
const PicklistDetailPage = page(() => import("./picking/PicklistDetailPage"), "PicklistDetailPage");
const PickerPage = page(() => import("./picking/PickerPage"), "PickerPage");
const PackingPage = page(() => import("./packing/PackingPage"), "PackingPage");
const NotificationSettingsPage = page(() => import("./notifications/NotificationSettingsPage"), "NotificationSettingsPage");

function Splash() {
  const { t } = useI18n();
  return (
    <div className="splash" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {t("app.loading")}
    </div>
  );
}

function Unreachable() {
  const { t } = useI18n();
  const { retry } = useAuth();
  return (
    <div className="splash">
      <Alert kind="error">{t("login.networkError")}</Alert>
      <button type="button" className="button button--primary" onClick={retry}>
        {t("app.retry")}
      </button>
    </div>
  );
}

function Allowed({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { user } = useSignedIn();
  return can(user.role, permission) ? children : <ForbiddenPage />;
}

/** The start page: the live order dashboard for who reads orders, the activity feed for everyone else. */
function Landing() {
  const { user } = useSignedIn();
  if (landsOnDashboard(user.role)) return <OrdersDashboardPage />;
  return <Allowed permission="events:read"><ActivityPage /></Allowed>;
}

function LiveScope({ children }: { children: ReactNode }) {
  const { scope } = useMerchantScope();
  return <LiveProvider scope={scope}>{children}</LiveProvider>;
}

function Dashboard() {
  const { client } = useSignedIn();
  return (
    <UrqlProvider value={client}>
      <MerchantScopeProvider>
        <LiveScope>
          <Shell>
            <Routes>
              <Route index element={<Landing />} />
              <Route path="activity" element={<Allowed permission="events:read"><ActivityPage /></Allowed>} />
              <Route path="orders" element={<Allowed permission="orders:read"><OrdersPage /></Allowed>} />
              <Route path="products" element={<Allowed permission="products:read"><ProductsPage /></Allowed>} />
              <Route path="products/new" element={<Allowed permission="products:write"><ProductCreatePage /></Allowed>} />
              <Route path="products/:id" element={<Allowed permission="products:read"><ProductDetailPage /></Allowed>} />
              <Route path="products/:id/edit" element={<Allowed permission="products:write"><ProductEditPage /></Allowed>} />
              <Route path="inbounds" element={<Allowed permission="inbounds:read"><InboundsPage /></Allowed>} />
              <Route path="inbounds/new" element={<Allowed permission="inbounds:write"><InboundCreatePage /></Allowed>} />
              <Route path="inbounds/:id" element={<Allowed permission="inbounds:read"><InboundDetailPage /></Allowed>} />
              <Route path="inbounds/:id/receive" element={<Allowed permission="inbounds:receive"><ReceivePage /></Allowed>} />
              <Route path="returns" element={<Allowed permission="returns:read"><ReturnsPage /></Allowed>} />
              <Route path="returns/:id" element={<Allowed permission="returns:read"><ReturnDetailPage /></Allowed>} />
              <Route path="warehouse/board" element={<Allowed permission="picklists:read"><WarehouseBoardPage /></Allowed>} />
              <Route path="picklists" element={<Allowed permission="picklists:read"><PicklistsPage /></Allowed>} />
              <Route path="picklists/new" element={<Allowed permission="picklists:write"><PicklistCreatePage /></Allowed>} />
              <Route path="picklists/:id" element={<Allowed permission="picklists:read"><PicklistDetailPage /></Allowed>} />
              <Route path="pick" element={<Allowed permission="picklists:write"><PickerPage /></Allowed>} />
              <Route path="packing" element={<Allowed permission="parcels:write"><PackingPage /></Allowed>} />
              <Route path="orders/new" element={<Allowed permission="orders:write"><PhoneOrderPage /></Allowed>} />
              <Route path="orders/:id" element={<Allowed permission="orders:read"><OrderDetailPage /></Allowed>} />
              <Route path="users" element={<Allowed permission="users:read"><UsersPage /></Allowed>} />
              <Route path="api-keys" element={<Allowed permission="api_keys:read"><ApiKeysPage /></Allowed>} />
              <Route path="settings/notifications" element={<Allowed permission="merchant_settings:write"><NotificationSettingsPage /></Allowed>} />
              <Route path="login" element={<RedirectAfterLogin />} />
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </Shell>
        </LiveScope>
      </MerchantScopeProvider>
    </UrqlProvider>
  );
}

/** Only same-site paths are followed after signing in. */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : "/";
}

function RedirectAfterLogin() {
  const location = useLocation();
  return <Navigate to={safeNext(new URLSearchParams(location.search).get("next"))} replace />;
}

export function App() {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === "checking") return <Splash />;
  if (state.status === "unreachable") return <Unreachable />;
  if (state.status === "signedOut") {
    if (location.pathname === "/login") return <LoginPage />;
    const next = location.pathname === "/" ? "" : `?next=${encodeURIComponent(location.pathname + location.search)}`;
    return <Navigate to={`/login${next}`} replace />;
  }
  // The key drops every page's state when another user signs in in this tab.
  return <Dashboard key={state.session.token} />;
}
