import { useState } from "react";
import { Link } from "react-router";
import type { ProductFamilyFieldsFragment } from "../gql/graphql";
import { useI18n } from "../i18n";
import { ProductFamilyDialog } from "./ProductFamilyDialog";
import { hasGrid, variantGrid } from "./variantGrid";
import "./catalog.css";

/**
 * The article a product is a variant of: its name, description, pictures and customs data, and the size × colour grid
 * of what each variant has available (the page re-queries on stock events, so the grid is live). Each cell opens its
 * variant; the current one is marked.
 */
export function ProductFamilyCard({
  family,
  currentId,
  writable,
  onSaved,
}: {
  family: ProductFamilyFieldsFragment;
  currentId: string;
  writable: boolean;
  onSaved: (text: string) => void;
}) {
  const { t, number } = useI18n();
  const [editing, setEditing] = useState(false);
  const grid = hasGrid(family.variants) ? variantGrid(family.sizes, family.colours, family.variants) : null;
  const sizeLabel = (size: string | null) => size ?? t("family.noSize");
  const colourLabel = (colour: string | null) => colour ?? t("family.noColour");

  return (
    <section className="card family-card" aria-labelledby="family-title">
      <div className="family-head">
        <div>
          <h2 id="family-title">{t("family.title", { name: family.name })}</h2>
          <p className="field-hint">
            {[family.code, t("family.variants", { count: family.variantCount })].filter(Boolean).join(" · ")}
          </p>
        </div>
        {writable && (
          <div className="actions no-print" role="group" aria-label={t("family.title", { name: family.name })}>
            <button type="button" className="button" onClick={() => setEditing(true)}>
              {t("family.edit")}
            </button>
            <Link className="button" to={`/products/new?family=${encodeURIComponent(family.id)}`}>
              {t("family.addVariant")}
            </Link>
          </div>
        )}
      </div>
      {editing && (
        <ProductFamilyDialog
          family={family}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onSaved(t("family.saved"));
          }}
        />
      )}
      {family.description && <p className="family-description">{family.description}</p>}
      {family.images.length > 0 && (
        <ul className="family-images" aria-label={t("family.images")}>
          {family.images.map((url, index) => (
            <li key={url}>
              <a href={url} target="_blank" rel="noreferrer noopener">
                <img src={url} alt={t("family.picture", { index: index + 1, name: family.name })} loading="lazy" referrerPolicy="no-referrer" />
              </a>
            </li>
          ))}
        </ul>
      )}
      <dl className="facts facts--inline">
        <dt>{t("product.customsTariffNumber")}</dt>
        <dd>{family.customsTariffNumber ?? "—"}</dd>
        <dt>{t("product.countryOfOrigin")}</dt>
        <dd>{family.countryOfOrigin ?? "—"}</dd>
      </dl>
      {grid && (
        <div className="table-wrap table-wrap--flat">
          <table className="table variant-grid" aria-label={t("family.grid")} aria-describedby="variant-grid-hint">
            <thead>
              <tr>
                <th scope="col">{t("family.size")}</th>
                {grid.colours.map((colour) => (
                  <th key={colour ?? ""} scope="col" className="num">
                    {colourLabel(colour)}
                  </th>
                ))}
                {grid.colours.length > 1 && (
                  <th scope="col" className="num">
                    {t("family.total")}
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {grid.sizes.map((size, row) => (
                <tr key={size ?? ""}>
                  <th scope="row">{sizeLabel(size)}</th>
                  {grid.cells[row]!.map((cell, column) => {
                    const colour = grid.colours[column]!;
                    const labels = { size: sizeLabel(size), colour: colourLabel(colour) };
                    const current = cell.variant?.id === currentId;
                    return (
                      <td
                        key={colour ?? ""}
                        className={`num variant-cell variant-cell--${cell.state}${current ? " variant-cell--current" : ""}`}
                        data-size={size ?? ""}
                        data-colour={colour ?? ""}
                      >
                        {cell.variant ? (
                          <Link
                            to={`/products/${encodeURIComponent(cell.variant.id)}`}
                            aria-label={t("family.cell", { ...labels, count: cell.available })}
                            aria-current={current ? "page" : undefined}
                            title={cell.variant.sku}
                          >
                            {number(cell.available)}
                          </Link>
                        ) : (
                          <span aria-label={t("family.missing", labels)}>—</span>
                        )}
                      </td>
                    );
                  })}
                  {grid.colours.length > 1 && <td className="num variant-total">{number(grid.rowTotals[row]!)}</td>}
                </tr>
              ))}
              {grid.sizes.length > 1 && (
                <tr className="table-total">
                  <th scope="row">{t("family.total")}</th>
                  {grid.columnTotals.map((total, column) => (
                    <td key={grid.colours[column] ?? ""} className="num">
                      {number(total)}
                    </td>
                  ))}
                  {grid.colours.length > 1 && (
                    <td className="num" data-testid="variant-grid-total">
                      {number(grid.total)}
                    </td>
                  )}
                </tr>
              )}
            </tbody>
          </table>
          <p className="field-hint" id="variant-grid-hint">
            {t("family.gridHint")}
          </p>
        </div>
      )}
    </section>
  );
}
