// A merchant's notification settings: which e-mails go out, their subjects and introductions, the digest.
import { graphql } from "../gql";

export const NotificationSettingsFields = graphql(`
  fragment NotificationSettingsFields on NotificationSettings {
    newOrderMode
    digestMinutes
    senderName
    replyTo
    merchantEmail
    merchantRecipients
    language
    messages {
      kind
      enabled
      subject
      intro
    }
  }
`);

export const NotificationSettingsQuery = graphql(`
  query NotificationSettings($merchantId: ID) {
    notificationSettings(merchantId: $merchantId) {
      ...NotificationSettingsFields
    }
  }
`);

export const NotificationSettingsUpdateMutation = graphql(`
  mutation NotificationSettingsUpdate($input: NotificationSettingsUpdateInput!) {
    notificationSettingsUpdate(input: $input) {
      notificationSettings {
        ...NotificationSettingsFields
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

export const NotificationPreviewQuery = graphql(`
  query NotificationPreview($merchantId: ID, $kind: NotificationKind!, $language: DocumentLanguage) {
    notificationPreview(merchantId: $merchantId, kind: $kind, language: $language) {
      subject
      text
      html
      language
      orderNumber
    }
  }
`);
