import { ingestRecordNeeds } from '../../shared/ingest/needs';
import { defineNeeds } from '../../shared/needs';

/** Stores every SNS record; a record that fails is kept in the dead-letter queue. */
export const needs = defineNeeds(ingestRecordNeeds, { deadLetters: { send: true } });
