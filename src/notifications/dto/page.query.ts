import { QueryInteger } from '../../mandates/dto/field-decorators';

/** The furthest a listing pages: far beyond any list here, and far below what PostgreSQL's OFFSET overflows on. */
export const MAX_OFFSET = 1_000_000;

/** limit and offset of a listing; list queries extend it. */
export class PageQuery {
  @QueryInteger(1, 100, { description: 'How many items, 1 to 100 (default 20)' })
  limit = 20;

  @QueryInteger(0, MAX_OFFSET, { description: `How many items to skip, 0 to ${MAX_OFFSET} (default 0)` })
  offset = 0;
}
