// Products: the catalog list, a product with its family, stock and ledger, writing and importing products and
// families, labels.
import { graphql } from "../gql";

export const ProductRowFields = graphql(`
  fragment ProductRowFields on Product {
    id
    sku
    name
    barcode
    size
    colour
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

/** A family with its variants' stock: the product page's family card and size × colour grid. */
export const ProductFamilyFields = graphql(`
  fragment ProductFamilyFields on ProductFamily {
    id
    code
    name
    description
    images
    customsTariffNumber
    countryOfOrigin
    sizes
    colours
    variantCount
    variants {
      id
      sku
      name
      size
      colour
      lowStockThreshold
      stockTotal {
        available
      }
      stock {
        available
        warehouse {
          id
        }
      }
    }
  }
`);

export const ProductDetailFields = graphql(`
  fragment ProductDetailFields on Product {
    ...ProductRowFields
    family {
      ...ProductFamilyFields
    }
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

/** The family a new variant joins (the product form's `?family=`). */
export const ProductFamilyQuery = graphql(`
  query ProductFamily($id: ID!) {
    node(id: $id) {
      __typename
      ... on ProductFamily {
        id
        code
        name
        merchant {
          id
          code
          name
        }
      }
    }
  }
`);

export const ProductFamilyUpdateMutation = graphql(`
  mutation ProductFamilyUpdate($input: ProductFamilyUpdateInput!) {
    productFamilyUpdate(input: $input) {
      productFamily {
        ...ProductFamilyFields
      }
      errors {
        ...UserErrorFields
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
