import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { errorCode } from "../api/client";
import { UserCreateMutation, UserDeactivateMutation, UsersQuery } from "./operations";
import { useSignedIn } from "../auth/AuthProvider";
import { assignableRoles, can, isMerchantRole, isOperator } from "../auth/permissions";
import { Alert, PageHeader, SelectField, TextField, Time, splitErrors, useUserErrorText, type FieldErrors } from "../components/ui";
import type { Role, UserFieldsFragment } from "../gql/graphql";
import { useI18n } from "../i18n";
import { MerchantSelect } from "../components/MerchantField";
import { useEventsOf } from "../shell/LiveProvider";
import { useMerchantScope } from "../shell/MerchantScope";

const PAGE = 50;

function CreateUserForm({ onCreated }: { onCreated: (email: string) => void }) {
  const { t } = useI18n();
  const { user } = useSignedIn();
  const { merchantFilter } = useMerchantScope();
  const errorText = useUserErrorText();
  const roles = assignableRoles(user.role);
  const operator = isOperator(user.role);
  const [form, setForm] = useState({ name: "", email: "", password: "", role: roles.at(-1) ?? "MERCHANT_STAFF", merchantId: "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [{ fetching }, create] = useMutation(UserCreateMutation);
  const merchantId = form.merchantId || merchantFilter || "";
  const needsMerchant = operator && isMerchantRole(form.role as Role);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await create({
      input: {
        name: form.name.trim(),
        email: form.email.trim(),
        password: form.password,
        role: form.role as Role,
        merchantId: needsMerchant ? merchantId || null : null,
      },
    });
    const payload = result.data?.userCreate;
    if (!payload) {
      setGeneral([errorCode(result.error) === "FORBIDDEN" ? t("form.forbidden") : t("app.error", { message: result.error?.message ?? "" })]);
      return;
    }
    const split = splitErrors(payload.errors, ["name", "email", "password", "role", "merchantId"], errorText);
    setErrors(split.byField);
    setGeneral(split.general);
    if (payload.user) {
      onCreated(payload.user.email);
      setForm((f) => ({ ...f, name: "", email: "", password: "" }));
    }
  }

  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  return (
    <form className="card form-grid" onSubmit={submit} noValidate aria-labelledby="create-user-title">
      <h2 id="create-user-title">{t("users.create")}</h2>
      {general.map((message) => (
        <Alert key={message} kind="error">
          {message}
        </Alert>
      ))}
      <TextField label={t("users.name")} name="name" required autoComplete="off" value={form.name} onChange={set("name")} error={errors.name} />
      <TextField label={t("users.email")} name="email" type="email" required autoComplete="off" value={form.email} onChange={set("email")} error={errors.email} />
      <TextField
        label={t("users.password")}
        name="password"
        type="password"
        required
        autoComplete="new-password"
        hint={t("users.passwordHint")}
        value={form.password}
        onChange={set("password")}
        error={errors.password}
      />
      <SelectField label={t("users.role")} name="role" value={form.role} onChange={set("role")} error={errors.role}>
        {roles.map((role) => (
          <option key={role} value={role}>
            {t(`role.${role}`)}
          </option>
        ))}
      </SelectField>
      {needsMerchant && (
        <MerchantSelect label={t("users.merchant")} value={merchantId} onChange={(id) => setForm((f) => ({ ...f, merchantId: id }))} error={errors.merchantId} />
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={fetching}>
          {fetching ? t("form.saving") : t("users.create")}
        </button>
      </div>
    </form>
  );
}

function DeactivateButton({ user, onDone }: { user: UserFieldsFragment; onDone: (message: string, ok: boolean) => void }) {
  const { t } = useI18n();
  const errorText = useUserErrorText();
  const [confirming, setConfirming] = useState(false);
  const [{ fetching }, deactivate] = useMutation(UserDeactivateMutation);
  if (!confirming) {
    return (
      <button type="button" className="button button--small" onClick={() => setConfirming(true)} aria-label={`${t("users.deactivate")}: ${user.email}`}>
        {t("users.deactivate")}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={t("users.deactivateConfirm", { email: user.email })}>
      <span className="confirm-text">{t("users.deactivateConfirm", { email: user.email })}</span>
      <button
        type="button"
        className="button button--small button--danger"
        disabled={fetching}
        onClick={async () => {
          const result = await deactivate({ input: { userId: user.id } });
          const payload = result.data?.userDeactivate;
          setConfirming(false);
          if (payload && payload.errors.length === 0) onDone(t("users.deactivated", { email: user.email }), true);
          else onDone(payload?.errors.map(errorText).join(" ") ?? t("form.forbidden"), false);
        }}
      >
        {t("form.confirm")}
      </button>
      <button type="button" className="button button--small button--ghost" onClick={() => setConfirming(false)}>
        {t("form.cancel")}
      </button>
    </span>
  );
}

export function UsersPage() {
  const { t } = useI18n();
  const { user: me } = useSignedIn();
  const { merchantFilter } = useMerchantScope();
  const writable = can(me.role, "users:write");
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | null>(null);
  const [first, setFirst] = useState(PAGE);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: UsersQuery,
    variables: { first, filter: { merchantId: merchantFilter } },
  });
  useEventsOf(["USER"], () => refetch({ requestPolicy: "network-only" }));
  const users = data?.users.edges.map((e) => e.node) ?? [];

  return (
    <section>
      <PageHeader title={t("users.title")} subtitle={t("users.subtitle")}>
        {data && <span className="badge">{t("users.total", { count: data.users.totalCount })}</span>}
      </PageHeader>
      {!writable && <Alert kind="info">{t("users.readOnly")}</Alert>}
      {notice && <Alert kind={notice.ok ? "success" : "error"}>{notice.text}</Alert>}
      {writable && <CreateUserForm onCreated={(email) => setNotice({ text: t("users.created", { email }), ok: true })} />}
      {error && !data && <Alert kind="error">{t("app.error", { message: error.message })}</Alert>}
      {fetching && !data ? (
        <p className="empty">{t("app.loading")}</p>
      ) : users.length === 0 ? (
        <p className="empty">{t("users.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label={t("users.title")}>
            <thead>
              <tr>
                <th scope="col">{t("users.name")}</th>
                <th scope="col">{t("users.email")}</th>
                <th scope="col">{t("users.role")}</th>
                <th scope="col">{t("users.merchant")}</th>
                <th scope="col">{t("users.status")}</th>
                <th scope="col">{t("users.createdAt")}</th>
                <th scope="col">{t("users.lastLogin")}</th>
                {writable && <th scope="col" className="no-print">{t("users.actions")}</th>}
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} data-email={u.email}>
                  <td data-label={t("users.name")}>
                    {u.name}
                    {u.id === me.id && <span className="tag">{t("users.you")}</span>}
                  </td>
                  <td data-label={t("users.email")}>{u.email}</td>
                  <td data-label={t("users.role")}>{t(`role.${u.role}`)}</td>
                  <td data-label={t("users.merchant")}>{u.merchant ? `${u.merchant.code} · ${u.merchant.name}` : "—"}</td>
                  <td data-label={t("users.status")}>
                    <span className={`status status--${u.isActive ? "ok" : "off"}`}>{u.isActive ? t("users.active") : t("users.inactive")}</span>
                  </td>
                  <td data-label={t("users.createdAt")}>
                    <Time value={u.createdAt} mode="date" />
                  </td>
                  <td data-label={t("users.lastLogin")}>{u.lastLoginAt ? <Time value={u.lastLoginAt} /> : t("users.never")}</td>
                  {writable && (
                    <td data-label={t("users.actions")} className="no-print">
                      {u.isActive && u.id !== me.id && (
                        <DeactivateButton user={u} onDone={(text, ok) => setNotice({ text, ok })} />
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data?.users.pageInfo.hasNextPage && (
        <button type="button" className="button" onClick={() => setFirst((n) => Math.min(n + PAGE, 100))} disabled={first >= 100}>
          {t("list.loadMore")}
        </button>
      )}
    </section>
  );
}
