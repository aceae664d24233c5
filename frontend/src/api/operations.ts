// The operations every part of the dashboard shares: the session (sign-in, who is signed in), the merchants of the
// header's switcher, the live events, and the fragment for refused input. Each domain keeps its own operations in
// its folder (`orders/operations.ts`, `catalog/operations.ts`, …); `npm run codegen` types them all from
// ../schema.graphql.
import { graphql } from "../gql";

// What every mutation reports about input it refused: the field (null: the whole request), a message a person
// reads, and a code to tell cases apart.
export const UserErrorFields = graphql(`
  fragment UserErrorFields on UserError {
    field
    message
    code
  }
`);

export const UserFields = graphql(`
  fragment UserFields on User {
    id
    email
    name
    role
    isActive
    createdAt
    lastLoginAt
    merchant {
      id
      code
      name
    }
  }
`);

export const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      token
      expiresAt
      user {
        ...UserFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const LogoutMutation = graphql(`
  mutation Logout {
    logout {
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const MeQuery = graphql(`
  query Me {
    me {
      ...UserFields
    }
  }
`);

export const MerchantsQuery = graphql(`
  query Merchants($first: Int, $after: String) {
    merchants(first: $first, after: $after, sort: { field: NAME, direction: ASC }) {
      totalCount
      edges {
        node {
          id
          code
          name
          isActive
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const EventsSubscription = graphql(`
  subscription Events($afterSeq: BigInt, $merchantId: ID) {
    events(afterSeq: $afterSeq, merchantId: $merchantId) {
      seq
      topic
      type
      occurredAt
      merchantId
      entityId
      payload
      actor {
        kind
        label
      }
    }
  }
`);

export const RecentEventsQuery = graphql(`
  query RecentEvents($first: Int!, $merchantId: ID) {
    recentEvents(first: $first, merchantId: $merchantId) {
      headSeq
      events {
        seq
        topic
        type
        occurredAt
        merchantId
        entityId
        payload
        actor {
          kind
          label
        }
      }
    }
  }
`);
