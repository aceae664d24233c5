import { describe, expect, it } from "vitest";
import { assignableRoles, can, landsOnDashboard } from "./permissions";
import { isExpired, msUntilExpiry, parseSession } from "./session";

describe("role-aware navigation", () => {
  it("mirrors the catalog permissions of backend/core/authorization.py", () => {
    expect(can("WAREHOUSE", "stock:write")).toBe(true);
    expect(can("WAREHOUSE", "products:write")).toBe(false);
    expect(can("WAREHOUSE", "inbounds:receive")).toBe(true);
    expect(can("WAREHOUSE", "inbounds:write")).toBe(false);
    expect(can("MERCHANT_STAFF", "products:write")).toBe(true);
    expect(can("MERCHANT_STAFF", "stock:write")).toBe(false);
    expect(can("MERCHANT_ADMIN", "inbounds:receive")).toBe(false);
    expect(can("OPERATOR_STAFF", "stock:write")).toBe(true);
  });

  it("mirrors the returns permissions: everyone reads returns, merchants and support decide, the floor inspects", () => {
    for (const role of ["OPERATOR_ADMIN", "OPERATOR_STAFF", "WAREHOUSE", "MERCHANT_ADMIN", "MERCHANT_STAFF"] as const) {
      expect(can(role, "returns:read"), role).toBe(true);
      expect(can(role, "returns:write"), role).toBe(role !== "WAREHOUSE");
      expect(can(role, "returns:receive"), role).toBe(!role.startsWith("MERCHANT"));
    }
    expect(can("MERCHANT_ADMIN", "return_settings:write")).toBe(true);
    expect(can("MERCHANT_STAFF", "return_settings:write")).toBe(false);
  });

  it("mirrors the floor's permissions: picklists and parcels for the fulfillment center, parcels:read with orders", () => {
    for (const role of ["OPERATOR_ADMIN", "OPERATOR_STAFF", "WAREHOUSE"] as const) {
      for (const permission of ["picklists:read", "picklists:write", "parcels:read", "parcels:write"] as const) {
        expect(can(role, permission), `${role} ${permission}`).toBe(true);
      }
    }
    for (const role of ["MERCHANT_ADMIN", "MERCHANT_STAFF"] as const) {
      expect(can(role, "parcels:read")).toBe(true);
      expect(can(role, "parcels:write")).toBe(false);
      expect(can(role, "picklists:read")).toBe(false);
      expect(can(role, "picklists:write")).toBe(false);
    }
    expect(can("WAREHOUSE", "orders:read")).toBe(false);
  });

  it("starts who reads orders on the order dashboard and everyone else on the activity feed", () => {
    expect(landsOnDashboard("MERCHANT_STAFF")).toBe(true);
    expect(landsOnDashboard("OPERATOR_STAFF")).toBe(true);
    expect(landsOnDashboard("WAREHOUSE")).toBe(false);
  });

  it("lets only admins change users and keys", () => {
    expect(can("OPERATOR_STAFF", "users:write")).toBe(false);
    expect(can("OPERATOR_STAFF", "api_keys:write")).toBe(false);
    expect(can("MERCHANT_ADMIN", "users:write")).toBe(true);
    expect(can("MERCHANT_ADMIN", "merchants:write")).toBe(false);
    expect(assignableRoles("MERCHANT_ADMIN")).toEqual(["MERCHANT_ADMIN", "MERCHANT_STAFF"]);
    expect(assignableRoles("OPERATOR_STAFF")).toEqual([]);
  });
});

describe("stored session", () => {
  it("accepts only a well-formed record", () => {
    expect(parseSession(null)).toBeNull();
    expect(parseSession("{broken")).toBeNull();
    expect(parseSession(JSON.stringify({ token: 1 }))).toBeNull();
    expect(parseSession(JSON.stringify({ token: "pls_x", expiresAt: "2030-01-01T00:00:00+00:00", extra: 1 }))).toEqual({
      token: "pls_x",
      expiresAt: "2030-01-01T00:00:00+00:00",
    });
  });

  it("knows when it has expired", () => {
    const session = { token: "t", expiresAt: "2025-01-01T12:00:00Z" };
    const noon = Date.parse("2025-01-01T12:00:00Z");
    expect(isExpired(session, noon - 1)).toBe(false);
    expect(isExpired(session, noon)).toBe(true);
    expect(isExpired({ token: "t", expiresAt: "nonsense" })).toBe(true);
    expect(msUntilExpiry(session, noon - 1500)).toBe(1500);
    expect(msUntilExpiry(session, noon + 5)).toBe(0);
  });
});
