import { randomInt } from 'node:crypto';

/**
 * The message templates the stand-in's one WABA holds, in Meta's terms (what GetWhatsAppMessageTemplate returns as
 * its JSON string). Every WABA starts with Meta's sample `hello_world`, approved.
 */
export interface StoredTemplate {
  id: string;
  name: string;
  language: string;
  category: string;
  status: string;
  parameterFormat: 'POSITIONAL' | 'NAMED';
  components: unknown[];
  qualityScore: string;
  messageSendTtlSeconds?: number;
  libraryTemplateName?: string;
  rejectedReason?: string;
  ctaUrlLinkTrackingOptedOut?: boolean;
  /** Epoch ms of each edit of an approved template (Meta: 1 per 24 h, 10 per 30 days). */
  approvedEdits: number[];
}

const HELLO_WORLD: Omit<StoredTemplate, 'id' | 'approvedEdits'> = {
  name: 'hello_world',
  language: 'en_US',
  category: 'UTILITY',
  status: 'APPROVED',
  parameterFormat: 'POSITIONAL',
  qualityScore: 'UNKNOWN',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
    { type: 'BODY', text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us.' },
    { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
  ],
};

/** Meta's template ids are digits only (`^[0-9]+$`). */
export const newMetaId = (): string => `${randomInt(1, 9)}${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 1e6)).padStart(6, '0')}`;

export class TemplateState {
  readonly templates = new Map<string, StoredTemplate>();
  /** Deleted names are blocked for 30 days (Meta); the stand-in blocks them until reset. */
  readonly deletedNames = new Set<string>();
  /** ListWhatsAppMessageTemplates pages served, so a test can see how often the backend re-lists. */
  listCalls = 0;

  constructor() {
    this.reset();
  }

  reset(): void {
    this.templates.clear();
    this.deletedNames.clear();
    this.listCalls = 0;
    this.add({ ...HELLO_WORLD, id: newMetaId(), approvedEdits: [] });
  }

  add(t: StoredTemplate): StoredTemplate {
    this.templates.set(t.id, t);
    return t;
  }

  byNameAndLanguage(name: string, language: string): StoredTemplate | undefined {
    return [...this.templates.values()].find((t) => t.name === name && t.language === language);
  }

  byName(name: string): StoredTemplate[] {
    return [...this.templates.values()].filter((t) => t.name === name);
  }

  /** Oldest first, as Meta lists them. */
  all(): StoredTemplate[] {
    return [...this.templates.values()];
  }
}

/** The template as Meta's GET returns it (upper-case parameter_format, quality_score object). */
export function metaView(t: StoredTemplate): Record<string, unknown> {
  return {
    name: t.name,
    language: t.language,
    category: t.category,
    status: t.status,
    id: t.id,
    parameter_format: t.parameterFormat,
    components: t.components,
    quality_score: { score: t.qualityScore },
    ...(t.messageSendTtlSeconds !== undefined ? { message_send_ttl_seconds: t.messageSendTtlSeconds } : {}),
    ...(t.libraryTemplateName ? { library_template_name: t.libraryTemplateName } : {}),
    ...(t.rejectedReason ? { rejected_reason: t.rejectedReason } : {}),
    ...(t.ctaUrlLinkTrackingOptedOut !== undefined ? { cta_url_link_tracking_opted_out: t.ctaUrlLinkTrackingOptedOut } : {}),
  };
}
