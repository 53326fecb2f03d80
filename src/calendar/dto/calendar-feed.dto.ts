import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class CalendarFeedResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) revokedAt?: string;
}

export class NewCalendarFeedResponse extends CalendarFeedResponse {
  @ApiProperty({
    description: "The feed's secret URL path, shown this once: prefix it with the API's address",
    example: '/calendar/feeds/3q2-7wAAAAB4uK1vZ0mR2cW8c3x9n0pQbD5fE6gH7iJ.ics',
  })
  path!: string;
}
