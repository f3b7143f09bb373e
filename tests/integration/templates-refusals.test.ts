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

  it("a definition over EUM's 6,000-byte blob is a 400 on `components` before EUM is called", async () => {
    const url = (p: string) => `https://shop.example.com/${p}/${'x'.repeat(1500)}`;
    const big = {
      ...notice('big_notice'),
      components: [
        { type: 'BODY', text: `Your order is ready ${'📦'.repeat(900)} thanks.` },
        { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: url('t') }, { type: 'URL', text: 'Help', url: url('h') }] },
      ],
    };
    const res = await call('create_template', big);
    expect(res, JSON.stringify(res)).toMatchObject({ statusCode: 400, fields: [{ field: 'components', reason: expect.stringContaining('EUM Social takes at most 6000') }] });
    expect(eum.templates.byName('big_notice')).toEqual([]);
  });

  it('use_library_template gets the same 400s: a recently deleted name, a name taken in that language', async () => {
    const fromLibrary = (name: string) =>
      call('use_library_template', { name, libraryTemplateName: 'delivery_update_1', language: 'en_US', buttonInputs: [{ type: 'URL', url: { base_url: 'https://track.example.com/{{1}}' } }] });
    const deleted = await fromLibrary('delivery_notice');
    expect(deleted, JSON.stringify(deleted)).toMatchObject({ statusCode: 400, fields: [{ field: 'name', reason: expect.stringContaining('deleted less than 30 days ago') }] });
    const taken = await fromLibrary('pickup_notice');
    expect(taken, JSON.stringify(taken)).toMatchObject({ statusCode: 400, fields: [{ field: 'language', reason: expect.stringContaining('already exists in en_US') }] });
    expect(eum.templates.byName('delivery_notice')).toEqual([]);
  });
});
