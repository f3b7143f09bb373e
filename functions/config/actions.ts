import { getConfig } from './get-config';
import { help, listActions } from './help';
import { ping } from './ping';

export const configActions = [ping, help, listActions, getConfig];
