// What each role may use, mirroring backend/core/authorization.py. The server enforces it; the dashboard
// only shows what a role can use, so nobody meets a page that answers "forbidden".
import type { Role } from "../gql/graphql";

export type Permission =
  | "merchants:read"
  | "merchants:write"
  | "users:read"
  | "users:write"
  | "api_keys:read"
  | "api_keys:write"
  | "events:read"
  | "products:read"
  | "products:write"
  | "stock:write"
  | "inbounds:read"
  | "inbounds:write"
  | "inbounds:receive"
  | "orders:read"
  | "orders:write"
  | "orders:pay"
  | "picklists:read"
  | "picklists:write"
  | "parcels:read"
  | "parcels:write"
  | "returns:read"
  | "returns:write"
  | "returns:receive"
  | "return_settings:write"
  | "merchant_settings:write"
  | "notifications:read"
  | "notifications:write";

const CATALOG_READ: Permission[] = ["products:read", "inbounds:read"];
// Read, take and change orders and mark them paid (backend: orders:read, orders:write, orders:pay). The warehouse
// only sees released orders and is not given these.
// Who reads orders also reads their parcels and tracking.
const ORDERS: Permission[] = ["orders:read", "orders:write", "orders:pay", "parcels:read"];
// The warehouse floor: make and pick picklists, pack and ship parcels (the fulfillment center's own work).
const FLOOR: Permission[] = ["picklists:read", "picklists:write", "parcels:read", "parcels:write"];
// See returns; announce, complete and cancel them (merchants and support). The floor receives and inspects them.
const RETURNS: Permission[] = ["returns:read", "returns:write"];

// A merchant's settings (its notifications among them), and the e-mails sent for it: read and resend.
const NOTIFICATIONS: Permission[] = ["merchant_settings:write", "notifications:read", "notifications:write"];

const ALL: Permission[] = [
  ...CATALOG_READ,
  "products:write",
  "stock:write",
  "inbounds:write",
  "inbounds:receive",
  "merchants:read",
  "merchants:write",
  "users:read",
  "users:write",
  "api_keys:read",
  "api_keys:write",
  "events:read",
  ...ORDERS,
  ...FLOOR,
  ...RETURNS,
  "returns:receive",
  "return_settings:write",
  ...NOTIFICATIONS,
];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  OPERATOR_ADMIN: new Set(ALL),
  OPERATOR_STAFF: new Set([
    "merchants:read",
    "users:read",
    "api_keys:read",
    "events:read",
    ...CATALOG_READ,
    "products:write",
    "stock:write",
    "inbounds:write",
    "inbounds:receive",
    ...ORDERS,
    ...FLOOR,
    ...RETURNS,
    "returns:receive",
    "return_settings:write",
    ...NOTIFICATIONS,
  ]),
  WAREHOUSE: new Set(["merchants:read", "events:read", ...CATALOG_READ, "stock:write", "inbounds:receive", ...FLOOR, "returns:read", "returns:receive"]),
  MERCHANT_ADMIN: new Set([
    "merchants:read",
    "users:read",
    "users:write",
    "api_keys:read",
    "api_keys:write",
    "events:read",
    ...CATALOG_READ,
    "products:write",
    "inbounds:write",
    ...ORDERS,
    ...RETURNS,
    "return_settings:write",
    ...NOTIFICATIONS,
  ]),
  MERCHANT_STAFF: new Set([
    "merchants:read", "events:read", ...CATALOG_READ, "products:write", "inbounds:write", ...ORDERS, ...RETURNS, "notifications:read",
  ]),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/** Operators and warehouse staff belong to the fulfillment center and see every merchant. */
export function isOperator(role: Role): boolean {
  return role === "OPERATOR_ADMIN" || role === "OPERATOR_STAFF" || role === "WAREHOUSE";
}

/** Who reads orders starts on the live order dashboard; everyone else on the activity feed. */
export function landsOnDashboard(role: Role): boolean {
  return can(role, "orders:read");
}

/** The roles a user of `role` may give to a new user. */
export function assignableRoles(role: Role): Role[] {
  if (role === "OPERATOR_ADMIN") return ["OPERATOR_ADMIN", "OPERATOR_STAFF", "WAREHOUSE", "MERCHANT_ADMIN", "MERCHANT_STAFF"];
  if (role === "MERCHANT_ADMIN") return ["MERCHANT_ADMIN", "MERCHANT_STAFF"];
  return [];
}

export function isMerchantRole(role: Role): boolean {
  return role === "MERCHANT_ADMIN" || role === "MERCHANT_STAFF";
}
