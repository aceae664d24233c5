import { graphql } from "../gql";

export const PresenceLiveSubscription = graphql(`
  subscription PresenceLive($entityId: ID!, $clientId: String!) {
    presence(entityId: $entityId, clientId: $clientId) {
      name
      kind
      isMe
      since
      editing
      editingSince
    }
  }
`);

export const PresenceUpdateMutation = graphql(`
  mutation PresenceUpdate($input: PresenceUpdateInput!) {
    presenceUpdate(input: $input) {
      errors {
        field
        code
        message
      }
    }
  }
`);
