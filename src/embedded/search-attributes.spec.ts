import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEARCH_ATTRIBUTE_DECLARATIONS } from '../../workflows/mandate/contract';
import { searchAttributeArgs } from './temporal-dev-server';

describe('the mandates search attributes', () => {
  it('are declared alike by npm start and by the compose stack', () => {
    const script = readFileSync(join(__dirname, '..', '..', 'docker', 'temporal-namespace.sh'), 'utf8');
    const compose = /MANDATE_SEARCH_ATTRIBUTES="([^"]*)"/.exec(script)?.[1].split(' ');
    expect(compose).toEqual(SEARCH_ATTRIBUTE_DECLARATIONS.map(([name, type]) => `${name}=${type}`));
    expect(searchAttributeArgs()).toContain('MandateStatus=Keyword');
  });
});
