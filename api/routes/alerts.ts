import type { FastifyInstance } from 'fastify';
import { formatYuan } from '../../domain/money';
import { getAlertSettings, MAX_ALERT_BATCH, setAlerts, type AlertInput, type AlertSettings } from '../../services/alerts';
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
    recovered: { type: 'boolean', description: 'a "recovered" message is sent when a fired alert re-arms' },
    runwayDays: nullable({ type: 'integer', description: 'runway alert: fewer than this many days of runway at the last 7 days\' spend rate; null: off' }),
    runwayState: { type: 'string', enum: ['armed', 'fired'], description: 'the runway alert\'s own fire-once state' },
  },
} as const;

const changeProperties = {
  threshold: { ...yuan, description: 'low-balance threshold on available quota, yuan ("0" allowed)' },
  enabled: { type: 'boolean', description: 'default true when a threshold is given; turns the low-balance and runway alerts on or off' },
  recovered: { type: 'boolean', description: 'also send a "recovered" message when the account is back at or above its threshold' },
  runwayDays: nullable({ type: 'integer', minimum: 1, maximum: 365, description: 'alert when fewer than this many days of runway are left; null turns it off' }),
} as const;

const presentSetting = (s: AlertSettings) => ({
  ...s,
  available: formatYuan(s.available),
  threshold: s.threshold === null ? null : formatYuan(s.threshold),
});

type Change = AlertInput;

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
    const [row] = await setAlerts(db, request.principal, [request.params.accountId], request.body);
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
    return { items: (await setAlerts(db, request.principal, accountIds, change)).map(presentSetting) };
  });
}
