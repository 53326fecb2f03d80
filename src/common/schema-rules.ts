import type { OpenAPIObject, SchemaObject } from '@nestjs/swagger';

/** One shape of a request body, chosen by the value of its discriminating field. */
export interface Branch {
  values: readonly string[];
  /** Fields this shape requires; refused by the others. */
  required?: string[];
  /** Fields this shape may take; refused by the others. */
  optional?: string[];
  /** What a field shared by every shape must be in this one (merged into its schema). */
  properties?: Record<string, SchemaObject>;
}

const discriminated = new Map<string, { field: string; branches: Branch[] }>();

/**
 * States in the OpenAPI document a rule across a DTO's fields that its properties alone cannot ("comments are
 * required when the report is returned"): the DTO's schema becomes a oneOf, one shape per branch. The DTO's own
 * validators enforce the same rule; this only documents it, so that a client generating requests from the
 * document sends what the API accepts.
 */
export function Discriminated(field: string, branches: Branch[]): ClassDecorator {
  return (target) => {
    discriminated.set(target.name, { field, branches });
  };
}

function pick(properties: Record<string, SchemaObject>, names: Iterable<string>): Record<string, SchemaObject> {
  return Object.fromEntries([...names].filter((n) => n in properties).map((n) => [n, properties[n]]));
}

function shapes(schema: SchemaObject, field: string, branches: Branch[]): SchemaObject[] {
  const properties = (schema.properties ?? {}) as Record<string, SchemaObject>;
  const specific = new Set(branches.flatMap((b) => [...(b.required ?? []), ...(b.optional ?? [])]));
  const common = Object.keys(properties).filter((name) => name !== field && !specific.has(name));
  const requiredCommon = (schema.required ?? []).filter((name: string) => common.includes(name));
  return branches.map((branch) => {
    const own = pick(properties, [...common, ...(branch.required ?? []), ...(branch.optional ?? [])]);
    for (const [name, rule] of Object.entries(branch.properties ?? {})) own[name] = { ...own[name], ...rule };
    return {
      type: 'object',
      properties: { [field]: { ...properties[field], enum: [...branch.values] }, ...own },
      required: [field, ...requiredCommon, ...(branch.required ?? [])],
      additionalProperties: false,
    };
  });
}

/**
 * Request bodies in the document say what the validation pipe says: no property but those declared (it refuses
 * the others), and one shape per branch where a DTO is @Discriminated. Request DTOs are the schemas named `…Dto`.
 */
export function applySchemaRules(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  for (const [name, schema] of Object.entries(schemas)) {
    if (!name.endsWith('Dto')) continue;
    const rule = discriminated.get(name);
    schemas[name] = rule
      ? { description: schema.description, oneOf: shapes(schema, rule.field, rule.branches) }
      : { ...schema, additionalProperties: false };
  }
}
