// Where each WABA's Graph API token lives in Secrets Manager: one pattern for the functions' environment
// (GRAPH_TOKEN_SECRET_NAME, read by shared/config.ts) and for the IAM resource that lets only the Graph functions
// read them. Override at deploy time with WA_GRAPH_TOKEN_SECRET_NAME (must contain {wabaId}).
const secretNamePattern = process.env.WA_GRAPH_TOKEN_SECRET_NAME || 'whatsapp-eum/graph-token/{wabaId}';
if (!secretNamePattern.includes('{wabaId}')) throw new Error('WA_GRAPH_TOKEN_SECRET_NAME must contain {wabaId}');

// Secrets Manager appends -XXXXXX to a secret's name in its ARN.
const secretArnSuffix = `secret:${secretNamePattern.replaceAll('{wabaId}', '*')}-??????`;

module.exports = { secretNamePattern, secretArnSuffix };
