import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', 'console/dist/**', 'tmp/**', 'dist/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins,
        patterns: [
          { group: ['knex', 'pg', 'ioredis', 'bullmq', 'nodemailer', 'pino', 'fastify'], message: 'Workflows must stay deterministic: call an activity instead.' },
          { group: ['../db/*', '../workers/*', '../api/*', '../core/config', '../core/logger'], message: 'Workflows may import only @temporalio/workflow, domain code and types.' },
        ],
      }],
    },
  },
  {
    // A request walks one way down: route → services → db. Routes are adapters over services.
    files: ['api/routes/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['../../db/*', '../../db/**'], message: 'Routes call services/, which own scope checks and the database.' }],
      }],
    },
  },
  {
    // Layers import only downwards: processes → api, workers, cli → services → activities, notifications →
    // db, queues → domain, core. Nothing below the processes' layer reaches up into it.
    files: ['core/**/*.ts', 'domain/**/*.ts', 'db/**/*.ts', 'queues/**/*.ts', 'notifications/**/*.ts', 'activities/**/*.ts', 'services/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/workers/*', '**/workers/**', '**/processes/*', '**/api/*', '**/api/**', '**/cli/*'], message: 'Imports run down the layers only: move what both sides need down (queues/, db/, domain/).' }],
      }],
    },
  },
  {
    // The processes print their start-up banner and one-line failures to the terminal, like the CLI.
    files: ['cli/**/*.ts', 'processes/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
