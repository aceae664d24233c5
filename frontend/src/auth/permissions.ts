// What each role may use, mirroring backend/core/authorization.py. The server enforces it; the dashboard
// only shows what a role can use, so nobody meets a page that answers "forbidden".
import type { Role } from "../gql/graphql";
import type { MessageKey } from "../i18n/en";

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
  | "inbounds:receive";

const CATALOG_READ: Permission[] = ["products:read", "inbounds:read"];

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
  ]),
  WAREHOUSE: new Set(["merchants:read", "events:read", ...CATALOG_READ, "stock:write", "inbounds:receive"]),
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
  ]),
  MERCHANT_STAFF: new Set(["merchants:read", "events:read", ...CATALOG_READ, "products:write", "inbounds:write"]),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/** Operators and warehouse staff belong to the fulfillment center and see every merchant. */
export function isOperator(role: Role): boolean {
  return role === "OPERATOR_ADMIN" || role === "OPERATOR_STAFF" || role === "WAREHOUSE";
}

export interface NavItem {
  path: string;
  label: MessageKey;
  requires: Permission;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { path: "/", label: "nav.activity", requires: "events:read" },
  { path: "/products", label: "nav.products", requires: "products:read" },
  { path: "/inbounds", label: "nav.inbounds", requires: "inbounds:read" },
  { path: "/users", label: "nav.users", requires: "users:read" },
  { path: "/api-keys", label: "nav.apiKeys", requires: "api_keys:read" },
];

export function navigationFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => can(role, item.requires));
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
