import { useCallback, useEffect, useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { shownView, type AddressCodec, type Chosen } from "./address";

/**
 * A list's view kept in the address: `view` as the address (or the change just made) says, `show` to change it;
 * `replace` changes the address without a new history entry (typing). `codec` must keep its identity between
 * renders (a module constant, or memoized).
 */
export function useAddressView<V>(codec: AddressCodec<V>) {
  const [params, setParams] = useSearchParams();
  const query = params.toString();
  const addressed = useMemo(() => codec.read(params), [codec, params]);
  const [chosen, setChosen] = useState<Chosen<V> | null>(null);
  useEffect(() => setChosen(null), [params]);
  const show = useCallback(
    (next: V, replace = false) => {
      setChosen({ base: query, view: next });
      setParams(codec.write(next), { replace });
    },
    [codec, query, setParams],
  );
  return { view: shownView(chosen, query, addressed), show, query };
}
