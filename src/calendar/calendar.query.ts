import { Text } from '../mandates/dto/field-decorators';

export class CalendarQuery {
  @Text(200, { optional: true, multiline: false, example: 'Department of Public Security' })
  dependency?: string;
}
