import type { OpenAPIObject, SchemaObject } from '@nestjs/swagger';

/** One shape of a request body: the fields it requires and may take, which the body's other shapes refuse. */
export interface Shape {
  /** Fields this shape requires; refused by the others. */
  required?: readonly string[];
  /** Fields this shape may take; refused by the others. */
  optional?: readonly string[];
  /** What a field shared by every shape must be in this one (merged into its schema). */
  properties?: Record<string, SchemaObject>;
}

/** A shape chosen by the value of the discriminating field. */
export interface Branch extends Shape {
  values: readonly string[];
}

/** Shapes of which a body takes exactly one; with `field`, the value of that field says which. */
interface Choice {
  field?: string;
  shapes: readonly (Shape & { values?: readonly string[] })[];
}

const choices = new Map<string, Choice[]>();

function addChoice(target: { name: string }, choice: Choice): void {
  choices.set(target.name, [...(choices.get(target.name) ?? []), choice]);
}

/**
 * States in the OpenAPI document a rule across a DTO's fields that its properties alone cannot ("comments are
 * required when the report is returned"): the DTO's schema becomes a oneOf, one shape per branch. The DTO's own
 * validators (or the decider) enforce the same rule; this only documents it, so that a client generating requests
 * from the document sends what the API accepts.
 */
export function Discriminated(field: string, branches: Branch[]): ClassDecorator {
  return (target) => addChoice(target, { field, shapes: branches });
}

/**
 * As Discriminated, for fields that go together with no field to say which shape a body takes (a paragraph, or
 * an ordinal): the shapes must not overlap. With several choices on one DTO, the document lists every combination.
 */
export function OneShapeOf(shapes: readonly Shape[]): ClassDecorator {
  return (target) => addChoice(target, { shapes });
}

function pick(properties: Record<string, SchemaObject>, names: Iterable<string>): Record<string, SchemaObject> {
  return Object.fromEntries([...names].filter((n) => n in properties).map((n) => [n, properties[n]]));
}

/** Every way of taking one shape of each choice. */
function combinations(of: Choice[]): { choice: Choice; shape: Choice['shapes'][number] }[][] {
  return of.reduce<{ choice: Choice; shape: Choice['shapes'][number] }[][]>(
    (sofar, choice) =>
      sofar.flatMap((combination) => choice.shapes.map((shape) => [...combination, { choice, shape }])),
    [[]],
  );
}

function shapes(schema: SchemaObject, of: Choice[]): SchemaObject[] {
  const properties = (schema.properties ?? {}) as Record<string, SchemaObject>;
  const discriminators = new Set(of.flatMap((c) => (c.field ? [c.field] : [])));
  const specific = new Set(of.flatMap((c) => c.shapes.flatMap((s) => [...(s.required ?? []), ...(s.optional ?? [])])));
  const common = Object.keys(properties).filter((name) => !discriminators.has(name) && !specific.has(name));
  const requiredCommon = (schema.required ?? []).filter((name: string) => common.includes(name));
  return combinations(of).map((combination) => {
    const own: Record<string, SchemaObject> = {};
    const required = [...requiredCommon];
    for (const { choice, shape } of combination) {
      if (choice.field) {
        own[choice.field] = { ...properties[choice.field], enum: [...(shape.values ?? [])] };
        required.unshift(choice.field);
      }
      Object.assign(own, pick(properties, [...(shape.required ?? []), ...(shape.optional ?? [])]));
      required.push(...(shape.required ?? []));
    }
    Object.assign(own, pick(properties, common));
    for (const { shape } of combination) {
      for (const [name, rule] of Object.entries(shape.properties ?? {})) own[name] = { ...own[name], ...rule };
    }
    return { type: 'object', properties: own, required, additionalProperties: false };
  });
}

/**
 * Request bodies in the document say what the validation pipe says: no property but those declared (it refuses
 * the others), and one shape per branch where a DTO is @Discriminated or @OneShapeOf. Request DTOs are the schemas
 * named `…Dto`.
 */
export function applySchemaRules(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  for (const [name, schema] of Object.entries(schemas)) {
    if (!name.endsWith('Dto')) continue;
    const rules = choices.get(name);
    schemas[name] = rules
      ? { description: schema.description, oneOf: shapes(schema, rules) }
      : { ...schema, additionalProperties: false };
  }
}
