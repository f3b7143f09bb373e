import { join } from 'node:path';
import { localPorts, type LocalPorts } from './ports';

/** Names and locations the local cloud uses; the stage is `local`, so functions are whatsapp-eum-local-<key>. */
export const LOCAL_STAGE = 'local';
export const SERVICE = 'whatsapp-eum';
export const DEFAULT_LOCAL_API_KEY = 'local-dev-key-0123456789abcdef';

export interface LocalSettings {
  ports: LocalPorts;
  host: string;
  tableName: string;
  mediaBucket: string;
  topicName: string;
  dlqName: string;
  apiKey: string;
  dataDir: string;
}

export function localSettings(env: NodeJS.ProcessEnv = process.env): LocalSettings {
  return {
    ports: localPorts(),
    host: '127.0.0.1',
    tableName: env.WA_TABLE_NAME || `${SERVICE}-${LOCAL_STAGE}`,
    mediaBucket: env.WA_MEDIA_BUCKET || `${SERVICE}-${LOCAL_STAGE}-media`,
    topicName: env.WA_INBOUND_TOPIC || `${SERVICE}-${LOCAL_STAGE}-inbound`,
    dlqName: `${SERVICE}-${LOCAL_STAGE}-ingest-dlq`,
    apiKey: env.LOCAL_API_KEY || DEFAULT_LOCAL_API_KEY,
    dataDir: env.LOCAL_DATA_DIR || join(__dirname, '..', '.local'),
  };
}

export const LOCAL_ACCOUNT_ID = '123456789012';
export const topicArnFor = (s: LocalSettings) => `arn:aws:sns:us-east-1:${LOCAL_ACCOUNT_ID}:${s.topicName}`;
