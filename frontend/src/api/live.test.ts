import { describe, expect, it } from "vitest";
import { graphqlWsUrl, retryDelay } from "./live";

describe("live connection", () => {
  it("talks to /graphql on the page's own origin, encrypted when the page is", () => {
    expect(graphqlWsUrl({ protocol: "https:", host: "dash.example.com" } as Location)).toBe("wss://dash.example.com/graphql");
    expect(graphqlWsUrl({ protocol: "http:", host: "127.0.0.1:8000" } as Location)).toBe("ws://127.0.0.1:8000/graphql");
  });

  it("retries quickly at first, then at most about every five seconds", () => {
    const middle = () => 0.5;
    expect(retryDelay(0, middle)).toBe(250);
    expect(retryDelay(2, middle)).toBe(1000);
    expect(retryDelay(10, middle)).toBe(5000);
    expect(retryDelay(10, () => 1)).toBe(6000);
    expect(retryDelay(10, () => 0)).toBe(4000);
  });
});
