import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EumStandin } from '../../local/standins/eum/server';
import { lambdaContext, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';

/**
 * What create_template answers when EUM Social (Meta behind it) refuses a definition our own rules let through:
 * a 400 that names the field and says why, as for our own checks.
 */
let eum: EumStandin;
let templates: Invoke;

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  templates = (await import('../../functions/templates/handler')).handler as unknown as Invoke;
});
afterAll(() => eum.close());

const call = (action: string, body: Record<string, unknown> = {}) => templates({ action, ...body }, lambdaContext);
const notice = (name: string, language = 'en_US') => ({
  name,
  language,
  category: 'UTILITY',
  components: [{ type: 'BODY', text: 'Your delivery {{1}} is on its way.', example: { body_text: [['A-17']] } }],
});

describe('create_template refused by EUM Social', () => {
  it('a name deleted less than 30 days ago is a 400 naming `name` and the 30-day block', async () => {
    expect(await call('create_template', notice('delivery_notice'))).toMatchObject({ statusCode: 200, status: 'PENDING' });
    await eum.idle();
    expect(await call('delete_template', { name: 'delivery_notice' })).toMatchObject({ statusCode: 200 });

    const again = await call('create_template', notice('delivery_notice', 'pt_BR'));
    expect(again, JSON.stringify(again)).toMatchObject({ statusCode: 400, fields: [{ field: 'name', reason: expect.stringContaining('deleted less than 30 days ago') }] });
    expect(again.fields[0].reason).toContain('#2388023');
    expect(eum.templates.byName('delivery_notice')).toEqual([]);
  });

  it('a second template with the same name and language is a 400 naming `language`', async () => {
    expect(await call('create_template', notice('pickup_notice'))).toMatchObject({ statusCode: 200 });
    const twice = await call('create_template', notice('pickup_notice'));
    expect(twice, JSON.stringify(twice)).toMatchObject({ statusCode: 400, fields: [{ field: 'language', reason: expect.stringContaining('already exists in en_US') }] });
    expect(eum.templates.byName('pickup_notice')).toHaveLength(1);
  });
});
