/**
 * A slice of Meta's template library (pre-approved utility templates), in EUM's MetaLibraryTemplateDefinition shape,
 * and what creating a template from one of them produces. Library templates are approved on creation.
 */
export interface LibraryEntry {
  templateName: string;
  templateLanguage: string;
  templateCategory: string;
  templateTopic: string;
  templateUseCase: string;
  templateIndustry: string[];
  templateBody: string;
  templateHeader?: string;
  templateButtons: Array<{ type: string; text: string; url?: string; phoneNumber?: string; otpType?: string }>;
  templateId: string;
  templateBodyExampleParams: string[];
}

export const LIBRARY: LibraryEntry[] = [
  {
    templateName: 'delivery_update_1',
    templateLanguage: 'en_US',
    templateCategory: 'UTILITY',
    templateTopic: 'ORDER_MANAGEMENT',
    templateUseCase: 'DELIVERY_UPDATE',
    templateIndustry: ['E_COMMERCE'],
    templateBody: 'Good news! Your order {{1}} is on its way and should arrive on {{2}}.',
    templateButtons: [{ type: 'URL', text: 'Track package', url: 'https://www.example.com/{{1}}' }],
    templateId: '7164841680260112',
    templateBodyExampleParams: ['#12345', 'Friday'],
  },
  {
    templateName: 'payment_confirmation_1',
    templateLanguage: 'en_US',
    templateCategory: 'UTILITY',
    templateTopic: 'PAYMENTS',
    templateUseCase: 'PAYMENT_CONFIRMATION',
    templateIndustry: ['E_COMMERCE', 'FINANCIAL_SERVICES'],
    templateBody: 'Hi {{1}}, we received your payment of {{2}} for order {{3}}. Thank you!',
    templateButtons: [],
    templateId: '7164841680260113',
    templateBodyExampleParams: ['Ana', '$25.00', '#12345'],
  },
  {
    templateName: 'account_creation_confirmation_1',
    templateLanguage: 'en_US',
    templateCategory: 'UTILITY',
    templateTopic: 'ACCOUNT_UPDATE',
    templateUseCase: 'ACCOUNT_CREATION_CONFIRMATION',
    templateIndustry: ['E_COMMERCE', 'FINANCIAL_SERVICES'],
    templateBody: 'Hi {{1}}, your new account has been created successfully. Contact us at {{2}} if you need help.',
    templateButtons: [{ type: 'PHONE_NUMBER', text: 'Call us' }],
    templateId: '7164841680260114',
    templateBodyExampleParams: ['Ana', 'help@example.com'],
  },
];

const FILTER_FIELDS: Record<string, (e: LibraryEntry) => string[]> = {
  topic: (e) => [e.templateTopic],
  usecase: (e) => [e.templateUseCase],
  industry: (e) => e.templateIndustry,
  language: (e) => [e.templateLanguage],
};

/** Meta's library filters: exact topic/usecase/industry/language, and a free-text `searchKey`. */
export function filterLibrary(filters: Record<string, string>): LibraryEntry[] {
  return LIBRARY.filter((e) =>
    Object.entries(filters).every(([key, value]) => {
      if (key === 'searchKey') return `${e.templateName} ${e.templateBody}`.toLowerCase().includes(value.toLowerCase());
      const field = FILTER_FIELDS[key];
      return field ? field(e).includes(value) : true;
    }),
  );
}

export interface LibraryButtonInput {
  type?: string;
  phoneNumber?: string;
  url?: Record<string, string>;
}

/** The components a library template becomes, with the caller's button inputs; an error names what is missing. */
export function libraryComponents(entry: LibraryEntry, inputs: LibraryButtonInput[] = []): unknown[] | string {
  const buttons: Record<string, unknown>[] = [];
  for (const b of entry.templateButtons) {
    const input = inputs.find((i) => i.type?.toUpperCase() === b.type);
    if (b.type === 'URL') {
      const base = input?.url?.base_url;
      if (!base) return `(#100) Invalid parameter: library template ${entry.templateName} needs a URL button input with url.base_url`;
      buttons.push({ type: 'URL', text: b.text, url: base });
    } else if (b.type === 'PHONE_NUMBER') {
      if (!input?.phoneNumber) return `(#100) Invalid parameter: library template ${entry.templateName} needs a PHONE_NUMBER button input with phoneNumber`;
      buttons.push({ type: 'PHONE_NUMBER', text: b.text, phone_number: input.phoneNumber });
    } else {
      buttons.push({ type: b.type, text: b.text });
    }
  }
  return [
    { type: 'BODY', text: entry.templateBody, example: { body_text: [entry.templateBodyExampleParams] } },
    ...(buttons.length ? [{ type: 'BUTTONS', buttons }] : []),
  ];
}
