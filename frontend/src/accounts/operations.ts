// Users and API keys.
import { graphql } from "../gql";

export const UsersQuery = graphql(`
  query Users($first: Int, $after: String, $filter: UserFilter) {
    users(first: $first, after: $after, filter: $filter, sort: { field: CREATED_AT, direction: DESC }) {
      totalCount
      edges {
        node {
          ...UserFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const UserCreateMutation = graphql(`
  mutation UserCreate($input: UserCreateInput!) {
    userCreate(input: $input) {
      user {
        ...UserFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const UserDeactivateMutation = graphql(`
  mutation UserDeactivate($input: UserDeactivateInput!) {
    userDeactivate(input: $input) {
      user {
        ...UserFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const ApiKeyFields = graphql(`
  fragment ApiKeyFields on ApiKey {
    id
    name
    prefix
    scopes
    createdAt
    expiresAt
    lastUsedAt
    revokedAt
    merchant {
      id
      code
      name
    }
  }
`);

export const ApiKeysQuery = graphql(`
  query ApiKeys($first: Int, $after: String, $filter: ApiKeyFilter) {
    apiKeys(first: $first, after: $after, filter: $filter) {
      totalCount
      edges {
        node {
          ...ApiKeyFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ApiKeyCreateMutation = graphql(`
  mutation ApiKeyCreate($input: ApiKeyCreateInput!) {
    apiKeyCreate(input: $input) {
      apiKey {
        ...ApiKeyFields
      }
      secret
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const ApiKeyRevokeMutation = graphql(`
  mutation ApiKeyRevoke($input: ApiKeyRevokeInput!) {
    apiKeyRevoke(input: $input) {
      apiKey {
        ...ApiKeyFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);
