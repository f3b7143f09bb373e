import { ingestRecordNeeds } from '../../shared/ingest/needs';
import { defineNeeds } from '../../shared/needs';

/** list_dead_letters reads the queue; replay_dead_letters runs ingest's record processing and deletes what succeeded. */
export const needs = defineNeeds(ingestRecordNeeds, { deadLetters: { consume: true } });
