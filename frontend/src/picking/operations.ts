// Picklists: making them (by hand or by rule), following them live, and picking them by scanning.
import { graphql } from "../gql";

export const PicklistLineFields = graphql(`
  fragment PicklistLineFields on PicklistLine {
    id
    position
    binCode
    sku
    name
    quantity
    picked
    short
    remaining
    atBin
    mine
    pickerName
    product {
      id
      barcode
      size
      colour
      family {
        id
        images
      }
    }
    picks {
      tote
      quantity
      picked
      short
      orderNumber
    }
  }
`);

export const PicklistFields = graphql(`
  fragment PicklistFields on Picklist {
    id
    number
    status
    createdAt
    startedAt
    completedAt
    warehouse {
      id
      code
      name
    }
    orders {
      tote
      active
      orderNumber
      order {
        id
        status
      }
    }
    lines {
      ...PicklistLineFields
    }
  }
`);

export const PicklistsQuery = graphql(`
  query Picklists($first: Int, $after: String, $filter: PicklistFilter) {
    picklists(first: $first, after: $after, filter: $filter) {
      totalCount
      edges {
        node {
          ...PicklistFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const PicklistQuery = graphql(`
  query Picklist($id: ID!) {
    node(id: $id) {
      __typename
      ... on Picklist {
        ...PicklistFields
      }
    }
  }
`);

export const MyPicklistQuery = graphql(`
  query MyPicklist {
    myPicklist {
      ...PicklistFields
    }
    openPicklists: picklists(first: 50, filter: { status: [OPEN] }) {
      totalCount
      edges {
        node {
          id
          number
          createdAt
          warehouse {
            id
            code
          }
          orders {
            tote
          }
          lines {
            id
            quantity
          }
        }
      }
    }
  }
`);

export const ReadyOrdersQuery = graphql(`
  query ReadyOrders($first: Int, $filter: FulfillmentOrderFilter) {
    fulfillmentOrders(first: $first, filter: $filter) {
      totalCount
      edges {
        node {
          id
          number
          shippingMethod
          createdAt
          placedAt
          merchant {
            id
            code
          }
          warehouse {
            id
            code
          }
          lines {
            id
            quantity
          }
        }
      }
    }
  }
`);

export const WarehousesQuery = graphql(`
  query PickingWarehouses {
    warehouses {
      id
      code
      name
      isActive
    }
  }
`);

export const PicklistCreateMutation = graphql(`
  mutation PicklistCreate($input: PicklistCreateInput!) {
    picklistCreate(input: $input) {
      picklist {
        id
        number
      }
      errors {
        field
        message
        code
      }
    }
  }
`);

export const PicklistCancelMutation = graphql(`
  mutation PicklistCancel($input: PicklistCancelInput!) {
    picklistCancel(input: $input) {
      picklist {
        ...PicklistFields
      }
      errors {
        field
        message
        code
      }
    }
  }
`);

export const PicklistStartMutation = graphql(`
  mutation PicklistStart($input: PicklistStartInput!) {
    picklistStart(input: $input) {
      picklist {
        ...PicklistFields
      }
      errors {
        field
        message
        code
      }
    }
  }
`);

export const PicklistScanMutation = graphql(`
  mutation PicklistScan($input: PicklistScanInput!) {
    picklistScan(input: $input) {
      picked
      message
      picklist {
        ...PicklistFields
      }
      errors {
        field
        message
        code
      }
    }
  }
`);

export const PicklistLineShortMutation = graphql(`
  mutation PicklistLineShort($input: PicklistLineShortInput!) {
    picklistLineShort(input: $input) {
      picklist {
        ...PicklistFields
      }
      errors {
        field
        message
        code
      }
    }
  }
`);
