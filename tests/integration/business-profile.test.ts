import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PHONE, DEMO_WABA } from '../../local/standins/eum/demo-account';
import type { EumStandin } from '../../local/standins/eum/server';
import type { GraphStandin } from '../../local/standins/graph/server';
import { DEMO_APP_ID } from '../../local/standins/graph/state';
import { forgetGraphCredentials } from '../../shared/graph/tokens';
import { getBusinessProfileItem } from '../../shared/table/business-profiles';
import { lambdaContext, type Invoke } from '../helpers/events';
import { startEumForTest } from './helpers/eum';
import { startGraphForTest, storeDemoToken } from './helpers/graph';
import { putObject } from './helpers/s3';

let eum: EumStandin;
let graph: GraphStandin;
let profile: Invoke;
const owner = { wabaId: DEMO_WABA.wabaId, metaPhoneNumberId: DEMO_PHONE.metaPhoneNumberId, phoneNumberId: DEMO_PHONE.phoneNumberId };
const run = (action: string, input: Record<string, unknown> = {}) => profile({ action, ...input }, lambdaContext);

beforeAll(async () => {
  ({ eum } = await startEumForTest());
  graph = await startGraphForTest();
  profile = (await import('../../functions/business-profile/handler')).handler as unknown as Invoke;
});
afterAll(async () => {
  await eum.close();
  await graph.close();
});
beforeEach(() => {
  graph.state.faults = [];
});

const fault = (body: Record<string, unknown>) =>
  fetch(`${graph.url}/_standin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('business profile without a Graph token', () => {
  it('answers a clear 404 naming the secret to create, and the manual path still works', async () => {
    const res = await run('get_business_profile');
    expect(res.statusCode).toBe(404);
    expect(res.error).toContain('set_graph_token');
    expect(res.secretName).toContain(DEMO_WABA.wabaId);
    const kept = await run('update_business_profile', { about: 'Open 9-5', apply: false });
    expect(kept).toMatchObject({ statusCode: 200, applied: false, pendingChanges: { about: 'Open 9-5' } });
  });
});

describe('business profile through Graph', () => {
  beforeAll(() => storeDemoToken(DEMO_WABA.wabaId, DEMO_APP_ID));

  it('reads the live profile and mirrors it in the PROFILE# item', async () => {
    const res = await run('get_business_profile');
    expect(res).toMatchObject({ statusCode: 200, source: 'graph', profile: { about: 'Hello from the local Graph stand-in', vertical: 'OTHER' } });
    const item = await getBusinessProfileItem(owner);
    expect(item?.profile).toEqual(res.profile);
    expect(item?.syncedAt).toBe(res.syncedAt);
  });

  it('updates the live profile and reads it back', async () => {
    const res = await run('update_business_profile', {
      about: 'We fix bikes',
      description: 'Bike repairs since 1999',
      email: 'hi@example.com',
      vertical: 'RETAIL',
      websites: ['https://example.com', 'http://example.org/shop'],
    });
    expect(res).toMatchObject({ statusCode: 200, applied: true, profile: { about: 'We fix bikes', vertical: 'RETAIL', websites: ['https://example.com', 'http://example.org/shop'] } });
    expect(graph.state.phones.get(DEMO_PHONE.metaPhoneNumberId)!.profile.email).toBe('hi@example.com');
    const item = await getBusinessProfileItem(owner);
    expect(item?.lastUpdate?.fields).toEqual(['about', 'description', 'email', 'vertical', 'websites']);
    // The manual path's pending changes survive a live update.
    expect(item?.pendingChanges).toEqual({ about: 'Open 9-5' });
  });

  it.each([
    [{ about: 'x'.repeat(140) }, 'about', '139'],
    [{ description: 'x'.repeat(513) }, 'description', '512'],
    [{ email: 'not-an-email' }, 'email', 'email'],
    [{ vertical: 'INDUSTRY' }, 'vertical', 'RESTAURANT'],
    [{ websites: ['https://a.com', 'https://b.com', 'https://c.com'] }, 'websites', 'at most 2'],
    [{ websites: ['ftp://a.com'] }, 'websites.0', 'http'],
    [{}, 'about', 'at least one'],
  ])('refuses %j before calling Graph (400 on %s)', async (input, field, reason) => {
    const before = graph.state.requests.length;
    const res = await run('update_business_profile', input);
    expect(res.statusCode).toBe(400);
    expect(res.fields[0].field).toBe(field);
    expect(res.fields[0].reason).toContain(reason);
    expect(graph.state.requests.length).toBe(before);
  });

  it('uploads a profile picture from the media bucket through the resumable upload', async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
    await putObject('uploads/pic/logo.jpg', jpeg, 'image/jpeg');
    const res = await run('upload_profile_picture', { s3Key: 'uploads/pic/logo.jpg' });
    expect(res).toMatchObject({ statusCode: 200, bytes: jpeg.length, mimeType: 'image/jpeg' });
    expect(res.profilePictureUrl).toMatch(/^https:\/\/pps\.whatsapp\.net\//);
    const paths = graph.state.requests.slice(-4).map((r) => `${r.method} ${r.path.replace(/upload:[\w-]+/, 'upload:ID')}`);
    expect(paths).toEqual([`POST ${DEMO_APP_ID}/uploads`, 'POST upload:ID', `POST ${DEMO_PHONE.metaPhoneNumberId}/whatsapp_business_profile`, `GET ${DEMO_PHONE.metaPhoneNumberId}/whatsapp_business_profile`]);
  });

  it('refuses a picture that is not JPEG/PNG, or missing', async () => {
    await putObject('uploads/pic/doc.pdf', Buffer.from('%PDF-1.4 hello'), 'application/pdf');
    const wrong = await run('upload_profile_picture', { s3Key: 'uploads/pic/doc.pdf' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.fields[0]).toMatchObject({ field: 's3Key' });
    const missing = await run('upload_profile_picture', { s3Key: 'uploads/nothing.jpg' });
    expect(missing.statusCode).toBe(404);
  });

  it('persistent throttling is a retryable 429; an expired token says to replace it', async () => {
    await fault({ pathContains: 'whatsapp_business_profile', code: 80007, status: 400, message: '(#80007) Rate limit hit', times: 3 });
    const throttled = await run('get_business_profile');
    expect(throttled).toMatchObject({ statusCode: 429, retryable: true, graphError: { code: 80007 } });
    await fault({ code: 190, status: 401, subcode: 463, message: 'Error validating access token: Session has expired', times: 1 });
    const expired = await run('update_business_profile', { about: 'Later' });
    expect(expired).toMatchObject({ statusCode: 502, retryable: false, fix: 'set_graph_token', graphError: { code: 190 } });
    forgetGraphCredentials();
  });

  it('keeps changes for applying by hand, with instructions, until marked applied', async () => {
    const kept = await run('update_business_profile', { address: '1 Main St', apply: false });
    expect(kept.pendingChanges).toEqual({ about: 'Open 9-5', address: '1 Main St' });
    const steps = await run('get_business_profile_apply_instructions');
    expect(steps.pendingChanges).toEqual({ about: 'Open 9-5', address: '1 Main St' });
    expect(steps.instructions.join('\n')).toContain('Set address to "1 Main St"');
    const marked = await run('mark_business_profile_applied');
    expect(marked).toMatchObject({ statusCode: 200, appliedChanges: { about: 'Open 9-5', address: '1 Main St' } });
    const again = await run('mark_business_profile_applied');
    expect(again.statusCode).toBe(404);
    expect((await run('get_business_profile_apply_instructions')).pendingChanges).toEqual({});
  });
});
