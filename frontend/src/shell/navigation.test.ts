import { describe, expect, it } from "vitest";
import type { Role } from "../gql/graphql";
import { isCurrent, NAVIGATION, navigationFor, type NavGroup } from "./navigation";

const ROLES: Role[] = ["OPERATOR_ADMIN", "OPERATOR_STAFF", "WAREHOUSE", "MERCHANT_ADMIN", "MERCHANT_STAFF"];

/** group → its entries' paths, as the sidebar shows them to `role`. */
const sidebar = (role: Role) => Object.fromEntries(navigationFor(role).map((g) => [g.id, g.entries.map((e) => e.path)]));

describe("the sidebar's navigation model", () => {
  const everything = {
    overview: ["/", "/activity"],
    orders: ["/orders", "/orders/new"],
    warehouse: ["/inbounds", "/returns"],
    floor: ["/picklists", "/pick", "/packing", "/warehouse/board"],
    catalog: ["/products"],
    settings: ["/users", "/api-keys", "/settings/notifications"],
  };
  const { floor: _floor, ...merchants } = everything;

  it("shows each role the work areas and pages it may use, in order", () => {
    expect(sidebar("OPERATOR_ADMIN")).toEqual(everything);
    expect(sidebar("OPERATOR_STAFF")).toEqual(everything);
    // Merchants have no warehouse floor.
    expect(sidebar("MERCHANT_ADMIN")).toEqual(merchants);
    // Merchant staff: no users, no API keys, so no settings at all.
    expect(sidebar("MERCHANT_STAFF")).toEqual({ overview: ["/", "/activity"], orders: ["/orders", "/orders/new"], warehouse: ["/inbounds", "/returns"], catalog: ["/products"] });
    // The warehouse reads no orders: the activity feed is its start page, and its link says so.
    expect(sidebar("WAREHOUSE")).toEqual({ overview: ["/"], warehouse: ["/inbounds", "/returns"], floor: ["/picklists", "/pick", "/packing", "/warehouse/board"], catalog: ["/products"] });
    expect(navigationFor("WAREHOUSE")[0]!.entries[0]).toMatchObject({ path: "/", label: "nav.activity" });
  });

  it("keeps the order of the work areas and drops those with nothing to show", () => {
    expect(NAVIGATION.map((g) => g.id)).toEqual(["overview", "orders", "warehouse", "floor", "catalog", "billing", "settings"]);
    for (const role of ROLES) {
      const groups = navigationFor(role);
      expect(groups.every((g) => g.entries.length > 0), role).toBe(true);
      expect(groups.map((g) => g.id).includes("billing"), role).toBe(false); // nothing built there yet
    }
  });

  it("shows a new entry to exactly the roles with its permission", () => {
    const model: NavGroup[] = [
      ...NAVIGATION.filter((g) => g.id !== "warehouse"),
      { id: "warehouse", label: "nav.group.warehouse", entries: [{ path: "/picking", label: "nav.inbounds", requires: "inbounds:receive", icon: "inbound" }] },
    ];
    const withPicking = ROLES.filter((role) => navigationFor(role, model).some((g) => g.entries.some((e) => e.path === "/picking")));
    expect(withPicking).toEqual(["OPERATOR_ADMIN", "OPERATOR_STAFF", "WAREHOUSE"]);
  });

  it("shows the warehouse floor to the fulfillment center only, and the picker app to who may pick", () => {
    const floor = (role: Role) => navigationFor(role).find((g) => g.id === "floor")?.entries.map((e) => e.path) ?? [];
    expect(floor("WAREHOUSE")).toEqual(["/picklists", "/pick", "/packing", "/warehouse/board"]);
    expect(floor("OPERATOR_STAFF")).toEqual(["/picklists", "/pick", "/packing", "/warehouse/board"]);
    expect(floor("MERCHANT_ADMIN")).toEqual([]);
    expect(floor("MERCHANT_STAFF")).toEqual([]);
  });

  it("gives every entry a unique path and every group a label", () => {
    const paths = NAVIGATION.flatMap((g) => g.entries.map((e) => e.path));
    expect(new Set(paths).size).toBe(paths.length);
    expect(NAVIGATION.every((g) => g.label.startsWith("nav.group."))).toBe(true);
  });
});

describe("the current page's entry", () => {
  const entries = NAVIGATION.flatMap((g) => g.entries);
  const current = (pathname: string) => entries.filter((e) => isCurrent(e, pathname, entries)).map((e) => e.path);

  it("is the entry of the page or of the section it lies in, the most specific one", () => {
    expect(current("/")).toEqual(["/"]);
    expect(current("/orders")).toEqual(["/orders"]);
    expect(current("/orders/T2F9")).toEqual(["/orders"]);
    expect(current("/orders/new")).toEqual(["/orders/new"]);
    expect(current("/products/abc/edit")).toEqual(["/products"]);
    expect(current("/inbounds/abc/receive")).toEqual(["/inbounds"]);
    expect(current("/api-keys")).toEqual(["/api-keys"]);
  });

  it("is none for a page without an entry, and the start page only at the start", () => {
    expect(current("/nowhere")).toEqual([]);
    expect(current("/ordersx")).toEqual([]);
    expect(current("/activity")).toEqual(["/activity"]);
  });
});
