import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { repoFile } from '../../core/files';

const NOT_BUILT = '<!doctype html><meta charset="utf-8"><title>uam console</title>'
  + '<p>The console is not built yet: run <code>npm run build</code> (or <code>npm start</code>, which builds it).</p>';

/**
 * The web console: the static files `vite build` wrote to console/dist, at /console/. Hashed assets are
 * cached for good; the page itself is always revalidated so a new build is picked up at once.
 */
export async function consoleRoutes(app: FastifyInstance): Promise<void> {
  const root = repoFile('console', 'dist');
  app.get('/console', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/console/'));
  if (!existsSync(root)) {
    app.get('/console/*', { schema: { hide: true } }, async (_request, reply) => reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT));
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/console/',
    decorateReply: false,
    schemaHide: true,
    setHeaders: (res, path) => {
      res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
