import type { RecordOutcome } from '../ingest/context';
import { metrics, MetricUnit } from './powertools';

export type IngestResult = ({ ok: true } & RecordOutcome) | { ok: false; reason: string };

/**
 * The ingest function's EMF metrics, one blob per invocation: SNS records, inbound messages, statuses, duplicates
 * (redelivered messages already stored) and dead letters (records handed to the dead-letter queue).
 */
export function recordIngestOutcome(results: readonly IngestResult[]): void {
  let messages = 0;
  let statuses = 0;
  let duplicates = 0;
  let deadLetters = 0;
  for (const r of results) {
    if (!r.ok) {
      deadLetters++;
      continue;
    }
    messages += r.inbound;
    duplicates += r.duplicates;
    statuses += Object.values(r.statuses).reduce((sum, n) => sum + (n ?? 0), 0);
  }
  metrics.addDimension('function', 'ingest');
  metrics.addMetric('IngestRecords', MetricUnit.Count, results.length);
  metrics.addMetric('InboundMessages', MetricUnit.Count, messages);
  metrics.addMetric('Statuses', MetricUnit.Count, statuses);
  metrics.addMetric('Duplicates', MetricUnit.Count, duplicates);
  metrics.addMetric('DeadLetters', MetricUnit.Count, deadLetters);
}
