// The workflows bench:transfers runs: the real transfer workflow and a baseline that does nothing.
export { transferWorkflow } from '../workflows/transfer';

/** One workflow task and done: what Temporal itself costs per workflow on this server. */
export async function noopWorkflow(): Promise<void> {}
