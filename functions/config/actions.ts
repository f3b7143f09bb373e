import { getConfig } from './get-config';
import { help, listActions } from './help';
import { ping } from './ping';
import { setGraphToken } from './set-graph-token';

export const configActions = [ping, help, listActions, getConfig, setGraphToken];
