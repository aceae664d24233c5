// Inbound deliveries: announcing, receiving, closing and cancelling them.
import { graphql } from "../gql";

export const InboundFields = graphql(`
  fragment InboundFields on Inbound {
    id
    reference
    status
    expectedOn
    carrier
    trackingNumber
    note
    createdAt
    receivedAt
    closedAt
    cancelledAt
    merchant {
      id
      code
      name
    }
    warehouse {
      id
      code
      name
    }
    lines {
      expectedQuantity
      receivedQuantity
      damagedQuantity
      unexpected
      difference
      product {
        id
        sku
        name
        barcode
      }
    }
  }
`);

export const InboundsQuery = graphql(`
  query Inbounds($first: Int, $after: String, $filter: InboundFilter) {
    inbounds(first: $first, after: $after, filter: $filter) {
      totalCount
      edges {
        node {
          ...InboundFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const InboundQuery = graphql(`
  query Inbound($id: ID!) {
    node(id: $id) {
      __typename
      ... on Inbound {
        ...InboundFields
        discrepancies {
          expectedQuantity
          receivedQuantity
          damagedQuantity
          unexpected
          difference
          product {
            id
            sku
            name
          }
        }
      }
    }
  }
`);

export const InboundCreateMutation = graphql(`
  mutation InboundCreate($input: InboundCreateInput!) {
    inboundCreate(input: $input) {
      inbound {
        ...InboundFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const InboundReceiveMutation = graphql(`
  mutation InboundReceive($input: InboundReceiveInput!) {
    inboundReceive(input: $input) {
      inbound {
        ...InboundFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const InboundCloseMutation = graphql(`
  mutation InboundClose($input: InboundCloseInput!) {
    inboundClose(input: $input) {
      inbound {
        ...InboundFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const InboundCancelMutation = graphql(`
  mutation InboundCancel($input: InboundCancelInput!) {
    inboundCancel(input: $input) {
      inbound {
        ...InboundFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);
