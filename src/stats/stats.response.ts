import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DependencyCount {
  @ApiPropertyOptional({ example: 'DPS' }) dependencyId?: string;
  @ApiPropertyOptional({ description: 'Absent: not assigned' }) dependency?: string;
  @ApiProperty() count!: number;
}

export class OverdueAgeing {
  @ApiProperty({ description: 'Overdue mandates' }) total!: number;
  @ApiProperty({
    description: 'By days past the due date: 0-30, 31-90, 91-365, >365',
    example: { '0-30': 4, '31-90': 2, '91-365': 1, '>365': 0 },
  })
  ageing!: Record<string, number>;
}

export class OnTimeShare {
  @ApiPropertyOptional() dependencyId?: string;
  @ApiPropertyOptional() dependency?: string;
  @ApiProperty({ description: 'Cycles reported (completed by an accepted report) plus those overdue now' })
  cyclesDue!: number;
  @ApiProperty({ description: 'Reported on or before the due date in force (extensions count)' })
  reportedOnTime!: number;
  @ApiProperty() reportedLate!: number;
  @ApiProperty() overdueNow!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'reportedOnTime / cyclesDue; null with no cycle due' })
  share!: number | null;
}

export class RegisterStatsResponse {
  @ApiProperty() total!: number;
  @ApiProperty({ example: { registered: 12, assigned: 30 } }) byStatus!: Record<string, number>;
  @ApiProperty({ example: { GENERAL_ASSEMBLY: 40, PERMANENT_COUNCIL: 2 } }) byBody!: Record<string, number>;
  @ApiProperty({ type: [DependencyCount] }) byDependency!: DependencyCount[];
  @ApiProperty({ type: OverdueAgeing }) overdue!: OverdueAgeing;
  @ApiProperty({ description: 'Reports due from today to 30 and 90 days ahead', example: { '30': 3, '90': 9 } })
  dueWithin!: Record<string, number>;
  @ApiProperty({ type: [OnTimeShare] }) reportingOnTime!: OnTimeShare[];
  @ApiProperty({ format: 'date', description: 'The day (UTC) the figures are counted for' }) asOf!: string;
}
