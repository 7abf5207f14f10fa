/**
 * The credit service: what the API, CLI and console call for credit applications and member credit limits.
 * Every function takes the acting principal and checks its role and scope first; a refusal is a UamError
 * (FORBIDDEN, or *_NOT_FOUND outside the principal's enterprise) and changes nothing. Temporal failures
 * arrive as the same UamError codes the ledger uses.
 */
export type { CreditDeps } from './credit-access';
export {
  applicationStatus, confirmContract, decideApplication, listApplications, submitApplication, withdrawApplication,
  type DecideInput, type SubmitInput,
} from './credit-applications';
export { changeMemberLimit, moveMemberLimit, type ChangeLimitInput, type MoveLimitInput } from './member-limits';
export type { ApplicationRecord } from '../db/credit/applications';
export type { ApplicationStatus } from '../domain/credit-application';
export type { MemberLimitResult } from '../domain/member-credit';
