import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ReadModelJobResponse {
  @ApiProperty({ enum: ['running', 'done', 'failed'] }) state!: string;
  @ApiProperty() startedBy!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) finishedAt?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'rebuild: phase, mandates, projected, failed; drift: checked, mandates',
  })
  progress?: object;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'rebuild: mandates, caughtUp, durationMs; drift: checked, drifted [{ mandateId, kind, fields }]',
  })
  report?: object;
  @ApiPropertyOptional() error?: string;
}
