import type { OpenAPIObject, SchemaObject } from '@nestjs/swagger';
import { applySchemaRules, Discriminated, OneShapeOf } from './schema-rules';

@Discriminated('kind', [
  { values: ['a'], required: ['onlyA'] },
  { values: ['b', 'c'], properties: { shared: { maxLength: 3 } } },
])
@OneShapeOf([{ required: ['paragraph'], optional: ['section'] }, { required: ['ordinal'] }])
class ExampleDto {}

function documentOf(schema: SchemaObject): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {},
    components: { schemas: { [ExampleDto.name]: schema, PlainDto: { type: 'object', properties: {} } } },
  };
}

describe(applySchemaRules.name, () => {
  it('states every combination of the shapes of each choice, each refusing the fields of the others', () => {
    const string = { type: 'string' } as const;
    const document = documentOf({
      type: 'object',
      properties: { kind: string, onlyA: string, shared: string, paragraph: string, section: string, ordinal: string },
      required: ['kind', 'shared'],
    });
    applySchemaRules(document);
    const { oneOf } = document.components!.schemas![ExampleDto.name] as { oneOf: SchemaObject[] };
    const shapes = oneOf.map((s) => ({
      kind: (s.properties!.kind as SchemaObject).enum,
      properties: Object.keys(s.properties!).sort(),
      required: [...s.required!].sort(),
      additionalProperties: s.additionalProperties,
    }));
    expect(shapes).toEqual([
      {
        kind: ['a'],
        properties: ['kind', 'onlyA', 'paragraph', 'section', 'shared'],
        required: ['kind', 'onlyA', 'paragraph', 'shared'],
        additionalProperties: false,
      },
      {
        kind: ['b', 'c'],
        properties: ['kind', 'paragraph', 'section', 'shared'],
        required: ['kind', 'paragraph', 'shared'],
        additionalProperties: false,
      },
      {
        kind: ['a'],
        properties: ['kind', 'onlyA', 'ordinal', 'shared'],
        required: ['kind', 'onlyA', 'ordinal', 'shared'],
        additionalProperties: false,
      },
      {
        kind: ['b', 'c'],
        properties: ['kind', 'ordinal', 'shared'],
        required: ['kind', 'ordinal', 'shared'],
        additionalProperties: false,
      },
    ]);
    expect(oneOf[1].properties!.shared).toEqual({ type: 'string', maxLength: 3 });
    expect(document.components!.schemas!.PlainDto).toMatchObject({ additionalProperties: false });
  });
});
