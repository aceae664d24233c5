import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { Time, useUserErrorText } from "../../components/ui";
import type { OrderDetailFieldsFragment } from "../../gql/graphql";
import { actorName } from "../../activity/format";
import { useI18n } from "../../i18n";
import { OrderDetailNoteAddMutation, OrderDetailTagsMutation } from "../operations";
import type { Track } from "../useChangeWatcher";

type Order = OrderDetailFieldsFragment;

/** The order's notes, newest last, and (for who may write) a note to add. */
export function OrderNotes({ order, writable, track }: { order: Order; writable: boolean; track: Track }) {
  const { t } = useI18n();
  const errorText = useUserErrorText();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [{ fetching: adding }, addNote] = useMutation(OrderDetailNoteAddMutation);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) {
      setError(t("form.required"));
      return;
    }
    const result = await track(
      () => addNote({ input: { orderId: order.id, text } }),
      (answer) => answer.data?.orderNoteAdd.order?.version,
    );
    const payload = result.data?.orderNoteAdd;
    if (payload && payload.errors.length === 0) {
      setText("");
      setError(undefined);
    } else setError(payload?.errors.map(errorText).join(" ") || t("app.error", { message: result.error?.message ?? "" }));
  }

  return (
    <>
      <h2>{t("orderDetail.notes")}</h2>
      {order.notes.length === 0 ? (
        <p className="empty empty--small">{t("orderDetail.noNotes")}</p>
      ) : (
        <ul className="order-notes" aria-label={t("orderDetail.notes")}>
          {order.notes.map((note, index) => (
            <li key={index}>
              <p>{note.text}</p>
              <p className="field-hint">
                {actorName(note.author, t)} · <Time value={note.createdAt} />
              </p>
            </li>
          ))}
        </ul>
      )}
      {writable && (
        <form onSubmit={submit} className="note-form" noValidate aria-label={t("orderDetail.addNote")}>
          <div className={`field${error ? " field--invalid" : ""}`}>
            <label htmlFor="order-note">{t("orderDetail.noteLabel")}</label>
            <textarea
              id="order-note"
              rows={3}
              value={text}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "order-note-error" : undefined}
              onChange={(e) => {
                setText(e.target.value);
                setError(undefined);
              }}
            />
            {error && (
              <p className="field-error" id="order-note-error">
                {error}
              </p>
            )}
          </div>
          <button type="submit" className="button" disabled={adding}>
            {t("orderDetail.addNote")}
          </button>
        </form>
      )}
    </>
  );
}

/** The order's tags, each removable, and (for who may write) a tag to add; both name the version shown. */
export function OrderTags({ order, writable, track }: { order: Order; writable: boolean; track: Track }) {
  const { t } = useI18n();
  const errorText = useUserErrorText();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [{ fetching: tagging }, changeTags] = useMutation(OrderDetailTagsMutation);

  async function submit(add: string[], remove: string[]) {
    const result = await track(
      () => changeTags({ input: { orderId: order.id, add, remove, expectedVersion: order.version } }),
      (answer) => answer.data?.orderTagsUpdate.order?.version,
    );
    const payload = result.data?.orderTagsUpdate;
    if (payload && payload.errors.length === 0) {
      setText("");
      setError(undefined);
    } else
      setError(
        payload?.errors.map((e) => (e.code === "VERSION_CONFLICT" ? `${t("error.VERSION_CONFLICT")} ${e.message}` : errorText(e))).join(" ") ||
          t("app.error", { message: result.error?.message ?? "" }),
      );
  }

  return (
    <>
      <h2 className="section-title">{t("orderDetail.tags")}</h2>
      {order.tags.length === 0 ? (
        <p className="empty empty--small">{t("orderDetail.noTags")}</p>
      ) : (
        <ul className="order-tags" aria-label={t("orderDetail.tags")}>
          {order.tags.map((tag) => (
            <li key={tag} className="tag">
              {tag}
              {writable && (
                <button type="button" className="tag-remove" aria-label={t("orderDetail.removeTag", { tag })} disabled={tagging} onClick={() => void submit([], [tag])}>
                  ✕
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {writable && (
        <form
          className="tag-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!text.trim()) setError(t("form.required"));
            else void submit([text.trim()], []);
          }}
        >
          <div className={`field${error ? " field--invalid" : ""}`}>
            <label htmlFor="order-tag">{t("orderDetail.addTag")}</label>
            <input id="order-tag" autoComplete="off" value={text} onChange={(e) => setText(e.target.value)} aria-invalid={error ? true : undefined} />
            {error && <p className="field-error">{error}</p>}
          </div>
          <button type="submit" className="button button--small" disabled={tagging}>
            {t("orderDetail.addTagButton")}
          </button>
        </form>
      )}
    </>
  );
}
