import type { z } from 'zod';

/** zod issues as `{ "lines.0.quantity": ["must be at least 1"] }`, for forms and API clients. */
export function fieldErrors(error: z.ZodError): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) (fields[issue.path.join('.') || '_'] ??= []).push(issue.message);
  return fields;
}
