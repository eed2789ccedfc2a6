// The prefix/suffix filter of an S3 notification, read the same way from the lesson's file, the
// SDK's answer and the wire (no schema here: the runtime path never loads zod).
/** A notification configuration as the lesson file, the SDK or the wire has it. */
export interface NotificationFilterLike {
  Filter?: { Key?: { FilterRules?: Array<{ Name?: string; Value?: string }> } };
}

/**
 * Prefix and suffix of a notification filter ('' when a rule is absent). Rule names are compared
 * without case: S3 accepts `prefix` and returns `Prefix`.
 */
export function filterOf(config: NotificationFilterLike): { prefix: string; suffix: string } {
  const rules = config.Filter?.Key?.FilterRules ?? [];
  const value = (name: string) => rules.find((rule) => rule.Name?.toLowerCase() === name)?.Value ?? '';
  return { prefix: value('prefix'), suffix: value('suffix') };
}
