import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useClient } from "urql";
import { availableIn, type ProductStock } from "../availability";
import type { EditableLine } from "../lines";
import { PhoneOrderStockQuery } from "../operations";

/**
 * The stock of every product the form has shown (search hits, lines), by product id, and what is available of each
 * in the order's warehouse. `refresh` re-reads the lines' products (a burst of stock events folded into one query).
 */
export function useLineStock(lines: readonly EditableLine[], warehouseId: string | null) {
  const client = useClient();
  const [stock, setStock] = useState<Record<string, ProductStock>>({});
  const latestLines = useRef(lines);
  latestLines.current = lines;
  const available = useMemo(() => Object.fromEntries(Object.entries(stock).map(([id, product]) => [id, availableIn(product, warehouseId)])), [stock, warehouseId]);

  const learn = useCallback((products: readonly (ProductStock & { id: string })[]) => {
    setStock((current) => {
      const next = { ...current };
      for (const product of products) next[product.id] = product;
      return next;
    });
  }, []);

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refresh = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      timer.current = null;
      const ids = latestLines.current.map((line) => line.productId);
      if (!ids.length) return;
      const result = await client.query(PhoneOrderStockQuery, { ids }, { requestPolicy: "network-only" }).toPromise();
      learn((result.data?.nodes ?? []).flatMap((node) => (node?.__typename === "Product" ? [node] : [])));
    }, 100);
  }, [client, learn]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return { available, learn, refresh };
}
