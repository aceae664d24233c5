import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { ProductsImportMutation } from "./operations";
import { Alert, useUserErrorText } from "../components/ui";
import { useI18n } from "../i18n";
import { importProblems, withoutLinePrefix, type ImportProblem } from "./importErrors";
import { MerchantSelect, useMerchantChoice } from "../components/MerchantField";

const EXAMPLE = "sku,name,barcode,weight_grams,low_stock_threshold\nNL-SOAP-MINT,Minze Seife 100 g,,120,5";

export function ProductsImport({ onDone }: { onDone: () => void }) {
  const { t, locale } = useI18n();
  const errorText = useUserErrorText();
  const [chosen, setChosen] = useState("");
  const { operator, merchantId, sendMerchantId } = useMerchantChoice(chosen);
  const [csv, setCsv] = useState("");
  const [problems, setProblems] = useState<ImportProblem[]>([]);
  const [result, setResult] = useState<{ created: number; updated: number } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [{ fetching }, importCsv] = useMutation(ProductsImportMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setResult(null);
    setFailure(null);
    const response = await importCsv({ input: { csv, merchantId: sendMerchantId } });
    const payload = response.data?.productsImport;
    if (!payload) {
      setProblems([]);
      setFailure(t("app.error", { message: response.error?.message ?? "" }));
      return;
    }
    setProblems(importProblems(payload.errors));
    if (payload.errors.length === 0) {
      setResult({ created: payload.created, updated: payload.updated });
      onDone();
    }
  }

  const message = (problem: ImportProblem) =>
    locale === "en" ? withoutLinePrefix(problem.error.message) : `${problem.column ? `${problem.column}: ` : ""}${errorText(problem.error)}`;

  return (
    <form className="card" onSubmit={submit} aria-labelledby="import-title" noValidate>
      <h2 id="import-title">{t("products.import.title")}</h2>
      <p className="page-subtitle">{t("products.import.hint")}</p>
      {operator && <MerchantSelect value={merchantId} onChange={setChosen} />}
      <div className="field">
        <label htmlFor="import-file">{t("products.import.file")}</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,text/csv"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file) setCsv(await file.text());
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="import-csv">{t("products.import.csv")}</label>
        <textarea id="import-csv" rows={6} spellCheck={false} value={csv} placeholder={EXAMPLE} onChange={(e) => setCsv(e.target.value)} />
      </div>
      {failure && <Alert kind="error">{failure}</Alert>}
      {result && <Alert kind="success">{t("products.import.done", { created: result.created, updated: result.updated })}</Alert>}
      {problems.length > 0 && (
        <div role="alert" className="alert alert--error">
          <p>
            <strong>{t("products.import.failed", { count: problems.length })}</strong>
          </p>
          <table className="table table--plain" aria-label={t("products.import.errors")}>
            <thead>
              <tr>
                <th scope="col">{t("products.import.line")}</th>
                <th scope="col">{t("products.import.error")}</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((problem, index) => (
                <tr key={index} data-line={problem.line ?? ""}>
                  <td data-label={t("products.import.line")}>{problem.line === null ? t("products.import.wholeFile") : t("products.import.lineNo", { line: problem.line })}</td>
                  <td data-label={t("products.import.error")}>{message(problem)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={fetching || !csv.trim() || (operator && !merchantId)}>
          {fetching ? t("form.saving") : t("products.import.submit")}
        </button>
      </div>
    </form>
  );
}
