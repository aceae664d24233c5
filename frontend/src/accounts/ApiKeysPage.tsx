import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { errorCode } from "../api/client";
import { ApiKeyCreateMutation, ApiKeyRevokeMutation, ApiKeysQuery } from "./operations";
import { useSignedIn } from "../auth/AuthProvider";
import { can, isOperator } from "../auth/permissions";
import { ConfirmButton } from "../components/ConfirmButton";
import { filtersCodec, flagField } from "../components/list/address";
import { CheckFilter } from "../components/list/Filters";
import { ListPage, MAX_PAGE, type Column } from "../components/list/ListPage";
import { useAddressView } from "../components/list/useAddressView";
import { Alert, TextField, Time, splitErrors, useUserErrorText, type FieldErrors } from "../components/ui";
import type { ApiKeyFieldsFragment, ApiKeyScope } from "../gql/graphql";
import { useI18n, type MessageKey } from "../i18n";
import { MerchantSelect } from "../components/MerchantField";
import { useEventsOf } from "../shell/LiveProvider";
import { useMerchantScope } from "../shell/MerchantScope";

// Record<ApiKeyScope, …> makes the type check fail when the schema gains a scope this list lacks.
const SCOPE_LABELS: Record<ApiKeyScope, MessageKey> = {
  MERCHANT_READ: "scope.MERCHANT_READ",
  USERS_READ: "scope.USERS_READ",
  EVENTS_READ: "scope.EVENTS_READ",
  PRODUCTS_READ: "scope.PRODUCTS_READ",
  PRODUCTS_WRITE: "scope.PRODUCTS_WRITE",
  INBOUNDS_READ: "scope.INBOUNDS_READ",
  INBOUNDS_WRITE: "scope.INBOUNDS_WRITE",
  ORDERS_READ: "scope.ORDERS_READ",
  ORDERS_WRITE: "scope.ORDERS_WRITE",
  RETURNS_READ: "scope.RETURNS_READ",
  RETURNS_WRITE: "scope.RETURNS_WRITE",
};
const SCOPES = Object.keys(SCOPE_LABELS) as ApiKeyScope[];

function SecretPanel({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="card secret" role="region" aria-labelledby="secret-title">
      <h2 id="secret-title">{t("apiKeys.secretTitle", { name })}</h2>
      <p>{t("apiKeys.secretHint")}</p>
      <div className="secret-row">
        <code className="secret-value" data-testid="api-key-secret">
          {secret}
        </code>
        <button
          type="button"
          className="button"
          onClick={() => {
            void navigator.clipboard?.writeText(secret).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? t("apiKeys.copied") : t("apiKeys.copy")}
        </button>
      </div>
      <button type="button" className="button button--primary" onClick={onDone}>
        {t("apiKeys.secretDone")}
      </button>
    </div>
  );
}

function CreateApiKeyForm({ onCreated }: { onCreated: (name: string, secret: string) => void }) {
  const { t } = useI18n();
  const { user } = useSignedIn();
  const { merchantFilter } = useMerchantScope();
  const errorText = useUserErrorText();
  const operator = isOperator(user.role);
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiKeyScope[]>(["MERCHANT_READ", "EVENTS_READ"]);
  const [merchant, setMerchant] = useState("");
  const [expires, setExpires] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [{ fetching }, create] = useMutation(ApiKeyCreateMutation);
  const merchantId = merchant || merchantFilter || "";

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await create({
      input: {
        name: name.trim(),
        scopes,
        merchantId: operator ? merchantId || null : null,
        // The end of the chosen day in the user's zone.
        expiresAt: expires ? new Date(`${expires}T23:59:59`).toISOString() : null,
      },
    });
    const payload = result.data?.apiKeyCreate;
    if (!payload) {
      setGeneral([errorCode(result.error) === "FORBIDDEN" ? t("form.forbidden") : t("app.error", { message: result.error?.message ?? "" })]);
      return;
    }
    const split = splitErrors(payload.errors, ["name", "scopes", "merchantId", "expiresAt"], errorText);
    setErrors(split.byField);
    setGeneral(split.general);
    if (payload.apiKey && payload.secret) {
      onCreated(payload.apiKey.name, payload.secret);
      setName("");
      setExpires("");
    }
  }

  return (
    <form className="card form-grid" onSubmit={submit} noValidate aria-labelledby="create-key-title">
      <h2 id="create-key-title">{t("apiKeys.create")}</h2>
      {general.map((message) => (
        <Alert key={message} kind="error">
          {message}
        </Alert>
      ))}
      <TextField label={t("apiKeys.name")} name="name" required autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
      {operator && (
        <MerchantSelect label={t("apiKeys.merchant")} value={merchantId} onChange={setMerchant} error={errors.merchantId} />
      )}
      <TextField label={t("apiKeys.expiresAt")} name="expiresAt" type="date" value={expires} onChange={(e) => setExpires(e.target.value)} error={errors.expiresAt} />
      <fieldset className={`field checkbox-group${errors.scopes ? " field--invalid" : ""}`}>
        <legend>{t("apiKeys.scopes")}</legend>
        {SCOPES.map((scope) => (
          <label key={scope} className="checkbox">
            <input
              type="checkbox"
              checked={scopes.includes(scope)}
              onChange={(e) => setScopes((current) => (e.target.checked ? [...current, scope] : current.filter((s) => s !== scope)))}
            />
            {t(SCOPE_LABELS[scope])}
          </label>
        ))}
        {errors.scopes && <p className="field-error">{errors.scopes}</p>}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={fetching}>
          {fetching ? t("form.saving") : t("apiKeys.create")}
        </button>
      </div>
    </form>
  );
}

