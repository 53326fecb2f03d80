import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Min } from 'class-validator';
import type { AsOf } from '../as-of';

export class AsOfQuery {
  @ApiPropertyOptional({
    example: '2027-03-01',
    description: 'A date (as of the end of that day, UTC) or a date-time; or give `sequence` instead',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'at must be a date or date-time (ISO 8601); give at or sequence' })
  at?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'The state right after the event with this sequence number' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  sequence?: number;

  /** The moment asked for, if any (the sequence when both are given). */
  asOf(): AsOf | undefined {
    if (this.sequence !== undefined) return { sequence: this.sequence };
    return this.at !== undefined ? { at: this.at } : undefined;
  }
}
