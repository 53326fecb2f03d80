import { MandateFilterQuery } from '../mandates/dto/list-mandates.query';
import { OneOf } from '../mandates/dto/field-decorators';
import { MANDATE_SORTS, type MandateSort } from '../mandates/mandate-search';

export class ExportMandatesQuery extends MandateFilterQuery {
  @OneOf(MANDATE_SORTS, { optional: true, description: 'As the list: default relevance with q, else -adopted' })
  sort?: MandateSort;
}
