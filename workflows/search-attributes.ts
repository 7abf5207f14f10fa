import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';

/**
 * Custom search attributes the workflows set, so ops can filter in the Temporal UI
 * (`EnterpriseId = "42" AND Stage = "awaiting_review"`). Provisioning registers every key listed here.
 */
export const EnterpriseId = defineSearchAttributeKey('EnterpriseId', SearchAttributeType.KEYWORD);
export const Stage = defineSearchAttributeKey('Stage', SearchAttributeType.KEYWORD);

export const SEARCH_ATTRIBUTES = [EnterpriseId, Stage] as const;
