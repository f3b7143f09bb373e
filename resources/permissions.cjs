// What each function may call: IAM least privilege, one role per function (see iam.cjs).
// Keep in step with the code: a function that calls something not listed here fails on AWS with AccessDenied.
const tableRead = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'];
const tableWrite = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'];
const accountsRead = [
  'social-messaging:ListLinkedWhatsAppBusinessAccounts',
  'social-messaging:GetLinkedWhatsAppBusinessAccount',
  'social-messaging:GetLinkedWhatsAppBusinessAccountPhoneNumber',
];

/** @type {Record<string, {dynamodb?: string[], socialMessaging?: string[], s3?: string[], sqs?: string[], sns?: string[], lambda?: string[]}>} */
const permissions = {
  authorizer: { dynamodb: ['dynamodb:GetItem'] },
  config: {
    // DescribeTable/DescribeTimeToLive: get_infra; UpdateItem: refresh_quality.
    dynamodb: [...tableRead, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DescribeTable', 'dynamodb:DescribeTimeToLive'],
    socialMessaging: accountsRead,
    // get_infra reports the bucket's lifecycle, the inbound topic and the dead-letter queue.
    s3: ['s3:GetLifecycleConfiguration'],
    sns: ['sns:GetTopicAttributes'],
    sqs: ['sqs:GetQueueAttributes'],
    // POST / (the seed's one URL) forwards each request to its category's function.
    lambda: ['lambda:InvokeFunction'],
  },
  messaging: {
    dynamodb: [...tableRead, ...tableWrite],
    // send_image & co. upload an S3 object first (HeadObject to check it; ListBucket makes a missing key a 404, not 403).
    socialMessaging: [...accountsRead, 'social-messaging:SendWhatsAppMessage', 'social-messaging:PostWhatsAppMessageMedia'],
    s3: ['s3:GetObject', 's3:ListBucket'],
  },
  media: {
    dynamodb: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    socialMessaging: [
      ...accountsRead,
      'social-messaging:PostWhatsAppMessageMedia',
      'social-messaging:GetWhatsAppMessageMedia',
      'social-messaging:DeleteWhatsAppMessageMedia',
    ],
    // GetObject: HeadObject, sticker header reads, presigned GETs; PutObject: presigned PUTs; ListBucket: finding
    // the object EUM wrote (it picks the extension) and 404 instead of 403 for missing keys.
    // GetLifecycleConfiguration: eum_setup_s3_lifecycle reports the rules S3 applies.
    s3: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket', 's3:GetLifecycleConfiguration'],
  },
  conversations: {
    dynamodb: [...tableRead, 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    // mark_conversation_read can send a read receipt.
    socialMessaging: [...accountsRead, 'social-messaging:SendWhatsAppMessage'],
    // get_messages presigns GET links to media saved at ingest (the URL carries this role's permission);
    // export_messages streams its file as a multipart upload and presigns a GET of it.
    s3: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
  },
  ingest: {
    dynamodb: [...tableRead, ...tableWrite],
    // accountsRead: AUTO_REPLY_TEXT sends through sendOutbound (resolvePhone), and WABA-level phone events are
    // matched to a number through the linked accounts.
    socialMessaging: [...accountsRead, 'social-messaging:GetWhatsAppMessageMedia', 'social-messaging:SendWhatsAppMessage'],
    // ListBucket: shared/media/download.ts lists the prefix to find the object EUM wrote.
    s3: ['s3:PutObject', 's3:GetObject', 's3:ListBucket'],
    sqs: ['sqs:SendMessage'],
  },
};

// replay_dead_letters runs ingest's own code, so it needs what ingest needs, plus reading the queue.
permissions.webhooks = {
  ...permissions.ingest,
  sqs: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:SendMessage'],
};

module.exports = permissions;
