import { PoisonRecordError } from './context';
import type { EumEnvelope } from './envelope';

/** `arn:<partition>:<service>:<region>:<account>:<resource>` → its account; undefined if it is not an ARN. */
const accountOf = (arn: string): string | undefined => {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && /^\d{12}$/.test(parts[4]!) ? parts[4] : undefined;
};

/**
 * Refuses an envelope that names another AWS account than the one whose topic delivered it. The topic's policy
 * lets only EUM Social (of this account) publish, so a record that fails here was forged or misrouted: storing it
 * would put messages under a phone number or WABA this deployment does not own. It is dead-lettered as poison.
 */
export function assertFromThisDeployment(env: EumEnvelope, topicArn: string | undefined): void {
  const ours = topicArn ? accountOf(topicArn) : undefined;
  if (!ours) throw new PoisonRecordError(`record names no topic of this deployment (TopicArn '${topicArn ?? ''}')`);
  const named: [string, string | undefined][] = [
    ...(env.aws_account_id !== undefined ? [['aws_account_id', env.aws_account_id] as [string, string]] : []),
    ...(env.context?.MetaWabaIds ?? []).filter((w) => w.arn !== undefined).map((w, i) => [`context.MetaWabaIds.${i}.arn`, accountOf(w.arn!)] as [string, string | undefined]),
    ...(env.context?.MetaPhoneNumberIds ?? []).map((p, i) => [`context.MetaPhoneNumberIds.${i}.arn`, accountOf(p.arn)] as [string, string | undefined]),
  ];
  for (const [field, account] of named) {
    if (account !== ours) {
      throw new PoisonRecordError(`${field} names account ${account ?? '(not an ARN)'}, not this deployment's ${ours}: refused as forged`);
    }
  }
}
