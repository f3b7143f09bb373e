import { defineNeeds } from '../../shared/needs';

/**
 * Reads API keys by hash, nothing else. API keys are written only by the operator's tool (npm run api-key) with
 * the operator's credentials: no function may write an `APIKEY#` item.
 */
export const needs = defineNeeds({ table: { read: ['apiKey'] } });
