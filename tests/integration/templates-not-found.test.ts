import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WABA } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import { lambdaContext, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { getItem } from './helpers/table';
import { seedApprovedTemplate } from './helpers/templates';

/**
 * A send naming a template that does not exist is a 404 naming the templates EUM Social has, even before any sync:
 * the miss re-lists them from EUM, at most once a minute per WABA however many wrong names arrive.
 */
let eum: EumStandin;
let templates: Invoke;
let messaging: Invoke;

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  templates = (await import('../../functions/templates/handler')).handler as unknown as Invoke;
  messaging = (await import('../../functions/messaging/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());

const body = (text: string) => [{ type: 'BODY', text }];
const names = (res: { validChoices: Array<{ name: string }> }) => res.validChoices.map((c) => c.name).sort();
let customer = 15557600000;
const sendTemplate = (name: string) => messaging({ action: 'send_template', to: `+${++customer}`, name, language: 'en_US' }, lambdaContext);
const listKey = `TEMPLATES#${DEMO_WABA.id}`;

/** Moves the last miss's claim two minutes back, as if the interval had passed. */
async function intervalPasses(): Promise<void> {
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const past = new Date(Date.now() - 120_000).toISOString();
  await doc.send(new UpdateCommand({ TableName: process.env.TABLE_NAME, Key: { pk: listKey }, UpdateExpression: 'SET missRefreshAt = :p', ExpressionAttributeValues: { ':p': past } }));
}

describe('404 for an unknown template before any sync', () => {
  it('names the templates EUM has, re-listing once per interval however many wrong names come', async () => {
    seedApprovedTemplate(eum, { name: 'order_update', language: 'en_US', components: body('Your order {{1}} shipped.') });
    expect(await getItem(listKey)).toBeUndefined();

    const miss = await sendTemplate('no_such_template');
    expect(miss.statusCode, JSON.stringify(miss)).toBe(404);
    expect(miss.error).toContain('Known: ');
    expect(miss.error).not.toContain('Known: none');
    expect(names(miss)).toEqual(['hello_world', 'order_update']);
    expect(eum.templates.listCalls).toBe(1);
    expect(await getItem(listKey)).toMatchObject({ missListing: expect.arrayContaining([expect.objectContaining({ name: 'order_update' })]) });

    // A flood of wrong names, through send_template and a template shortcut: no further listing within the interval.
    seedApprovedTemplate(eum, { name: 'late_offer', language: 'en_US', components: body('An offer for {{1}} today.') });
    for (const name of ['typo_one', 'typo_two', 'typo_three']) expect((await sendTemplate(name)).statusCode).toBe(404);
    const shortcut = await templates({ action: 'send_utility_template', to: `+${++customer}`, name: 'typo_four', language: 'en_US' }, lambdaContext);
    expect(shortcut.statusCode, JSON.stringify(shortcut)).toBe(404);
    expect(names(shortcut)).toEqual(['hello_world', 'order_update']);
    expect(eum.templates.listCalls).toBe(1);

    await intervalPasses();
    const later = await sendTemplate('typo_five');
    expect(later.statusCode).toBe(404);
    expect(names(later)).toEqual(['hello_world', 'late_offer', 'order_update']);
    expect(eum.templates.listCalls).toBe(2);
    expect(eum.sends).toHaveLength(0);

    // The miss's listing is kept apart: the first refresh_templates still reports a first sync, with everything added.
    const sync = await templates({ action: 'refresh_templates', definitions: false }, lambdaContext);
    expect(sync).toMatchObject({ statusCode: 200, firstSync: true, count: 3 });
  });

  it('a name that exists in another language says so', async () => {
    await intervalPasses();
    const res = await sendTemplate('hello_world');
    expect(res.statusCode).toBe(200);
    const other = await messaging({ action: 'send_template', to: `+${++customer}`, name: 'order_update', language: 'pt_BR' }, lambdaContext);
    expect(other.statusCode).toBe(404);
    expect(other.error).toContain('order_update exists in en_US');
  });
});
