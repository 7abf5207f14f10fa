import type { FastifyInstance } from 'fastify';
import { UamError } from '../../core/errors';
import { formatYuan } from '../../domain/money';
import { getAlertSettings, MAX_ALERT_BATCH, setAlerts, setAlertsEnabled, type AlertSettings } from '../../services/alerts';
import type { ApiContext } from '../context';
import { id, idParams, nullable, responses, yuan } from '../schemas';

const settingSchema = {
  type: 'object',
  properties: {
    accountId: { type: 'integer' },
    enterpriseId: { type: 'integer' },
    accountName: { type: 'string' },
    status: { type: 'string' },
    available: yuan,
    threshold: nullable(yuan),
    enabled: { type: 'boolean' },
    state: { type: 'string', enum: ['armed', 'fired'], description: 'armed: watching; fired: notified, re-arms at or above the threshold' },
  },
} as const;

const changeProperties = {
  threshold: { ...yuan, description: 'low-balance threshold on available quota, yuan ("0" allowed)' },
  enabled: { type: 'boolean', description: 'default true when a threshold is given' },
} as const;

const presentSetting = (s: AlertSettings) => ({
  ...s,
  available: formatYuan(s.available),
  threshold: s.threshold === null ? null : formatYuan(s.threshold),
});

type Change = { threshold?: string; enabled?: boolean };

/** A threshold (and flag) for all the accounts, or just the flag: one transaction either way. */
async function apply(db: ApiContext['db'], principal: Parameters<typeof setAlerts>[1], accountIds: number[], change: Change) {
  if (change.threshold !== undefined) return setAlerts(db, principal, accountIds, { threshold: change.threshold, enabled: change.enabled });
  if (change.enabled !== undefined) return setAlertsEnabled(db, principal, accountIds, change.enabled);
  throw new UamError('VALIDATION_FAILED', 'threshold: give a threshold, enabled, or both', { field: 'threshold' });
}

/** Low-balance alert settings: one account, or one threshold and flag for many accounts at once (atomically). */
export function alertRoutes(app: FastifyInstance, { db }: ApiContext): void {
  const tags = ['alerts'];

  app.get<{ Params: { accountId: number } }>('/accounts/:accountId/alert', {
    schema: { tags, summary: "An account's low-balance alert setting and state", params: idParams('accountId'), response: responses(settingSchema) },
  }, async (request) => {
    const [row] = await getAlertSettings(db, request.principal, [request.params.accountId]);
    return presentSetting(row!);
  });

  app.put<{ Params: { accountId: number }; Body: Change }>('/accounts/:accountId/alert', {
    schema: {
      tags, summary: "Set an account's low-balance alert (enterprise admin)",
      params: idParams('accountId'),
      body: { type: 'object', additionalProperties: false, properties: changeProperties },
      response: responses(settingSchema),
    },
  }, async (request) => {
    const [row] = await apply(db, request.principal, [request.params.accountId], request.body);
    return presentSetting(row!);
  });

  app.post<{ Body: Change & { accountIds: number[] } }>('/alerts/batch', {
    schema: {
      tags, summary: 'One threshold and flag for many accounts at once: all change or none (enterprise admin)',
      body: {
        type: 'object', additionalProperties: false, required: ['accountIds'],
        properties: { accountIds: { type: 'array', items: id, minItems: 1, maxItems: MAX_ALERT_BATCH }, ...changeProperties },
      },
      response: responses({ type: 'object', properties: { items: { type: 'array', items: settingSchema } } }),
    },
  }, async (request) => {
    const { accountIds, ...change } = request.body;
    return { items: (await apply(db, request.principal, accountIds, change)).map(presentSetting) };
  });
}
