// Returns: the list, one return with its items and photos, and the merchant's decisions (complete, cancel).
import { graphql } from "../gql";

export const ReturnRowFields = graphql(`
  fragment ReturnRowFields on Return {
    id
    number
    status
    source
    unidentified
    orderNumber
    trackingNumber
    createdAt
    receivedAt
    merchant {
      id
      code
      name
    }
    items {
      id
      reason
      grade
      disposition
    }
  }
`);

export const ReturnsQuery = graphql(`
  query Returns($first: Int, $after: String, $filter: ReturnFilter) {
    returns(first: $first, after: $after, filter: $filter) {
      totalCount
      edges {
        node {
          ...ReturnRowFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ReturnQuery = graphql(`
  query Return($id: ID!) {
    node(id: $id) {
      __typename
      ... on Return {
        ...ReturnRowFields
        scannedCode
        note
        cancelReason
        inspectedAt
        completedAt
        cancelledAt
        warehouse {
          id
          code
          name
        }
        items {
          id
          position
          reason
          customerComment
          grade
          feedback
          disposition
          inspectedAt
          product {
            id
            sku
            name
          }
          location {
            id
            code
          }
          batch {
            id
            number
            status
          }
          photos {
            id
            width
            height
            url
            thumbnailUrl
          }
        }
      }
    }
  }
`);

export const ReturnCompleteMutation = graphql(`
  mutation ReturnComplete($input: ReturnCompleteInput!) {
    returnComplete(input: $input) {
      return {
        id
        status
        completedAt
      }
      errors {
        field
        message
        code
      }
    }
  }
`);

export const ReturnCancelMutation = graphql(`
  mutation ReturnCancel($input: ReturnCancelInput!) {
    returnCancel(input: $input) {
      return {
        id
        status
        cancelledAt
      }
      errors {
        field
        message
        code
      }
    }
  }
`);
