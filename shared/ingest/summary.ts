/** Inbound previews and typed attributes live in inbound/summary.ts; this path stays for existing imports. */
export { describeInbound, previewOf, type Described } from './inbound/summary';
