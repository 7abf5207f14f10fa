import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context';
import { directoryAccountRoutes } from './directory-accounts';
import { directoryEnterpriseRoutes } from './directory-enterprises';
import { directoryImportRoutes } from './directory-import';
import { directorySettingsRoutes } from './directory-settings';
import { directoryTokenRoutes } from './directory-tokens';

/** The directory: enterprises, accounts, contacts, imports, settings and tokens, with their records. */
export function directoryRoutes(app: FastifyInstance, ctx: ApiContext): void {
  directoryEnterpriseRoutes(app, ctx);
  directoryAccountRoutes(app, ctx);
  directoryImportRoutes(app, ctx);
  directorySettingsRoutes(app, ctx);
  directoryTokenRoutes(app, ctx);
}
