import * as z from '../zod';
import { withAliases } from '../whatsapp/schema-helpers';
import { defineAction, type ActionDefinition, type AnyAction, type Category } from './registry';

/**
 * A seed name that an existing action already does. Declared once here, it gets its own route and direct-invocation
 * name (it is an action in the registry like any other), and help / list_actions show what it stands for (aliasOf).
 * Its input is the target's, so validation and docs stay the target's; `fields` adds the seed's spellings.
 */
interface AliasBase {
  category: Category;
  name: string;
  /** The seed's field names for this call → the target's names (e.g. {phone: 'to'}). */
  fields?: Record<string, string>;
  /** Why the alias exists or how it differs, appended to the target's description. */
  note?: string;
}

export interface SingleAlias extends AliasBase {
  of: AnyAction;
  /** Values the alias always passes (remove_reaction: an empty emoji). A caller cannot override them. */
  preset?: Record<string, unknown>;
  /** Fields the alias requires although the target does not (send_reply: replyTo), with the reason shown. */
  requires?: Record<string, string>;
  /** Reshapes a seed value the target spells differently (send_contact: one `contact` → `contacts: [contact]`). */
  adapt?: (input: Record<string, unknown>) => Record<string, unknown>;
}

export interface ChoiceAlias extends AliasBase {
  /** The field whose value picks the target (send_media: mediaType). */
  by: string;
  choices: Record<string, AnyAction>;
  /** Whether the `by` field is also passed on to the target. */
  keepChoiceField?: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function singleAlias(spec: SingleAlias): AnyAction {
  const { of: target, preset = {}, requires = {}, adapt = (v) => v } = spec;
  const withPreset = z.pipe(z.transform((input) => (isRecord(input) ? { ...adapt(input), ...preset } : input)), target.input);
  const required = Object.keys(requires).length
    ? withPreset.check(
      z.superRefine((value, ctx) => {
          for (const [field, reason] of Object.entries(requires)) {
            if (!isRecord(value) || value[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: reason });
          }
        }),
    )
    : withPreset;
  const input = spec.fields ? withAliases(required, spec.fields) : required;
  const presetNote = Object.keys(preset).length ? ` Always sends ${JSON.stringify(preset)}.` : '';
  return defineAction({
    category: spec.category,
    name: spec.name,
    aliasOf: target.name,
    sends: target.sends,
    description: `Alias of ${target.name} (the seed's name).${presetNote}${spec.note ? ` ${spec.note}` : ''} ${target.description}`,
    input,
    handler: (value, ctx) => target.handler(value, ctx),
  } as ActionDefinition<z.ZodMiniType>);
}

function choiceAlias(spec: ChoiceAlias): AnyAction {
  const choices = Object.keys(spec.choices);
  const selector = z.looseObject({
    [spec.by]: z.enum(choices as [string, ...string[]], { error: `must be one of ${choices.join(', ')}` }).check(
      z.describe(`Picks the action: ${choices.map((c) => `${c} → ${spec.choices[c]!.name}`).join(', ')}`),
    ),
  });
  const input = spec.fields ? withAliases(selector, spec.fields) : selector;
  const targets = [...new Set(Object.values(spec.choices).map((a) => a.name))];
  return defineAction({
    category: spec.category,
    name: spec.name,
    aliasOf: targets.join('|'),
    sends: Object.values(spec.choices).some((a) => a.sends) || undefined,
    description: `Alias of ${targets.join(', ')}, chosen by ${spec.by} (the seed's name).${spec.note ? ` ${spec.note}` : ''} Takes the chosen action's fields.`,
    input,
    handler: async (value: Record<string, unknown>, ctx) => {
      const target = spec.choices[value[spec.by] as string]!;
      const { [spec.by]: choice, ...rest } = value;
      // The target validates the rest; its ZodError becomes the usual 400 naming the field.
      const parsed = await target.input.parseAsync(spec.keepChoiceField ? { ...rest, [spec.by]: choice } : rest);
      return target.handler(parsed, ctx);
    },
  } as ActionDefinition<z.ZodMiniType>);
}

/** Declares a seed name as an alias of one action, or of one of several chosen by a field. */
export function defineAlias(spec: SingleAlias | ChoiceAlias): AnyAction {
  return 'by' in spec ? choiceAlias(spec) : singleAlias(spec);
}
