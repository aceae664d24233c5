/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment UserFields on User {\n    id\n    email\n    name\n    role\n    isActive\n    createdAt\n    lastLoginAt\n    merchant {\n      id\n      code\n      name\n    }\n  }\n": typeof types.UserFieldsFragmentDoc,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      user {\n        ...UserFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Logout {\n    logout {\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.LogoutDocument,
    "\n  query Me {\n    me {\n      ...UserFields\n    }\n  }\n": typeof types.MeDocument,
    "\n  query Merchants($first: Int, $after: String) {\n    merchants(first: $first, after: $after, sort: { field: NAME, direction: ASC }) {\n      totalCount\n      edges {\n        node {\n          id\n          code\n          name\n          isActive\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.MerchantsDocument,
    "\n  query Users($first: Int, $after: String, $filter: UserFilter) {\n    users(first: $first, after: $after, filter: $filter, sort: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      edges {\n        node {\n          ...UserFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.UsersDocument,
    "\n  mutation UserCreate($input: UserCreateInput!) {\n    userCreate(input: $input) {\n      user {\n        ...UserFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.UserCreateDocument,
    "\n  mutation UserDeactivate($input: UserDeactivateInput!) {\n    userDeactivate(input: $input) {\n      user {\n        ...UserFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.UserDeactivateDocument,
    "\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    prefix\n    scopes\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n    merchant {\n      id\n      code\n      name\n    }\n  }\n": typeof types.ApiKeyFieldsFragmentDoc,
    "\n  query ApiKeys($first: Int, $after: String, $filter: ApiKeyFilter) {\n    apiKeys(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          ...ApiKeyFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation ApiKeyCreate($input: ApiKeyCreateInput!) {\n    apiKeyCreate(input: $input) {\n      apiKey {\n        ...ApiKeyFields\n      }\n      secret\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ApiKeyCreateDocument,
    "\n  mutation ApiKeyRevoke($input: ApiKeyRevokeInput!) {\n    apiKeyRevoke(input: $input) {\n      apiKey {\n        ...ApiKeyFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ApiKeyRevokeDocument,
    "\n  subscription Events($afterSeq: BigInt, $merchantId: ID) {\n    events(afterSeq: $afterSeq, merchantId: $merchantId) {\n      seq\n      topic\n      type\n      occurredAt\n      merchantId\n      entityId\n      payload\n      actor {\n        kind\n        label\n      }\n    }\n  }\n": typeof types.EventsDocument,
    "\n  query RecentEvents($first: Int!, $merchantId: ID) {\n    recentEvents(first: $first, merchantId: $merchantId) {\n      headSeq\n      events {\n        seq\n        topic\n        type\n        occurredAt\n        merchantId\n        entityId\n        payload\n        actor {\n          kind\n          label\n        }\n      }\n    }\n  }\n": typeof types.RecentEventsDocument,
    "\n  fragment StockFields on StockQuantities {\n    onHand\n    reserved\n    blocked\n    incoming\n    available\n  }\n": typeof types.StockFieldsFragmentDoc,
    "\n  fragment ProductRowFields on Product {\n    id\n    sku\n    name\n    barcode\n    lowStockThreshold\n    isArchived\n    isLowStock\n    isOutOfStock\n    merchant {\n      id\n      code\n      name\n    }\n    stockTotal {\n      ...StockFields\n    }\n  }\n": typeof types.ProductRowFieldsFragmentDoc,
    "\n  query Products($first: Int, $after: String, $filter: ProductFilter, $sort: ProductSort) {\n    products(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      edges {\n        node {\n          ...ProductRowFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.ProductsDocument,
    "\n  fragment ProductDetailFields on Product {\n    ...ProductRowFields\n    attributes\n    weightGrams\n    lengthMm\n    widthMm\n    heightMm\n    customsTariffNumber\n    countryOfOrigin\n    createdAt\n    updatedAt\n    stock {\n      id\n      onHand\n      reserved\n      blocked\n      incoming\n      available\n      updatedAt\n      warehouse {\n        id\n        code\n        name\n      }\n    }\n    bins {\n      locationCode\n      onHand\n      warehouseId\n    }\n  }\n": typeof types.ProductDetailFieldsFragmentDoc,
    "\n  query Product($id: ID!, $movements: Int!) {\n    node(id: $id) {\n      __typename\n      ... on Product {\n        ...ProductDetailFields\n        movements(first: $movements) {\n          totalCount\n          edges {\n            node {\n              reason\n              onHandDelta\n              reservedDelta\n              blockedDelta\n              incomingDelta\n              reference\n              note\n              actorLabel\n              createdAt\n              locationCode\n              warehouse {\n                id\n                code\n              }\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": typeof types.ProductDocument,
    "\n  query ProductByCode($merchantId: ID!, $code: String!) {\n    productByCode(merchantId: $merchantId, code: $code) {\n      id\n      sku\n      name\n      barcode\n      isArchived\n    }\n  }\n": typeof types.ProductByCodeDocument,
    "\n  query Warehouses($bins: Int) {\n    warehouses {\n      id\n      code\n      name\n      isActive\n      locations(first: $bins) {\n        edges {\n          node {\n            id\n            code\n            isActive\n          }\n        }\n      }\n    }\n  }\n": typeof types.WarehousesDocument,
    "\n  mutation ProductCreate($input: ProductCreateInput!) {\n    productCreate(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ProductCreateDocument,
    "\n  mutation ProductUpdate($input: ProductUpdateInput!) {\n    productUpdate(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ProductUpdateDocument,
    "\n  mutation ProductArchive($input: ProductArchiveInput!) {\n    productArchive(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ProductArchiveDocument,
    "\n  mutation ProductsImport($input: ProductsImportInput!) {\n    productsImport(input: $input) {\n      created\n      updated\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ProductsImportDocument,
    "\n  mutation ProductLabelsCreate($input: ProductLabelsCreateInput!) {\n    productLabelsCreate(input: $input) {\n      url\n      expiresAt\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.ProductLabelsCreateDocument,
    "\n  mutation StockAdjust($input: StockAdjustInput!) {\n    stockAdjust(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.StockAdjustDocument,
    "\n  mutation StockTransfer($input: StockTransferInput!) {\n    stockTransfer(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.StockTransferDocument,
    "\n  mutation StockCount($input: StockCountInput!) {\n    stockCount(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.StockCountDocument,
    "\n  fragment InboundFields on Inbound {\n    id\n    reference\n    status\n    expectedOn\n    carrier\n    trackingNumber\n    note\n    createdAt\n    receivedAt\n    closedAt\n    cancelledAt\n    merchant {\n      id\n      code\n      name\n    }\n    warehouse {\n      id\n      code\n      name\n    }\n    lines {\n      expectedQuantity\n      receivedQuantity\n      damagedQuantity\n      unexpected\n      difference\n      product {\n        id\n        sku\n        name\n        barcode\n      }\n    }\n  }\n": typeof types.InboundFieldsFragmentDoc,
    "\n  query Inbounds($first: Int, $after: String, $filter: InboundFilter) {\n    inbounds(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          ...InboundFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.InboundsDocument,
    "\n  query Inbound($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Inbound {\n        ...InboundFields\n        discrepancies {\n          expectedQuantity\n          receivedQuantity\n          damagedQuantity\n          unexpected\n          difference\n          product {\n            id\n            sku\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.InboundDocument,
    "\n  mutation InboundCreate($input: InboundCreateInput!) {\n    inboundCreate(input: $input) {\n      inbound {\n        ...InboundFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.InboundCreateDocument,
    "\n  mutation InboundReceive($input: InboundReceiveInput!) {\n    inboundReceive(input: $input) {\n      inbound {\n        ...InboundFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.InboundReceiveDocument,
    "\n  mutation InboundClose($input: InboundCloseInput!) {\n    inboundClose(input: $input) {\n      inbound {\n        ...InboundFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.InboundCloseDocument,
    "\n  mutation InboundCancel($input: InboundCancelInput!) {\n    inboundCancel(input: $input) {\n      inbound {\n        ...InboundFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": typeof types.InboundCancelDocument,
};
const documents: Documents = {
    "\n  fragment UserFields on User {\n    id\n    email\n    name\n    role\n    isActive\n    createdAt\n    lastLoginAt\n    merchant {\n      id\n      code\n      name\n    }\n  }\n": types.UserFieldsFragmentDoc,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      user {\n        ...UserFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Logout {\n    logout {\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.LogoutDocument,
    "\n  query Me {\n    me {\n      ...UserFields\n    }\n  }\n": types.MeDocument,
    "\n  query Merchants($first: Int, $after: String) {\n    merchants(first: $first, after: $after, sort: { field: NAME, direction: ASC }) {\n      totalCount\n      edges {\n        node {\n          id\n          code\n          name\n          isActive\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.MerchantsDocument,
    "\n  query Users($first: Int, $after: String, $filter: UserFilter) {\n    users(first: $first, after: $after, filter: $filter, sort: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      edges {\n        node {\n          ...UserFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.UsersDocument,
    "\n  mutation UserCreate($input: UserCreateInput!) {\n    userCreate(input: $input) {\n      user {\n        ...UserFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.UserCreateDocument,
    "\n  mutation UserDeactivate($input: UserDeactivateInput!) {\n    userDeactivate(input: $input) {\n      user {\n        ...UserFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.UserDeactivateDocument,
    "\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    prefix\n    scopes\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n    merchant {\n      id\n      code\n      name\n    }\n  }\n": types.ApiKeyFieldsFragmentDoc,
    "\n  query ApiKeys($first: Int, $after: String, $filter: ApiKeyFilter) {\n    apiKeys(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          ...ApiKeyFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ApiKeysDocument,
    "\n  mutation ApiKeyCreate($input: ApiKeyCreateInput!) {\n    apiKeyCreate(input: $input) {\n      apiKey {\n        ...ApiKeyFields\n      }\n      secret\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ApiKeyCreateDocument,
    "\n  mutation ApiKeyRevoke($input: ApiKeyRevokeInput!) {\n    apiKeyRevoke(input: $input) {\n      apiKey {\n        ...ApiKeyFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ApiKeyRevokeDocument,
    "\n  subscription Events($afterSeq: BigInt, $merchantId: ID) {\n    events(afterSeq: $afterSeq, merchantId: $merchantId) {\n      seq\n      topic\n      type\n      occurredAt\n      merchantId\n      entityId\n      payload\n      actor {\n        kind\n        label\n      }\n    }\n  }\n": types.EventsDocument,
    "\n  query RecentEvents($first: Int!, $merchantId: ID) {\n    recentEvents(first: $first, merchantId: $merchantId) {\n      headSeq\n      events {\n        seq\n        topic\n        type\n        occurredAt\n        merchantId\n        entityId\n        payload\n        actor {\n          kind\n          label\n        }\n      }\n    }\n  }\n": types.RecentEventsDocument,
    "\n  fragment StockFields on StockQuantities {\n    onHand\n    reserved\n    blocked\n    incoming\n    available\n  }\n": types.StockFieldsFragmentDoc,
    "\n  fragment ProductRowFields on Product {\n    id\n    sku\n    name\n    barcode\n    lowStockThreshold\n    isArchived\n    isLowStock\n    isOutOfStock\n    merchant {\n      id\n      code\n      name\n    }\n    stockTotal {\n      ...StockFields\n    }\n  }\n": types.ProductRowFieldsFragmentDoc,
    "\n  query Products($first: Int, $after: String, $filter: ProductFilter, $sort: ProductSort) {\n    products(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      edges {\n        node {\n          ...ProductRowFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.ProductsDocument,
    "\n  fragment ProductDetailFields on Product {\n    ...ProductRowFields\n    attributes\n    weightGrams\n    lengthMm\n    widthMm\n    heightMm\n    customsTariffNumber\n    countryOfOrigin\n    createdAt\n    updatedAt\n    stock {\n      id\n      onHand\n      reserved\n      blocked\n      incoming\n      available\n      updatedAt\n      warehouse {\n        id\n        code\n        name\n      }\n    }\n    bins {\n      locationCode\n      onHand\n      warehouseId\n    }\n  }\n": types.ProductDetailFieldsFragmentDoc,
    "\n  query Product($id: ID!, $movements: Int!) {\n    node(id: $id) {\n      __typename\n      ... on Product {\n        ...ProductDetailFields\n        movements(first: $movements) {\n          totalCount\n          edges {\n            node {\n              reason\n              onHandDelta\n              reservedDelta\n              blockedDelta\n              incomingDelta\n              reference\n              note\n              actorLabel\n              createdAt\n              locationCode\n              warehouse {\n                id\n                code\n              }\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n": types.ProductDocument,
    "\n  query ProductByCode($merchantId: ID!, $code: String!) {\n    productByCode(merchantId: $merchantId, code: $code) {\n      id\n      sku\n      name\n      barcode\n      isArchived\n    }\n  }\n": types.ProductByCodeDocument,
    "\n  query Warehouses($bins: Int) {\n    warehouses {\n      id\n      code\n      name\n      isActive\n      locations(first: $bins) {\n        edges {\n          node {\n            id\n            code\n            isActive\n          }\n        }\n      }\n    }\n  }\n": types.WarehousesDocument,
    "\n  mutation ProductCreate($input: ProductCreateInput!) {\n    productCreate(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ProductCreateDocument,
    "\n  mutation ProductUpdate($input: ProductUpdateInput!) {\n    productUpdate(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ProductUpdateDocument,
    "\n  mutation ProductArchive($input: ProductArchiveInput!) {\n    productArchive(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ProductArchiveDocument,
    "\n  mutation ProductsImport($input: ProductsImportInput!) {\n    productsImport(input: $input) {\n      created\n      updated\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ProductsImportDocument,
    "\n  mutation ProductLabelsCreate($input: ProductLabelsCreateInput!) {\n    productLabelsCreate(input: $input) {\n      url\n      expiresAt\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.ProductLabelsCreateDocument,
    "\n  mutation StockAdjust($input: StockAdjustInput!) {\n    stockAdjust(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.StockAdjustDocument,
    "\n  mutation StockTransfer($input: StockTransferInput!) {\n    stockTransfer(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.StockTransferDocument,
    "\n  mutation StockCount($input: StockCountInput!) {\n    stockCount(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.StockCountDocument,
    "\n  fragment InboundFields on Inbound {\n    id\n    reference\n    status\n    expectedOn\n    carrier\n    trackingNumber\n    note\n    createdAt\n    receivedAt\n    closedAt\n    cancelledAt\n    merchant {\n      id\n      code\n      name\n    }\n    warehouse {\n      id\n      code\n      name\n    }\n    lines {\n      expectedQuantity\n      receivedQuantity\n      damagedQuantity\n      unexpected\n      difference\n      product {\n        id\n        sku\n        name\n        barcode\n      }\n    }\n  }\n": types.InboundFieldsFragmentDoc,
    "\n  query Inbounds($first: Int, $after: String, $filter: InboundFilter) {\n    inbounds(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          ...InboundFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.InboundsDocument,
    "\n  query Inbound($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Inbound {\n        ...InboundFields\n        discrepancies {\n          expectedQuantity\n          receivedQuantity\n          damagedQuantity\n          unexpected\n          difference\n          product {\n            id\n            sku\n            name\n          }\n        }\n      }\n    }\n  }\n": types.InboundDocument,
    "\n  mutation InboundCreate($input: InboundCreateInput!) {\n    inboundCreate(input: $input) {\n      inbound {\n        ...InboundFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.InboundCreateDocument,
    "\n  mutation InboundReceive($input: InboundReceiveInput!) {\n    inboundReceive(input: $input) {\n      inbound {\n        ...InboundFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.InboundReceiveDocument,
    "\n  mutation InboundClose($input: InboundCloseInput!) {\n    inboundClose(input: $input) {\n      inbound {\n        ...InboundFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.InboundCloseDocument,
    "\n  mutation InboundCancel($input: InboundCancelInput!) {\n    inboundCancel(input: $input) {\n      inbound {\n        ...InboundFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n": types.InboundCancelDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment UserFields on User {\n    id\n    email\n    name\n    role\n    isActive\n    createdAt\n    lastLoginAt\n    merchant {\n      id\n      code\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment UserFields on User {\n    id\n    email\n    name\n    role\n    isActive\n    createdAt\n    lastLoginAt\n    merchant {\n      id\n      code\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      user {\n        ...UserFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      token\n      expiresAt\n      user {\n        ...UserFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout {\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout {\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Merchants($first: Int, $after: String) {\n    merchants(first: $first, after: $after, sort: { field: NAME, direction: ASC }) {\n      totalCount\n      edges {\n        node {\n          id\n          code\n          name\n          isActive\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Merchants($first: Int, $after: String) {\n    merchants(first: $first, after: $after, sort: { field: NAME, direction: ASC }) {\n      totalCount\n      edges {\n        node {\n          id\n          code\n          name\n          isActive\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users($first: Int, $after: String, $filter: UserFilter) {\n    users(first: $first, after: $after, filter: $filter, sort: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      edges {\n        node {\n          ...UserFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Users($first: Int, $after: String, $filter: UserFilter) {\n    users(first: $first, after: $after, filter: $filter, sort: { field: CREATED_AT, direction: DESC }) {\n      totalCount\n      edges {\n        node {\n          ...UserFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UserCreate($input: UserCreateInput!) {\n    userCreate(input: $input) {\n      user {\n        ...UserFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UserCreate($input: UserCreateInput!) {\n    userCreate(input: $input) {\n      user {\n        ...UserFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UserDeactivate($input: UserDeactivateInput!) {\n    userDeactivate(input: $input) {\n      user {\n        ...UserFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UserDeactivate($input: UserDeactivateInput!) {\n    userDeactivate(input: $input) {\n      user {\n        ...UserFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    prefix\n    scopes\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n    merchant {\n      id\n      code\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment ApiKeyFields on ApiKey {\n    id\n    name\n    prefix\n    scopes\n    createdAt\n    expiresAt\n    lastUsedAt\n    revokedAt\n    merchant {\n      id\n      code\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys($first: Int, $after: String, $filter: ApiKeyFilter) {\n    apiKeys(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          ...ApiKeyFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query ApiKeys($first: Int, $after: String, $filter: ApiKeyFilter) {\n    apiKeys(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          ...ApiKeyFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApiKeyCreate($input: ApiKeyCreateInput!) {\n    apiKeyCreate(input: $input) {\n      apiKey {\n        ...ApiKeyFields\n      }\n      secret\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ApiKeyCreate($input: ApiKeyCreateInput!) {\n    apiKeyCreate(input: $input) {\n      apiKey {\n        ...ApiKeyFields\n      }\n      secret\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApiKeyRevoke($input: ApiKeyRevokeInput!) {\n    apiKeyRevoke(input: $input) {\n      apiKey {\n        ...ApiKeyFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ApiKeyRevoke($input: ApiKeyRevokeInput!) {\n    apiKeyRevoke(input: $input) {\n      apiKey {\n        ...ApiKeyFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription Events($afterSeq: BigInt, $merchantId: ID) {\n    events(afterSeq: $afterSeq, merchantId: $merchantId) {\n      seq\n      topic\n      type\n      occurredAt\n      merchantId\n      entityId\n      payload\n      actor {\n        kind\n        label\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription Events($afterSeq: BigInt, $merchantId: ID) {\n    events(afterSeq: $afterSeq, merchantId: $merchantId) {\n      seq\n      topic\n      type\n      occurredAt\n      merchantId\n      entityId\n      payload\n      actor {\n        kind\n        label\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RecentEvents($first: Int!, $merchantId: ID) {\n    recentEvents(first: $first, merchantId: $merchantId) {\n      headSeq\n      events {\n        seq\n        topic\n        type\n        occurredAt\n        merchantId\n        entityId\n        payload\n        actor {\n          kind\n          label\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RecentEvents($first: Int!, $merchantId: ID) {\n    recentEvents(first: $first, merchantId: $merchantId) {\n      headSeq\n      events {\n        seq\n        topic\n        type\n        occurredAt\n        merchantId\n        entityId\n        payload\n        actor {\n          kind\n          label\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StockFields on StockQuantities {\n    onHand\n    reserved\n    blocked\n    incoming\n    available\n  }\n"): (typeof documents)["\n  fragment StockFields on StockQuantities {\n    onHand\n    reserved\n    blocked\n    incoming\n    available\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProductRowFields on Product {\n    id\n    sku\n    name\n    barcode\n    lowStockThreshold\n    isArchived\n    isLowStock\n    isOutOfStock\n    merchant {\n      id\n      code\n      name\n    }\n    stockTotal {\n      ...StockFields\n    }\n  }\n"): (typeof documents)["\n  fragment ProductRowFields on Product {\n    id\n    sku\n    name\n    barcode\n    lowStockThreshold\n    isArchived\n    isLowStock\n    isOutOfStock\n    merchant {\n      id\n      code\n      name\n    }\n    stockTotal {\n      ...StockFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Products($first: Int, $after: String, $filter: ProductFilter, $sort: ProductSort) {\n    products(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      edges {\n        node {\n          ...ProductRowFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Products($first: Int, $after: String, $filter: ProductFilter, $sort: ProductSort) {\n    products(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      edges {\n        node {\n          ...ProductRowFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ProductDetailFields on Product {\n    ...ProductRowFields\n    attributes\n    weightGrams\n    lengthMm\n    widthMm\n    heightMm\n    customsTariffNumber\n    countryOfOrigin\n    createdAt\n    updatedAt\n    stock {\n      id\n      onHand\n      reserved\n      blocked\n      incoming\n      available\n      updatedAt\n      warehouse {\n        id\n        code\n        name\n      }\n    }\n    bins {\n      locationCode\n      onHand\n      warehouseId\n    }\n  }\n"): (typeof documents)["\n  fragment ProductDetailFields on Product {\n    ...ProductRowFields\n    attributes\n    weightGrams\n    lengthMm\n    widthMm\n    heightMm\n    customsTariffNumber\n    countryOfOrigin\n    createdAt\n    updatedAt\n    stock {\n      id\n      onHand\n      reserved\n      blocked\n      incoming\n      available\n      updatedAt\n      warehouse {\n        id\n        code\n        name\n      }\n    }\n    bins {\n      locationCode\n      onHand\n      warehouseId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Product($id: ID!, $movements: Int!) {\n    node(id: $id) {\n      __typename\n      ... on Product {\n        ...ProductDetailFields\n        movements(first: $movements) {\n          totalCount\n          edges {\n            node {\n              reason\n              onHandDelta\n              reservedDelta\n              blockedDelta\n              incomingDelta\n              reference\n              note\n              actorLabel\n              createdAt\n              locationCode\n              warehouse {\n                id\n                code\n              }\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Product($id: ID!, $movements: Int!) {\n    node(id: $id) {\n      __typename\n      ... on Product {\n        ...ProductDetailFields\n        movements(first: $movements) {\n          totalCount\n          edges {\n            node {\n              reason\n              onHandDelta\n              reservedDelta\n              blockedDelta\n              incomingDelta\n              reference\n              note\n              actorLabel\n              createdAt\n              locationCode\n              warehouse {\n                id\n                code\n              }\n            }\n          }\n          pageInfo {\n            hasNextPage\n            endCursor\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProductByCode($merchantId: ID!, $code: String!) {\n    productByCode(merchantId: $merchantId, code: $code) {\n      id\n      sku\n      name\n      barcode\n      isArchived\n    }\n  }\n"): (typeof documents)["\n  query ProductByCode($merchantId: ID!, $code: String!) {\n    productByCode(merchantId: $merchantId, code: $code) {\n      id\n      sku\n      name\n      barcode\n      isArchived\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Warehouses($bins: Int) {\n    warehouses {\n      id\n      code\n      name\n      isActive\n      locations(first: $bins) {\n        edges {\n          node {\n            id\n            code\n            isActive\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Warehouses($bins: Int) {\n    warehouses {\n      id\n      code\n      name\n      isActive\n      locations(first: $bins) {\n        edges {\n          node {\n            id\n            code\n            isActive\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProductCreate($input: ProductCreateInput!) {\n    productCreate(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ProductCreate($input: ProductCreateInput!) {\n    productCreate(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProductUpdate($input: ProductUpdateInput!) {\n    productUpdate(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ProductUpdate($input: ProductUpdateInput!) {\n    productUpdate(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProductArchive($input: ProductArchiveInput!) {\n    productArchive(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ProductArchive($input: ProductArchiveInput!) {\n    productArchive(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProductsImport($input: ProductsImportInput!) {\n    productsImport(input: $input) {\n      created\n      updated\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ProductsImport($input: ProductsImportInput!) {\n    productsImport(input: $input) {\n      created\n      updated\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProductLabelsCreate($input: ProductLabelsCreateInput!) {\n    productLabelsCreate(input: $input) {\n      url\n      expiresAt\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation ProductLabelsCreate($input: ProductLabelsCreateInput!) {\n    productLabelsCreate(input: $input) {\n      url\n      expiresAt\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StockAdjust($input: StockAdjustInput!) {\n    stockAdjust(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StockAdjust($input: StockAdjustInput!) {\n    stockAdjust(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StockTransfer($input: StockTransferInput!) {\n    stockTransfer(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StockTransfer($input: StockTransferInput!) {\n    stockTransfer(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StockCount($input: StockCountInput!) {\n    stockCount(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation StockCount($input: StockCountInput!) {\n    stockCount(input: $input) {\n      product {\n        ...ProductDetailFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment InboundFields on Inbound {\n    id\n    reference\n    status\n    expectedOn\n    carrier\n    trackingNumber\n    note\n    createdAt\n    receivedAt\n    closedAt\n    cancelledAt\n    merchant {\n      id\n      code\n      name\n    }\n    warehouse {\n      id\n      code\n      name\n    }\n    lines {\n      expectedQuantity\n      receivedQuantity\n      damagedQuantity\n      unexpected\n      difference\n      product {\n        id\n        sku\n        name\n        barcode\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment InboundFields on Inbound {\n    id\n    reference\n    status\n    expectedOn\n    carrier\n    trackingNumber\n    note\n    createdAt\n    receivedAt\n    closedAt\n    cancelledAt\n    merchant {\n      id\n      code\n      name\n    }\n    warehouse {\n      id\n      code\n      name\n    }\n    lines {\n      expectedQuantity\n      receivedQuantity\n      damagedQuantity\n      unexpected\n      difference\n      product {\n        id\n        sku\n        name\n        barcode\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Inbounds($first: Int, $after: String, $filter: InboundFilter) {\n    inbounds(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          ...InboundFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Inbounds($first: Int, $after: String, $filter: InboundFilter) {\n    inbounds(first: $first, after: $after, filter: $filter) {\n      totalCount\n      edges {\n        node {\n          ...InboundFields\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Inbound($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Inbound {\n        ...InboundFields\n        discrepancies {\n          expectedQuantity\n          receivedQuantity\n          damagedQuantity\n          unexpected\n          difference\n          product {\n            id\n            sku\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Inbound($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Inbound {\n        ...InboundFields\n        discrepancies {\n          expectedQuantity\n          receivedQuantity\n          damagedQuantity\n          unexpected\n          difference\n          product {\n            id\n            sku\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InboundCreate($input: InboundCreateInput!) {\n    inboundCreate(input: $input) {\n      inbound {\n        ...InboundFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation InboundCreate($input: InboundCreateInput!) {\n    inboundCreate(input: $input) {\n      inbound {\n        ...InboundFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InboundReceive($input: InboundReceiveInput!) {\n    inboundReceive(input: $input) {\n      inbound {\n        ...InboundFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation InboundReceive($input: InboundReceiveInput!) {\n    inboundReceive(input: $input) {\n      inbound {\n        ...InboundFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InboundClose($input: InboundCloseInput!) {\n    inboundClose(input: $input) {\n      inbound {\n        ...InboundFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation InboundClose($input: InboundCloseInput!) {\n    inboundClose(input: $input) {\n      inbound {\n        ...InboundFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation InboundCancel($input: InboundCancelInput!) {\n    inboundCancel(input: $input) {\n      inbound {\n        ...InboundFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation InboundCancel($input: InboundCancelInput!) {\n    inboundCancel(input: $input) {\n      inbound {\n        ...InboundFields\n      }\n      errors {\n        field\n        message\n        code\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;