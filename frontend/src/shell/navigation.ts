// The sidebar's navigation model: work areas in the order they appear, each with its pages and the permission a
// page needs. The role decides what appears (src/auth/permissions.ts); a group without an entry the role may use
// is not shown at all. A new domain's page is one line in its group here, plus its label in en.ts and de.ts.
import { can, landsOnDashboard, type Permission } from "../auth/permissions";
import type { Role } from "../gql/graphql";
import type { MessageKey } from "../i18n/en";
import type { IconName } from "./icons";

export interface NavEntry {
  path: string;
  label: MessageKey;
  /** What the role needs for the entry to appear; the route checks the same permission. */
  requires: Permission;
  /** Shown beside the label, and alone while the sidebar is collapsed. */
  icon: IconName;
}

export type NavGroupId = "overview" | "orders" | "warehouse" | "floor" | "catalog" | "billing" | "settings";

export interface NavGroup {
  id: NavGroupId;
  label: MessageKey;
  entries: readonly NavEntry[];
}

export const ACTIVITY_PATH = "/activity";

export const NAVIGATION: readonly NavGroup[] = [
  {
    id: "overview",
    label: "nav.group.overview",
    entries: [
      { path: "/", label: "nav.dashboard", requires: "orders:read", icon: "dashboard" },
      { path: ACTIVITY_PATH, label: "nav.activity", requires: "events:read", icon: "activity" },
    ],
  },
  {
    id: "orders",
    label: "nav.group.orders",
    entries: [
      { path: "/orders", label: "nav.orders", requires: "orders:read", icon: "orders" },
      { path: "/orders/new", label: "nav.phoneOrder", requires: "orders:write", icon: "phone" },
    ],
  },
  {
    id: "warehouse",
    label: "nav.group.warehouse",
    entries: [
      { path: "/inbounds", label: "nav.inbounds", requires: "inbounds:read", icon: "inbound" },
      { path: "/returns", label: "nav.returns", requires: "returns:read", icon: "returns" },
    ],
  },
  {
    id: "floor",
    label: "nav.group.floor",
    // The outbound floor in the order goods move: picking, then packing, and the wall board.
    entries: [
      { path: "/picklists", label: "nav.picklists", requires: "picklists:read", icon: "picklist" },
      { path: "/pick", label: "nav.pick", requires: "picklists:write", icon: "scan" },
      { path: "/packing", label: "nav.packing", requires: "parcels:write", icon: "products" },
      { path: "/warehouse/board", label: "nav.warehouseBoard", requires: "picklists:read", icon: "dashboard" },
    ],
  },
  {
    id: "catalog",
    label: "nav.group.catalog",
    entries: [{ path: "/products", label: "nav.products", requires: "products:read", icon: "products" }],
  },
  {
    id: "billing",
    label: "nav.group.billing",
    // Invoices and the running period's total join here.
    entries: [],
  },
  {
    id: "settings",
    label: "nav.group.settings",
    entries: [
      { path: "/users", label: "nav.users", requires: "users:read", icon: "users" },
      { path: "/api-keys", label: "nav.apiKeys", requires: "api_keys:read", icon: "key" },
      { path: "/settings/notifications", label: "nav.notifications", requires: "merchant_settings:write", icon: "mail" },
    ],
  },
];

/** The groups and entries `role` may use, in order; groups left empty are dropped. */
export function navigationFor(role: Role, model: readonly NavGroup[] = NAVIGATION): NavGroup[] {
  const dashboard = landsOnDashboard(role);
  return model
    .map((group) => ({
      ...group,
      entries: group.entries
        .filter((entry) => can(role, entry.requires))
        // Without the order dashboard the activity feed is the start page, and its link says so.
        .map((entry) => (entry.path === ACTIVITY_PATH && !dashboard ? { ...entry, path: "/" } : entry)),
    }))
    .filter((group) => group.entries.length > 0);
}

/**
 * Whether `entry` is the current page's: its own path, or a page below it ("/orders/:id" belongs to "/orders")
 * unless another entry is more specific ("/orders/new" has an entry of its own).
 */
export function isCurrent(entry: NavEntry, pathname: string, entries: readonly NavEntry[]): boolean {
  const within = (path: string) => pathname === path || (path !== "/" && pathname.startsWith(`${path}/`));
  if (!within(entry.path)) return false;
  return !entries.some((other) => other.path.length > entry.path.length && within(other.path));
}
