// Stock: the figures' fragment, warehouses with their bins, and the stock changes of the product page's dialogs.
import { graphql } from "../gql";

export const StockFields = graphql(`
  fragment StockFields on StockQuantities {
    onHand
    reserved
    blocked
    incoming
    available
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
