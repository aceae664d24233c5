import { describe, expect, it } from "vitest";
import { authorizationOf, websocketUrl } from "./fetcher";

describe("GraphiQL's fetcher", () => {
  it("finds the Authorization header whatever its case", () => {
    expect(authorizationOf({ authorization: "Bearer a" })).toBe("Bearer a");
    expect(authorizationOf({ AUTHORIZATION: " Bearer b " })).toBe("Bearer b");
    expect(authorizationOf({ "x-other": "c" })).toBeUndefined();
    expect(authorizationOf(undefined)).toBeUndefined();
    expect(authorizationOf({ Authorization: 5 })).toBeUndefined();
  });

  it("speaks websockets to the same host", () => {
    expect(websocketUrl("http://127.0.0.1:8000/graphql")).toBe("ws://127.0.0.1:8000/graphql");
    expect(websocketUrl("https://packline.example/graphql#x")).toBe("wss://packline.example/graphql");
  });
});
