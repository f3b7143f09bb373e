// What each function may call: IAM least privilege, one role per function (see iam.cjs).
// Keep in step with the code: a function that calls something not listed here fails on AWS with AccessDenied.
const tableRead = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'];
const tableWrite = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'];
const accountsRead = [
  'social-messaging:ListLinkedWhatsAppBusinessAccounts',
  'social-messaging:GetLinkedWhatsAppBusinessAccount',
  'social-messaging:GetLinkedWhatsAppBusinessAccountPhoneNumber',
];

/** @type {Record<string, {dynamodb?: string[], socialMessaging?: string[], s3?: string[], sqs?: string[]}>} */
module.exports = {
  authorizer: { dynamodb: ['dynamodb:GetItem'] },
  config: { dynamodb: [...tableRead, 'dynamodb:PutItem'], socialMessaging: accountsRead },
  messaging: {
    dynamodb: [...tableRead, ...tableWrite],
    socialMessaging: [...accountsRead, 'social-messaging:SendWhatsAppMessage'],
  },
  conversations: {
    dynamodb: [...tableRead, 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    // mark_conversation_read can send a read receipt.
    socialMessaging: [...accountsRead, 'social-messaging:SendWhatsAppMessage'],
  },
  webhooks: {
    dynamodb: tableRead,
    sqs: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:SendMessage'],
  },
  ingest: {
    dynamodb: [...tableRead, ...tableWrite],
    socialMessaging: ['social-messaging:GetWhatsAppMessageMedia', 'social-messaging:SendWhatsAppMessage'],
    s3: ['s3:PutObject', 's3:GetObject'],
    sqs: ['sqs:SendMessage'],
  },
};
