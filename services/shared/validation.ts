import type { FastifyServerOptions, FastifySchemaValidationError } from 'fastify';

/**
 * Request validation settings. Fastify's defaults coerce types ("5" becomes 5) and silently drop
 * unknown fields; an API people drive by hand during an experiment should instead say "no": a
 * misspelt `timeoutMS` that vanished would leave a policy quietly different from the one intended.
 */
export const validationOptions: Pick<FastifyServerOptions, 'ajv' | 'schemaErrorFormatter'> = {
  ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  schemaErrorFormatter: formatSchemaErrors,
};

/**
 * Fastify's message format (`body/quantity must be >= 1`), except that an unknown field is named:
 * ajv's own wording, "must NOT have additional properties", leaves the reader guessing which.
 */
function formatSchemaErrors(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const messages = errors.map((error) => {
    const path = `${dataVar}${error.instancePath}`;
    const extra = (error.params as { additionalProperty?: unknown }).additionalProperty;
    if (error.keyword === 'additionalProperties' && typeof extra === 'string') return `${path}/${extra} is not an allowed property`;
    return `${path} ${error.message ?? 'is invalid'}`;
  });
  return new Error(messages.join(', '));
}
