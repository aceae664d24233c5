// The packing station's GraphQL operations: the order as the floor sees it (no prices, no customer contacts),
// the warehouse's package types, packing and shipping. `npm run codegen` types them from ../schema.graphql.
import { graphql } from "../gql";

export const PackingParcelFields = graphql(`
  fragment PackingParcelFields on Parcel {
    id
    number
    status
    carrier
    trackingNumber
    trackingUrl
    hasLabel
    weightGrams
    createdAt
    lines {
      lineId
      sku
      name
      quantity
    }
  }
`);

export const PackingOrderFields = graphql(`
  fragment PackingOrderFields on FulfillmentOrder {
    id
    number
    status
    shippingMethod
    statusChangedAt
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
    shipTo {
      name
      city
      country
    }
    lines {
      id
      sku
      name
      quantity
      picked
      shipped
      product {
        id
        barcode
        weightGrams
      }
    }
    parcels {
      ...PackingParcelFields
    }
  }
`);

export const PackingOrderQuery = graphql(`
  query PackingOrder($number: String!) {
    fulfillmentOrders(first: 2, filter: { number: $number }) {
      edges {
        node {
          ...PackingOrderFields
        }
      }
    }
  }
`);

export const PackingToteQuery = graphql(`
  query PackingTote {
    picklists(first: 100, filter: { status: [PICKING, PICKED] }) {
      edges {
        node {
          id
          number
          orders {
            tote
            orderNumber
          }
        }
      }
    }
  }
`);

export const PackageTypesQuery = graphql(`
  query PackageTypes($warehouseId: ID!) {
    packageTypes(warehouseId: $warehouseId) {
      id
      code
      name
      lengthMm
      widthMm
      heightMm
      tareGrams
    }
  }
`);

export const ParcelCreateMutation = graphql(`
  mutation ParcelCreate($input: ParcelCreateInput!) {
    parcelCreate(input: $input) {
      parcel {
        ...PackingParcelFields
      }
      order {
        ...PackingOrderFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const ParcelUpdateMutation = graphql(`
  mutation ParcelUpdate($input: ParcelUpdateInput!) {
    parcelUpdate(input: $input) {
      parcel {
        ...PackingParcelFields
      }
      order {
        ...PackingOrderFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const ShipmentCreateMutation = graphql(`
  mutation ShipmentCreate($input: ShipmentCreateInput!) {
    shipmentCreate(input: $input) {
      parcel {
        ...PackingParcelFields
      }
      order {
        ...PackingOrderFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const OrderShipAvailableMutation = graphql(`
  mutation OrderShipAvailable($input: OrderShipAvailableInput!) {
    orderShipAvailable(input: $input) {
      parcel {
        ...PackingParcelFields
      }
      order {
        ...PackingOrderFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const OrderReadyForPickupMutation = graphql(`
  mutation OrderReadyForPickup($input: OrderReadyForPickupInput!) {
    orderReadyForPickup(input: $input) {
      order {
        ...PackingOrderFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const OrderPickedUpMutation = graphql(`
  mutation OrderPickedUp($input: OrderPickedUpInput!) {
    orderPickedUp(input: $input) {
      order {
        ...PackingOrderFields
      }
      errors {
        field
        code
        message
      }
    }
  }
`);

export const ParcelLabelLinkMutation = graphql(`
  mutation ParcelLabelLink($input: ParcelLabelLinkInput!) {
    parcelLabelLink(input: $input) {
      url
      errors {
        field
        code
        message
      }
    }
  }
`);

export const OrderDocumentsLinkMutation = graphql(`
  mutation OrderDocumentsLink($input: OrderDocumentsLinkInput!) {
    orderDocumentsLink(input: $input) {
      url
      errors {
        field
        code
        message
      }
    }
  }
`);
