import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OneOf } from '../../mandates/dto/field-decorators';
import { IMPORT_MODES, type ImportMode } from '../import.service';

export class ImportQuery {
  @OneOf(IMPORT_MODES, {
    optional: true,
    description: 'dry-run (the default): what a commit would do, row by row; commit: register the new rows',
  })
  mode: ImportMode = 'dry-run';
}

class ImportCounts {
  @ApiProperty() would_register!: number;
  @ApiProperty() registered!: number;
  @ApiProperty() identical!: number;
  @ApiProperty() conflict!: number;
  @ApiProperty() invalid!: number;
}

export class ImportSummaryResponse {
  @ApiProperty({ enum: IMPORT_MODES }) mode!: string;
  @ApiProperty({ description: 'Rows read' }) rows!: number;
  @ApiProperty({ type: ImportCounts }) counts!: ImportCounts;
  @ApiProperty() durationMs!: number;
}

export class ImportRowResponse {
  @ApiProperty({ description: '1-based, in file order (a CSV header is not a row)' }) row!: number;
  @ApiProperty({ enum: ['would_register', 'registered', 'identical', 'conflict', 'invalid'] }) verdict!: string;
  @ApiPropertyOptional() mandateId?: string;
  @ApiPropertyOptional() resolutionSymbol?: string;
  @ApiPropertyOptional() paragraphReference?: string;
  @ApiPropertyOptional({ description: 'invalid: each bad field', type: 'array', items: { type: 'object' } })
  fields?: { field: string; errors: string[] }[];
  @ApiPropertyOptional({
    description: 'conflict: each field where file and register differ',
    type: 'array',
    items: { type: 'object' },
  })
  differences?: { field: string; registered: unknown; file: unknown }[];
  @ApiPropertyOptional({ type: [String], description: 'What the import read into the row' }) notes?: string[];
}

export class ImportReportResponse {
  @ApiProperty({ type: ImportSummaryResponse }) summary!: ImportSummaryResponse;
  @ApiProperty({ type: [ImportRowResponse] }) rows!: ImportRowResponse[];
}
