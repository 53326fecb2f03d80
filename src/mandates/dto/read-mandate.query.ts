import { OneOf, QueryInteger } from './field-decorators';

export const READ_CONSISTENCIES = ['eventual', 'strong'] as const;
export type ReadConsistency = (typeof READ_CONSISTENCIES)[number];

/** How fresh a mandate's state must be: the read model serves it unless the caller asks for more. */
export class ReadMandateQuery {
  @QueryInteger(0, 2_147_483_647, {
    example: '7',
    description:
      'Read your own write: the state must reflect at least the event with this sequence number (a command answers ' +
      'with it, as `mandate.lastSequence`). When the read model is behind, the workflow answers.',
  })
  minSequence?: number;

  @OneOf(READ_CONSISTENCIES, {
    optional: true,
    description:
      'eventual (the default): the read model, moments behind a command at most; strong: the workflow itself ' +
      '(a query, which needs a worker)',
  })
  consistency?: ReadConsistency;
}
