import { Ajv, type Options } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

const common: Options = { useDefaults: true, removeAdditional: false, allErrors: false, strict: false };

/**
 * Bodies are validated without type coercion: `{"amount": 100}` is refused rather than read as "100", because
 * amounts must arrive as decimal strings (a JSON number may already have lost a fen). Query strings and path
 * parameters are text by nature, so there numbers are coerced ("?limit=100").
 */
const bodyAjv = new Ajv({ ...common, coerceTypes: false });
const textAjv = new Ajv({ ...common, coerceTypes: 'array' });

export const validatorCompiler: FastifySchemaCompiler<Record<string, unknown>> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(schema);
