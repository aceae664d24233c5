// The GraphQL operations of the order detail page and the phone-order form. Names start with OrderDetail or
// PhoneOrder so they never collide with the orders list's and the dashboard's own operations.
import { graphql } from "../gql";

export const PhoneOrderProductFields = graphql(`
  fragment PhoneOrderProductFields on Product {
    id
    sku
    name
    barcode
    size
    colour
    isArchived
    stockTotal {
      available
      onHand
      reserved
      incoming
    }
    stock {
      available
      warehouse {
        id
      }
    }
  }
`);

export const OrderDetailFields = graphql(`
  fragment OrderDetailFields on Order {
    id
    number
    status
    source
    shop
    externalNumber
    paymentMethod
    paymentStatus
    paymentReference
    paidAt
    shippingMethod
    currency
    subtotal {
      amount
      currency
    }
    shippingPrice {
      amount
      currency
    }
    tax {
      amount
      currency
    }
    total {
      amount
      currency
    }
    customer {
      name
      email
      phone
    }
    shippingAddress {
      name
      company
      line1
      line2
      postalCode
      city
      region
      country
      phone
    }
    billingAddress {
      name
      company
      line1
      line2
      postalCode
      city
      region
      country
      phone
    }
    customerNote
    tags
    holdReason
    cancelReason
    version
    createdAt
    updatedAt
    placedAt
    cancelledAt
    statusChangedAt
    warehouse {
      id
      code
      name
    }
    merchant {
      id
      code
      name
    }
    lines {
      sku
      name
      quantity
      reserved
      picked
      shipped
      backordered
      taxRate
      unitPrice {
        amount
        currency
      }
      total {
        amount
        currency
      }
      product {
        ...PhoneOrderProductFields
      }
    }
    history {
      version
      kind
      params
      message
      changes
      createdAt
      actor {
        kind
        label
      }
    }
    notes {
      text
      createdAt
      author {
        kind
        label
      }
    }
    parcels {
      ...OrderParcelFields
    }
  }
`);

export const OrderParcelFields = graphql(`
  fragment OrderParcelFields on Parcel {
    id
    number
    status
    carrier
    service
    trackingNumber
    trackingUrl
    weightGrams
    createdAt
    shippedAt
    deliveredAt
    lines {
      lineId
      sku
      name
      quantity
    }
    tracking {
      status
      description
      location
      occurredAt
    }
  }
`);

export const OrderDetailQuery = graphql(`
  query OrderDetail($id: ID!) {
    node(id: $id) {
      __typename
      ... on Order {
        ...OrderDetailFields
      }
    }
  }
`);

export const OrderDetailUpdateMutation = graphql(`
  mutation OrderDetailUpdate($input: OrderUpdateInput!) {
    orderUpdate(input: $input) {
      order {
        ...OrderDetailFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const OrderDetailHoldMutation = graphql(`
  mutation OrderDetailHold($input: OrderHoldInput!) {
    orderHold(input: $input) {
      order {
        ...OrderDetailFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const OrderDetailReleaseMutation = graphql(`
  mutation OrderDetailRelease($input: OrderReleaseHoldInput!) {
    orderReleaseHold(input: $input) {
      order {
        ...OrderDetailFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const OrderDetailCancelMutation = graphql(`
  mutation OrderDetailCancel($input: OrderCancelInput!) {
    orderCancel(input: $input) {
      order {
        ...OrderDetailFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const OrderDetailNoteAddMutation = graphql(`
  mutation OrderDetailNoteAdd($input: OrderNoteAddInput!) {
    orderNoteAdd(input: $input) {
      order {
        ...OrderDetailFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const OrderDetailTagsMutation = graphql(`
  mutation OrderDetailTags($input: OrderTagsUpdateInput!) {
    orderTagsUpdate(input: $input) {
      order {
        ...OrderDetailFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const OrderDetailMarkPaidMutation = graphql(`
  mutation OrderDetailMarkPaid($input: OrderMarkAsPaidInput!) {
    orderMarkAsPaid(input: $input) {
      results {
        orderId
        order {
          ...OrderDetailFields
        }
        errors {
          ...UserErrorFields
        }
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const OrderDetailDuplicateMutation = graphql(`
  mutation OrderDetailDuplicate($input: OrderDuplicateInput!) {
    orderDuplicate(input: $input) {
      order {
        id
        number
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const PhoneOrderDraftCreateMutation = graphql(`
  mutation PhoneOrderDraftCreate($input: DraftOrderCreateInput!) {
    draftOrderCreate(input: $input) {
      order {
        ...OrderDetailFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const PhoneOrderDraftUpdateMutation = graphql(`
  mutation PhoneOrderDraftUpdate($input: DraftOrderUpdateInput!) {
    draftOrderUpdate(input: $input) {
      order {
        ...OrderDetailFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const PhoneOrderDraftCompleteMutation = graphql(`
  mutation PhoneOrderDraftComplete($input: DraftOrderCompleteInput!) {
    draftOrderComplete(input: $input) {
      order {
        id
        number
        status
        version
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

/** The search's hits, each with its family's variants: the form offers a family's sizes and colours together. */
export const PhoneOrderProductSearchQuery = graphql(`
  query PhoneOrderProductSearch($first: Int!, $filter: ProductFilter!) {
    products(first: $first, filter: $filter, sort: { field: SKU, direction: ASC }) {
      edges {
        node {
          ...PhoneOrderProductFields
          family {
            id
            name
            variants {
              ...PhoneOrderProductFields
            }
          }
        }
      }
    }
  }
`);

export const PhoneOrderProductByCodeQuery = graphql(`
  query PhoneOrderProductByCode($merchantId: ID!, $code: String!) {
    productByCode(merchantId: $merchantId, code: $code) {
      ...PhoneOrderProductFields
    }
  }
`);

export const PhoneOrderStockQuery = graphql(`
  query PhoneOrderStock($ids: [ID!]!) {
    nodes(ids: $ids) {
      __typename
      ... on Product {
        ...PhoneOrderProductFields
      }
    }
  }
`);

/** Sent over the websocket by useLiveEvents: the events of some topics of one merchant, from now on. */
export const OrderPageEventsSubscription = graphql(`
  subscription OrderPageEvents($topics: [EventTopic!], $merchantId: ID) {
    events(topics: $topics, merchantId: $merchantId) {
      seq
      topic
      type
      merchantId
      entityId
      payload
      occurredAt
      actor {
        kind
        label
      }
    }
  }
`);

export const PhoneOrderWarehousesQuery = graphql(`
  query PhoneOrderWarehouses {
    warehouses {
      id
      code
      name
      isActive
    }
  }
`);
