"""The GraphQL layer: types, resolvers and the HTTP/websocket transport. No business rules live here."""
