import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { Upload } from '@aws-sdk/lib-storage';
import { s3Client } from '../../shared/aws/clients';
import { getConfig } from '../../shared/config';
import { decodePosition, readPage, type Position, type Source } from './message-source';

/**
 * Streams messages into one object of the media bucket (multipart upload: parts of 5 MB leave while the next pages
 * are read), so an export never holds more than a page and a part in memory.
 */
export type ExportFormat = 'jsonl' | 'csv';

const CSV_COLUMNS = ['receivedAt', 'direction', 'messageId', 'waMessageId', 'conversationId', 'from', 'to', 'type', 'status', 'text'] as const;

const csvCell = (v: unknown): string => {
  const s = v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

function csvRow(m: Record<string, unknown>): string {
  const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
    receivedAt: m.receivedAt,
    direction: m.direction,
    messageId: m.messageId,
    waMessageId: m.waMessageId,
    conversationId: m.conversationPk,
    from: m.from,
    to: m.to,
    type: m.type,
    status: m.status,
    text: m.text ?? m.preview,
  };
  return `${CSV_COLUMNS.map((c) => csvCell(row[c])).join(',')}\r\n`;
}

/** A message as exported: everything stored except the table's own bookkeeping. */
function exported(m: Record<string, unknown>): Record<string, unknown> {
  const { pk: _pk, statusRank: _rank, unreadIds: _unread, ...rest } = m;
  return { ...rest, conversationId: m.conversationPk };
}

export interface ExportResult {
  s3Key: string;
  messages: number;
  bytes: number;
  truncated: boolean;
}

export async function writeExport(source: Source, format: ExportFormat, maxMessages: number): Promise<ExportResult> {
  const s3Key = `exports/${new Date().toISOString().slice(0, 10)}/${randomUUID()}.${format}`;
  const body = new PassThrough();
  const upload = new Upload({
    client: s3Client(),
    params: { Bucket: getConfig().MEDIA_BUCKET, Key: s3Key, Body: body, ContentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson' },
    queueSize: 2,
    partSize: 5 * 1024 * 1024,
  });
  const done = upload.done();
  let messages = 0;
  let bytes = 0;
  let truncated = false;
  const write = async (chunk: string) => {
    bytes += Buffer.byteLength(chunk);
    // Respect back-pressure: wait while the upload drains what it has.
    if (!body.write(chunk)) await new Promise((resolve) => body.once('drain', resolve));
  };
  try {
    if (format === 'csv') await write(`${CSV_COLUMNS.join(',')}\r\n`);
    let position: Position | undefined = decodePosition('export_messages', source, undefined);
    while (position) {
      const { page, next } = await readPage('export_messages', source, position, 500);
      for (const m of page.items) {
        if (messages === maxMessages) {
          truncated = true;
          break;
        }
        await write(format === 'csv' ? csvRow(m) : `${JSON.stringify(exported(m), (_k, v: unknown) => (v instanceof Set ? [...v] : v))}\n`);
        messages += 1;
      }
      position = truncated ? undefined : next;
    }
    body.end();
    await done;
  } catch (err) {
    body.destroy(err as Error);
    await upload.abort().catch(() => undefined);
    throw err;
  }
  return { s3Key, messages, bytes, truncated };
}
