import { graphql } from "../gql";

export const WarehouseBoardFigures = graphql(`
  fragment WarehouseBoardFigures on WarehouseBoard {
    warehouseId
    timezone
    ready
    picking
    unitsToPick
    packed
    awaitingPickup
    backordered
    shippedToday
    parcelsShippedToday
    shortUnitsToday
    oldestReadySince
    cutoffs {
      carrier
      cutoffLocalTime
      nextCutoffAt
      minutesLeft
      ready
      picking
      packed
      ordersLeft
    }
  }
`);

export const WarehouseBoardQuery = graphql(`
  query WarehouseBoard($warehouseId: ID!) {
    warehouseBoard(warehouseId: $warehouseId) {
      ...WarehouseBoardFigures
    }
  }
`);

export const WarehouseBoardLiveSubscription = graphql(`
  subscription WarehouseBoardLive($warehouseId: ID!) {
    warehouseBoard(warehouseId: $warehouseId) {
      ...WarehouseBoardFigures
    }
  }
`);

export const BoardWarehousesQuery = graphql(`
  query BoardWarehouses {
    warehouses {
      id
      code
      name
      isActive
    }
  }
`);
