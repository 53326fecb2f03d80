import { ApiProperty, ApiPropertyOptional, type RequestBodyObject } from '@nestjs/swagger';
import { OneOf } from '../../mandates/dto/field-decorators';
import { IMPORT_ALIASES, IMPORT_COLUMNS } from '../import-record';
import { IMPORT_MODES, type ImportMode } from '../import.service';

const COLUMNS =
  `Columns (JSON keys): ${IMPORT_COLUMNS.join(', ')}, or the sample's names ` +
  `${Object.keys(IMPORT_ALIASES).join(', ')}; a JSON row may also carry a reportingSchedule.`;

/**
 * What an import reads. The file is refused whole (400) only when it is not what its media type says; each row is
 * then judged on its own (an invalid row is a verdict in the report, not a refusal), so a JSON row is any object.
 */
export const IMPORT_FILE: RequestBodyObject = {
  required: true,
  description: `The mandates to register, one a row. ${COLUMNS}`,
  content: {
    'text/csv': {
      schema: {
        type: 'string',
        description:
          'CSV in UTF-8 (RFC 4180): a header row naming the columns (an unknown one is a 400), then one row a mandate',
      },
    },
    'application/x-ndjson': {
      schema: { type: 'string', description: 'JSON Lines in UTF-8: one JSON object a line, blank lines skipped' },
    },
    'application/json': {
      schema: {
        oneOf: [
          { type: 'array', items: { type: 'object' }, description: 'The rows' },
          {
            type: 'object',
            description: "The sample's shape: the rows in entries, other keys ignored",
            properties: { entries: { type: 'array', items: { type: 'object' }, minItems: 1 } },
            required: ['entries'],
          },
        ],
      },
    },
  },
};

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
