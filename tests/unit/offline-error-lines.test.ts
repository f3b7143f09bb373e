import { describe, expect, it } from 'vitest';
import { functionErrorLine, relayLine } from '../../local/offline';

describe('function errors in the local cloud output', () => {
  it('a Powertools error line becomes one line naming the function, action, cause and correlation id', () => {
    const line = JSON.stringify({
      level: 'ERROR',
      message: 'send failed',
      service: 'whatsapp-eum',
      function_name: 'whatsapp-eum-local-messaging',
      action: 'send_text',
      correlationId: 'c-123',
      error: { name: 'TypeError', message: 'x is undefined', stack: 'TypeError: x is undefined\n    at y' },
    });

    expect(functionErrorLine(`[offline] ${line}`)).toBe('[function error] whatsapp-eum-local-messaging send_text: send failed (TypeError: x is undefined) [c-123]');
  });

  it('info lines and plain text are not errors; without --verbose only errors are shown', () => {
    const shown: string[] = [];
    relayLine(JSON.stringify({ level: 'INFO', message: 'sent' }), false, (l) => shown.push(l));
    relayLine('(λ: messaging) RequestId: 1  Duration: 12.00 ms', false, (l) => shown.push(l));
    relayLine('✖ [504] - Lambda timeout.', false, (l) => shown.push(l));
    relayLine('anything', true, (l) => shown.push(l));

    expect(shown).toEqual(['[function error] [504] - Lambda timeout.', '[offline] anything']);
  });
});
