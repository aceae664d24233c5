// The carriers the packing station offers. MANUAL: the label is printed elsewhere and its tracking number typed in.
// A carrier with an integration (DHL buys the label through its API) is one more entry here with
// `typesTrackingNumber: false`; the parcel then says it has a label, and the station offers to print it.

export interface Carrier {
  code: string;
  /** Staff type the tracking number of a label printed elsewhere. */
  typesTrackingNumber: boolean;
}

export const CARRIERS: readonly Carrier[] = [{ code: "MANUAL", typesTrackingNumber: true }];

export const carrierOf = (code: string): Carrier => CARRIERS.find((c) => c.code === code) ?? CARRIERS[0]!;

/** What a shipped parcel's tracking link points at: only https addresses are followed. */
export function trackingHref(url: string | null | undefined): string | null {
  return url && /^https:\/\/\S+$/.test(url) ? url : null;
}
