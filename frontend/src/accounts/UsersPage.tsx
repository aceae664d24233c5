import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { errorCode } from "../api/client";
import { UserCreateMutation, UserDeactivateMutation, UsersQuery } from "./operations";
import { useSignedIn } from "../auth/AuthProvider";
import { assignableRoles, can, isMerchantRole, isOperator } from "../auth/permissions";
import { ConfirmButton } from "../components/ConfirmButton";
import { ListPage, useLoadMore, type Column } from "../components/list/ListPage";
import { Alert, SelectField, TextField, Time, splitErrors, useUserErrorText, type FieldErrors } from "../components/ui";
import type { Role, UserFieldsFragment } from "../gql/graphql";
import { useI18n } from "../i18n";
import { MerchantSelect } from "../components/MerchantField";
import { useEventsOf } from "../shell/LiveProvider";
import { useMerchantScope } from "../shell/MerchantScope";

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
  const [{ fetching }, deactivate] = useMutation(UserDeactivateMutation);
  return (
    <ConfirmButton
      label={t("users.deactivate")}
      target={user.email}
      question={t("users.deactivateConfirm", { email: user.email })}
      busy={fetching}
      run={async () => (await deactivate({ input: { userId: user.id } })).data?.userDeactivate}
      done={t("users.deactivated", { email: user.email })}
      onDone={onDone}
    />
  );
}

export function UsersPage() {
  const { t } = useI18n();
  const { user: me } = useSignedIn();
  const { merchantFilter } = useMerchantScope();
  const writable = can(me.role, "users:write");
  const [notice, setNotice] = useState<{ text: string; ok: boolean } | null>(null);
  const { first, pager } = useLoadMore();
  const [{ data, error, fetching }, refetch] = useQuery({
    query: UsersQuery,
    variables: { first, filter: { merchantId: merchantFilter } },
  });
  useEventsOf(["USER"], () => refetch({ requestPolicy: "network-only" }));
  const users = data?.users.edges.map((e) => e.node) ?? [];

  const columns: (Column<UserFieldsFragment> | false)[] = [
    {
      key: "name",
      header: t("users.name"),
      cell: (u) => (
        <>
          {u.name}
          {u.id === me.id && <span className="tag">{t("users.you")}</span>}
        </>
      ),
    },
    { key: "email", header: t("users.email"), cell: (u) => u.email },
    { key: "role", header: t("users.role"), cell: (u) => t(`role.${u.role}`) },
    { key: "merchant", header: t("users.merchant"), cell: (u) => (u.merchant ? `${u.merchant.code} · ${u.merchant.name}` : "—") },
    {
      key: "status",
      header: t("users.status"),
      cell: (u) => <span className={`status status--${u.isActive ? "ok" : "off"}`}>{u.isActive ? t("users.active") : t("users.inactive")}</span>,
    },
    { key: "createdAt", header: t("users.createdAt"), cell: (u) => <Time value={u.createdAt} mode="date" /> },
    { key: "lastLogin", header: t("users.lastLogin"), cell: (u) => (u.lastLoginAt ? <Time value={u.lastLoginAt} /> : t("users.never")) },
    writable && {
      key: "actions",
      header: t("users.actions"),
      className: "no-print",
      cell: (u) => u.isActive && u.id !== me.id && <DeactivateButton user={u} onDone={(text, ok) => setNotice({ text, ok })} />,
    },
  ];

  return (
    <ListPage
      title={t("users.title")}
      subtitle={t("users.subtitle")}
      total={data && t("users.total", { count: data.users.totalCount })}
      result={{ fetching, error, loaded: !!data }}
      rows={users}
      columns={columns}
      rowKey={(u) => u.id}
      rowProps={(u) => ({ "data-email": u.email })}
      empty={t("users.empty")}
      pager={pager(data?.users.pageInfo.hasNextPage)}
    >
      {!writable && <Alert kind="info">{t("users.readOnly")}</Alert>}
      {notice && <Alert kind={notice.ok ? "success" : "error"}>{notice.text}</Alert>}
      {writable && <CreateUserForm onCreated={(email) => setNotice({ text: t("users.created", { email }), ok: true })} />}
    </ListPage>
  );
}
