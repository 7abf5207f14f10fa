import type { FastifyInstance } from 'fastify';
import { enterpriseSettings, updateEnterpriseSettings, type SettingsInput } from '../../services/directory/settings';
import type { ApiContext } from '../context';
import { contactList, presentSettings, settingsSchema } from '../present-directory';
import { idParams, nullable, responses, yuan } from '../schemas';

type SettingsParams = { Params: { enterpriseId: number } };

/** The enterprise's own settings: second-admin approval threshold and finance contacts. */
export function directorySettingsRoutes(app: FastifyInstance, { db }: ApiContext): void {
  const tags = ['directory'];

  app.get<SettingsParams>('/enterprises/:enterpriseId/settings', {
    schema: { tags, summary: "The enterprise's approval threshold and finance contacts", params: idParams('enterpriseId'), response: responses(settingsSchema) },
  }, async (request) => presentSettings(await enterpriseSettings(db, request.principal, request.params.enterpriseId)));

  app.put<SettingsParams & { Body: SettingsInput }>('/enterprises/:enterpriseId/settings', {
    schema: {
      tags, summary: 'Change the approval threshold (null: off) and/or the finance contacts (enterprise admin)',
      params: idParams('enterpriseId'),
      body: {
        type: 'object', additionalProperties: false, minProperties: 1,
        properties: {
          approvalThreshold: nullable({ ...yuan, description: 'transfers and withdrawals of this amount or more wait for a second admin; null: off' }),
          financeContacts: contactList,
        },
      },
      response: responses(settingsSchema),
    },
  }, async (request) => presentSettings(await updateEnterpriseSettings(db, request.principal, request.params.enterpriseId, request.body)));
}
