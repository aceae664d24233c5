// Every GraphQL operation the dashboard sends. `npm run codegen` types them from ../schema.graphql.
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

// Catalog, stock and inbound.

export const StockFields = graphql(`
  fragment StockFields on StockQuantities {
    onHand
    reserved
    blocked
    incoming
    available
  }
`);

export const ProductRowFields = graphql(`
  fragment ProductRowFields on Product {
    id
    sku
    name
    barcode
    lowStockThreshold
    isArchived
    isLowStock
    isOutOfStock
    merchant {
      id
      code
      name
    }
    stockTotal {
      ...StockFields
    }
  }
`);

export const ProductsQuery = graphql(`
  query Products($first: Int, $after: String, $filter: ProductFilter, $sort: ProductSort) {
    products(first: $first, after: $after, filter: $filter, sort: $sort) {
      totalCount
      edges {
        node {
          ...ProductRowFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const ProductDetailFields = graphql(`
  fragment ProductDetailFields on Product {
    ...ProductRowFields
    attributes
    weightGrams
    lengthMm
    widthMm
    heightMm
    customsTariffNumber
    countryOfOrigin
    createdAt
    updatedAt
    stock {
      id
      onHand
      reserved
      blocked
      incoming
      available
      updatedAt
      warehouse {
        id
        code
        name
      }
    }
    bins {
      locationCode
      onHand
      warehouseId
    }
  }
`);

export const ProductQuery = graphql(`
  query Product($id: ID!, $movements: Int!) {
    node(id: $id) {
      __typename
      ... on Product {
        ...ProductDetailFields
        movements(first: $movements) {
          totalCount
          edges {
            node {
              reason
              onHandDelta
              reservedDelta
              blockedDelta
              incomingDelta
              reference
              note
              actorLabel
              createdAt
              locationCode
              warehouse {
                id
                code
              }
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    }
  }
`);

export const ProductByCodeQuery = graphql(`
  query ProductByCode($merchantId: ID!, $code: String!) {
    productByCode(merchantId: $merchantId, code: $code) {
      id
      sku
      name
      barcode
      isArchived
    }
  }
`);

export const WarehousesQuery = graphql(`
  query Warehouses($bins: Int) {
    warehouses {
      id
      code
      name
      isActive
      locations(first: $bins) {
        edges {
          node {
            id
            code
            isActive
          }
        }
      }
    }
  }
`);

export const ProductCreateMutation = graphql(`
  mutation ProductCreate($input: ProductCreateInput!) {
    productCreate(input: $input) {
      product {
        ...ProductDetailFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const ProductUpdateMutation = graphql(`
  mutation ProductUpdate($input: ProductUpdateInput!) {
    productUpdate(input: $input) {
      product {
        ...ProductDetailFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const ProductArchiveMutation = graphql(`
  mutation ProductArchive($input: ProductArchiveInput!) {
    productArchive(input: $input) {
      product {
        ...ProductDetailFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const ProductsImportMutation = graphql(`
  mutation ProductsImport($input: ProductsImportInput!) {
    productsImport(input: $input) {
      created
      updated
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const ProductLabelsCreateMutation = graphql(`
  mutation ProductLabelsCreate($input: ProductLabelsCreateInput!) {
    productLabelsCreate(input: $input) {
      url
      expiresAt
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const StockAdjustMutation = graphql(`
  mutation StockAdjust($input: StockAdjustInput!) {
    stockAdjust(input: $input) {
      product {
        ...ProductDetailFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const StockTransferMutation = graphql(`
  mutation StockTransfer($input: StockTransferInput!) {
    stockTransfer(input: $input) {
      product {
        ...ProductDetailFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const StockCountMutation = graphql(`
  mutation StockCount($input: StockCountInput!) {
    stockCount(input: $input) {
      product {
        ...ProductDetailFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

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
