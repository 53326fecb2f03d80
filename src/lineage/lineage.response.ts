import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LINK_RELATIONS, MANDATE_STATUSES } from '../../workflows/mandate/lifecycle';

export class LineageNode {
  @ApiProperty() id!: string;
  @ApiProperty({ description: 'Links away from the mandate asked about' }) depth!: number;
  @ApiPropertyOptional() resolutionSymbol?: string;
  @ApiPropertyOptional({ example: '§ 3' }) paragraphReference?: string;
  @ApiPropertyOptional() title?: string;
  @ApiPropertyOptional({ enum: MANDATE_STATUSES }) status?: string;
  @ApiPropertyOptional() adoptionYear?: number;
  @ApiPropertyOptional({ description: 'Linked, but not in the read model (yet)' }) unknown?: boolean;
}

export class LineageEdge {
  @ApiProperty() linkId!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({
    enum: LINK_RELATIONS.filter((r) => ['renews', 'supersedes', 'merges', 'splits_into'].includes(r)),
    description: 'Seen from `from`: from renews / supersedes / merges / splits into to',
  })
  relation!: string;
  @ApiProperty() reason!: string;
}

export class LineageResponse {
  @ApiProperty() mandateId!: string;
  @ApiProperty() depth!: number;
  @ApiProperty({ description: 'More mandates are linked than a lineage shows (500)' }) truncated!: boolean;
  @ApiProperty({ type: [LineageNode] }) nodes!: LineageNode[];
  @ApiProperty({ type: [LineageEdge] }) edges!: LineageEdge[];
}
