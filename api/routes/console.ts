import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';

const file = (name: string) => new URL(`../../console/${name}`, import.meta.url);

/** The web console: two static files, no build step. It talks to this API with the token the user enters. */
export function consoleRoutes(app: FastifyInstance): void {
  app.get('/console', async (_request, reply) => reply.type('text/html; charset=utf-8').send(await readFile(file('index.html'))));
  app.get('/console/', async (_request, reply) => reply.redirect('/console'));
  app.get('/console/app.js', async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(await readFile(file('app.js'))));
}
