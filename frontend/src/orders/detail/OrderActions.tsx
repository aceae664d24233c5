import { Link, useNavigate } from "react-router";
import { useMutation } from "urql";
import { useUserErrorText } from "../../components/ui";
import type { OrderDetailFieldsFragment, OrderStatus } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import type { OrderAction } from "../OrderActionDialog";
import { OrderDetailDuplicateMutation } from "../operations";
import type { Notice } from "./useOrderEdit";

/** Support may change lines, addresses, customer and shipping until picking starts (backend EDITABLE). */
export const EDITABLE: readonly OrderStatus[] = ["DRAFT", "AWAITING_PAYMENT", "BACKORDERED", "READY", "ON_HOLD"];
const HOLDABLE: readonly OrderStatus[] = ["AWAITING_PAYMENT", "BACKORDERED", "READY"];
const FINISHED: readonly OrderStatus[] = ["PARTIALLY_SHIPPED", "SHIPPED", "DELIVERED", "CANCELLED"];

/** What can be done with the order now: continue the draft, edit, hold, release, mark paid, duplicate, cancel. */
export function OrderActions({
  order,
  canPay,
  onEdit,
  onAction,
  notify,
}: {
  order: OrderDetailFieldsFragment;
  canPay: boolean;
  onEdit: () => void;
  onAction: (action: OrderAction) => void;
  notify: (notice: Notice) => void;
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const errorText = useUserErrorText();
  const [{ fetching: duplicating }, duplicate] = useMutation(OrderDetailDuplicateMutation);

  async function duplicateOrder() {
    const result = await duplicate({ input: { orderId: order.id } });
    const draft = result.data?.orderDuplicate.order;
    if (draft) navigate(`/orders/new?draft=${encodeURIComponent(draft.id)}`);
    else
      notify({
        kind: "info",
        text: result.data?.orderDuplicate.errors.map(errorText).join(" ") || t("app.error", { message: result.error?.message ?? "" }),
      });
  }

  return (
    <div className="actions no-print" role="group" aria-label={t("orderDetail.actions")}>
      {order.status === "DRAFT" && (
        <Link className="button button--primary" to={`/orders/new?draft=${encodeURIComponent(order.id)}`}>
          {t("orderDetail.continueDraft")}
        </Link>
      )}
      {EDITABLE.includes(order.status) && (
        <button type="button" className="button" onClick={onEdit}>
          {t("orderDetail.edit")}
        </button>
      )}
      {HOLDABLE.includes(order.status) && (
        <button type="button" className="button" onClick={() => onAction("hold")}>
          {t("orderDetail.hold")}
        </button>
      )}
      {order.status === "ON_HOLD" && (
        <button type="button" className="button button--primary" onClick={() => onAction("release")}>
          {t("orderDetail.release")}
        </button>
      )}
      {canPay && order.paymentStatus !== "PAID" && order.status !== "CANCELLED" && order.status !== "DRAFT" && (
        <button type="button" className="button" onClick={() => onAction("markPaid")}>
          {t("orderDetail.markPaid")}
        </button>
      )}
      <button type="button" className="button" onClick={() => void duplicateOrder()} disabled={duplicating}>
        {t("orderDetail.duplicate")}
      </button>
      {!FINISHED.includes(order.status) && (
        <button type="button" className="button button--danger-ghost" onClick={() => onAction("cancel")}>
          {t("orderDetail.cancel")}
        </button>
      )}
    </div>
  );
}