function keyStatus(key: ApiKeyFieldsFragment): "active" | "revoked" | "expired" {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && Date.parse(key.expiresAt) <= Date.now()) return "expired";
  return "active";
}

function RevokeButton({ apiKey, onDone }: { apiKey: ApiKeyFieldsFragment; onDone: (text: string, ok: boolean) => void }) {
  const { t } = useI18n();
  const [{ fetching }, revoke] = useMutation(ApiKeyRevokeMutation);
  return (
    <ConfirmButton
      label={t("apiKeys.revoke")}
      target={apiKey.name}
      question={t("apiKeys.revokeConfirm", { name: apiKey.name })}
      busy={fetching}
      run={async () => (await revoke({ input: { apiKeyId: apiKey.id } })).data?.apiKeyRevoke}
      done={t("apiKeys.revokedDone", { name: apiKey.name })}
      onDone={onDone}
    />
  );
}

/** The API keys' filter in the address: `revoked=1` shows the revoked ones too. */
export const API_KEY_FILTERS = filtersCodec({ includeRevoked: flagField("revoked") });

export function ApiKeysPage() {
  const { t } = useI18n();
  const { user } = useSignedIn();
  const { merchantFilter } = useMerchantScope();
  const writable = can(user.role, "api_keys:write");
  const { view, show } = useAddressView(API_KEY_FILTERS);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | null>(null);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: ApiKeysQuery,
    variables: { first: MAX_PAGE, filter: { merchantId: merchantFilter, includeRevoked: view.includeRevoked } },
  });
  useEventsOf(["API_KEY"], () => refetch({ requestPolicy: "network-only" }));
  const keys = data?.apiKeys.edges.map((e) => e.node) ?? [];
  const showMerchant = isOperator(user.role);

  const columns: (Column<ApiKeyFieldsFragment> | false)[] = [
    { key: "name", header: t("apiKeys.name"), cell: (key) => key.name },
    { key: "prefix", header: t("apiKeys.prefix"), cell: (key) => <code>{key.prefix}…</code> },
    { key: "scopes", header: t("apiKeys.scopes"), cell: (key) => key.scopes.map((s) => (s in SCOPE_LABELS ? t(SCOPE_LABELS[s]) : s)).join(", ") },
    showMerchant && { key: "merchant", header: t("apiKeys.merchant"), cell: (key) => (key.merchant ? `${key.merchant.code} · ${key.merchant.name}` : "—") },
    {
      key: "status",
      header: t("apiKeys.status"),
      cell: (key) => {
        const status = keyStatus(key);
        return <span className={`status status--${status === "active" ? "ok" : "off"}`}>{t(`apiKeys.${status}`)}</span>;
      },
    },
    { key: "createdAt", header: t("apiKeys.createdAt"), cell: (key) => <Time value={key.createdAt} mode="date" /> },
    { key: "expires", header: t("apiKeys.expires"), cell: (key) => (key.expiresAt ? <Time value={key.expiresAt} mode="date" /> : t("apiKeys.noExpiry")) },
    { key: "lastUsed", header: t("apiKeys.lastUsed"), cell: (key) => (key.lastUsedAt ? <Time value={key.lastUsedAt} /> : t("apiKeys.never")) },
    writable && {
      key: "actions",
      header: t("apiKeys.actions"),
      className: "no-print",
      cell: (key) => keyStatus(key) === "active" && <RevokeButton apiKey={key} onDone={(text, ok) => setNotice({ text, ok })} />,
    },
  ];

  return (
    <ListPage
      title={t("apiKeys.title")}
      subtitle={t("apiKeys.subtitle")}
      total={data && t("apiKeys.total", { count: data.apiKeys.totalCount })}
      result={{ fetching, error, loaded: !!data }}
      rows={keys}
      columns={columns}
      rowKey={(key) => key.id}
      rowProps={(key) => ({ "data-name": key.name })}
      empty={t("apiKeys.empty")}
    >
      {!writable && <Alert kind="info">{t("apiKeys.readOnly")}</Alert>}
      {notice && <Alert kind={notice.ok ? "success" : "error"}>{notice.text}</Alert>}
      {created && <SecretPanel name={created.name} secret={created.secret} onDone={() => setCreated(null)} />}
      {writable && !created && (
        <CreateApiKeyForm
          onCreated={(name, secret) => {
            setNotice(null);
            setCreated({ name, secret });
          }}
        />
      )}
      <CheckFilter
        className="checkbox toolbar"
        label={t("apiKeys.includeRevoked")}
        checked={view.includeRevoked}
        onChange={(includeRevoked) => show({ ...view, includeRevoked })}
      />
    </ListPage>
  );
}
