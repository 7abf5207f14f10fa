import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The console: built into console/dist and served by the API at /console. `npm run dev:console` runs Vite's
 * dev server and sends API calls to a running API (API_URL, default http://127.0.0.1:3000).
 */
const api = process.env.API_URL ?? 'http://127.0.0.1:3000';
const apiPaths = ['/me', '/enterprises', '/accounts', '/alerts', '/transfers', '/withdrawals', '/credit-limit-moves', '/approvals', '/admin', '/openapi.json'];

export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { port: Number(process.env.CONSOLE_PORT ?? 5173), proxy: Object.fromEntries(apiPaths.map((p) => [p, api])) },
});
