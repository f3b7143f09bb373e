import { defineNeeds } from '../../shared/needs';

/** Only its key material: the endpoint stores nothing and calls nothing else. */
export const needs = defineNeeds({ secrets: ['flow-endpoint'] });
