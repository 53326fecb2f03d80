import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CalendarFeedResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) revokedAt?: string;
}

export class NewCalendarFeedResponse extends CalendarFeedResponse {
  @ApiProperty({
    description: "The feed's secret URL path, shown this once: prefix it with the API's address",
    example: '/calendar/feeds/0b9e3c4a-6f1d-4e2b-9a7c-5d8f2e1b3a6c/3q2-7wAAAAB4uK1vZ0mR2cW8c3x9n0pQbD5fE6gH7iJ.ics',
  })
  path!: string;
}
