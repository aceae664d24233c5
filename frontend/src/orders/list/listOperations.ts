// The GraphQL operations of the order dashboard and the orders list (the order detail and phone-order pages
// keep theirs apart). `npm run codegen` types them from ../schema.graphql.
import { graphql } from "../../gql";

export const OrderListRow = graphql(`
  fragment OrderListRow on Order {
    id
    number
    status
    paymentStatus
    paymentMethod
    source
    shop
    externalNumber
    total {
      amount
      currency
    }
    customer {
      name
      email
    }
    tags
    holdReason
    version
    createdAt
    statusChangedAt
    merchant {
      id
      code
      name
    }
    parcels {
      number
      carrier
      trackingNumber
      trackingUrl
    }
  }
`);

export const OrdersListQuery = graphql(`
  query OrdersList($first: Int, $after: String, $last: Int, $before: String, $filter: OrderFilter, $sort: OrderSort) {
    orders(first: $first, after: $after, last: $last, before: $before, filter: $filter, sort: $sort) {
      totalCount
      edges {
        node {
          ...OrderListRow
        }
      }
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
    }
  }
`);

export const OrderBulkOutcome = graphql(`
  fragment OrderBulkOutcome on OrderBulkPayload {
    succeeded
    failed
    results {
      orderId
      order {
        ...OrderListRow
      }
      errors {
        ...UserErrorFields
      }
    }
    errors {
      ...UserErrorFields
    }
  }
`);

export const OrdersBulkMarkPaidMutation = graphql(`
  mutation OrdersBulkMarkPaid($input: OrderMarkAsPaidInput!) {
    orderMarkAsPaid(input: $input) {
      ...OrderBulkOutcome
    }
  }
`);

export const OrdersBulkHoldMutation = graphql(`
  mutation OrdersBulkHold($input: OrderBulkHoldInput!) {
    orderBulkHold(input: $input) {
      ...OrderBulkOutcome
    }
  }
`);

export const OrdersBulkReleaseMutation = graphql(`
  mutation OrdersBulkRelease($input: OrderBulkReleaseHoldInput!) {
    orderBulkReleaseHold(input: $input) {
      ...OrderBulkOutcome
    }
  }
`);

export const OrdersBulkCancelMutation = graphql(`
  mutation OrdersBulkCancel($input: OrderBulkCancelInput!) {
    orderBulkCancel(input: $input) {
      ...OrderBulkOutcome
    }
  }
`);

export const OrdersBulkTagMutation = graphql(`
  mutation OrdersBulkTag($input: OrderBulkTagInput!) {
    orderBulkTag(input: $input) {
      ...OrderBulkOutcome
    }
  }
`);

export const DashboardFigures = graphql(`
  fragment DashboardFigures on Dashboard {
    merchantId
    statusCounts {
      status
      count
    }
    ordersToday
    cancelledToday
    revenueToday {
      amount
      currency
    }
    awaitingPaymentCount
    awaitingPaymentValue {
      amount
      currency
    }
    backordered
    onHold
    oldestReadySince
    ordersPerHour {
      hour
      placed
      cancelled
    }
    dayStartsAt
    computedAt
  }
`);

export const DashboardLiveSubscription = graphql(`
  subscription DashboardLive($merchantId: ID) {
    dashboard(merchantId: $merchantId) {
      ...DashboardFigures
    }
  }
`);
