import * as z from '../../zod';

/** Meta's reaction: one emoji on one message; an empty emoji removes our earlier reaction. */

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** One grapheme that is an emoji (pictographs, flags, keycaps). */
function isSingleEmoji(s: string): boolean {
  const graphemes = [...segmenter.segment(s)];
  return graphemes.length === 1 && /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u.test(s);
}

export const emojiField = z.string().check(
  z.refine((s) => s === '' || isSingleEmoji(s), 'must be a single emoji, or "" to remove the reaction'),
  z.describe('One emoji; an empty string removes the reaction'),
);

export const buildReaction = (wamid: string, emoji: string) => ({ message_id: wamid, emoji });

export const reactionPreview = (emoji: string): string => (emoji ? `reacted ${emoji}` : 'removed a reaction');
